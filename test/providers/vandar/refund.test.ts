import t from 'tap'
import { createServer } from 'node:http'
import { form, json, sandbox } from '../../helpers/sandbox.js'
import { BIZ, advance, api, newTenant, paidPayment, settings, verified } from '../../helpers/vandar.js'
import { VANDAR_TEXT as T } from '../../../src/providers/vandar/text.js'
import { REFUND_INFERRED_TEXT as I } from '../../../src/providers/vandar/refund.js'

const path = (transId: number | string, biz = BIZ) => `/v3/business/${biz}/transaction/${transId}/refund`

t.test('full refund: PENDING, wallet debited, then DONE on the clock with a form-encoded webhook', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const hooks: Array<{ type: string; body: string }> = []
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      hooks.push({ type: String(req.headers['content-type']), body })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  t.teardown(() => new Promise<void>((r) => receiver.close(() => r())))
  const port = (receiver.address() as { port: number }).port

  const { transId } = await verified(app, { amount: 100000 })
  const walletBefore = app.sandbox.store.defaultTenant.vandar.wallet
  const res = await api(app, 'POST', path(transId), { payment_number: 'PN-1', notify_url: `http://127.0.0.1:${port}/hook` })
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.equal(body.status, 1)
  t.equal(body.data.message, T.REFUND_OK)
  t.equal(body.data.results.length, 1)
  const r = body.data.results[0]
  t.same(Object.keys(r), ['id', 'retry_count', 'gateway_transaction_id', 'amount', 'wage', 'payment_number', 'status', 'description', 'wallet', 'refund_date', 'created_at', 'receipt_url'])
  t.match(r, { retry_count: '01', amount: '100000', wage: 0, payment_number: 'PN-1', status: 'PENDING', description: `${T.REFUND_DESCRIPTION_PREFIX} ${transId}`, wallet: String(walletBefore - 100000) })
  t.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.match(r.refund_date, /^14\d{2}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/)
  t.equal(app.sandbox.store.defaultTenant.vandar.wallet, walletBefore - 100000)

  const again = await api(app, 'POST', path(transId), {})
  t.equal(again.statusCode, 422)
  t.same(json(again), { status: 0, errors: { transaction_id: [I.already_refunded] } })

  await advance(app, 60)
  const refunds = json(await app.inject({ method: 'GET', url: '/__sandbox/vandar/refunds' })).refunds
  t.equal(refunds[0].status, 'DONE')
  for (let i = 0; i < 50 && hooks.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
  t.equal(hooks.length, 1)
  t.match(hooks[0].type, /application\/x-www-form-urlencoded/)
  const fields = Object.fromEntries(new URLSearchParams(hooks[0].body))
  t.match(fields, { id: r.id, transaction_id: String(r.gateway_transaction_id), amount: '100000', payment_number: 'PN-1', status: 'DONE' })
  t.match(fields.settlement_date, /^\d{4}-\d{2}-\d{2}$/)
  t.match(fields.settlement_date_jalali, /^14\d{2}\/\d{2}\/\d{2}$/)
  t.match(fields.ref_code, /^\d+$/)
  let log: Array<{ status: number }> = []
  for (let i = 0; i < 50 && log.length === 0; i++) {
    log = json(await app.inject({ method: 'GET', url: '/__sandbox/vandar/webhooks' })).webhooks
    if (log.length === 0) await new Promise((r) => setTimeout(r, 20))
  }
  t.equal(log[0].status, 200)
  const rows = json(await api(app, 'GET', `/v3/business/${BIZ}/transaction?statusKind=settlements`)).data
  t.equal(rows.length, 1)
  t.equal(rows[0].status, 2)
  t.equal(rows[0].refund, String(transId))
})

t.test('partial refunds, chunks, and the rules', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  await app.inject({ method: 'PUT', url: '/__sandbox/vandar/wallet', payload: { wallet_rial: 10_000_000_000 } })
  await settings(app, { wage_payer: 'payer' })
  const { transId } = await verified(app, { amount: 2_000_000_000 })
  const part = await api(app, 'POST', path(transId), { amount: '500' })
  t.equal(part.statusCode, 200)
  t.same(json(await api(app, 'POST', path(transId), { amount: 2_000_000_000 })), { status: 0, errors: { amount: [I.amount_over] } })
  const rest = json(await api(app, 'POST', path(transId), { payment_number: 'p2' })).data.results
  t.same(rest.map((x: { amount: string }) => x.amount), ['1500000000', '499999500'], 'split into 1.5e9-rial chunks')
  t.equal(rest[1].gateway_transaction_id, rest[0].gateway_transaction_id + 1)
  t.same(json(await api(app, 'POST', path(transId), { amount: 1 })), { status: 0, errors: { transaction_id: [I.already_refunded] } })

  const other = await verified(app, { amount: 10000 })
  t.same(json(await api(app, 'POST', path(other.transId), { amount: 'abc' })), { status: 0, errors: { amount: [I.amount_invalid] } })
  t.same(json(await api(app, 'POST', path(other.transId), { amount: 1, payment_number: 'p2' })), { status: 0, errors: { payment_number: [I.payment_number_taken] } })
  t.same(json(await api(app, 'POST', path(other.transId), { notify_url: 'nope' })), { status: 0, errors: { notify_url: [I.notify_url_invalid] } })

  const unverified = await paidPayment(app)
  const transOf = app.sandbox.store.defaultTenant.vandar.payments[unverified].trans_id
  t.same(json(await api(app, 'POST', path(transOf), {})), { status: 0, errors: { transaction_id: [I.not_refundable] } })
  const missing = await api(app, 'POST', path(123456789012), {})
  t.equal(missing.statusCode, 404)
  t.same(json(missing), { status: 0, message: I.not_found })

  await app.inject({ method: 'PUT', url: '/__sandbox/vandar/wallet', payload: { wallet_rial: 5000 } })
  const poor = await api(app, 'POST', path(other.transId), {})
  t.equal(poor.statusCode, 422)
  t.same(json(poor), { status: 0, errors: { amount: [T.INSUFFICIENT] } })

  await settings(app, { refund_enabled: false })
  t.same(json(await api(app, 'POST', path(other.transId), {})), { status: 0, errors: { error: I.tool_inactive } })
})

t.test('a refund that fails gives the money back; other businesses cannot refund', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  await settings(app, { refund_final_status: 'FAILED', refund_done_after_seconds: 10 })
  const { transId } = await verified(app, { amount: 50000 })
  const before = app.sandbox.store.defaultTenant.vandar.wallet
  await api(app, 'POST', path(transId), { amount: 20000 })
  t.equal(app.sandbox.store.defaultTenant.vandar.wallet, before - 20000)
  await advance(app, 10)
  await api(app, 'GET', `/v2/business/${BIZ}/balance`)
  t.equal(app.sandbox.store.defaultTenant.vandar.wallet, before, 'credited back')
  t.equal(json(await app.inject({ method: 'GET', url: '/__sandbox/vandar/refunds' })).refunds[0].status, 'FAILED')
  t.equal((await api(app, 'POST', path(transId), { amount: 50000 })).statusCode, 200, 'the failed amount is refundable again')

  const other = await newTenant(app)
  const theirs = await api(app, 'POST', path(transId, other.vandar.business), {}, other.vandar.access_token)
  t.equal(theirs.statusCode, 404)
  t.equal((await api(app, 'POST', path(transId, other.vandar.business), {})).statusCode, 401)
})

t.test('refund with a multipart body, as the official sample sends it', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const { transId } = await verified(app, { amount: 30000 })
  const res = await api(app, 'POST', path(transId), form({ amount: '500', payment_number: 'PN-9', description: 'بازگشت' }))
  t.equal(res.statusCode, 200)
  t.match(json(res).data.results[0], { amount: '500', payment_number: 'PN-9', description: 'بازگشت', status: 'PENDING' })
})
