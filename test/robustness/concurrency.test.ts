/**
 * The concurrency invariants of issue 3 for every provider besides Baloan (whose suite is
 * test/providers/baloan/concurrency.test.ts), with the same helpers: parallel attempts at
 * something that may succeed once succeed once; balances move by exactly what the successes say.
 */
import t from 'tap'
import { json, sandbox } from '../helpers/sandbox.js'
import { conserved, exactlyOnce, parallel } from '../helpers/concurrency.js'
import { BIZ, IBAN, KEY, api, ipgPost, paidPayment, verified } from '../helpers/vandar.js'
import { balance, bp, newCheckout, trace } from '../helpers/bazaarpay.js'
import { c2cPost, createPayment, deposit } from '../helpers/card-to-card.js'
import { VANDAR_TEXT as T } from '../../src/providers/vandar/text.js'
import { REFUND_INFERRED_TEXT as R } from '../../src/providers/vandar/refund.js'

t.test('Vandar: 20 parallel verifies of one payment credit the wallet once', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await paidPayment(app, { amount: 250000 })
  const v = app.sandbox.store.defaultTenant.vandar
  const before = v.wallet
  const { ok } = await exactlyOnce(t, 20, () => ipgPost(app, 'verify', { api_key: KEY, token }), (r) => r.statusCode === 200, (r) =>
    JSON.stringify(json(r)) === JSON.stringify({ status: 2, errors: [T.ALREADY_ANNOUNCED] })
  )
  conserved(t, before, v.wallet, ok.map((r) => -json(r).realAmount), 'wallet')
})

t.test('Vandar cash-in: 20 parallel deposits with one track_id debit the account once', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const account = () => app.sandbox.store.defaultTenant.vandar.cash_in_accounts.find((a) => a.IBAN === IBAN)!
  const before = account().available_balance
  const { ok } = await exactlyOnce(
    t,
    20,
    () => api(app, 'POST', `/v3/business/${BIZ}/cash-in/account/deposit`, { iban: IBAN, amount: 1_500_000, track_id: 'one-track-id' }),
    (r) => r.statusCode === 200,
    (r) => JSON.stringify(json(r).errors) === JSON.stringify({ track_id: [T.TRACK_ID_DUPLICATE] })
  )
  conserved(t, before, account().available_balance, ok.map(() => 1_500_000), 'account balance')
})

t.test('Vandar refund: 10 parallel full refunds of one payment refund it once', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const { transId } = await verified(app, { amount: 400000 })
  const v = app.sandbox.store.defaultTenant.vandar
  const before = v.wallet
  const { ok } = await exactlyOnce(
    t,
    10,
    () => api(app, 'POST', `/v3/business/${BIZ}/transaction/${transId}/refund`, {}),
    (r) => r.statusCode === 200,
    (r) => JSON.stringify(json(r)) === JSON.stringify({ status: 0, errors: { transaction_id: [R.already_refunded] } })
  )
  const moves = ok.flatMap((r) => json(r).data.results.map((x: { amount: string; wage: string | number }) => Number(x.amount) + Number(x.wage)))
  conserved(t, before, v.wallet, moves, 'wallet')
})

t.test('BazaarPay: 10 parallel direct-pays of one checkout take the payer\'s balance once', async (t) => {
  const app = await sandbox(t)
  const phone = '09123456789'
  const init = await bp(app, 'POST', '/v1/direct-pay/contract/init/', { type: 'wallet', amount_limit: 1_000_000, period: 'monthly' })
  const contract = json(init).contract_token as string
  await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${contract}/accept`, payload: { phone } })
  const checkout = await newCheckout(app, 200000)
  const before = balance(app, phone)!
  const { ok } = await parallel(10, () => bp(app, 'POST', '/v2/direct-pay/', { contract_token: contract, checkout_token: checkout }), (r) => r.statusCode === 204)
  t.equal(ok.length, 10, 'direct-pay is idempotent on the checkout: every attempt answers 204')
  t.equal(await trace(app, checkout), 'paid_committed')
  conserved(t, before, balance(app, phone)!, [200000], 'payer balance')
})

t.test('card-to-card: 20 parallel creates with one fid make one payment; parallel deposits settle it once', async (t) => {
  const app = await sandbox(t)
  const payments = () => Object.keys(app.sandbox.store.defaultTenant.card_to_card.payments).length
  const before = payments()
  await exactlyOnce(t, 20, () => c2cPost(app, '/create', { price: 30000, fid: 777 }), (r) => r.statusCode === 200, (r) => r.statusCode === 500 && json(r).code === 3)
  t.equal(payments(), before + 1)
  const one = await createPayment(app, { price: 52000 })
  const { ok } = await parallel(10, () => deposit(app, { amount: 52000 }), (r) => r.deposit.outcome === 'paid')
  t.equal(ok.length, 1, 'one deposit settles the payment; the others find nothing open')
  t.equal(ok[0].deposit.pay_id, one.pay_id)
})
