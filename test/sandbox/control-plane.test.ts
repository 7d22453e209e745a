import t from 'tap'
import { B, baloanLogin, json, post, sandbox } from '../helpers/sandbox.js'
import { PROVIDERS } from '../../src/providers/registry.js'
import type { FaultSpec, ProviderName, SandboxClient } from '../../src/client/sandbox.js'

t.test('health', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject('/__sandbox/health')
  t.equal(res.statusCode, 200)
  t.match(json(res), { status: 'ok', version: /^\d+\.\d+\.\d+/, providers: ['baloan'] })
})

t.test('tenants: a fresh tenant has its own credentials for every provider and the fixture data', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject({ method: 'POST', url: '/__sandbox/tenants' })
  t.equal(res.statusCode, 201)
  const tenant = json(res)
  t.same(Object.keys(tenant).sort(), ['baloan', 'bazaarpay', 'card_to_card', 'created_at', 'id', 'vandar'])
  t.same(Object.keys(tenant.vandar).sort(), ['access_token', 'business', 'ipg_api_key', 'refresh_token'])
  t.same(Object.keys(tenant.baloan).sort(), ['password', 'store_uuid', 'username'])
  t.same(Object.keys(tenant.bazaarpay).sort(), ['destination', 'merchant_token', 'merchant_token_without_balance_permission'])
  t.same(Object.keys(tenant.card_to_card), ['token'])
  const def = json(await app.inject('/__sandbox/tenants/default'))
  t.equal(def.id, 'default')
  t.same(def.baloan, { username: 'store_name', password: 'store_password', store_uuid: app.sandbox.store.defaultTenant.credentials.baloan.store_uuid })
  t.not(tenant.baloan.store_uuid, def.baloan.store_uuid)
  t.same(json(await app.inject(`/__sandbox/tenants/${tenant.id}`)), tenant)
  t.equal((await app.inject('/__sandbox/tenants/nope')).statusCode, 404)
  // same customers as the default tenant
  const token = await baloanLogin(app, 'v2', { username: tenant.baloan.store_uuid, password: tenant.baloan.password })
  const credit = json(await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '0012345678' }))
  t.equal(credit.data.user_credit, 100000000)
  t.same(Object.keys(app.sandbox.store.tenant(tenant.id)!.baloan.customers), Object.keys(app.sandbox.store.defaultTenant.baloan.customers))
  const list = json(await app.inject('/__sandbox/tenants'))
  t.same(list.tenants.map((x: { id: string }) => x.id), ['default', tenant.id])
})

t.test('sms outbox: newest first, filtered', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0012345678' })
  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '4311204302' })
  const all = json(await app.inject('/__sandbox/sms')).messages
  t.equal(all.length, 2)
  t.equal(all[0].to, '09351234567', 'newest first')
  t.same(Object.keys(all[0]).sort(), ['code', 'created_at', 'provider', 'purpose', 'tenant', 'text', 'to'])
  t.equal(json(await app.inject('/__sandbox/sms?to=09121234567')).messages.length, 1)
  t.equal(json(await app.inject('/__sandbox/sms?provider=vandar')).messages.length, 0)
  t.equal(json(await app.inject('/__sandbox/sms?tenant=default')).messages.length, 2)
  t.equal((await app.inject({ method: 'DELETE', url: '/__sandbox/sms' })).statusCode, 204)
  t.equal(json(await app.inject('/__sandbox/sms')).messages.length, 0)
})

t.test('clock: read, advance, set', async (t) => {
  const app = await sandbox(t)
  const before = json(await app.inject('/__sandbox/clock'))
  t.match(before, { now: String, unix: Number, offset_seconds: 0 })
  const adv = json(await app.inject({ method: 'POST', url: '/__sandbox/clock/advance', payload: { seconds: 3600 } }))
  t.equal(adv.offset_seconds, 3600)
  t.ok(adv.unix - before.unix >= 3600)
  const set = json(await app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { now: '2030-01-01T00:00:00Z' } }))
  t.ok(Math.abs(set.unix - 1893456000) <= 1)
  const bad = await app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { now: 'yesterday-ish' } })
  t.equal(bad.statusCode, 400)
  const neg = await app.inject({ method: 'POST', url: '/__sandbox/clock/advance', payload: { seconds: -5 } })
  t.equal(neg.statusCode, 400)
})

t.test('faults: status and body for the next `times` matching requests', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const created = await app.inject({
    method: 'POST',
    url: '/__sandbox/faults',
    payload: { provider: 'baloan', method: 'POST', path: '/api/v2/merchant/check-credit/', times: 2, status: 503, body: { detail: 'maintenance' } }
  })
  t.equal(created.statusCode, 201)
  t.match(json(created), { id: String, times: 2, remaining: 2 })
  const call = () => post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })
  const r1 = await call()
  t.equal(r1.statusCode, 503)
  t.same(json(r1), { detail: 'maintenance' })
  t.equal((await call()).statusCode, 503)
  t.equal((await call()).statusCode, 200, 'used up after times')
  t.same(json(await app.inject('/__sandbox/faults')).faults, [])

  await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { path: '/api/v2/*', status: 502, body: '<html>bad gateway</html>' } })
  const html = await call()
  t.equal(html.statusCode, 502)
  t.match(html.headers['content-type'], /text\/html/)
  t.equal(html.body, '<html>bad gateway</html>')

  await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { path: '/api/v1/*', status: 500, times: 0 } })
  t.equal((await post(app, '/api/v1/merchant/check-credit/', token, {})).statusCode, 500)
  t.equal((await post(app, '/api/v1/merchant/check-credit/', token, {})).statusCode, 500, 'times 0 = until deleted')
  t.equal((await app.inject({ method: 'DELETE', url: '/__sandbox/faults' })).statusCode, 204)
  t.equal((await post(app, '/api/v1/merchant/check-credit/', token, {})).statusCode, 400)

  const delayed = json(await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { path: '/api/v2/merchant/check-credit/', delay_ms: 150 } }))
  const start = Date.now()
  const slow = await call()
  t.equal(slow.statusCode, 200, 'a delay alone still answers normally')
  t.ok(Date.now() - start >= 140)
  t.equal(delayed.remaining, 1)

  const tenantFault = await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { tenant: 'someone-else', path: '/api/v2/*', status: 500 } })
  t.equal(tenantFault.statusCode, 201)
  t.equal((await call()).statusCode, 200, 'a fault for another tenant does not apply')

  for (const payload of [{}, { status: 42 }, { provider: 'nope', status: 500 }, { status: 500, times: -1 }]) {
    const bad = await app.inject({ method: 'POST', url: '/__sandbox/faults', payload })
    t.equal(bad.statusCode, 400, JSON.stringify(payload))
  }
  const one = json(await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { status: 500 } }))
  t.equal((await app.inject({ method: 'DELETE', url: `/__sandbox/faults/${one.id}` })).statusCode, 204)
  t.equal((await app.inject({ method: 'DELETE', url: `/__sandbox/faults/${one.id}` })).statusCode, 404)
})

t.test('request journal: filters, provider paths, tenant, bounded', async (t) => {
  const app = await sandbox(t, { journalLimit: 5 })
  const token = await baloanLogin(app)
  await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })
  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0012345678' })
  const all = json(await app.inject('/__sandbox/requests'))
  t.equal(all.count, 3)
  const [login, check] = all.requests
  t.match(login, { provider: 'baloan', method: 'POST', path: '/api/v2/merchant/token/', status: 200, tenant: 'default' })
  t.match(check, { path: '/api/v2/merchant/check-credit/', status: 200, tenant: 'default', request: { body: { national_identifier: '4311204302' } } })
  t.equal(check.response.body.data.user_credit, 40000000)
  t.equal(json(await app.inject('/__sandbox/requests?path=/api/v2/merchant/check-credit/')).count, 1)
  t.equal(json(await app.inject('/__sandbox/requests?path=/api/v2/merchant/*&method=post')).count, 3)
  t.equal(json(await app.inject('/__sandbox/requests?provider=vandar')).count, 0)
  t.equal(json(await app.inject('/__sandbox/requests?tenant=default')).count, 3)
  for (let i = 0; i < 5; i++) await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })
  t.equal(json(await app.inject('/__sandbox/requests')).count, 5, 'bounded')
  t.equal(json(await app.inject({ method: 'DELETE', url: '/__sandbox/requests' })).deleted, 5)
  t.equal(json(await app.inject('/__sandbox/requests')).count, 0)
  await app.inject('/__sandbox/health')
  t.equal(json(await app.inject('/__sandbox/requests')).count, 0, 'control-plane calls are not journaled')
})

t.test('request journal: bodies as sent (before coercion, malformed ones too), headers as received', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  await app.inject({ method: 'POST', url: '/api.baloan.ir/api/v2/merchant/check-credit/', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-trace': 'a' }, payload: '{"national_identifier": 4311204302}' })
  await app.inject({ method: 'POST', url: '/api.baloan.ir/api/v2/merchant/check-credit/', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"national_identifier":' })
  const [, coerced, malformed] = json(await app.inject('/__sandbox/requests')).requests
  t.equal(coerced.status, 200)
  t.same(coerced.request.body, { national_identifier: 4311204302 })
  t.match(coerced.request.headers, { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-trace': 'a' })
  t.equal(malformed.status, 400)
  t.equal(malformed.request.body, '{"national_identifier":')
})

t.test('control-plane errors use the sandbox envelope, not Fastify\'s default body', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject('/__sandbox/requests?limit=0')
  t.equal(res.statusCode, 400)
  t.same(Object.keys(json(res)).sort(), ['error', 'message'])
  t.equal(json(res).error, 'bad_request')
})

t.test('validation errors name the field, what it accepts and what was sent', async (t) => {
  const app = await sandbox(t)
  const said = async (method: string, url: string, payload?: unknown) => {
    const res = await app.inject({ method: method as 'POST', url, ...(payload === undefined ? {} : { payload: payload as never }) })
    t.equal(res.statusCode, 400, url)
    t.same(Object.keys(json(res)).sort(), ['error', 'message'])
    t.equal(json(res).error, 'bad_request')
    return json(res).message as string
  }
  // a Union of Literals (Ajv: anyOf of consts)
  t.equal(await said('POST', '/__sandbox/vandar/ipg/TOKEN/pay', { status: 'PAID' }), 'body.status must be one of "OK", "FAILED" (got "PAID")')
  t.equal(await said('POST', '/__sandbox/vandar/ipg/TOKEN/pay', {}), 'body.status is required')
  // unknown fields, several errors at once, limits
  const unknown = await said('PATCH', '/__sandbox/baloan/settings', { nope: 1 })
  t.match(unknown, /^body\.nope is not a known field; the fields are [a-z_]+(, [a-z_]+)+$/)
  t.match(unknown, 'no_credit')
  t.equal(
    await said('PATCH', '/__sandbox/vandar/settings', { wage_payer: 'bank', ipg_wage_percent: 101, require_referer: 'sometimes' }),
    'body.require_referer must be a boolean (true or false) (got "sometimes"); body.wage_payer must be one of "merchant", "payer" (got "bank"); body.ipg_wage_percent must be <= 100 (got 101)'
  )
  t.equal(await said('POST', '/__sandbox/clock/advance', { seconds: -5 }), 'body.seconds must be >= 0 (got -5)')
  t.equal(await said('POST', '/__sandbox/clock', { now: {} }), 'body.now must be one of: a number, a string (got {})')
  t.equal(await said('GET', '/__sandbox/requests?limit=0'), 'query.limit must be >= 1 (got 0)')
  t.equal(await said('PUT', '/__sandbox/vandar/cards/12', { national_code: '0013542419' }), 'params.card_number must match the pattern ^[0-9]{16}$ (got "12")')
  t.equal(await said('POST', '/__sandbox/snapshots', { name: '' }), 'body.name must match the pattern ^[A-Za-z0-9._-]{1,64}$ (got "")')
  t.equal(
    await said('PUT', '/__sandbox/card-to-card/cards', { cards: [{ number: '6037990000057899', name: 'x' }] }),
    'body.cards[0].bank is required'
  )
})

t.test('an empty body sent as application/json is `{}` on the control plane, and only there', async (t) => {
  const app = await sandbox(t)
  const empty = { 'content-type': 'application/json' }
  const tenant = await app.inject({ method: 'POST', url: '/__sandbox/tenants', headers: empty, payload: '' })
  t.equal(tenant.statusCode, 201, 'a POST without fields')
  t.equal((await app.inject({ method: 'POST', url: '/__sandbox/reset', headers: empty, payload: '' })).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: '/__sandbox/faults', headers: empty, payload: '  ' })).statusCode, 204)
  const advance = await app.inject({ method: 'POST', url: '/__sandbox/clock/advance', headers: empty, payload: '' })
  t.same(json(advance), { error: 'bad_request', message: 'body.seconds is required' }, 'a route that needs fields says which')
  const patch = await app.inject({ method: 'PATCH', url: '/__sandbox/vandar/settings', headers: empty, payload: '' })
  t.equal(patch.statusCode, 200, 'an empty patch changes nothing')
  const malformed = await app.inject({ method: 'POST', url: '/__sandbox/clock/advance', headers: empty, payload: '{"seconds":' })
  t.equal(malformed.statusCode, 400, 'malformed JSON is still an error')
  t.equal(json(malformed).error, 'bad_request')
  const poisoned = await app.inject({ method: 'POST', url: '/__sandbox/clock/advance', headers: empty, payload: '{"seconds":1,"__proto__":{"x":1}}' })
  t.equal(poisoned.statusCode, 400, 'prototype poisoning is refused as before')
  // a provider keeps its own answer to an empty JSON body (Baloan: every field required)
  const token = await baloanLogin(app)
  const provider = await post(app, '/api/v2/merchant/check-credit/', token, '', empty)
  t.equal(provider.statusCode, 400)
  t.same(json(provider), { national_identifier: ['This field is required.'] })
})

t.test('fault and journal paths: the provider path, also when written with the host prefix or as the real URL', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const add = (payload: object) => app.inject({ method: 'POST', url: '/__sandbox/faults', payload })
  const prefixed = await add({ path: `${B}/api/v2/merchant/check-credit/`, status: 503 })
  t.equal(prefixed.statusCode, 201)
  t.match(json(prefixed), { path: '/api/v2/merchant/check-credit/', provider: 'baloan' }, 'stored and shown as the provider path')
  t.equal((await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })).statusCode, 503, 'and it fires')
  t.match(json(await add({ path: 'https://api.baloan.ir/api/v2/*', status: 502 })), { path: '/api/v2/*', provider: 'baloan' })
  t.match(json(await add({ path: 'ipg.vandar.io/api/v4/send', provider: 'vandar', status: 500 })), { path: '/api/v4/send', provider: 'vandar' })
  t.equal((await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })).statusCode, 502)
  await app.inject({ method: 'DELETE', url: '/__sandbox/faults' })

  const conflict = await add({ path: `${B}/api/v2/*`, provider: 'vandar', status: 500 })
  t.same(json(conflict), { error: 'bad_request', message: 'path names the host api.baloan.ir, which is baloan\'s, but provider is "vandar"' })
  const relative = await add({ path: 'api/v2/merchant/check-credit/', status: 500 })
  t.equal(relative.statusCode, 400)
  t.match(json(relative).message, 'starts with "/"')
  t.same(json(await add({ provider: 'nope', status: 500 })), {
    error: 'bad_request',
    message: `body.provider must be one of ${PROVIDERS.map((p) => `"${p.name}"`).join(', ')} (got "nope")`
  })

  // the journal filter reads the same forms
  const byPrefix = json(await app.inject(`/__sandbox/requests?path=${encodeURIComponent(`${B}/api/v2/merchant/*`)}`))
  t.equal(byPrefix.count, json(await app.inject('/__sandbox/requests?path=/api/v2/merchant/*')).count)
  t.ok(byPrefix.count >= 3)
  t.equal(json(await app.inject(`/__sandbox/requests?path=${encodeURIComponent('https://api.baloan.ir/api/v2/merchant/token/')}`)).count, 1)
  t.equal((await app.inject(`/__sandbox/requests?provider=vandar&path=${B}/api/*`)).statusCode, 400)
  t.equal((await app.inject('/__sandbox/requests?provider=nobody')).statusCode, 400, 'an unknown provider is named, not an empty list')
  t.equal(json(await app.inject({ method: 'DELETE', url: `/__sandbox/requests?path=${B}/api/v2/merchant/token/` })).deleted, 1)
})

t.test('the client types a fault\'s provider as the providers\' names', async (t) => {
  // a Record over the union fails to compile when a name is missing or extra
  const names: Record<ProviderName, true> = { baloan: true, vandar: true, bazaarpay: true, 'card-to-card': true }
  t.same(Object.keys(names).sort(), PROVIDERS.map((p) => p.name).sort())
  const typed = (client: SandboxClient) => {
    // @ts-expect-error not a provider
    const wrong: FaultSpec = { provider: 'vandr', status: 500 }
    return client.addFault(wrong)
  }
  t.type(typed, 'function')
})

t.test('reset: tenants back to fixtures, journal/outbox/faults cleared, clock real', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const other = json(await app.inject({ method: 'POST', url: '/__sandbox/tenants' }))
  await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/0012345678', payload: { credit: 5 } })
  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0012345678' })
  await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { path: '/nothing', status: 500 } })
  await app.inject({ method: 'POST', url: '/__sandbox/clock/advance', payload: { seconds: 999 } })
  t.equal(json(await app.inject({ method: 'POST', url: '/__sandbox/reset' })).status, 'ok')
  t.equal(app.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit, 100000000)
  t.equal(json(await app.inject('/__sandbox/sms')).messages.length, 0)
  t.equal(json(await app.inject('/__sandbox/faults')).faults.length, 0)
  t.equal(json(await app.inject('/__sandbox/requests')).count, 0)
  t.equal(json(await app.inject('/__sandbox/clock')).offset_seconds, 0)
  t.same(json(await app.inject(`/__sandbox/tenants/${other.id}`)), other, 'created tenants keep their credentials')
  // one tenant only
  await app.inject({ method: 'PUT', url: `/__sandbox/baloan/customers/0012345678?tenant=${other.id}`, payload: { credit: 1 } })
  await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/0012345678', payload: { credit: 2 } })
  t.equal(json(await app.inject({ method: 'POST', url: `/__sandbox/reset?tenant=${other.id}` })).tenant, other.id)
  t.equal(app.sandbox.store.tenant(other.id)!.baloan.customers['0012345678'].credit, 100000000)
  t.equal(app.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit, 2)
  t.equal((await app.inject({ method: 'POST', url: '/__sandbox/reset?tenant=nope' })).statusCode, 404)
})

t.test('state export/import and named snapshots', async (t) => {
  const app = await sandbox(t)
  await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/0012345678', payload: { credit: 7 } })
  const exported = json(await app.inject('/__sandbox/state'))
  t.equal(exported.version, 1)
  t.equal(exported.tenants.default.baloan.customers['0012345678'].credit, 7)
  t.equal(json(await app.inject({ method: 'POST', url: '/__sandbox/snapshots', payload: { name: 'seven' } })).name, 'seven')
  await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/0012345678', payload: { credit: 8 } })
  t.same(json(await app.inject('/__sandbox/snapshots')).snapshots.map((s: { name: string }) => s.name), ['seven'])
  t.equal((await app.inject({ method: 'POST', url: '/__sandbox/snapshots/seven/restore' })).statusCode, 200)
  t.equal(app.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit, 7)
  t.equal((await app.inject({ method: 'POST', url: '/__sandbox/snapshots/none/restore' })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/__sandbox/snapshots', payload: { name: 'bad name!' } })).statusCode, 400)

  const other = await sandbox(t)
  t.equal((await other.inject({ method: 'PUT', url: '/__sandbox/state', payload: exported })).statusCode, 200)
  t.equal(other.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit, 7)
  // tokens issued by the first sandbox work on the second: the signing secret travels with the state
  const token = await baloanLogin(app)
  t.equal((await post(other, '/api/v2/merchant/check-credit/', token, { national_identifier: '0012345678' })).statusCode, 200)
  for (const bad of [{}, { version: 2 }, { version: 1, secret: 'x', tenants: {}, outbox: [] }, { ...exported, tenants: { a: { id: 'b' } } }]) {
    const res = await other.inject({ method: 'PUT', url: '/__sandbox/state', payload: bad })
    t.equal(res.statusCode, 400)
    t.equal(json(res).error, 'invalid_state')
  }
  t.equal((await app.inject({ method: 'DELETE', url: '/__sandbox/snapshots/seven' })).statusCode, 204)
})

t.test('baloan actions: set credit and phone of a customer', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const upd = await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/4311204302', payload: { credit: 123000 } })
  t.equal(upd.statusCode, 200)
  t.equal(json(await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })).data.user_credit, 123000)
  const created = await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/0499370899', payload: { credit: 5000000, phone: '09129876543' } })
  t.equal(created.statusCode, 201)
  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0499370899' })
  t.equal(json(await app.inject('/__sandbox/sms?to=09129876543')).messages.length, 1)
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/0499370898', payload: { credit: 1 } })).statusCode, 400, 'a new customer needs a phone')
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/12', payload: { credit: 1 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/4311204302', payload: { phone: '123' } })).statusCode, 400)
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/4311204302', payload: { credit: -1 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/4311204302?tenant=ghost', payload: { credit: 1 } })).statusCode, 404)
  t.equal(json(await app.inject('/__sandbox/baloan/customers/4311204302')).credit, 123000)
  t.equal((await app.inject('/__sandbox/baloan/customers/0000000000')).statusCode, 404)
  t.ok(json(await app.inject('/__sandbox/baloan/customers')).customers.length >= 20)
  t.equal(json(await app.inject({ method: 'PATCH', url: '/__sandbox/baloan/settings', payload: { otp_ttl_seconds: 5 } })).otp_ttl_seconds, 5)
  t.equal((await app.inject({ method: 'PATCH', url: '/__sandbox/baloan/settings', payload: { nope: 1 } })).statusCode, 400)
})

t.test('openapi documents and docs UI', async (t) => {
  const app = await sandbox(t)
  const doc = json(await app.inject('/__sandbox/openapi/baloan.json'))
  t.equal(doc.openapi, '3.0.3')
  t.ok(doc.paths['/api/v2/merchant/settle-confirm/'], 'paths without the host prefix')
  t.equal((await app.inject('/__sandbox/openapi/nope.json')).statusCode, 404)
  const ui = await app.inject('/__sandbox/docs/')
  t.equal(ui.statusCode, 200)
  t.match(ui.body, /swagger/i)
  // the page's assets are relative to /__sandbox/docs/: the bare path goes there
  const bare = await app.inject('/__sandbox/docs?x=1')
  t.equal(bare.statusCode, 302)
  t.equal(bare.headers.location, '/__sandbox/docs/?x=1')
  const asset = /src="\.\/(static\/[^"]+\.js)"/.exec(ui.body)
  t.ok(asset, 'the page links a script relative to itself')
  t.equal((await app.inject(`/__sandbox/docs/${asset![1]}`)).statusCode, 200, 'which is served')
  t.equal((await app.inject('/')).statusCode, 200)
})

t.test('admin token guards the control plane when configured', async (t) => {
  const app = await sandbox(t, { adminToken: 's3cret' })
  t.equal((await app.inject('/__sandbox/health')).statusCode, 401)
  t.equal((await app.inject({ url: '/__sandbox/health', headers: { authorization: 'Bearer s3cret' } })).statusCode, 200)
  // providers are not affected
  t.equal((await app.inject({ method: 'POST', url: `${B}/api/v1/merchant/token/`, payload: { username: 'store_name', password: 'store_password' } })).statusCode, 200)
})

t.test('an imported state without some provider data is completed from the fixtures', async (t) => {
  const app = await sandbox(t)
  const exported = json(await app.inject('/__sandbox/state'))
  delete exported.tenants.default.baloan
  delete exported.tenants.default.credentials.card_to_card
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/state', payload: exported })).statusCode, 200)
  t.equal(app.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit, 100000000)
  t.equal(app.sandbox.store.defaultTenant.credentials.card_to_card.token, 'sandbox-card-to-card-token')
  const token = await baloanLogin(app)
  t.equal((await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })).statusCode, 200)
})
