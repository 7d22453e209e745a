/**
 * The one mechanism for rules only the sandbox has: the provider's answer unchanged, plus an
 * `x-sandbox-hint` header and the journal entry's `note`. (Vandar's rules are tested in
 * test/providers/vandar/ipg.test.ts.)
 */
import t from 'tap'
import Fastify from 'fastify'
import { B, baloanLogin, json, post, sandbox } from '../helpers/sandbox.js'
import { bp, DESTINATION } from '../helpers/bazaarpay.js'
import { controlRoute, sandboxHint } from '../../src/core/hints.js'

t.test('sandboxHint: one Latin-1-safe header line, hints joined, the note on the journal info', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.decorateRequest('sandbox', null)
  let note: string | undefined
  app.get('/x', async (req, reply) => {
    req.sandbox = { provider: 'p', path: '/x', started: 0, tenant: null, fault: undefined, bodyText: undefined, bodyJson: false, note: undefined }
    sandboxHint(reply, 'first: شماره\r\nx-evil: 1')
    sandboxHint(reply, 'second')
    note = req.sandbox.note
    return { ok: true }
  })
  app.get('/control', async (_req, reply) => {
    sandboxHint(reply, 'no journal here')
    return {}
  })
  const res = await app.inject('/x')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['x-sandbox-hint'], 'first: ???????x-evil: 1 | second')
  t.equal(res.headers['x-evil'], undefined, 'a hint cannot add a header')
  t.equal(note, 'first: ???????x-evil: 1 | second')
  t.equal((await app.inject('/control')).headers['x-sandbox-hint'], 'no journal here', 'a request without journal info still gets the header')
})

t.test('controlRoute: the tenant query only for another tenant, the body as JSON', async (t) => {
  t.equal(controlRoute('PATCH', '/vandar/settings', 'default', { require_referer: false }), 'PATCH /__sandbox/vandar/settings {"require_referer":false}')
  t.equal(controlRoute('POST', '/vandar/ipg/domains', 'tnt_1'), 'POST /__sandbox/vandar/ipg/domains?tenant=tnt_1')
})

t.test('Baloan: a national code the sandbox has no customer for', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await baloanLogin(app)
  const hint =
    'national_identifier 0013542419 is not a customer of this sandbox tenant, so it has no credit; create one with PUT /__sandbox/baloan/customers/0013542419 {"credit":100000000,"phone":"09121234567"}'
  // Baloan's answer is the one a known customer without credit gets, byte for byte
  await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/4311204302', payload: { credit: 0 } })
  const known = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '4311204302' })
  const check = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '0013542419' })
  t.equal(check.statusCode, known.statusCode)
  t.equal(check.body, known.body)
  t.equal(known.headers['x-sandbox-hint'], undefined)
  t.equal(check.headers['x-sandbox-hint'], hint)
  const otp = await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0013542419' })
  t.equal(otp.statusCode, 400)
  t.equal(otp.headers['x-sandbox-hint'], hint)
  const entry = json(await app.inject(`/__sandbox/requests?path=/api/v2/merchant/send-credit-otp/`)).requests[0]
  t.equal(entry.note, hint, 'the journal shows the note')

  // an id Baloan itself refuses gets no hint
  t.equal((await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '1234567890' })).headers['x-sandbox-hint'], undefined)
  t.equal(json(await app.inject(`/__sandbox/requests?path=${B}/api/v2/merchant/check-credit/`)).requests.at(-1).note, undefined)

  // once the customer exists, the hint is gone
  await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/0013542419', payload: { credit: 5000000, phone: '09121234567' } })
  const now = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '0013542419' })
  t.equal(json(now).data.user_credit, 5000000)
  t.equal(now.headers['x-sandbox-hint'], undefined)
})

t.test('BazaarPay: auto-login scopes and anonymous init/commit are tenant settings', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const allowed = await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '09123456789', scope: 'purchase' })
  t.equal(allowed.statusCode, 200)
  t.equal(allowed.headers['x-sandbox-hint'], undefined)
  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { auto_login_scopes: ['purchase'] } })
  const denied = await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '09123456789', scope: 'direct_pay' })
  t.equal(denied.statusCode, 403)
  t.equal(
    denied.headers['x-sandbox-hint'],
    'auto-login scope direct_pay is not enabled for this merchant (auto_login_scopes: purchase); enable it with PATCH /__sandbox/bazaarpay/settings {"auto_login_scopes":["purchase","direct_pay"]}'
  )

  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { require_auth_on_init_commit: true } })
  const anonymous = await bp(app, 'POST', '/v1/checkout/init/', { amount: 50000, destination: DESTINATION, service_name: 'x' }, null)
  t.equal(anonymous.statusCode, 401)
  t.match(anonymous.headers['x-sandbox-hint'], /require_auth_on_init_commit .*PATCH \/__sandbox\/bazaarpay\/settings \{"require_auth_on_init_commit":false\}$/)
  const signed = await bp(app, 'POST', '/v1/checkout/init/', { amount: 50000, destination: DESTINATION, service_name: 'x' })
  t.equal(signed.statusCode, 200)
  t.equal(signed.headers['x-sandbox-hint'], undefined)
  const commit = await bp(app, 'POST', '/v1/commit/', { checkout_token: json(signed).checkout_token }, null)
  t.equal(commit.statusCode, 401)
  t.match(commit.headers['x-sandbox-hint'], /require_auth_on_init_commit/)
})
