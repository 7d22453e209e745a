import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { BIZ, IBAN, IBAN2, advance, api, newTenant, settings } from '../../helpers/vandar.js'
import { VANDAR_TEXT as T } from '../../../src/providers/vandar/text.js'
import { CASH_IN_INFERRED_TEXT as I } from '../../../src/providers/vandar/cash-in.js'

const P = `/v3/business/${BIZ}/cash-in`
const INVALID = 'The given data was invalid.'

t.test('accounts: the seed\'s two Ayandeh accounts', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const res = await api(app, 'GET', `${P}/account`)
  t.equal(res.statusCode, 200)
  const owner = [{ firstName: 'امیر', lastName: 'ابوئی مهریزی' }]
  t.same(json(res), {
    data: [
      { account_number: '0302956142002', account_description: T.ACCOUNT_ACTIVE, id: null, IBAN, account_owner: owner, bank_name: 'آینده' },
      { account_number: '0302956142004', account_description: T.ACCOUNT_ACTIVE, id: null, IBAN: IBAN2, account_owner: owner, bank_name: 'آینده' }
    ]
  })
  await app.inject({ method: 'PATCH', url: `/__sandbox/vandar/cash-in/accounts/${IBAN2}`, payload: { active: false } })
  t.equal(json(await api(app, 'GET', `${P}/account`)).data.length, 1, 'inactive accounts are not listed')
})

t.test('balance: POST, GET with a body, and the iban errors', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const post = await api(app, 'POST', `${P}/account/balance`, { iban: IBAN2 })
  t.equal(post.statusCode, 200)
  t.same(json(post), { balance: 4525586, available_balance: 3200000 })
  const get = await api(app, 'GET', `${P}/account/balance`, JSON.stringify({ iban: IBAN2 }), undefined, { 'content-type': 'application/json' })
  t.same(json(get), { balance: 4525586, available_balance: 3200000 })
  const getQuery = await api(app, 'GET', `${P}/account/balance?iban=${IBAN2}`)
  t.equal(getQuery.statusCode, 200)

  const unknown = await api(app, 'POST', `${P}/account/balance`, { iban: 'IR820540102680020817909002' })
  t.equal(unknown.statusCode, 422)
  t.same(json(unknown), { message: INVALID, errors: { iban: [T.IBAN_NOT_FOUND] } })
  const malformed = await api(app, 'POST', `${P}/account/balance`, { iban: 'IR12' })
  t.same(json(malformed), { message: INVALID, errors: { iban: [T.IBAN_INVALID, T.IBAN_NOT_FOUND] } })
  t.same(json(await api(app, 'POST', `${P}/account/balance`, {})), { message: INVALID, errors: { iban: [I.required('iban')] } })
})

t.test('deposit: the seed examples as written, split into 1e9-rial entries', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const small = await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN, amount: 1500000, track_id: '2ca25322-d10a-49fb-a000-788e1f59ff33', description: 'تراکنش واریز بانکی تست' })
  t.equal(small.statusCode, 200)
  const s = json(small)
  t.equal(s.status, 1)
  t.equal(s.message, T.CASH_IN_OK)
  t.equal(s.data.cash_in.length, 1)
  t.same(Object.keys(s.data.cash_in[0]), ['gateway_transaction_id', 'amount', 'amount_toman', 'wage', 'wage_toman', 'status', 'iban', 'receipt_url'])
  t.match(s.data.cash_in[0], { amount: 1500000, amount_toman: 150000, wage: 0, wage_toman: 0, status: 'INIT', iban: IBAN })
  // the receipt link, as this caller reaches the sandbox (Vandar's own form is https://vand.ar/<code>)
  t.match(s.data.cash_in[0].receipt_url, /^http:\/\/localhost:80\/vand\.ar\/[a-z0-9]{5}$/)
  const receipt = await app.inject(new URL(s.data.cash_in[0].receipt_url).pathname)
  t.equal(receipt.statusCode, 200)
  t.match(receipt.body, 'id="track_id">2ca25322-d10a-49fb-a000-788e1f59ff33<')
  t.match(String(s.data.cash_in[0].gateway_transaction_id), /^\d{12}$/)

  const dup = await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN, amount: 1200000000, track_id: '2ca25322-d10a-49fb-a000-788e1f59ff33', description: 'تراکنش واریز بانکی تست' })
  t.equal(dup.statusCode, 422)
  t.same(json(dup), { message: INVALID, errors: { track_id: [T.TRACK_ID_DUPLICATE] } })

  const big = await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN, amount: 1200000000, track_id: '2CA25322-D10A-49FB-A000-788E1F59FF33' })
  t.equal(big.statusCode, 200, 'track_id is case-sensitive')
  const entries = json(big).data.cash_in
  t.same(entries.map((e: { amount: number }) => e.amount), [1000000000, 200000000])
  t.same(entries.map((e: { amount_toman: number }) => e.amount_toman), [100000000, 20000000])
  t.equal(entries[1].gateway_transaction_id, entries[0].gateway_transaction_id + 1, 'consecutive ids')

  const three = await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN, amount: '3000000001', track_id: 't3' })
  t.same(json(three).data.cash_in.map((e: { amount: number }) => e.amount), [1000000000, 1000000000, 1000000000, 1])
})

t.test('deposit: INIT then DONE on the sandbox clock, into the wallet and the statement', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const wallet = () => api(app, 'GET', `/v2/business/${BIZ}/balance`).then((r) => json(r).data.wallet)
  const before = await wallet()
  const account = async () => json(await api(app, 'POST', `${P}/account/balance`, { iban: IBAN }))
  const acc0 = await account()
  await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN, amount: 1500000, track_id: 'a' })
  t.same(await account(), { balance: acc0.balance - 1500000, available_balance: acc0.available_balance - 1500000 }, 'the bank account is debited at once')
  t.equal(await wallet(), before, 'not yet in the wallet')
  const pending = json(await app.inject({ method: 'GET', url: '/__sandbox/vandar/cash-in/deposits' })).deposits
  t.equal(pending[0].status, 'INIT')
  await advance(app, 59)
  t.equal(await wallet(), before)
  await advance(app, 1)
  t.equal(await wallet(), before + 150000)
  t.equal(json(await app.inject({ method: 'GET', url: '/__sandbox/vandar/cash-in/deposits' })).deposits[0].status, 'DONE')
  const rows = json(await api(app, 'GET', `/v3/business/${BIZ}/transaction?channel=cash-in`)).data
  t.equal(rows.length, 1)
  t.equal(rows[0].amount, 150000)
  t.equal(rows[0].status, 1)
  t.equal(rows[0].track_id, 'a')

  await settings(app, { cash_in_done_after_seconds: 5, cash_in_final_status: 'FAILED' })
  await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN, amount: 1000, track_id: 'b' })
  await advance(app, 5)
  t.equal(await wallet(), before + 150000, 'a failed deposit never reaches the wallet')
  t.same(await account(), { balance: acc0.balance - 1500000, available_balance: acc0.available_balance - 1500000 }, 'and goes back to the account')
})

t.test('deposit: validation', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const empty = await api(app, 'POST', `${P}/account/deposit`, {})
  t.same(json(empty), { message: INVALID, errors: { iban: [I.required('iban')], amount: [I.required('amount')], track_id: [I.required('track_id')] } })
  t.same(json(await api(app, 'POST', `${P}/account/deposit`, { iban: 'IR820540102680020817909002', amount: 'x', track_id: 'q' })), {
    message: INVALID,
    errors: { iban: [T.IBAN_NOT_FOUND], amount: [I.numeric('amount')] }
  })
  const over = await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN2, amount: 3200001, track_id: 'q' })
  t.same(json(over), { message: INVALID, errors: { amount: [I.over_available] } })
  t.equal((await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN2, amount: 3200000, track_id: 'q' })).statusCode, 200, 'exactly the available balance')
  // form-encoded bodies
  const viaForm = await api(app, 'POST', `${P}/account/deposit`, `iban=${IBAN}&amount=5000&track_id=f1`, undefined, { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(viaForm.statusCode, 200)
})

t.test('the tool switched off: the documented 422 on every endpoint; 500s through faults', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  await settings(app, { cash_in_enabled: false })
  const off = { status: 0, errors: { error: T.CASH_IN_INACTIVE } }
  for (const [method, path, body] of [
    ['GET', `${P}/account`, undefined],
    ['POST', `${P}/account/balance`, { iban: IBAN }],
    ['POST', `${P}/account/deposit`, { iban: IBAN, amount: 1000, track_id: 'x' }]
  ] as const) {
    const res = await api(app, method, path, body)
    t.equal(res.statusCode, 422)
    t.same(json(res), off)
  }
  const fault = await app.inject({
    method: 'POST',
    url: '/__sandbox/faults',
    payload: { provider: 'vandar', path: `/v3/business/${BIZ}/cash-in/account/deposit`, status: 500, body: { status: 0, errors: { error: T.CASH_IN_DEPOSIT_500 } } }
  })
  t.equal(fault.statusCode, 201)
  await settings(app, { cash_in_enabled: true })
  const res = await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN, amount: 1000, track_id: 'x' })
  t.equal(res.statusCode, 500)
  t.same(json(res), { status: 0, errors: { error: T.CASH_IN_DEPOSIT_500 } })
})

t.test('tenant isolation: accounts, deposits and track ids are per business', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const other = await newTenant(app)
  const op = `/v3/business/${other.vandar.business}/cash-in`
  await api(app, 'POST', `${P}/account/deposit`, { iban: IBAN, amount: 1000, track_id: 'same' })
  const theirs = await api(app, 'POST', `${op}/account/deposit`, { iban: IBAN, amount: 1000, track_id: 'same' }, other.vandar.access_token)
  t.equal(theirs.statusCode, 200, 'another business may reuse a track_id')
  t.equal((await api(app, 'POST', `${op}/account/deposit`, { iban: IBAN, amount: 1000, track_id: 'x2' })).statusCode, 401)
})
