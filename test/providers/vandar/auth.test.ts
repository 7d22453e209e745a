import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { ACCESS, API, BIZ, REFRESH, advance, api, newTenant, settings } from '../../helpers/vandar.js'

const E1 = { status: 0, error: 'Unauthenticated' }

t.test('refresh rotates the pair: the old refresh token and its access token stop working', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const res = await app.inject({ method: 'POST', url: `${API}/v3/refreshtoken`, payload: { refreshtoken: REFRESH } })
  t.equal(res.statusCode, 200)
  const pair = json(res)
  t.same(Object.keys(pair), ['token_type', 'expires_in', 'access_token', 'refresh_token'])
  t.equal(pair.token_type, 'Bearer')
  t.equal(pair.expires_in, 432000)
  t.match(pair.refresh_token, /^def50200[0-9a-f]+$/)
  t.ok(pair.access_token.length > 500)
  t.not(pair.refresh_token, REFRESH)

  const again = await app.inject({ method: 'POST', url: `${API}/v3/refreshtoken`, payload: { refreshtoken: REFRESH } })
  t.equal(again.statusCode, 401)
  t.same(json(again), { status: 0, error: 'Unauthorized' })
  t.same(json(await api(app, 'GET', `/v2/business/${BIZ}/balance`)), E1, 'the old access token is revoked with its refresh token')
  const fresh = await api(app, 'GET', `/v2/business/${BIZ}/balance`, undefined, pair.access_token)
  t.equal(fresh.statusCode, 200)

  // form-encoded works as well; the new refresh token rotates in turn
  const form = await app.inject({ method: 'POST', url: `${API}/v3/refreshtoken`, payload: `refreshtoken=${pair.refresh_token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(form.statusCode, 200)
})

t.test('refresh: missing field is Laravel 422, expired refresh token 401', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const missing = await app.inject({ method: 'POST', url: `${API}/v3/refreshtoken`, payload: {} })
  t.equal(missing.statusCode, 422)
  t.same(json(missing), { message: 'The given data was invalid.', errors: { refreshtoken: ['The refreshtoken field is required.'] } })
  const garbage = await app.inject({ method: 'POST', url: `${API}/v3/refreshtoken`, payload: '{not json', headers: { 'content-type': 'application/json' } })
  t.equal(garbage.statusCode, 422, 'a body Laravel cannot parse is an empty one')
  await advance(app, 10 * 86400 + 1)
  const expired = await app.inject({ method: 'POST', url: `${API}/v3/refreshtoken`, payload: { refreshtoken: REFRESH } })
  t.equal(expired.statusCode, 401)
})

t.test('access tokens: missing, wrong, expired, logged out, another business', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  for (const token of [null, 'nope']) {
    const res = await api(app, 'GET', `/v2/business/${BIZ}/balance`, undefined, token)
    t.equal(res.statusCode, 401)
    t.same(json(res), E1)
  }
  const basic = await api(app, 'GET', `/v2/business/${BIZ}/balance`, undefined, null, { authorization: `Basic ${ACCESS}` })
  t.equal(basic.statusCode, 401)

  // a token works only for its own business slug
  const other = await newTenant(app)
  t.equal((await api(app, 'GET', `/v2/business/${other.vandar.business}/balance`)).statusCode, 401)
  t.equal((await api(app, 'GET', `/v2/business/${BIZ}/balance`, undefined, other.vandar.access_token)).statusCode, 401)
  t.equal((await api(app, 'GET', `/v2/business/${other.vandar.business}/balance`, undefined, other.vandar.access_token)).statusCode, 200)
  t.equal((await api(app, 'GET', `/v2/business/no-such-business/balance`)).statusCode, 401)

  // unauthenticated requests are refused before their body is looked at
  const noAuthBadBody = await api(app, 'POST', `/v3/business/${BIZ}/cash-in/account/deposit`, {}, null)
  t.same(json(noAuthBadBody), E1)

  // logout revokes the token it was called with
  const out = await api(app, 'GET', '/v3/logout', undefined, other.vandar.access_token)
  t.equal(out.statusCode, 200)
  t.same(json(out), { status: 1 })
  t.equal((await api(app, 'GET', `/v2/business/${other.vandar.business}/balance`, undefined, other.vandar.access_token)).statusCode, 401)

  // 432000 s lifetime on the sandbox clock
  await advance(app, 432000 - 10)
  t.equal((await api(app, 'GET', `/v2/business/${BIZ}/balance`)).statusCode, 200)
  await advance(app, 11)
  t.same(json(await api(app, 'GET', `/v2/business/${BIZ}/balance`)), E1)
  // reset brings the well-known pair back
  await app.inject({ method: 'POST', url: '/__sandbox/reset' })
  t.equal((await api(app, 'GET', `/v2/business/${BIZ}/balance`)).statusCode, 200)
})

t.test('the lifetime is a tenant setting', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  await settings(app, { access_token_ttl_seconds: 60 })
  const pair = json(await app.inject({ method: 'POST', url: `${API}/v3/refreshtoken`, payload: { refreshtoken: REFRESH } }))
  t.equal(pair.expires_in, 60)
  await advance(app, 61)
  t.equal((await api(app, 'GET', `/v2/business/${BIZ}/balance`, undefined, pair.access_token)).statusCode, 401)
})

t.test('rate limits per token: POST 30 / 3 s, other methods 100 / 3 s, Laravel 429', async (t) => {
  const app = await sandbox(t)
  for (let i = 0; i < 30; i++) {
    const res = await api(app, 'POST', `/v3/business/${BIZ}/cash-in/account/balance`, { iban: 'IR880620000000302956142002' })
    t.equal(res.statusCode, 200)
    if (i === 0) {
      t.equal(res.headers['x-ratelimit-limit'], '30')
      t.equal(res.headers['x-ratelimit-remaining'], '29')
    }
  }
  const limited = await api(app, 'POST', `/v3/business/${BIZ}/cash-in/account/balance`, { iban: 'IR880620000000302956142002' })
  t.equal(limited.statusCode, 429)
  t.same(json(limited), { message: 'Too Many Attempts.' })
  t.ok(Number(limited.headers['retry-after']) >= 1 && Number(limited.headers['retry-after']) <= 3)
  t.equal(limited.headers['x-ratelimit-remaining'], '0')
  // GETs have their own budget of 100
  for (let i = 0; i < 100; i++) t.equal((await api(app, 'GET', `/v2/business/${BIZ}/balance`)).statusCode, 200)
  t.equal((await api(app, 'GET', `/v2/business/${BIZ}/balance`)).statusCode, 429)
  // another business's token is not limited by this one
  const other = await newTenant(app)
  t.equal((await api(app, 'GET', `/v2/business/${other.vandar.business}/balance`, undefined, other.vandar.access_token)).statusCode, 200)
  // a new window on the sandbox clock
  await advance(app, 3)
  t.equal((await api(app, 'GET', `/v2/business/${BIZ}/balance`)).statusCode, 200)
})

t.test('unknown paths and wrong methods answer in Laravel style', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const nf = await api(app, 'GET', '/v3/nothing-here')
  t.equal(nf.statusCode, 404)
  t.same(json(nf), { message: 'Not Found' })
  const wm = await api(app, 'PUT', '/v3/refreshtoken')
  t.equal(wm.statusCode, 405)
  t.same(json(wm), { message: 'The PUT method is not supported for this route. Supported methods: POST.' })
  t.equal(wm.headers.allow, 'POST')
  // Host-header routing
  const viaHost = await app.inject({ method: 'GET', url: `/v2/business/${BIZ}/balance`, headers: { host: 'api.vandar.io', authorization: `Bearer ${ACCESS}` } })
  t.equal(viaHost.statusCode, 200)
})
