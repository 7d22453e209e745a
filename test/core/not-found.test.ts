import t from 'tap'
import { request } from 'node:http'
import { json, sandbox } from '../helpers/sandbox.js'
import { HostTable, editDistance } from '../../src/core/hosts.js'
import { PROVIDERS } from '../../src/providers/registry.js'

const HOST = '127.0.0.1:4321'
const ORIGIN = `http://${HOST}`
const HOSTS = PROVIDERS.flatMap((p) => p.hosts.map((host) => ({ provider: p.name, host, url: `${ORIGIN}/${host}` })))

t.test('no host prefix: the host prefixes, and the URL of the one provider that serves the path', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject({ method: 'POST', url: '/api/v1/merchant/token/', headers: { host: HOST }, payload: {} })
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /application\/json/)
  t.same(json(res), {
    error: 'not_found',
    message: 'POST /api/v1/merchant/token/ is not a sandbox route',
    hint: `This path is baloan's: its URL starts with the host prefix /api.baloan.ir, ${ORIGIN}/api.baloan.ir/api/v1/merchant/token/ (or send the request with the provider host in the Host header).`,
    did_you_mean: `${ORIGIN}/api.baloan.ir/api/v1/merchant/token/`,
    hosts: HOSTS
  })
  // the URL meant works as given
  const meant = await app.inject({ method: 'POST', url: new URL(json(res).did_you_mean).pathname, payload: { username: 'x', password: 'y' } })
  t.not(meant.statusCode, 404)

  // Vandar's IPG: the API path and the payment page, query kept
  t.equal(json(await app.inject({ method: 'POST', url: '/api/v4/send', headers: { host: HOST } })).did_you_mean, `${ORIGIN}/ipg.vandar.io/api/v4/send`)
  t.equal(json(await app.inject({ url: '/v4/ABCDEF?x=1', headers: { host: HOST } })).did_you_mean, `${ORIGIN}/ipg.vandar.io/v4/ABCDEF?x=1`)
  // one provider on several hosts is one answer: its first host
  t.equal(json(await app.inject({ method: 'POST', url: '/badje/v1/checkout/init/', headers: { host: HOST } })).did_you_mean, `${ORIGIN}/api.bazaar-pay.ir/badje/v1/checkout/init/`)

  const nothing = json(await app.inject({ url: '/nothing/here', headers: { host: HOST } }))
  t.equal(nothing.did_you_mean, undefined, 'no guess when no provider serves the path')
  t.same(nothing.hosts, HOSTS)
  t.match(nothing.hint, `No provider serves this path. A provider URL https://<host>/<path> is served at ${ORIGIN}/<host>/<path>`)
})

t.test('a mistyped host: the nearest known host', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject({ method: 'POST', url: '/api.balon.ir/api/v2/merchant/token/', headers: { host: HOST } })
  t.equal(res.statusCode, 404)
  t.match(json(res), {
    error: 'not_found',
    message: 'POST /api.balon.ir/api/v2/merchant/token/ is not a sandbox route',
    hint: 'No provider host is named like that; the nearest is api.baloan.ir (baloan).',
    did_you_mean: `${ORIGIN}/api.baloan.ir/api/v2/merchant/token/`,
    hosts: HOSTS
  })
  const cardToCart = json(await app.inject({ method: 'POST', url: '/card-to-cart/api/create', headers: { host: HOST } }))
  t.match(cardToCart.hint, 'the nearest is card-to-card (card-to-card)')
  const wrongPath = json(await app.inject({ url: '/api.vandar.ioo/nowhere', headers: { host: HOST } }))
  t.equal(wrongPath.did_you_mean, `${ORIGIN}/api.vandar.io/nowhere`)
  t.match(wrongPath.hint, '(no vandar route serves /nowhere either)')
})

t.test('the scheme kept, as typed, encoded or with the slashes collapsed', async (t) => {
  const app = await sandbox(t)
  const meant = `${ORIGIN}/api.baloan.ir/api/v2/merchant/token/`
  for (const url of [
    '/https://api.baloan.ir/api/v2/merchant/token/',
    '/https:/api.baloan.ir/api/v2/merchant/token/',
    '/http:/api.baloan.ir/api/v2/merchant/token/',
    '/https%3A%2F%2Fapi.baloan.ir%2Fapi%2Fv2%2Fmerchant%2Ftoken%2F',
    '/https:%2F%2Fapi.baloan.ir/api/v2/merchant/token/'
  ]) {
    const res = await app.inject({ method: 'POST', url, headers: { host: HOST } })
    t.equal(res.statusCode, 404, url)
    t.match(json(res), { error: 'not_found', message: `POST ${url} is not a sandbox route`, did_you_mean: meant, hint: `Leave out the scheme: https://api.baloan.ir/api/v2/merchant/token/ is served at ${meant}.` }, url)
  }
  const withPort = json(await app.inject({ method: 'POST', url: '/api.baloan.ir:443/api/v2/merchant/token/', headers: { host: HOST } }))
  t.equal(withPort.did_you_mean, meant)
  t.equal(withPort.hint, `Write the host prefix as a plain path segment: ${meant}.`)
})

t.test('the URL meant is built from the origin the request used, over real HTTP', async (t) => {
  const app = await sandbox(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const get = (path: string, host?: string) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: host ? { host } : {} }, (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }))
      })
      req.on('error', reject)
      req.end()
    })
  const direct = await get('/https://api.baloan.ir/api/v2/merchant/token/')
  t.equal(direct.status, 404)
  t.equal(direct.body.did_you_mean, `http://127.0.0.1:${port}/api.baloan.ir/api/v2/merchant/token/`)
  const named = await get('/api/v2/merchant/token/', `sandbox.local:${port}`)
  t.equal(named.body.did_you_mean, `http://sandbox.local:${port}/api.baloan.ir/api/v2/merchant/token/`)
  const junk = await get('/api/v2/merchant/token/', 'a b<c>')
  t.equal(junk.body.did_you_mean, `http://127.0.0.1:${port}/api.baloan.ir/api/v2/merchant/token/`, 'a Host header unfit for a URL: the address the request came in on')
})

t.test('control-plane paths point to the control plane\'s docs', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject({ url: '/__sandbox/nope', headers: { host: HOST } })
  t.equal(res.statusCode, 404)
  t.same(json(res), { error: 'not_found', message: 'GET /__sandbox/nope is not a sandbox route', hint: `control-plane routes are listed at ${ORIGIN}/__sandbox/docs` })
})

t.test('HostTable: nearest host and a provider path written with its host', async (t) => {
  const hosts = new HostTable()
  for (const p of PROVIDERS) for (const host of p.hosts) hosts.add({ host, provider: p.name })
  t.equal(editDistance('api.balon.ir', 'api.baloan.ir'), 1)
  t.equal(editDistance('', 'abc'), 3)
  t.equal(hosts.nearest('API.BALON.IR')?.host, 'api.baloan.ir')
  t.equal(hosts.nearest('api.vandar.com')?.host, 'api.vandar.io')
  t.equal(hosts.nearest('api'), undefined, 'a path segment is not a typo of a host')
  t.equal(hosts.nearest('merchant'), undefined)
  t.same(hosts.ownPath('/api/v2/x'), { path: '/api/v2/x' })
  t.same(hosts.ownPath('/api.baloan.ir/api/v2/*'), { path: '/api/v2/*', provider: 'baloan', host: 'api.baloan.ir' })
  t.same(hosts.ownPath('api.baloan.ir/api/v2/x'), { path: '/api/v2/x', provider: 'baloan', host: 'api.baloan.ir' })
  t.same(hosts.ownPath('https://ipg.vandar.io/api/v4/send'), { path: '/api/v4/send', provider: 'vandar', host: 'ipg.vandar.io' })
  t.same(hosts.ownPath('http://127.0.0.1:4100/api.bazaar-pay.ir/badje/v1/commit/'), { path: '/badje/v1/commit/', provider: 'bazaarpay', host: 'api.bazaar-pay.ir' })
  t.same(hosts.ownPath('/api.baloan.ir'), { path: '/', provider: 'baloan', host: 'api.baloan.ir' })
})

t.test('a single path segment names no provider: a page with a parameter (a receipt link) would match any', async (t) => {
  const app = await sandbox(t)
  const body = json(await app.inject({ url: '/nowhere', headers: { host: HOST } }))
  t.equal(body.did_you_mean, undefined)
  t.match(body.hint, /^No provider serves this path/)
  t.same(body.hosts, HOSTS)
})
