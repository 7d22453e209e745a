/**
 * A state file written by an earlier release loads and serves as that release served it.
 *
 * test/fixtures/state-file-ad31859.json is the --state-file that commit ad31859 wrote after a
 * created tenant and every provider's main flow (a Baloan OTP and settlement, a verified Vandar
 * payment, a committed BazaarPay checkout and a card-to-card payment paid by a deposit, for both
 * tenants) and a named snapshot. state-file-ad31859.answers.json holds what that commit answered
 * to read requests right after loading the file, through --state-file and through
 * PUT /__sandbox/state, byte for byte; the requests read only state, never the clock.
 */
import t, { type Test } from 'tap'
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { json, sandbox } from '../helpers/sandbox.js'

const FIXTURE = new URL('../fixtures/state-file-ad31859.json', import.meta.url)
const ANSWERS = new URL('../fixtures/state-file-ad31859.answers.json', import.meta.url)

interface Answer {
  request: InjectOptions & { method: string; url: string }
  status: number
  body: string
}
const answers = JSON.parse(readFileSync(ANSWERS, 'utf8')) as {
  'state-file': Answer[]
  'put-state': { load: { status: number; body: string }; answers: Answer[] }
  after: { created_tenant_user_id: number; next_pay_id: number }
}
const saved = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { state: { tenants: Record<string, { credentials: Record<string, Record<string, string>> }> } }
const [, created] = Object.keys(saved.state.tenants)
const createdCredentials = saved.state.tenants[created].credentials

const replay = async (t: Test, app: FastifyInstance, recorded: Answer[]) => {
  for (const { request, status, body } of recorded) {
    const res = await app.inject(request)
    t.equal(res.statusCode, status, `${request.method} ${request.url}: status`)
    t.equal(res.body, body, `${request.method} ${request.url}: body`)
  }
}

t.test('through --state-file: every recorded answer, then new tenants and payments from where it left off', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'pardakht-older-state-')), 'state.json')
  copyFileSync(FIXTURE, file)
  const app = await sandbox(t, { stateFile: file })
  await replay(t, app, answers['state-file'])

  // a created tenant draws its Baloan user id from the loaded state's counter
  const tenant = json(await app.inject({ method: 'POST', url: '/__sandbox/tenants' }))
  const login = await app.inject({ method: 'POST', url: '/api.baloan.ir/api/v2/merchant/token/', payload: { username: tenant.baloan.store_uuid, password: tenant.baloan.password } })
  t.equal(login.statusCode, 200)
  const claims = JSON.parse(Buffer.from(json(login).access.split('.')[1], 'base64url').toString())
  t.equal(claims.user_id, answers.after.created_tenant_user_id)
  // and its credentials are laid out in the state as the earlier release laid out its created tenant's
  const layout = (c: object) => Object.entries(c).map(([provider, fields]) => [provider, Object.keys(fields as object)])
  const exported = json(await app.inject('/__sandbox/state'))
  t.same(layout(exported.tenants[tenant.id].credentials), layout(createdCredentials))
  // the loaded tenant's card-to-card install numbers its next payment after the stored ones
  const create = await app.inject({ method: 'POST', url: '/card-to-card/api/create', headers: { token: createdCredentials.card_to_card.token }, payload: { price: 11385, fid: 78 } })
  t.equal(create.statusCode, 200)
  t.equal(json(create).pay_id, answers.after.next_pay_id)
  // and the loaded tenant's credentials still open every provider
  const v1 = await app.inject({ method: 'POST', url: '/api.baloan.ir/api/v1/merchant/token/', payload: { username: createdCredentials.baloan.username, password: createdCredentials.baloan.password } })
  t.equal(v1.statusCode, 200)
  const send = await app.inject({ method: 'POST', url: '/ipg.vandar.io/api/v4/send', payload: { api_key: createdCredentials.vandar.ipg_api_key, amount: 100000, callback_url: 'https://example.com/cb' } })
  t.equal(send.statusCode, 200)
  t.equal(json(send).status, 1)
  const init = await app.inject({
    method: 'POST',
    url: '/api.bazaar-pay.ir/badje/v1/checkout/init/',
    headers: { authorization: `Token ${createdCredentials.bazaarpay.merchant_token}` },
    payload: { amount: 50000, destination: createdCredentials.bazaarpay.destination, service_name: 'اشتراک ویژه' }
  })
  t.equal(init.statusCode, 200)
})

t.test('a created tenant saved without one provider credentials gets fresh ones on load', async (t) => {
  const app = await sandbox(t)
  const state = structuredClone(saved.state)
  delete state.tenants[created].credentials.baloan
  const load = await app.inject({ method: 'PUT', url: '/__sandbox/state', payload: state })
  t.equal(load.statusCode, 200)
  const view = json(await app.inject(`/__sandbox/tenants/${created}`))
  t.same(Object.keys(view.baloan), ['username', 'password', 'store_uuid'])
  t.not(view.baloan.store_uuid, createdCredentials.baloan.store_uuid)
  t.same(view.vandar, createdCredentials.vandar, 'the credentials it had are kept')
  const login = await app.inject({ method: 'POST', url: '/api.baloan.ir/api/v2/merchant/token/', payload: { username: view.baloan.store_uuid, password: view.baloan.password } })
  t.equal(login.statusCode, 200)
})

t.test('through PUT /__sandbox/state: every recorded answer', async (t) => {
  const app = await sandbox(t)
  const load = await app.inject({ method: 'PUT', url: '/__sandbox/state', payload: saved.state })
  t.equal(load.statusCode, answers['put-state'].load.status)
  t.equal(load.body, answers['put-state'].load.body)
  await replay(t, app, answers['put-state'].answers)
})
