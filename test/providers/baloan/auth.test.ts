import t from 'tap'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { B, baloanLogin, json, post, sandbox } from '../../helpers/sandbox.js'

t.test('v1 token: form fields with the store name', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/`, payload: 'username=store_name&password=store_password', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.same(Object.keys(body), ['refresh', 'access'])
  t.same(decodeProtectedHeader(body.access), { typ: 'JWT', alg: 'HS256' })
  const access = decodeJwt(body.access)
  t.same(Object.keys(access), ['token_type', 'exp', 'iat', 'jti', 'user_id'])
  t.equal(access.token_type, 'access')
  t.equal(access.user_id, 51679)
  t.match(access.jti, /^[0-9a-f]{32}$/)
  t.equal(access.exp! - access.iat!, 86400)
  const refresh = decodeJwt(body.refresh)
  t.equal(refresh.token_type, 'refresh')
  t.equal(refresh.exp! - refresh.iat!, 17280000)
})

t.test('v2 token: JSON with the store uuid; both encodings on both versions', async (t) => {
  const app = await sandbox(t)
  const c = app.sandbox.store.defaultTenant.credentials.baloan
  const v2json = await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/`, payload: { username: c.store_uuid, password: c.password } })
  t.equal(v2json.statusCode, 200)
  const v2form = await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/`, payload: `username=${c.store_uuid}&password=${c.password}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(v2form.statusCode, 200)
  const v1json = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/`, payload: { username: 'store_name', password: 'store_password' } })
  t.equal(v1json.statusCode, 200)
  // v2 takes the uuid, not the store name
  const v2name = await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/`, payload: { username: 'store_name', password: 'store_password' } })
  t.equal(v2name.statusCode, 401)
})

t.test('token errors as simplejwt answers them', async (t) => {
  const app = await sandbox(t)
  const wrong = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/`, payload: { username: 'store_name', password: 'nope' } })
  t.equal(wrong.statusCode, 401)
  t.same(json(wrong), { detail: 'No active account found with the given credentials' })
  const missing = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/`, payload: {} })
  t.equal(missing.statusCode, 400)
  t.same(json(missing), { username: ['This field is required.'], password: ['This field is required.'] })
  const blank = await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/`, payload: { username: '', password: 'x' } })
  t.equal(blank.statusCode, 400)
  t.same(json(blank), { username: ['This field may not be blank.'] })
})

t.test('business endpoints require a valid access token', async (t) => {
  const app = await sandbox(t)
  const none = await post(app, '/api/v2/merchant/check-credit/', undefined, { national_identifier: '4311204302' })
  t.equal(none.statusCode, 401)
  t.same(json(none), { detail: 'Authentication credentials were not provided.' })
  t.equal(none.headers['www-authenticate'], 'Bearer realm="api"')

  const garbage = await post(app, '/api/v2/merchant/check-credit/', 'not-a-jwt', { national_identifier: '4311204302' })
  t.equal(garbage.statusCode, 401)
  t.same(json(garbage), {
    detail: 'Given token not valid for any token type',
    code: 'token_not_valid',
    messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }]
  })

  const twoParts = await post(app, '/api/v2/merchant/check-credit/', 'a b', { national_identifier: '4311204302' })
  t.same(json(twoParts), { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' })

  const login = json(await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/`, payload: { username: app.sandbox.store.defaultTenant.credentials.baloan.store_uuid, password: 'store_password' } }))
  const withRefresh = await post(app, '/api/v2/merchant/check-credit/', login.refresh, { national_identifier: '4311204302' })
  t.equal(withRefresh.statusCode, 401)
  t.equal(json(withRefresh).messages[0].message, 'Token has wrong type')

  // a token signed with another key
  const [h, p] = login.access.split('.')
  const forged = await post(app, '/api/v2/merchant/check-credit/', `${h}.${p}.AAAA`, { national_identifier: '4311204302' })
  t.equal(forged.statusCode, 401)
  t.equal(json(forged).code, 'token_not_valid')

  // unauthenticated requests are refused before the body is validated (DRF authenticates first)
  const unauthBadBody = await post(app, '/api/v2/merchant/check-credit/', undefined, {})
  t.equal(unauthBadBody.statusCode, 401)
})

t.test('access expires after 24 h on the sandbox clock; refresh gives a new one', async (t) => {
  const app = await sandbox(t)
  const c = app.sandbox.store.defaultTenant.credentials.baloan
  const pair = json(await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/`, payload: { username: c.store_uuid, password: c.password } }))
  t.equal((await post(app, '/api/v2/merchant/check-credit/', pair.access, { national_identifier: '4311204302' })).statusCode, 200)
  app.sandbox.clock.advance(86_400 - 5)
  t.equal((await post(app, '/api/v2/merchant/check-credit/', pair.access, { national_identifier: '4311204302' })).statusCode, 200)
  app.sandbox.clock.advance(10)
  const expired = await post(app, '/api/v2/merchant/check-credit/', pair.access, { national_identifier: '4311204302' })
  t.equal(expired.statusCode, 401)
  t.equal(json(expired).messages[0].message, 'Token is invalid or expired')

  const refreshed = await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/refresh/`, payload: { refresh: pair.refresh } })
  t.equal(refreshed.statusCode, 200)
  t.same(Object.keys(json(refreshed)), ['access'])
  t.equal((await post(app, '/api/v2/merchant/check-credit/', json(refreshed).access, { national_identifier: '4311204302' })).statusCode, 200)

  const withAccess = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/refresh/`, payload: { refresh: pair.access } })
  t.equal(withAccess.statusCode, 401)
  t.same(json(withAccess), { detail: 'Token is invalid or expired', code: 'token_not_valid' })
  const missing = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/refresh/`, payload: {} })
  t.equal(missing.statusCode, 400)
  t.same(json(missing), { refresh: ['This field is required.'] })

  app.sandbox.clock.advance(17_280_000)
  const refreshExpired = await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/refresh/`, payload: { refresh: pair.refresh } })
  t.equal(refreshExpired.statusCode, 401)
})

t.test('token endpoints and business endpoints are throttled, DRF style', async (t) => {
  const app = await sandbox(t)
  let last
  for (let i = 0; i < 61; i++) last = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/`, payload: { username: 'store_name', password: 'store_password' } })
  t.equal(last!.statusCode, 429)
  t.match(json(last!).detail, /^Request was throttled\. Expected available in \d+ seconds?\.$/)
  t.ok(Number(last!.headers['retry-after']) >= 1)
  app.sandbox.clock.advance(60)
  const again = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/`, payload: { username: 'store_name', password: 'store_password' } })
  t.equal(again.statusCode, 200)
  const token = json(again).access
  for (let i = 0; i < 600; i++) await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })
  const limited = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })
  t.equal(limited.statusCode, 429)
})

t.test('--rate-limits off disables throttling', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  for (let i = 0; i < 70; i++) {
    const r = await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/`, payload: { username: 'store_name', password: 'store_password' } })
    if (r.statusCode !== 200) return t.fail(`request ${i} answered ${r.statusCode}`)
  }
  t.pass('70 logins in a minute')
})

t.test('a tenant token works only on its own data', async (t) => {
  const app = await sandbox(t)
  const other = app.sandbox.store.createTenant()
  const otherToken = await baloanLogin(app, 'v2', { username: other.credentials.baloan.store_uuid, password: other.credentials.baloan.password })
  const mine = await baloanLogin(app, 'v2')
  app.sandbox.store.tenant(other.id)!.baloan.customers['4311204302'].credit = 5
  const seenByOther = json(await post(app, '/api/v2/merchant/check-credit/', otherToken, { national_identifier: '4311204302' }))
  const seenByMe = json(await post(app, '/api/v2/merchant/check-credit/', mine, { national_identifier: '4311204302' }))
  t.equal(seenByOther.data.user_credit, 5)
  t.equal(seenByMe.data.user_credit, 40000000)
  // the default tenant's password does not open the other store
  const cross = await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/token/`, payload: { username: other.credentials.baloan.store_uuid, password: 'store_password' } })
  t.equal(cross.statusCode, 401)
})
