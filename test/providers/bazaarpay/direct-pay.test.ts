import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { TEXT_401, advance, balance, bp, newCheckout, newTenant, trace } from '../../helpers/bazaarpay.js'
import { DIRECT_PAY_ERRORS, type DirectPayScenario } from '../../../src/providers/bazaarpay/texts.js'
import { periodBounds } from '../../../src/providers/bazaarpay/operations.js'
import type { FastifyInstance } from 'fastify'

const CONTRACT_INVALID = 'توکن قرارداد صحیح نیست.'

const contract = async (app: FastifyInstance, body: Record<string, unknown> = {}, accept: string | null = '09123456789') => {
  const res = await bp(app, 'POST', '/v1/direct-pay/contract/init/', { type: 'wallet', amount_limit: 1_000_000, period: 'monthly', ...body })
  if (res.statusCode !== 200) throw new Error(res.body)
  const token = json(res).contract_token as string
  if (accept) await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${token}/accept`, payload: { phone: accept } })
  return token
}

const directPay = (app: FastifyInstance, contractToken: string, checkoutToken: string, version: 'v1' | 'v2' = 'v2', token: string | null = 'merchant_token') =>
  bp(app, 'POST', `/${version}/direct-pay/`, { contract_token: contractToken, checkout_token: checkoutToken }, token)

t.test('contract init, trace, signing actions, cancel', async (t) => {
  const app = await sandbox(t)
  app.sandbox.clock.set(Date.parse('2025-07-01T08:00:00Z'))
  const init = await bp(app, 'POST', '/v1/direct-pay/contract/init/', { type: 'direct_debit', amount_limit: 100000, period: 'weekly', owner_phone_number: '989123456789' })
  t.equal(init.statusCode, 200)
  const { contract_token, redirect_url } = json(init)
  t.match(contract_token, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.equal(redirect_url, `http://localhost:80/cafebazaar.ir/bazaar-pay/contract/direct-pay?contract_token=${contract_token}`)
  const tr = json(await bp(app, 'GET', `/v1/direct-pay/contract/trace/?contract_token=${contract_token}`))
  t.match(tr.expiration_time, /^2026-07-01T08:00:00\.\d{3}000Z$/)
  t.same(tr, {
    ...tr,
    state: 'new',
    amount_limit: 100000,
    limit_remaining_amount: 100000,
    // the week of Tuesday 2025-07-01 ends on Saturday 2025-07-05 00:00 Tehran time
    limit_expiration_time: '2025-07-04T20:30:00.000000Z'
  })
  const wrong = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${contract_token}/accept`, payload: { phone: '09120000000' } })
  t.equal(wrong.statusCode, 409)
  const ok = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${contract_token}/accept`, payload: {} })
  t.equal(json(ok).state, 'active')
  t.equal(json(ok).phone, '09123456789')
  // cancel: body or query; only active contracts
  const c2 = await contract(app, {}, null)
  const notActive = await bp(app, 'POST', '/v1/direct-pay/contract/cancel/', { contract_token: c2 })
  t.equal(notActive.statusCode, 400)
  t.same(json(notActive), { detail: CONTRACT_INVALID })
  const unknown = await bp(app, 'POST', '/v1/direct-pay/contract/cancel/', { contract_token: 'nope' })
  t.same(json(unknown), { contract_token: [CONTRACT_INVALID] })
  const none = await bp(app, 'POST', '/v1/direct-pay/contract/cancel/', {})
  t.same(json(none), { contract_token: ['این مقدار لازم است.'] })
  const viaQuery = await bp(app, 'POST', `/v1/direct-pay/contract/cancel/?contract_token=${contract_token}`, undefined)
  t.equal(viaQuery.statusCode, 204)
  t.equal(viaQuery.body, '')
  t.equal(json(await bp(app, 'GET', `/v1/direct-pay/contract/trace/?contract_token=${contract_token}`)).state, 'cancelled')
  t.equal((await bp(app, 'POST', '/v1/direct-pay/contract/cancel/', { contract_token })).statusCode, 400)
  // decline and expiry
  const c3 = await contract(app, {}, null)
  await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${c3}/decline`, payload: {} })
  t.equal(json(await bp(app, 'GET', `/v1/direct-pay/contract/trace/?contract_token=${c3}`)).state, 'declined')
  const c4 = await contract(app)
  advance(app, 366 * 86400)
  t.equal(json(await bp(app, 'GET', `/v1/direct-pay/contract/trace/?contract_token=${c4}`)).state, 'expired')
  // errors
  const badInit = await bp(app, 'POST', '/v1/direct-pay/contract/init/', { type: 'card', amount_limit: 99999, period: 'hourly', redirect_url: 'not a url' })
  t.same(json(badInit), {
    type: ['"card" یک انتخاب معتبر نیست.'],
    amount_limit: ['مطمئن شوید این مقدار بزرگتر یا مساوی 100000 است.'],
    period: ['"hourly" یک انتخاب معتبر نیست.'],
    redirect_url: ['یک URL معتبر وارد کنید.']
  })
  t.same(json(await bp(app, 'GET', '/v1/direct-pay/contract/trace/?contract_token=nope')), { contract_token: [CONTRACT_INVALID] })
  t.same(json(await bp(app, 'GET', '/v1/direct-pay/contract/trace/')), { contract_token: ['این مقدار لازم است.'] })
  t.same(json(await bp(app, 'POST', '/v1/direct-pay/contract/init/', {}, null)), { detail: TEXT_401 })
  const other = await newTenant(app)
  t.same(json(await bp(app, 'GET', `/v1/direct-pay/contract/trace/?contract_token=${c4}`, undefined, other.bazaarpay.merchant_token)), { contract_token: [CONTRACT_INVALID] })
})

t.test('direct-pay: 204, committed at once, idempotent, wallet and period limit move', async (t) => {
  const app = await sandbox(t)
  const phone = '09123456789'
  const start = balance(app, phone)!
  const c = await contract(app, { amount_limit: 300000, period: 'daily' })
  const a = await newCheckout(app, 200000)
  const ok = await directPay(app, c, a)
  t.equal(ok.statusCode, 204)
  t.equal(ok.body, '')
  t.equal(await trace(app, a), 'paid_committed')
  t.equal(balance(app, phone), start - 200000)
  t.equal((await directPay(app, c, a, 'v1')).statusCode, 204, 'idempotent on the checkout')
  t.equal(balance(app, phone), start - 200000)
  t.equal(json(await bp(app, 'GET', `/v1/direct-pay/contract/trace/?contract_token=${c}`)).limit_remaining_amount, 100000)
  t.same(json(await bp(app, 'POST', '/v1/direct-pay/contract/payable-amount/', { contract_token: c })), {
    payable_amount: 100000,
    payable_amount_string: '۱۰,۰۰۰ تومان',
    user_balance: start - 200000,
    user_balance_string: '۹۸۰,۰۰۰ تومان'
  })
  // over the period limit, v1 and v2
  const b = await newCheckout(app, 150000)
  const v2 = await directPay(app, c, b)
  t.equal(v2.statusCode, 400)
  t.same(json(v2), {
    detail: 'با توجه به قرارداد شما، در بازه روزانه نمی‌توانید از ویژگی پرداخت مستقیم بیش از ۳۰,۰۰۰ تومان استفاده کنید.',
    code: 'direct_pay.period_amount_limit_violation'
  })
  const en = await bp(app, 'POST', '/v1/direct-pay/', { contract_token: c, checkout_token: b }, 'merchant_token', { 'accept-language': 'en' })
  t.same(json(en), { detail: 'Due to your contract, you cannot use the direct payment feature for more than 30,000 Tomans per day.' })
  // the next day the limit is back; the refund of a direct-pay checkout works
  advance(app, 86400)
  t.equal(await trace(app, b), 'timed_out')
  const b2 = await newCheckout(app, 150000)
  t.equal((await directPay(app, c, b2)).statusCode, 204)
  t.equal((await bp(app, 'POST', '/v1/refund/', { checkout_token: b2 })).statusCode, 204)
  t.equal(await trace(app, b2), 'refunded')
  t.equal(balance(app, phone), start - 200000)
  // a timed-out checkout
  const late = await newCheckout(app, 1000)
  advance(app, 901)
  t.same(json(await directPay(app, c, late)), { detail: DIRECT_PAY_ERRORS.checkout_token_expired.fa, code: 'purchase.timeout' })
  t.same(json(await directPay(app, c, late, 'v1')), { detail: 'توکن پرداخت منقضی شده است، لطفاً فرآیند پرداخت را از اول آغاز کنید.' })
  // unknown tokens, auth, validation
  t.same(json(await directPay(app, 'nope', '0000000000', 'v1')), { contract_token: ['توکن قرارداد صحیح نیست.'], checkout_token: ['توکن پرداخت صحیح نیست.'] })
  t.same(json(await directPay(app, 'nope', late)), {
    code: 'invalid',
    detail: 'درخواست نامعتبر است',
    invalid_params: [{ param: 'contract_token', code: 'invalid', detail: 'توکن قرارداد صحیح نیست.' }]
  })
  t.same(json(await directPay(app, c, late, 'v1', null)), { detail: TEXT_401 })
  t.same(json(await directPay(app, c, late, 'v2', null)), { detail: TEXT_401, code: 'not_authenticated' })
  // JSON without a Content-Type header, as the docs' curl sends it
  const d = await newCheckout(app, 1000)
  const curl = await bp(app, 'POST', '/v2/direct-pay/', `{"contract_token": "${c}", "checkout_token": "${d}"}`, 'merchant_token', { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(curl.statusCode, 204)
})

t.test('direct-pay: the natural errors', async (t) => {
  const app = await sandbox(t)
  // not active (v1 detail is a list)
  const fresh = await contract(app, {}, null)
  const a = await newCheckout(app, 20000)
  t.same(json(await directPay(app, fresh, a, 'v1')), { detail: ['قرارداد کاربر فعال نیست.'] })
  t.same(json(await directPay(app, fresh, a)), { detail: 'قرارداد کاربر فعال نیست.', code: 'direct_pay.inactive_contract' })
  // insufficient wallet balance
  const poor = await contract(app, {}, '09120000001')
  t.same(json(await directPay(app, poor, a)), { detail: 'موجودی حساب کافی نیست.', code: 'account.insufficient_balance' })
  // disabled account
  await app.inject({ method: 'PUT', url: '/__sandbox/bazaarpay/users/09120000001', payload: { disabled: true, balance: 1_000_000 } })
  t.same(json(await directPay(app, poor, a)), { detail: 'حساب غیرفعال است.', code: 'account.disabled' })
  t.same(json(await directPay(app, poor, a, 'v1')), { detail: 'حساب غیرفعال است.' })
  // direct debit: minimum and the daily count of 10
  const dd = await contract(app, { type: 'direct_debit', amount_limit: 1_000_000_000, period: 'yearly' })
  const small = await newCheckout(app, 9999)
  t.same(json(await directPay(app, dd, small)), { detail: 'حداقل مقدار تراکنش ۱۰۰۰۰ ریال است.', code: 'purchase.minimum_amount_violation' })
  const before = balance(app, '09123456789')
  for (let i = 0; i < 10; i++) t.equal((await directPay(app, dd, await newCheckout(app, 10000))).statusCode, 204)
  t.equal(balance(app, '09123456789'), before, 'direct debit does not touch the wallet')
  t.same(json(await directPay(app, dd, await newCheckout(app, 10000))), {
    detail: 'شما به سقف تعداد تراکنش روزانه پرداخت مستقیم رسیده‌اید.',
    code: 'direct_debit.daily_transaction_count_limit_violation'
  })
  // a checkout already paid on the page
  const paid = await newCheckout(app, 10000)
  await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${paid}/pay`, payload: {} })
  t.equal((await directPay(app, await contract(app), paid)).statusCode, 400)
})

t.test('direct-pay: every documented error can be injected, v1 and v2 bodies', async (t) => {
  const app = await sandbox(t)
  const c = await contract(app)
  for (const [scenario, e] of Object.entries(DIRECT_PAY_ERRORS)) {
    const inject = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${c}/fail`, payload: { scenario, times: 3 } })
    t.equal(inject.statusCode, 200)
    const checkout = await newCheckout(app, 10000)
    const v2 = await directPay(app, c, checkout)
    t.equal(v2.statusCode, e.status, `${scenario} v2 status`)
    const expected = scenario === 'contract_pay_over_max' ? json(v2).detail : e.fa
    t.same(json(v2), { detail: expected, code: e.code }, `${scenario} v2 body`)
    const v1 = await directPay(app, c, checkout, 'v1')
    t.equal(v1.statusCode, e.status)
    t.same(json(v1), { detail: scenario === 'contract_pay_over_max' ? json(v1).detail : e.v1_fa }, `${scenario} v1 body`)
    const en = await bp(app, 'POST', '/v2/direct-pay/', { contract_token: c, checkout_token: checkout }, 'merchant_token', { 'accept-language': 'en' })
    t.equal(json(en).detail, scenario === 'contract_pay_over_max' ? json(en).detail : e.en, `${scenario} en`)
    t.equal(await trace(app, checkout), 'unpaid')
    t.equal((await directPay(app, c, checkout)).statusCode, 204, `${scenario}: the injected failure was used up`)
    t.equal(await trace(app, checkout), 'paid_committed')
  }
  t.equal(Object.keys(DIRECT_PAY_ERRORS).length, 22)
  const bad = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${c}/fail`, payload: { scenario: 'nope' } })
  t.equal(bad.statusCode, 400)
  const forever = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${c}/fail`, payload: { scenario: 'expired_card' as DirectPayScenario, times: 0 } })
  t.equal(forever.statusCode, 200)
  const x = await newCheckout(app, 10000)
  for (let i = 0; i < 3; i++) t.equal(json(await directPay(app, c, x)).code, 'direct_debit.inactive_card')
  await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/contracts/${c}/fail`, payload: { scenario: null } })
  const cleared = await directPay(app, c, x)
  t.equal(cleared.statusCode, 204, cleared.body)
})

t.test('calendar periods: Saturday weeks, Jalali months, Tehran days', async (t) => {
  const iso = (ms: number) => new Date(ms).toISOString()
  // 2025-03-21 is 1 Farvardin 1404 (Nowruz)
  const now = Date.parse('2025-05-10T12:00:00Z')
  t.same(periodBounds('daily', now), { start: Date.parse('2025-05-09T20:30:00Z'), end: Date.parse('2025-05-10T20:30:00Z') })
  t.equal(iso(periodBounds('weekly', now).start), '2025-05-09T20:30:00.000Z', 'Saturday 2025-05-10 starts its own week')
  t.equal(iso(periodBounds('monthly', now).start), '2025-04-20T20:30:00.000Z', '1 Ordibehesht 1404')
  t.equal(iso(periodBounds('monthly', now).end), '2025-05-21T20:30:00.000Z', '1 Khordad 1404')
  t.equal(iso(periodBounds('quarterly', now).start), '2025-03-20T20:30:00.000Z', '1 Farvardin 1404')
  t.equal(iso(periodBounds('quarterly', now).end), '2025-06-21T20:30:00.000Z', '1 Tir 1404')
  t.equal(iso(periodBounds('semiannual', now).end), '2025-09-22T20:30:00.000Z', '1 Mehr 1404')
  t.equal(iso(periodBounds('yearly', now).end), '2026-03-20T20:30:00.000Z', '1 Farvardin 1405')
})
