/**
 * Every absolute URL the sandbox hands out answers when followed as returned, on a non-default
 * port, in both URL modes: path prefix (`http://127.0.0.1:PORT/<host>/...`) and Host header
 * (`Host: <host>:PORT`, as `curl --resolve` or a hosts-file entry sends it). A real server: the
 * port and the Host header are what is under test.
 */
import t, { type Test } from 'tap'
import { request } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { buildSandbox } from '../src/server.js'
import { PDF } from './helpers/sandbox.js'

interface Answer {
  status: number
  type: string
  body: Buffer
  text: string
  json: () => any
}

const app = await buildSandbox({ logLevel: 'silent', rateLimits: false })
await app.listen({ port: 0, host: '127.0.0.1' })
t.teardown(() => app.close())
const PORT = (app.server.address() as AddressInfo).port
const LOOPBACK = `127.0.0.1:${PORT}`

/** One HTTP exchange with the sandbox's socket, whatever the Host header names. */
const send = (host: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, method, path, headers: { host, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const buf = Buffer.concat(chunks)
        const text = buf.toString('utf8')
        resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), body: buf, text, json: () => JSON.parse(text) })
      })
    })
    req.on('error', reject)
    req.end(body)
  })

type Mode = 'path' | 'host'
const MODES: Mode[] = ['path', 'host']

/** A provider call in one URL mode: `/<host><path>` to the loopback address, or `<path>` with `Host: <host>:PORT`. */
const call = (mode: Mode, host: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body)
  const all = body === undefined || Buffer.isBuffer(body) ? headers : { 'content-type': 'application/json', ...headers }
  return mode === 'path' ? send(LOOPBACK, method, `/${host}${path}`, all, payload) : send(`${host}:${PORT}`, method, path, all, payload)
}

/**
 * Follows a URL as a client whose name resolution sends every provider host to the sandbox:
 * the URL's own host and port, and the sandbox's socket.
 */
const follow = (t: Test, url: string, method = 'GET', headers: Record<string, string> = {}, body?: string) => {
  const u = new URL(url)
  t.equal(u.protocol, 'http:', `${url}: the sandbox speaks http`)
  t.equal(u.port, String(PORT), `${url}: the port the request came in on`)
  return send(u.host, method, u.pathname + u.search, headers, body)
}

/** What the URL must look like in each mode: the host prefixed to the path, or the host itself with the port. */
const expected = (mode: Mode, host: string, path: string) => (mode === 'path' ? `http://${LOOPBACK}/${host}${path}` : `http://${host}:${PORT}${path}`)

const control = async (method: string, path: string, body?: unknown) => {
  const res = await send(LOOPBACK, method, `/__sandbox${path}`, body === undefined ? {} : { 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body))
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
  return res
}

const BAZAARPAY = { authorization: 'Token merchant_token' }
const checkout = { amount: 50000, destination: 'sandbox_destination', service_name: 'اشتراک ویژه' }

for (const mode of MODES) {
  t.test(`${mode} mode: BazaarPay payment_url, on both web bases, opens the payment page`, async (t) => {
    for (const [base, host, prefix] of [
      ['cafebazaar.ir/bazaar-pay', 'cafebazaar.ir', '/bazaar-pay'],
      ['app.bazaar-pay.ir', 'app.bazaar-pay.ir', '']
    ] as const) {
      await control('PATCH', '/bazaarpay/settings', { web_base: base })
      const init = await call(mode, 'api.bazaar-pay.ir', 'POST', '/badje/v1/checkout/init/', BAZAARPAY, checkout)
      t.equal(init.status, 200)
      const { checkout_token, payment_url } = init.json()
      t.equal(payment_url, expected(mode, host, `${prefix}/payment?token=${checkout_token}`))
      // the merchant adds its redirect_url, as BazaarPay's documents say
      const page = await follow(t, `${payment_url}&redirect_url=${encodeURIComponent('https://shop.example/return')}`)
      t.equal(page.status, 200)
      t.match(page.type, /^text\/html/)
      t.match(page.text, `name="token" value="${checkout_token}"`)
    }
    await control('PATCH', '/bazaarpay/settings', { web_base: 'cafebazaar.ir/bazaar-pay' })
  })

  t.test(`${mode} mode: BazaarPay get-checkouts-status next/previous links fetch the next page`, async (t) => {
    await control('PATCH', '/bazaarpay/settings', { page_size: 1 })
    t.teardown(() => control('PATCH', '/bazaarpay/settings', { page_size: 100 }))
    for (let i = 0; i < 2; i++) t.equal((await call(mode, 'api.bazaar-pay.ir', 'POST', '/badje/v1/checkout/init/', BAZAARPAY, checkout)).status, 200)
    const now = Date.parse(String((await control('GET', '/clock')).json().now))
    const window = { start_datetime: new Date(now - 86400_000).toISOString(), end_datetime: new Date(now + 86400_000).toISOString() }
    const first = await call(mode, 'api.bazaar-pay.ir', 'POST', '/badje/v1/get-checkouts-status/', BAZAARPAY, window)
    t.equal(first.status, 200)
    const { next, checkouts } = first.json()
    t.match(next, new RegExp(`^${expected(mode, 'api.bazaar-pay.ir', '/badje/v1/get-checkouts-status/').replace(/[.?]/g, '\\$&')}\\?cursor=`))
    const second = await follow(t, next, 'POST', { ...BAZAARPAY, 'content-type': 'application/json' }, JSON.stringify(window))
    t.equal(second.status, 200)
    t.not(second.json().checkouts[0].token, checkouts[0].token, 'the next page')
    const back = await follow(t, second.json().previous, 'POST', { ...BAZAARPAY, 'content-type': 'application/json' }, JSON.stringify(window))
    t.same(back.json().checkouts, checkouts, 'previous is the first page again')
  })

  t.test(`${mode} mode: the DirectPay contract redirect_url opens the signing page`, async (t) => {
    const init = await call(mode, 'api.bazaar-pay.ir', 'POST', '/badje/v1/direct-pay/contract/init/', BAZAARPAY, {
      type: 'wallet',
      amount_limit: 1_000_000,
      period: 'monthly',
      redirect_url: 'https://shop.example/contract-done'
    })
    t.equal(init.status, 200)
    const { contract_token, redirect_url } = init.json()
    t.equal(redirect_url, expected(mode, 'cafebazaar.ir', `/bazaar-pay/contract/direct-pay?contract_token=${contract_token}`))
    const page = await follow(t, redirect_url)
    t.equal(page.status, 200)
    t.match(page.text, `name="contract_token" value="${contract_token}"`)
  })

  t.test(`${mode} mode: Baloan's upload data.file serves the uploaded bytes`, async (t) => {
    const login = await call(mode, 'api.baloan.ir', 'POST', '/api/v1/merchant/token/', {}, { username: 'store_name', password: 'store_password' })
    t.equal(login.status, 200)
    const fd = new FormData()
    fd.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'invoice.pdf')
    const encoded = new Request('http://x/', { method: 'POST', body: fd })
    const upload = await call(mode, 'api.baloan.ir', 'POST', '/api/v1/utility/file-upload/', {
      authorization: `Bearer ${login.json().access}`,
      'content-type': encoded.headers.get('content-type')!
    }, Buffer.from(await encoded.arrayBuffer()))
    t.equal(upload.status, 200)
    const { file } = upload.json().data
    t.match(file, new RegExp(`^${expected(mode, 's3.ir-thr-at1.arvanstorage.ir', '/staging-baloan-user-uploads/').replace(/[.]/g, '\\.')}`))
    const got = await follow(t, file)
    t.equal(got.status, 200)
    t.equal(got.type, 'application/pdf')
    t.same(got.body, PDF)
  })

  t.test(`${mode} mode: the card-to-card link opens the payment page`, async (t) => {
    const create = await call(mode, 'card-to-card', 'POST', '/api/create', { token: 'sandbox-card-to-card-token' }, { price: 20000, fid: mode === 'path' ? 501 : 502, callback: 'https://shop.example/back' })
    t.equal(create.status, 200)
    const { link, pay_id } = create.json()
    t.equal(link, expected(mode, 'card-to-card', `/payment/${pay_id}`))
    const page = await follow(t, link)
    t.equal(page.status, 200)
    t.match(page.text, 'id="pay-id"')
    // the page polls its own status relative to itself
    t.equal((await follow(t, `${link}/status`)).status, 200)
  })

  t.test(`${mode} mode: Vandar cash-in receipt_url (deposit and statement) opens the receipt`, async (t) => {
    const headers = { authorization: 'Bearer sandbox-vandar-access-token' }
    const trackId = `urls-${mode}`
    const dep = await call(mode, 'api.vandar.io', 'POST', '/v3/business/vandar-sandbox/cash-in/account/deposit', headers, {
      iban: 'IR880620000000302956142002',
      amount: 1500000,
      track_id: trackId
    })
    t.equal(dep.status, 200)
    const receipt = dep.json().data.cash_in[0].receipt_url
    t.match(receipt, new RegExp(`^${expected(mode, 'vand.ar', '/').replace(/[.]/g, '\\.')}[a-z0-9]{5}$`))
    const page = await follow(t, receipt)
    t.equal(page.status, 200)
    t.match(page.type, /^text\/html/)
    t.match(page.text, `id="track_id">${trackId}<`)
    t.match(page.text, 'data-status="INIT"')

    await control('POST', '/clock/advance', { seconds: 3600 })
    const statement = await call(mode, 'api.vandar.io', 'GET', `/v3/business/vandar-sandbox/transaction?track_id=${trackId}`, headers)
    t.equal(statement.status, 200)
    const row = statement.json().data.find((r: { track_id: string }) => r.track_id === trackId)
    t.equal(row.receipt_url, receipt, 'the statement row links the same receipt')
    const settled = await follow(t, row.receipt_url)
    t.match(settled.text, 'data-status="DONE"')
  })
}

t.test('a receipt the sandbox never issued is an HTML 404, not a JSON error', async (t) => {
  const res = await send(LOOPBACK, 'GET', '/vand.ar/zzzzz')
  t.equal(res.status, 404)
  t.match(res.type, /^text\/html/)
})

t.test('HTTP/1.0 without a Host header: the link names the address the request reached', async (t) => {
  const body = JSON.stringify({ price: 30000, fid: 503, callback: 'https://shop.example/back' })
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(PORT, '127.0.0.1', () =>
      socket.end(`POST /card-to-card/api/create HTTP/1.0\r\ntoken: sandbox-card-to-card-token\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
    )
    let text = ''
    socket.on('data', (c) => (text += c))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
  const link = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)).link as string
  t.match(link, new RegExp(`^http://127\\.0\\.0\\.1:${PORT}/card-to-card/payment/\\d+$`))
  t.equal((await follow(t, link)).status, 200)
})

t.test('a provider Host without a port (port 80 or a proxy answering for the real names) gives URLs without one', async (t) => {
  const res = await send('api.bazaar-pay.ir', 'POST', '/badje/v1/checkout/init/', { ...BAZAARPAY, 'content-type': 'application/json' }, JSON.stringify(checkout))
  t.match(res.json().payment_url, /^http:\/\/cafebazaar\.ir\/bazaar-pay\/payment\?token=\d{10}$/)
})

t.test('the docs UI documents list this sandbox alone, and Try-it-out reaches it', async (t) => {
  for (const origin of [LOOPBACK, `localhost:${PORT}`]) {
    for (const name of ['baloan', 'bazaarpay', 'vandar', 'card-to-card']) {
      const doc = (await send(origin, 'GET', `/__sandbox/openapi/${name}.json`)).json()
      const servers: Array<{ url: string }> = [...(doc.servers ?? [])]
      for (const item of Object.values(doc.paths) as Array<Record<string, { servers?: Array<{ url: string }> }>>)
        for (const op of Object.values(item)) servers.push(...(op.servers ?? []))
      t.ok(servers.length > 0, `${name} lists servers`)
      const elsewhere = servers.filter((s) => !new RegExp(`^http://${origin.replace(/\./g, '\\.')}/[a-z0-9.-]+$`).test(s.url))
      t.same(elsewhere, [], `${name} (from ${origin}): every server is this sandbox`)
    }
  }
  const baloan = (await send(LOOPBACK, 'GET', '/__sandbox/openapi/baloan.json')).json()
  const login = await follow(t, `${baloan.servers[0].url}/api/v1/merchant/token/`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ username: 'store_name', password: 'store_password' }))
  t.equal(login.status, 200)
  const vandar = (await send(LOOPBACK, 'GET', '/__sandbox/openapi/vandar.json')).json()
  const send4 = vandar.paths['/api/v4/send'].post.servers[0].url
  t.equal(send4, `http://${LOOPBACK}/ipg.vandar.io`)
  const sent = await follow(t, `${send4}/api/v4/send`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ api_key: 'sandbox-vandar-ipg-api-key', amount: 10000, callback_url: 'http://localhost:3000/cb' }))
  t.equal(sent.status, 200)
})
