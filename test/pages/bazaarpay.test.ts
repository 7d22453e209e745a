import t from 'tap'
import { startSandbox } from '../../src/index.js'
import { BazaarPayClient, SandboxClient } from '../../src/client/index.js'
import { json, sandbox } from '../helpers/sandbox.js'
import { DESTINATION, balance, newCheckout, trace } from '../helpers/bazaarpay.js'
import { launchBrowser } from '../helpers/browser.js'

t.test('headless Chromium walks the payment page: wallet, then bank after a refused wallet, then cancel', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const browser = await launchBrowser(t)
  const page = await browser.newPage()
  const control = new SandboxClient({ baseUrl: sb.url })
  const bp = new BazaarPayClient({ baseUrl: `${sb.url}/api.bazaar-pay.ir`, merchantToken: 'merchant_token' })
  // the merchant's callback is a page of the sandbox host that does not exist: we only read the URL
  const callback = `${sb.url}/__merchant/callback?order=42`

  // 1. pay from the wallet
  const a = await bp.initCheckout({ amount: 50000, destination: DESTINATION, serviceName: 'اشتراک طلایی' })
  await page.goto(BazaarPayClient.paymentPageUrl(a.payment_url, callback, { phone: '09123456789' }))
  t.equal(await page.textContent('#amount'), '۵,۰۰۰ تومان')
  t.match(await page.textContent('body'), 'اشتراک طلایی')
  t.equal(await page.inputValue('#phone'), '09123456789')
  await Promise.all([page.waitForURL(/__merchant\/callback/), page.click('#pay-wallet')])
  const back = new URL(page.url())
  t.equal(back.searchParams.get('order'), '42', 'the merchant query is kept')
  t.equal(back.searchParams.get('status'), 'done')
  t.equal(await bp.trace(a.checkout_token), 'paid_not_committed')
  await bp.commit(a.checkout_token)
  t.equal(await bp.trace(a.checkout_token), 'paid_committed')
  t.equal((await control.bazaarpay.user('09123456789')).balance, 10000000 - 50000)

  // 2. the wallet is short: the page says so; the bank gateway then pays
  const b = await bp.initCheckout({ amount: 500000, destination: DESTINATION, serviceName: 'x' })
  await page.goto(BazaarPayClient.paymentPageUrl(b.payment_url, callback))
  await page.fill('#phone', '09120000000')
  await page.click('#pay-wallet')
  t.equal(await page.textContent('#error'), 'موجودی کیف پول کافی نیست.')
  t.equal(await bp.trace(b.checkout_token), 'unpaid')
  await Promise.all([page.waitForURL(/__merchant\/callback/), page.click('#pay-bank')])
  t.equal(new URL(page.url()).searchParams.get('status'), 'done')
  t.equal(await bp.trace(b.checkout_token), 'paid_not_committed')
  t.equal((await control.bazaarpay.user('09120000000')).balance, 79719)

  // 3. cancel
  const c = await bp.initCheckout({ amount: 1000, destination: DESTINATION, serviceName: 'x' })
  await page.goto(BazaarPayClient.paymentPageUrl(c.payment_url, callback))
  await Promise.all([page.waitForURL(/__merchant\/callback/), page.click('#cancel')])
  t.equal(new URL(page.url()).searchParams.get('status'), 'failed')
  t.equal(await bp.trace(c.checkout_token), 'unpaid')

  // 4. the increase-balance page, then the contract signing page
  await page.goto(BazaarPayClient.increaseBalanceUrl(callback, `${sb.url}/cafebazaar.ir/bazaar-pay`))
  await page.fill('#phone', '09120000000')
  await page.fill('#amount', '20281')
  await Promise.all([page.waitForURL(/__merchant\/callback/), page.click('#charge')])
  t.same(await bp.getBalance('09120000000'), { balance: 100000, balance_string: '۱۰,۰۰۰ تومان' })

  const contract = await bp.initContract({ type: 'wallet', amount_limit: 100000, period: 'weekly', redirect_url: callback })
  await page.goto(contract.redirect_url)
  await page.fill('#phone', '09120000000')
  await Promise.all([page.waitForURL(/__merchant\/callback/), page.click('#accept')])
  t.equal(new URL(page.url()).searchParams.get('status'), 'done')
  t.equal((await bp.traceContract(contract.contract_token)).state, 'active')
})

t.test('payment page over inject: errors, auto-login, app host, timed out', async (t) => {
  const app = await sandbox(t)
  const cb = encodeURIComponent('https://shop.test/cb?x=1')
  const tok = await newCheckout(app, 10000)
  const page = await app.inject({ url: `/app.bazaar-pay.ir/payment?checkout_token=${tok}&redirect_url=${cb}` })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /text\/html/)
  t.match(page.body, 'dir="rtl"')
  t.equal((await app.inject({ url: `/app.bazaar-pay.ir/bazaar-pay/payment?token=${tok}&redirect_url=${cb}` })).statusCode, 200)
  t.equal((await app.inject({ url: `/cafebazaar.ir/bazaar-pay/payment?token=0000000000&redirect_url=${cb}` })).statusCode, 404)
  t.equal((await app.inject({ url: `/cafebazaar.ir/bazaar-pay/payment?token=${tok}` })).statusCode, 400)
  const badPhone = await app.inject({
    method: 'POST',
    url: '/cafebazaar.ir/bazaar-pay/payment',
    payload: { token: tok, redirect_url: 'https://shop.test/cb', phone: '123', action: 'bank' }
  })
  t.equal(badPhone.statusCode, 400)
  t.match(badPhone.body, 'شماره موبایل معتبر نیست.')

  // auto-login: the phone comes from the token, which is single-use
  const at = json(
    await app.inject({
      method: 'POST',
      url: '/api.bazaar-pay.ir/badje/v1/merchant/create-user-access-token/',
      headers: { authorization: 'Token merchant_token' },
      payload: { user_phone_number: '09123456789', scope: 'purchase' }
    })
  ).access_token
  const auto = await app.inject({ url: `/cafebazaar.ir/bazaar-pay/payment?token=${tok}&redirect_url=${cb}&auto_login_token=${encodeURIComponent(at)}` })
  t.match(auto.body, /value="09123456789" readonly/)
  const reused = await app.inject({ url: `/cafebazaar.ir/bazaar-pay/payment?token=${tok}&redirect_url=${cb}&auto_login_token=${encodeURIComponent(at)}` })
  t.notMatch(reused.body, /readonly/)

  const paid = await app.inject({
    method: 'POST',
    url: '/cafebazaar.ir/bazaar-pay/payment',
    payload: `token=${tok}&redirect_url=${cb}&phone=09123456789&action=wallet`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  })
  t.equal(paid.statusCode, 303)
  t.equal(paid.headers.location, 'https://shop.test/cb?x=1&status=done')
  t.equal(balance(app, '09123456789'), 10000000 - 10000)
  const journal = json(await app.inject({ url: '/__sandbox/requests?provider=bazaarpay&method=POST&path=/bazaar-pay/payment' })).requests
  t.equal(journal.at(-1).tenant, 'default', 'page requests are journaled under their tenant')
  t.equal(journal.at(-1).status, 303)
  const again = await app.inject({ url: `/cafebazaar.ir/bazaar-pay/payment?token=${tok}&redirect_url=${cb}` })
  t.match(again.body, 'این پرداخت قبلا انجام شده است.')

  const late = await newCheckout(app)
  app.sandbox.clock.advance(901)
  const expired = await app.inject({ url: `/cafebazaar.ir/bazaar-pay/payment?token=${late}&redirect_url=${cb}` })
  t.match(expired.body, 'مهلت این پرداخت تمام شده است.')
  t.equal(await trace(app, late), 'timed_out')
  t.equal((await app.inject({ url: '/cafebazaar.ir/bazaar-pay/nothing' })).statusCode, 404)

  // cancel_outcome timed_out
  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { cancel_outcome: 'timed_out' } })
  const c = await newCheckout(app)
  const cancelled = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${c}/cancel`, payload: {} })
  t.equal(json(cancelled).status, 'timed_out')
})

t.test('actions: pay failures, users, unknown checkouts', async (t) => {
  const app = await sandbox(t)
  const tok = await newCheckout(app, 100000)
  const short = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${tok}/pay`, payload: { method: 'wallet' } })
  t.equal(short.statusCode, 409)
  t.same(json(short), { error: 'insufficient_balance', message: 'the checkout cannot be paid: insufficient_balance' })
  const created = await app.inject({ method: 'PUT', url: '/__sandbox/bazaarpay/users/09351234567', payload: { balance: 100000 } })
  t.equal(created.statusCode, 201)
  t.same(json(created), { phone_number: '09351234567', balance: 100000, balance_string: '۱۰,۰۰۰ تومان', disabled: false, pockets: {} })
  t.equal((await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${tok}/pay`, payload: { method: 'wallet', phone: '09351234567' } })).statusCode, 200)
  t.equal(balance(app, '09351234567'), 0)
  t.equal((await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${tok}/pay`, payload: {} })).statusCode, 409)
  t.equal((await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${tok}/cancel`, payload: {} })).statusCode, 409)
  t.equal((await app.inject({ method: 'POST', url: '/__sandbox/bazaarpay/checkouts/1234567890/pay', payload: {} })).statusCode, 404)
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/bazaarpay/users/123', payload: { balance: 1 } })).statusCode, 400)
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/bazaarpay/users/09120000000?tenant=nope', payload: { balance: 1 } })).statusCode, 404)
  const disabled = await app.inject({ method: 'PUT', url: '/__sandbox/bazaarpay/users/09120000000', payload: { disabled: true } })
  t.equal(json(disabled).disabled, true)
  const t2 = await newCheckout(app, 1000)
  t.equal(json(await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${t2}/pay`, payload: { method: 'wallet' } })).error, 'account_disabled')
})

t.test('actions without a body, validation errors in the control plane shape', async (t) => {
  const app = await sandbox(t)
  const tok = await newCheckout(app)
  const paid = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${tok}/pay` })
  t.equal(paid.statusCode, 200)
  t.equal(json(paid).status, 'paid_not_committed')
  t.equal(json(paid).paid_via, 'bank')
  t.equal(json(paid).payer_phone, '09120000000')
  const tok2 = await newCheckout(app)
  const cancelled = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${tok2}/cancel`, headers: { 'content-type': 'application/json' } })
  t.equal(cancelled.statusCode, 200)
  const bad = await app.inject({ method: 'PUT', url: '/__sandbox/bazaarpay/users/09120000000', payload: { balance: -1 } })
  t.equal(bad.statusCode, 400)
  t.same(Object.keys(json(bad)), ['error', 'message'])
  const broken = await app.inject({ method: 'PUT', url: '/__sandbox/bazaarpay/users/09120000000', payload: '{', headers: { 'content-type': 'application/json' } })
  t.equal(broken.statusCode, 400)
  t.equal(json(broken).error, 'bad_request')
})

t.test('state export and import keep checkouts, contracts and user tokens reachable', async (t) => {
  const app = await sandbox(t)
  const tok = await newCheckout(app)
  const state = json(await app.inject({ url: '/__sandbox/state' }))
  await app.inject({ method: 'POST', url: '/__sandbox/reset' })
  t.equal(await trace(app, tok), 'invalid_token')
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/state', payload: state })).statusCode, 200)
  t.equal(await trace(app, tok), 'unpaid')
  t.equal((await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${tok}/pay`, payload: {} })).statusCode, 200)
})

t.test('merchant rate limit: 429 with Retry-After, per token, on the sandbox clock', async (t) => {
  const app = await sandbox(t)
  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { rate_limit_per_minute: 2 } })
  const call = () => app.inject({ url: '/api.bazaar-pay.ir/badje/v1/get-balance/?user_phone_number=09120000000', headers: { authorization: 'Token merchant_token' } })
  t.equal((await call()).statusCode, 200)
  t.equal((await call()).statusCode, 200)
  const limited = await call()
  t.equal(limited.statusCode, 429)
  t.match(json(limited).detail, /ثانیه دیگر تلاش کنید\.$/)
  t.ok(Number(limited.headers['retry-after']) > 0)
  app.sandbox.clock.advance(60)
  t.equal((await call()).statusCode, 200)
})

t.test('contract page: errors, auto-login (direct_pay), decline, already signed', async (t) => {
  const app = await sandbox(t)
  const auth = { authorization: 'Token merchant_token' }
  const init = json(await app.inject({ method: 'POST', url: '/api.bazaar-pay.ir/badje/v1/direct-pay/contract/init/', headers: auth, payload: { type: 'wallet', amount_limit: 100000, period: 'weekly' } }))
  const url = `/cafebazaar.ir/bazaar-pay/contract/direct-pay?contract_token=${init.contract_token}`
  t.equal((await app.inject({ url })).statusCode, 400, 'no redirect_url here nor at init')
  t.equal((await app.inject({ url: '/cafebazaar.ir/bazaar-pay/contract/direct-pay?contract_token=nope&redirect_url=x' })).statusCode, 404)
  const token = json(await app.inject({ method: 'POST', url: '/api.bazaar-pay.ir/badje/v1/merchant/create-user-access-token/', headers: auth, payload: { user_phone_number: '09123456789', scope: 'direct_pay' } })).access_token
  const page = await app.inject({ url: `${url}&redirect_url=${encodeURIComponent('https://shop.test/c?k=1')}&auto_login_token=${encodeURIComponent(token)}&message=${encodeURIComponent('<b>hi</b>')}` })
  t.equal(page.statusCode, 200)
  t.match(page.body, 'value="09123456789"')
  t.match(page.body, '&lt;b&gt;hi&lt;/b&gt;', 'the merchant message is escaped')
  const declined = await app.inject({ method: 'POST', url: '/app.bazaar-pay.ir/contract/direct-pay', payload: { contract_token: init.contract_token, redirect_url: 'https://shop.test/c?k=1', action: 'decline' } })
  t.equal(declined.statusCode, 303)
  t.equal(declined.headers.location, 'https://shop.test/c?k=1&status=failed')
  const traced = json(await app.inject({ url: `/api.bazaar-pay.ir/badje/v1/direct-pay/contract/trace/?contract_token=${init.contract_token}`, headers: auth }))
  t.equal(traced.state, 'declined')
  const again = await app.inject({ url: `${url}&redirect_url=x` })
  t.match(again.body, 'این قرارداد قبلا بررسی شده است.')
  // owner check on the page
  const owned = json(await app.inject({ method: 'POST', url: '/api.bazaar-pay.ir/badje/v1/direct-pay/contract/init/', headers: auth, payload: { type: 'wallet', amount_limit: 100000, period: 'weekly', owner_phone_number: '9123456789', redirect_url: 'https://shop.test/o' } }))
  const wrong = await app.inject({ method: 'POST', url: '/cafebazaar.ir/bazaar-pay/contract/direct-pay', payload: { contract_token: owned.contract_token, phone: '09120000000', action: 'accept' } })
  t.equal(wrong.statusCode, 400)
  t.match(wrong.body, 'این قرارداد برای شماره موبایل دیگری صادر شده است.')
  const right = await app.inject({ method: 'POST', url: '/cafebazaar.ir/bazaar-pay/contract/direct-pay', payload: { contract_token: owned.contract_token, phone: '09123456789', action: 'accept' } })
  t.equal(right.headers.location, 'https://shop.test/o?status=done')
})
