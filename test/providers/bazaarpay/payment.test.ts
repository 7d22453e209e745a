import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { DESTINATION, LEGACY, TEXT_401, advance, balance, bp, newCheckout, newTenant, pay, trace } from '../../helpers/bazaarpay.js'

t.test('checkout/init: token, payment_url, with or without auth, both hosts', async (t) => {
  const app = await sandbox(t)
  const res = await bp(app, 'POST', '/v1/checkout/init/', { amount: 50000, destination: DESTINATION, service_name: 'اشتراک' })
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.same(Object.keys(body), ['checkout_token', 'payment_url'])
  t.match(body.checkout_token, /^\d{10}$/)
  t.equal(body.payment_url, `http://localhost:80/cafebazaar.ir/bazaar-pay/payment?token=${body.checkout_token}`)
  // anonymous init (auth is optional per merchant) and the legacy host
  const anon = await bp(app, 'POST', `${LEGACY}/v1/checkout/init/`, { amount: 0, destination: DESTINATION, service_name: 'x' }, null)
  t.equal(anon.statusCode, 200)
  // host-header routing gives a host-routed payment_url
  const routed = await app.inject({
    method: 'POST',
    url: '/badje/v1/checkout/init/',
    headers: { host: 'api.bazaar-pay.ir' },
    payload: { amount: 1000, destination: DESTINATION, service_name: 'x' }
  })
  t.match(json(routed).payment_url, /^http:\/\/cafebazaar\.ir\/bazaar-pay\/payment\?token=\d{10}$/)
  // web_base app.bazaar-pay.ir
  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { web_base: 'app.bazaar-pay.ir' } })
  const app2 = json(await bp(app, 'POST', '/v1/checkout/init/', { amount: 1000, destination: DESTINATION, service_name: 'x' }))
  t.match(app2.payment_url, /\/app\.bazaar-pay\.ir\/payment\?token=\d{10}$/)
  // a JSON body sent as a form (curl without Content-Type) is read as JSON
  const curlish = await bp(app, 'POST', '/v1/checkout/init/', `{"amount": 1000, "destination": "${DESTINATION}", "service_name": "x"}`, null, {
    'content-type': 'application/x-www-form-urlencoded'
  })
  t.equal(curlish.statusCode, 200)
  const form = await bp(app, 'POST', '/v1/checkout/init/', `amount=1000&destination=${DESTINATION}&service_name=x`, null, {
    'content-type': 'application/x-www-form-urlencoded'
  })
  t.equal(form.statusCode, 200)
})

t.test('checkout/init errors: field maps, destination, auth', async (t) => {
  const app = await sandbox(t)
  const empty = await bp(app, 'POST', '/v1/checkout/init/', {})
  t.equal(empty.statusCode, 400)
  t.same(json(empty), { amount: ['این مقدار لازم است.'], destination: ['این مقدار لازم است.'], service_name: ['این مقدار لازم است.'] })
  const bad = await bp(app, 'POST', '/v1/checkout/init/', { amount: 'abc', destination: '', service_name: 'x'.repeat(513) })
  t.same(json(bad), {
    amount: ['یک عدد صحیح معتبر لازم است.'],
    destination: ['این فیلد نمی‌تواند خالی باشد.'],
    service_name: ['مطمئن شوید طول این مقدار بیشتر از 512 نیست.']
  })
  const big = await bp(app, 'POST', '/v1/checkout/init/', { amount: 1_000_000_001, destination: DESTINATION, service_name: 'x' })
  t.same(json(big), { amount: ['مطمئن شوید این مقدار کوچکتر یا مساوی 1000000000 است.'] })
  const en = await bp(app, 'POST', '/v1/checkout/init/', { destination: DESTINATION, service_name: 'x' }, 'merchant_token', { 'accept-language': 'en' })
  t.same(json(en), { amount: ['This field is required.'] })
  const unknownDest = await bp(app, 'POST', '/v1/checkout/init/', { amount: 1, destination: 'nobody', service_name: 'x' })
  t.equal(unknownDest.statusCode, 400)
  t.same(json(unknownDest), { destination: ['مقصد پرداخت معتبر نیست.'] })
  // another merchant's destination with my token
  const other = await newTenant(app)
  const foreign = await bp(app, 'POST', '/v1/checkout/init/', { amount: 1, destination: other.bazaarpay.destination, service_name: 'x' })
  t.equal(foreign.statusCode, 400)
  const badToken = await bp(app, 'POST', '/v1/checkout/init/', { amount: 1, destination: DESTINATION, service_name: 'x' }, 'wrong')
  t.equal(badToken.statusCode, 401)
  t.same(json(badToken), { detail: TEXT_401 })
  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { require_auth_on_init_commit: true } })
  const anon = await bp(app, 'POST', '/v1/checkout/init/', { amount: 1, destination: DESTINATION, service_name: 'x' }, null)
  t.equal(anon.statusCode, 401)
  const list = await bp(app, 'POST', '/v1/checkout/init/', '[1]', 'merchant_token', { 'content-type': 'application/json' })
  t.same(json(list), { non_field_errors: ['داده نامعتبر. باید دیکشنری باشد ولی list دریافت شد.'] })
  const broken = await bp(app, 'POST', '/v1/checkout/init/', '{"amount": 1,}', 'merchant_token', { 'content-type': 'application/json' })
  t.equal(broken.statusCode, 400)
  t.match(json(broken).detail, /^JSON parse error - /)
})

t.test('trace: the seven statuses, invalid_token with 200, isolation', async (t) => {
  const app = await sandbox(t)
  t.equal(await trace(app, '0000000000'), 'invalid_token')
  const res = await bp(app, 'POST', '/v1/trace/', { checkout_token: '0000000000' }, null)
  t.equal(res.statusCode, 200)
  t.same(json(res), { status: 'invalid_token' })
  const missing = await bp(app, 'POST', '/v1/trace/', {}, null)
  t.same(json(missing), { checkout_token: ['این مقدار لازم است.'] })

  const a = await newCheckout(app)
  t.equal(await trace(app, a), 'unpaid')
  await pay(app, a, { phone: '09123456789', method: 'wallet' })
  t.equal(await trace(app, a), 'paid_not_committed')
  t.equal((await bp(app, 'POST', '/v1/commit/', { checkout_token: a })).statusCode, 204)
  t.equal(await trace(app, a), 'paid_committed')
  t.equal((await bp(app, 'POST', '/v1/refund/', { checkout_token: a })).statusCode, 204)
  t.equal(await trace(app, a), 'refunded')

  const b = await newCheckout(app)
  await pay(app, b)
  const c = await newCheckout(app)
  advance(app, 10 * 60 + 1)
  t.equal(await trace(app, b), 'paid_not_committed_refunded')
  t.equal(await trace(app, c), 'unpaid')
  advance(app, 5 * 60)
  t.equal(await trace(app, c), 'timed_out')
  // the checkout token as a number, as the web SDK allows
  t.equal(json(await bp(app, 'POST', '/v1/trace/', { checkout_token: Number(c) }, null)).status, 'timed_out')

  // another merchant's token sees invalid_token for my checkout
  const other = await newTenant(app)
  t.equal(await trace(app, a, other.bazaarpay.merchant_token), 'invalid_token')
  t.equal(await trace(app, a, 'merchant_token'), 'refunded')
})

t.test('commit: 204 empty, idempotent, errors per state', async (t) => {
  const app = await sandbox(t)
  const a = await newCheckout(app)
  const unpaid = await bp(app, 'POST', '/v1/commit/', { checkout_token: a })
  t.equal(unpaid.statusCode, 400)
  t.same(json(unpaid), { detail: 'این پرداخت هنوز انجام نشده است.' })
  await pay(app, a)
  const ok = await bp(app, 'POST', '/v1/commit/', { checkout_token: a }, null)
  t.equal(ok.statusCode, 204)
  t.equal(ok.body, '')
  t.equal((await bp(app, 'POST', '/v1/commit/', { checkout_token: a })).statusCode, 204)
  const unknown = await bp(app, 'POST', '/v1/commit/', { checkout_token: '1111111111' })
  t.equal(unknown.statusCode, 400)
  t.same(json(unknown), { checkout_token: ['توکن پرداخت صحیح نیست.'] })
  const timed = await newCheckout(app)
  advance(app, 901)
  const late = await bp(app, 'POST', '/v1/commit/', { checkout_token: timed })
  t.same(json(late), { detail: 'توکن پرداخت منقضی شده است، لطفاً فرآیند پرداخت را از اول آغاز کنید.' })
  const b = await newCheckout(app)
  await pay(app, b)
  advance(app, 601)
  const refunded = await bp(app, 'POST', '/v1/commit/', { checkout_token: b })
  t.same(json(refunded), { detail: 'مبلغ این پرداخت بازگردانده شده است.' })
  // require_auth_on_init_commit
  const c = await newCheckout(app)
  await pay(app, c)
  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { require_auth_on_init_commit: true } })
  t.equal((await bp(app, 'POST', '/v1/commit/', { checkout_token: c }, null)).statusCode, 401)
  t.equal((await bp(app, 'POST', '/v1/commit/', { checkout_token: c })).statusCode, 204)
  // another merchant cannot commit my checkout
  const other = await newTenant(app)
  t.equal((await bp(app, 'POST', '/v1/commit/', { checkout_token: c }, other.bazaarpay.merchant_token)).statusCode, 400)
})

t.test('wallet money: payment, no-commit refund, refunds', async (t) => {
  const app = await sandbox(t)
  const phone = '09123456789'
  const start = balance(app, phone)!
  const a = await newCheckout(app, 30000)
  await pay(app, a, { phone, method: 'wallet' })
  t.equal(balance(app, phone), start - 30000)
  advance(app, 600)
  t.equal(await trace(app, a), 'paid_not_committed_refunded')
  t.equal(balance(app, phone), start, 'the commit window returns the money to the wallet')

  const b = await newCheckout(app, 40000)
  await pay(app, b, { phone, method: 'wallet' })
  await bp(app, 'POST', '/v1/commit/', { checkout_token: b })
  t.equal(balance(app, phone), start - 40000)
  const partial = await bp(app, 'POST', '/v1/refund/', { checkout_token: b, amount: 10000 })
  t.equal(partial.statusCode, 204)
  t.equal(balance(app, phone), start - 30000)
  // one refund per checkout: later calls change nothing
  t.equal((await bp(app, 'POST', '/v1/refund/', { checkout_token: b })).statusCode, 204)
  t.equal((await bp(app, 'POST', '/v1/refund/', { checkout_token: b, amount: 5 })).statusCode, 204)
  t.equal(balance(app, phone), start - 30000)
  t.equal(app.sandbox.store.defaultTenant.bazaarpay.checkouts[b].refund_amount, 10000)

  // a bank payment refunded goes to the wallet as well
  const c = await newCheckout(app, 20000)
  await pay(app, c, { phone: '09350000000', method: 'bank' })
  t.equal(balance(app, '09350000000'), 0)
  await bp(app, 'POST', '/v1/commit/', { checkout_token: c })
  await bp(app, 'POST', '/v1/refund/', { checkout_token: c })
  t.equal(balance(app, '09350000000'), 20000)

  // refund before commit: the fallback of a failed commit
  const d = await newCheckout(app, 1000)
  await pay(app, d, { phone, method: 'bank' })
  t.equal((await bp(app, 'POST', '/v1/refund/', { checkout_token: d })).statusCode, 204)
  t.equal(await trace(app, d), 'paid_not_committed_refunded')
})

t.test('refund errors: auth, unpaid, amount, unknown, other merchant', async (t) => {
  const app = await sandbox(t)
  const a = await newCheckout(app, 30000)
  const anon = await bp(app, 'POST', '/v1/refund/', { checkout_token: a }, null)
  t.equal(anon.statusCode, 401)
  t.same(json(anon), { detail: TEXT_401 })
  const unpaid = await bp(app, 'POST', '/v1/refund/', { checkout_token: a })
  t.equal(unpaid.statusCode, 400)
  t.same(json(unpaid), { detail: 'این پرداخت هنوز انجام نشده است.' })
  await pay(app, a)
  await bp(app, 'POST', '/v1/commit/', { checkout_token: a })
  const tooMuch = await bp(app, 'POST', '/v1/refund/', { checkout_token: a, amount: 30001 })
  t.same(json(tooMuch), { amount: ['مبلغ بازگشت نمی‌تواند از مبلغ پرداخت بیشتر باشد.'] })
  const zero = await bp(app, 'POST', '/v1/refund/', { checkout_token: a, amount: 0 })
  t.same(json(zero), { amount: ['مطمئن شوید این مقدار بزرگتر یا مساوی 1 است.'] })
  const other = await newTenant(app)
  const foreign = await bp(app, 'POST', '/v1/refund/', { checkout_token: a }, other.bazaarpay.merchant_token)
  t.same(json(foreign), { checkout_token: ['توکن پرداخت صحیح نیست.'] })
  t.equal(await trace(app, a), 'paid_committed')
})

t.test('get-checkouts-status: window, filter_date_by, cursor pagination', async (t) => {
  const app = await sandbox(t)
  app.sandbox.clock.set(Date.parse('2025-03-01T10:00:00Z'))
  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { page_size: 2 } })
  const tokens: string[] = []
  for (let i = 0; i < 5; i++) {
    tokens.push(await newCheckout(app, 1000 * (i + 1)))
    advance(app, 60)
  }
  await pay(app, tokens[0])
  await bp(app, 'POST', '/v1/commit/', { checkout_token: tokens[0] })
  await pay(app, tokens[1])
  await bp(app, 'POST', '/v1/commit/', { checkout_token: tokens[1] })
  await bp(app, 'POST', '/v1/refund/', { checkout_token: tokens[1] })

  const window = { start_datetime: '2025-03-01T00:00:00Z', end_datetime: '2025-03-02T00:00:00Z' }
  const p1 = await bp(app, 'POST', '/v1/get-checkouts-status/', window)
  t.equal(p1.statusCode, 200)
  const b1 = json(p1)
  t.equal(b1.checkouts.length, 2)
  t.same(b1.checkouts.map((c: { token: string }) => c.token), [tokens[4], tokens[3]], 'newest first')
  t.equal(b1.previous, null)
  t.match(b1.next, /^http:\/\/localhost:80\/api\.bazaar-pay\.ir\/badje\/v1\/get-checkouts-status\/\?cursor=/)
  t.same(Object.keys(b1.checkouts[0]), ['token', 'amount', 'service_name', 'created_datetime', 'status', 'payment_datetime', 'commit_datetime', 'refund_datetime', 'is_committed'])
  // the sandbox clock runs on from the set instant: a loaded machine may take a few seconds here
  t.match(b1.checkouts[0].created_datetime, /^2025-03-01T10:04:0\d\.\d{6}Z$/)
  const next = new URL(b1.next)
  const p2 = json(await bp(app, 'POST', `/v1/get-checkouts-status/${next.search}`, window))
  t.same(p2.checkouts.map((c: { token: string }) => c.token), [tokens[2], tokens[1]])
  t.type(p2.previous, 'string')
  const p3 = json(await bp(app, 'POST', `/v1/get-checkouts-status/${new URL(p2.next).search}`, window))
  t.same(p3.checkouts.map((c: { token: string }) => c.token), [tokens[0]])
  t.equal(p3.next, null)
  t.same(p3.checkouts[0], { ...p3.checkouts[0], status: 'paid_committed', is_committed: true, refund_datetime: null })

  const paid = json(await bp(app, 'POST', '/v1/get-checkouts-status/', { ...window, filter_date_by: 'payment_date' }))
  t.same(paid.checkouts.map((c: { token: string }) => c.token).sort(), [tokens[0], tokens[1]].sort())
  const refunded = json(await bp(app, 'POST', '/v1/get-checkouts-status/', { ...window, end_time: window.end_datetime, end_datetime: undefined, filter_date_by: 'refund_date' }))
  t.same(refunded.checkouts.map((c: { token: string; status: string }) => [c.token, c.status]), [[tokens[1], 'refunded']])
  // naive times are Tehran time: 13:30 Tehran is 10:00 UTC
  const naive = json(await bp(app, 'POST', '/v1/get-checkouts-status/', { start_datetime: '2025-03-01T13:31', end_datetime: '2025-03-01T13:33' }))
  t.same(naive.checkouts.map((c: { token: string }) => c.token), [tokens[2], tokens[1]])
  // timed-out checkouts show as such
  advance(app, 3600)
  const later = json(await bp(app, 'POST', '/v1/get-checkouts-status/', window))
  t.equal(later.checkouts[0].status, 'timed_out')
  t.equal(later.checkouts[0].is_committed, false)

  // errors
  const long = await bp(app, 'POST', '/v1/get-checkouts-status/', { start_datetime: '2025-01-01T00:00', end_datetime: '2025-02-01T00:01' })
  t.equal(long.statusCode, 400)
  t.same(json(long), { non_field_errors: ['بازه‌ی زمانی نباید بیشتر از ۳۱ روز باشد.'] })
  t.equal((await bp(app, 'POST', '/v1/get-checkouts-status/', { start_datetime: '2025-01-01T00:00', end_datetime: '2025-02-01T00:00' })).statusCode, 200)
  const badDate = await bp(app, 'POST', '/v1/get-checkouts-status/', { start_datetime: 'yesterday', end_datetime: '2025-02-01' })
  t.same(Object.keys(json(badDate)), ['start_datetime'])
  const noEnd = await bp(app, 'POST', '/v1/get-checkouts-status/', { start_datetime: '2025-01-01' })
  t.same(json(noEnd), { end_datetime: ['این مقدار لازم است.'] })
  const badFilter = await bp(app, 'POST', '/v1/get-checkouts-status/', { ...window, filter_date_by: 'test' })
  t.same(json(badFilter), { filter_date_by: ['"test" یک انتخاب معتبر نیست.'] })
  const badCursor = await bp(app, 'POST', '/v1/get-checkouts-status/?cursor=zzz', window)
  t.equal(badCursor.statusCode, 404)
  t.equal((await bp(app, 'POST', '/v1/get-checkouts-status/', window, null)).statusCode, 401)
  // tenant isolation
  const other = await newTenant(app)
  t.same(json(await bp(app, 'POST', '/v1/get-checkouts-status/', window, other.bazaarpay.merchant_token)).checkouts, [])
})

t.test('v3 bank-refund: POST 202/204, GET both forms', async (t) => {
  const app = await sandbox(t)
  const bank = await newCheckout(app, 25000)
  await pay(app, bank, { phone: '09350000000', method: 'bank' })
  await bp(app, 'POST', '/v1/commit/', { checkout_token: bank })
  t.same(json(await bp(app, 'GET', `/v3/bank-refund/?checkout_token=${bank}`)), { bank_state: 'not_started' })
  const r = await bp(app, 'POST', '/v3/bank-refund/', { checkout_token: bank })
  t.equal(r.statusCode, 202)
  t.same(json(r), { refunded_to: 'bank' })
  t.equal(balance(app, '09350000000'), 0, 'the money goes to the bank, not the wallet')
  const again = await bp(app, 'POST', '/v3/bank-refund/', { checkout_token: bank })
  t.equal(again.statusCode, 204)
  t.equal(again.body, '')
  t.same(json(await bp(app, 'GET', `/v3/bank-refund/?checkout_token=${bank}`)), { bank_state: 'in_progress' })
  advance(app, 3600)
  t.same(json(await bp(app, 'GET', `/v3/bank-refund/${bank}/`)), { bank_state: 'successful' })
  t.equal(await trace(app, bank), 'refunded')

  const wallet = await newCheckout(app, 25000)
  await pay(app, wallet, { phone: '09123456789', method: 'wallet' })
  await bp(app, 'POST', '/v1/commit/', { checkout_token: wallet })
  const before = balance(app, '09123456789')!
  t.same(json(await bp(app, 'POST', '/v3/bank-refund/', { checkout_token: wallet, amount: 5000 })), { refunded_to: 'wallet' })
  t.equal(balance(app, '09123456789'), before + 5000)
  t.same(json(await bp(app, 'GET', `/v3/bank-refund/${wallet}/`)), { bank_state: 'not_started' })
  // a /refund/ after a bank-refund changes nothing (one refund per checkout)
  t.equal((await bp(app, 'POST', '/v1/refund/', { checkout_token: wallet })).statusCode, 204)
  t.equal(balance(app, '09123456789'), before + 5000)

  // errors, v2-style bodies
  const unpaid = await newCheckout(app)
  const e1 = await bp(app, 'POST', '/v3/bank-refund/', { checkout_token: unpaid })
  t.equal(e1.statusCode, 400)
  t.same(json(e1), { detail: 'این پرداخت هنوز انجام نشده است.', code: 'invalid' })
  const e2 = await bp(app, 'POST', '/v3/bank-refund/', {})
  t.same(json(e2), { code: 'invalid', detail: 'درخواست نامعتبر است', invalid_params: [{ param: 'checkout_token', code: 'required', detail: 'این مقدار لازم است.' }] })
  const e3 = await bp(app, 'GET', '/v3/bank-refund/?checkout_token=9999999999')
  t.equal(e3.statusCode, 400)
  const e4 = await bp(app, 'POST', '/v3/bank-refund/', { checkout_token: bank }, null)
  t.same(json(e4), { detail: TEXT_401, code: 'not_authenticated' })
})
