/** A request that cannot reach its host throws ConnectionError naming the URL it tried. */
import t from 'tap'
import { createServer } from 'node:net'
import { BaloanClient, BazaarPayClient, CardToCardClient, ConnectionError, SandboxClient, VandarClient } from '../../src/index.js'

/** A port nothing listens on: bound, then released. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })

const failure = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  if (!(e instanceof ConnectionError)) throw new Error(`expected a ConnectionError, got ${String(e)}`)
  return e
}

t.test('every client, given only sandboxUrl, names the URL and says the sandbox may not be running', async (t) => {
  const sandboxUrl = `http://127.0.0.1:${await closedPort()}`
  const hint = `Is the sandbox running at ${sandboxUrl}? Start it with \`npx pardakht-sandbox start\``
  const cases: Array<[string, () => Promise<unknown>, string]> = [
    ['SandboxClient', () => new SandboxClient({ sandboxUrl }).health(), `GET ${sandboxUrl}/__sandbox/health`],
    ['VandarClient (ipg)', () => new VandarClient({ sandboxUrl, apiKey: 'k' }).ipg.send({ amount: 10000, callback_url: 'https://example.com' }), `POST ${sandboxUrl}/ipg.vandar.io/api/v4/send`],
    ['VandarClient (api)', () => new VandarClient({ sandboxUrl, business: 'b', accessToken: 'a' }).statement.balance(), `GET ${sandboxUrl}/api.vandar.io/v2/business/b/balance`],
    ['BaloanClient', () => new BaloanClient({ sandboxUrl, storeUuid: 'u', password: 'p' }).v2.checkCredit('4311204302'), `POST ${sandboxUrl}/api.baloan.ir/api/v2/merchant/token/`],
    ['BazaarPayClient', () => new BazaarPayClient({ sandboxUrl }).trace('0123456789'), `POST ${sandboxUrl}/api.bazaar-pay.ir/badje/v1/trace/`],
    ['CardToCardClient', () => new CardToCardClient({ sandboxUrl, token: 't' }).carts(), `GET ${sandboxUrl}/card-to-card/api/carts`]
  ]
  for (const [name, call, tried] of cases) {
    const e = await failure(call())
    t.equal(e.code, 'ECONNREFUSED', name)
    t.equal(e.message.startsWith(`${e.provider}: could not reach ${tried} (ECONNREFUSED).`), true, `${name}: ${e.message}`)
    t.ok(e.message.includes(hint), `${name} hints at the sandbox`)
    t.equal(e.url, tried.split(' ')[1])
    t.equal(e.sandboxUrl, sandboxUrl)
  }
})

t.test('an explicit base URL is named without the sandbox hint; the cause is kept', async (t) => {
  const port = await closedPort()
  const e = await failure(new BazaarPayClient({ baseUrl: `http://127.0.0.1:${port}/legacy` }).trace('0123456789'))
  t.equal(e.message, `bazaarpay: could not reach POST http://127.0.0.1:${port}/legacy/badje/v1/trace/ (ECONNREFUSED).`)
  t.ok(e.cause instanceof Error)
})

t.test('an unknown host (DNS) is named with its code', async (t) => {
  const dnsFailure = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.baloan.ir'), { code: 'ENOTFOUND' }) })
  const baloan = new BaloanClient({ storeUuid: 'u', password: 'p', fetch: async () => Promise.reject(dnsFailure) })
  const e = await failure(baloan.v2.token())
  t.equal(e.message, 'baloan: could not reach POST https://api.baloan.ir/api/v2/merchant/token/ (ENOTFOUND).')
})

t.test("the caller's own abort is passed through untouched", async (t) => {
  const abort = new DOMException('aborted', 'AbortError')
  const c2c = new CardToCardClient({ baseUrl: 'https://shop.example/CartToCart/api', token: 't', fetch: async () => Promise.reject(abort) })
  t.equal(await c2c.carts().catch((e: unknown) => e), abort)
})
