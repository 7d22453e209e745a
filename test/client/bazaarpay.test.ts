import t from 'tap'
import { startSandbox } from '../../src/index.js'
import { BazaarPayClient, BazaarPayError, SandboxClient } from '../../src/client/index.js'

t.test('BazaarPayClient over real HTTP: checkout, pay, commit, trace, refund, balance', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const control = new SandboxClient({ sandboxUrl: sb.url })
  const creds = (await control.tenant()).bazaarpay
  t.equal(creds.merchant_token, 'merchant_token')
  const bp = new BazaarPayClient({ sandboxUrl: sb.url, merchantToken: creds.merchant_token })
  // An explicit baseUrl still wins: here the legacy host.
  const legacy = new BazaarPayClient({ sandboxUrl: sb.url, baseUrl: `${sb.url}/pardakht.cafebazaar.ir/pardakht`, merchantToken: creds.merchant_token })

  t.same(await legacy.getBalance('09120000000'), { balance: 79719, balance_string: '۷,۹۷۱ تومان' })

  const { checkout_token, payment_url } = await bp.initCheckout({ amount: 50000, destination: creds.destination, service_name: 'اشتراک' })
  t.equal(payment_url, `${sb.url}/cafebazaar.ir/bazaar-pay/payment?token=${checkout_token}`)
  t.equal(await bp.trace(checkout_token), 'unpaid')
  t.equal(await bp.trace('0000000000'), 'invalid_token')

  const paid = await control.bazaarpay.pay(checkout_token, { phone: '09123456789', method: 'wallet', redirect_url: 'https://shop.test/back?o=7' })
  t.equal(paid.status, 'paid_not_committed')
  t.equal(paid.redirect_url, 'https://shop.test/back?o=7&status=done')
  t.equal(await legacy.trace(checkout_token), 'paid_not_committed')
  await bp.commit(checkout_token)
  await bp.commit(checkout_token)
  t.equal(await bp.trace(checkout_token), 'paid_committed')
  const before = (await control.bazaarpay.user('09123456789')).balance
  await bp.refund(checkout_token, { amount: 20000 })
  await bp.refund(checkout_token)
  t.equal((await control.bazaarpay.user('09123456789')).balance, before + 20000)
  t.equal(await bp.trace(checkout_token), 'refunded')

  const start = new Date(Date.now() - 3600_000)
  const end = new Date(Date.now() + 3600_000)
  const items = []
  for await (const c of bp.allCheckouts({ start_datetime: start, end_datetime: end })) items.push(c)
  t.same(items.map((c) => c.token), [checkout_token])

  // typed errors
  const noBalance = new BazaarPayClient({ sandboxUrl: sb.url, merchantToken: creds.merchant_token_without_balance_permission })
  const err = await noBalance.getBalance('09120000000').catch((e: unknown) => e)
  t.ok(err instanceof BazaarPayError)
  t.equal((err as BazaarPayError).status, 403)
  t.equal((err as BazaarPayError).detail, 'شما دسترسی لازم را ندارید.')
  const unpaid = await bp.initCheckout({ amount: 1000, destination: creds.destination, service_name: 'x' })
  const commitErr = (await bp.commit(unpaid.checkout_token).catch((e: unknown) => e)) as BazaarPayError
  t.equal(commitErr.status, 400)
  const fieldErr = (await bp.initCheckout({ amount: -1, destination: creds.destination, service_name: 'x' }).catch((e: unknown) => e)) as BazaarPayError
  t.same(fieldErr.fieldErrors, { amount: ['مطمئن شوید این مقدار بزرگتر یا مساوی 0 است.'] })

  // bank refund
  const b = await bp.initCheckout({ amount: 30000, destination: creds.destination, service_name: 'x' })
  await control.bazaarpay.pay(b.checkout_token, { method: 'bank' })
  await bp.commit(b.checkout_token)
  t.same(await bp.bankRefund(b.checkout_token), { refunded_to: 'bank' })
  t.equal(await bp.bankRefund(b.checkout_token), null)
  t.equal(await bp.bankRefundState(b.checkout_token), 'in_progress')
  await control.advanceClock(3600)
  t.equal(await bp.bankRefundState(b.checkout_token), 'successful')

  // the rest of the sandbox actions through SandboxClient.bazaarpay
  const u = await control.bazaarpay.setUser('09350001122', { balance: 5000 })
  t.same(u, { phone_number: '09350001122', balance: 5000, balance_string: '۵۰۰ تومان', disabled: false, pockets: {} })
  t.same(await bp.getBalance('09350001122'), { balance: 5000, balance_string: '۵۰۰ تومان' })
  const s = await control.bazaarpay.settings({ cancel_outcome: 'timed_out' })
  t.equal(s.cancel_outcome, 'timed_out')
  const x = await bp.initCheckout({ amount: 1000, destination: creds.destination, service_name: 'x' })
  t.equal((await control.bazaarpay.cancel(x.checkout_token, { redirect_url: 'https://shop.test/r' })).redirect_url, 'https://shop.test/r?status=failed')
  t.equal((await control.bazaarpay.checkout(x.checkout_token)).status, 'timed_out')
  const k = await bp.initContract({ type: 'direct_debit', amount_limit: 100000, period: 'daily' })
  t.equal((await control.bazaarpay.declineContract(k.contract_token)).state, 'declined')
  const notFound = await control.bazaarpay.checkout('0000000000').catch((e: unknown) => e)
  t.equal((notFound as { status: number }).status, 404)

  // the web pages: derived from sandboxUrl, and they answer when followed
  const increase = bp.increaseBalanceUrl({ redirect_url: 'https://shop.test/w?x=1' })
  t.equal(increase, `${sb.url}/cafebazaar.ir/bazaar-pay/increase-balance?redirect_url=https%3A%2F%2Fshop.test%2Fw%3Fx%3D1`)
  t.equal((await fetch(increase)).status, 200)
  const y = await bp.initCheckout({ amount: 1000, destination: creds.destination, service_name: 'x' })
  const page = BazaarPayClient.paymentPageUrl(y.payment_url, { redirect_url: 'https://shop.test/back', phone: '09123456789' })
  t.equal(page, `${y.payment_url}&redirect_url=https%3A%2F%2Fshop.test%2Fback&phone=09123456789`)
  t.equal((await fetch(page)).status, 200)
  t.equal(
    new BazaarPayClient().increaseBalanceUrl({ redirect_url: 'https://shop.test/w' }),
    'https://cafebazaar.ir/bazaar-pay/increase-balance?redirect_url=https%3A%2F%2Fshop.test%2Fw',
    'without sandboxUrl: the real web base'
  )
})

t.test('BazaarPayClient: DirectPay, auto-login and pockets over real HTTP', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const control = new SandboxClient({ sandboxUrl: sb.url })
  const creds = (await control.tenant()).bazaarpay
  const bp = new BazaarPayClient({ sandboxUrl: sb.url, merchantToken: creds.merchant_token })

  const contract = await bp.initContract({ type: 'wallet', amount_limit: 200000, period: 'monthly', redirect_url: 'https://shop.test/c' })
  t.match(contract.redirect_url, `${sb.url}/cafebazaar.ir/bazaar-pay/contract/direct-pay?contract_token=${contract.contract_token}`)
  t.equal((await bp.traceContract(contract.contract_token)).state, 'new')
  t.equal((await control.bazaarpay.acceptContract(contract.contract_token, { phone: '09123456789' })).redirect_url, 'https://shop.test/c?status=done')
  const tr = await bp.traceContract(contract.contract_token)
  t.equal(tr.state, 'active')
  t.equal(tr.limit_remaining_amount, 200000)
  const c1 = await bp.initCheckout({ amount: 150000, destination: creds.destination, service_name: 'x' })
  await bp.directPay(contract.contract_token, { checkout_token: c1.checkout_token })
  await bp.directPay(contract.contract_token, { checkout_token: c1.checkout_token, version: 'v1' })
  t.equal(await bp.trace(c1.checkout_token), 'paid_committed')
  t.equal((await bp.traceContract(contract.contract_token)).limit_remaining_amount, 50000)
  const payable = await bp.payableAmount(contract.contract_token)
  t.equal(payable.payable_amount, 50000)
  const c2 = await bp.initCheckout({ amount: 60000, destination: creds.destination, service_name: 'x' })
  const over = (await bp.directPay(contract.contract_token, { checkout_token: c2.checkout_token }).catch((e: unknown) => e)) as BazaarPayError
  t.equal(over.status, 400)
  t.equal(over.code, 'direct_pay.period_amount_limit_violation')
  await control.bazaarpay.failDirectPay(contract.contract_token, { scenario: 'blocked_bank_account' })
  const c3 = await bp.initCheckout({ amount: 1000, destination: creds.destination, service_name: 'x' })
  const blocked = (await bp.directPay(contract.contract_token, { checkout_token: c3.checkout_token }).catch((e: unknown) => e)) as BazaarPayError
  t.equal(blocked.code, 'direct_debit.blocked_bank_account')
  await bp.directPay(contract.contract_token, { checkout_token: c3.checkout_token })
  await bp.cancelContract(contract.contract_token)
  t.equal((await bp.traceContract(contract.contract_token)).state, 'cancelled')

  const token = await bp.createUserAccessToken('989123456789', { scope: 'purchase' })
  t.same(await bp.userInfo(token), { phone_number: '989123456789' })
  const bad = (await bp.userInfo('nope').catch((e: unknown) => e)) as BazaarPayError
  t.equal(bad.status, 401)

  const results = await bp.chargePockets('sandbox-pocket', { charges: [
    { token: '01988f7a-d22b-7c3d-977f-27af99c2a5a5', phone_number: '989120000000', amount: 10000 },
    { token: '01988f7a-d22b-7c3d-977f-27af99c2a5a5', phone_number: '989120000001', amount: 20000 }
  ] })
  t.same(results.map((r) => r.status), ['success', 'error'])
  t.same(await bp.pocketCharge('sandbox-pocket', '01988f7a-d22b-7c3d-977f-27af99c2a5a5'), [
    { token: '01988f7a-d22b-7c3d-977f-27af99c2a5a5', phone_number: '989120000000', amount: 10000 }
  ])
})
