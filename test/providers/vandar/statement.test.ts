import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { BIZ, IBAN, advance, api, newTenant, payAction, sendPayment, verified } from '../../helpers/vandar.js'
import { VANDAR_TEXT as T } from '../../../src/providers/vandar/text.js'
import { jalaliDayNumber } from '../../../src/providers/vandar/dates.js'

t.test('wallet balance in Toman', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const res = await api(app, 'GET', `/v2/business/${BIZ}/balance`)
  t.equal(res.statusCode, 200)
  t.same(json(res), { status: 1, data: { wallet: 1050, currency: 'Toman' } })
  await app.inject({ method: 'PUT', url: '/__sandbox/vandar/wallet', payload: { wallet_rial: 123459 } })
  t.same(json(await api(app, 'GET', `/v2/business/${BIZ}/balance`)).data, { wallet: 12345, currency: 'Toman' })
})

t.test('transaction list: newest first, cursor, per_page, filters, meta', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const ids: number[] = []
  for (let i = 0; i < 5; i++) ids.push((await verified(app, { amount: 10000 * (i + 1), factorNumber: `F${i}` })).transId)
  const failed = await sendPayment(app, { amount: 7000 })
  await payAction(app, failed, 'FAILED')
  await api(app, 'POST', `/v3/business/${BIZ}/cash-in/account/deposit`, { iban: IBAN, amount: 50000, track_id: 'dep-1' })
  await advance(app, 60)

  const all = json(await api(app, 'GET', `/v3/business/${BIZ}/transaction?per_page=100`))
  t.equal(all.status, 1)
  t.equal(all.has_more, false)
  t.equal(all.data.length, 7)
  const rowIds = all.data.map((r: { id: number }) => r.id)
  t.same([...rowIds].sort((a, b) => b - a), rowIds, 'newest first')
  const row = all.data.find((r: { id: number }) => r.id === ids[4])
  t.match(row, { amount: 5000, wage: 50, status: 1, verified: 1, channel: T.CHANNEL_IPG, factorNumber: 'F4', card_number: '603799******7899' })
  t.match(row.created_at, /^\d{2}:\d{2}:\d{2} - 14\d{2}\/\d{1,2}\/\d{1,2}$/)
  for (const key of ['uuid', 'ref_id', 'tracking_code', 'cid', 'payment_date', 'wallet', 'logs', 'payer', 'receiver', 'time_prediction', 'port', 'api_token']) t.ok(key in row, key)

  const page1 = json(await api(app, 'GET', `/v3/business/${BIZ}/transaction?per_page=3`))
  t.equal(page1.data.length, 3)
  t.equal(page1.has_more, true)
  const page2 = json(await api(app, 'GET', `/v3/business/${BIZ}/transaction?per_page=3&start_after=${page1.data[2].id}`))
  t.same(page2.data.map((r: { id: number }) => r.id), rowIds.slice(3, 6))
  const page3 = json(await api(app, 'GET', `/v3/business/${BIZ}/transaction?per_page=3&start_after=${page2.data[2].id}`))
  t.equal(page3.data.length, 1)
  t.equal(page3.has_more, false)

  const tooMany = await api(app, 'GET', `/v3/business/${BIZ}/transaction?per_page=101`)
  t.equal(tooMany.statusCode, 422)
  t.same(json(tooMany), { message: 'The given data was invalid.', errors: { per_page: ['The per page must not be greater than 100.'] } })
  t.equal((await api(app, 'GET', `/v3/business/${BIZ}/transaction?channel=bitcoin`)).statusCode, 422)

  const q = async (query: string) => json(await api(app, 'GET', `/v3/business/${BIZ}/transaction?per_page=100&${query}`)).data
  t.equal((await q('channel=ipg')).length, 6)
  t.equal((await q('channel=cash-in')).length, 1)
  t.equal((await q('status=failed')).length, 1)
  t.equal((await q('status=succeed')).length, 6)
  t.equal((await q('factor_number=F2')).length, 1)
  t.equal((await q(`id=${ids[1]}`))[0].id, ids[1])
  t.equal((await q('track_id=dep-1')).length, 1)
  t.equal((await q('q=F3&search_field=factor_number')).length, 1)
  t.equal((await q('statusKind=settlements')).length, 0)
  const today = jalaliDayNumber(app.sandbox.clock.now())
  t.equal((await q(`fromDate=${today}&toDate=${today}`)).length, 7)
  t.equal((await q(`fromDate=${today + 1}`)).length, 0)
  t.equal((await api(app, 'GET', `/v2/business/${BIZ}/transaction`)).statusCode, 200, 'the v2 path of the Postman collection')

  t.same(json(await api(app, 'GET', `/v3/business/${BIZ}/meta?per_page=3`)), { status: 1, data: { total: 7, pages: 3 } })
  t.same(json(await api(app, 'GET', `/v3/business/${BIZ}/meta?per_page=3&channel=ipg`)).data, { total: 6, pages: 2 })

  const other = await newTenant(app)
  t.same(json(await api(app, 'GET', `/v3/business/${other.vandar.business}/transaction`, undefined, other.vandar.access_token)).data, [])
})

t.test('business info and iam', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  await verified(app, { amount: 100000 })
  const res = await api(app, 'GET', `/v2/business/${BIZ}`)
  t.equal(res.statusCode, 200)
  const b = json(res)
  t.equal(b.status, 1)
  t.match(b.data, { id: 662, active: 1, business_name: BIZ, business_type: 'personal', wallet: 1050 + 9900, deductible_amount: String(10500 + 99000), blocked_amount: 0, role: 'owner', today_transactions: 1 })
  t.same(b.data.tools.ipg, { is_enabled: true, is_created: true })
  const iam = await api(app, 'GET', `/v2/business/${BIZ}/iam?page=1&per_page=10`)
  t.same(json(iam), { status: 1, data: { users: [{ name: 'مریم نبیان', avatar: 'https://vandar.io/storage/users/default.png', role: T.OWNER_ROLE, status: 1, role_id: 0, id: null }] } })
  t.equal((await api(app, 'GET', `/v2/business/${BIZ}`, undefined, null)).statusCode, 401)
})
