/**
 * Every simulation action through SandboxClient in the one argument style, each answer checked
 * against the control plane's published response schema, and the `redirect_url` of every
 * action that ends a payer's visit to a hosted page.
 */
import t, { type Test } from 'tap'
import { startSandbox } from '../../src/index.js'
import { BazaarPayClient, CardToCardClient, SandboxClient, SandboxError, VandarClient } from '../../src/client/index.js'
import { answerChecker } from '../helpers/answers.js'

const CARD = '6037990000057899'
const PAYER = '6037991122334455'

/** The HTTP status of a refused action. */
const refused = (p: Promise<unknown>) => p.then(() => 'not refused', (e: SandboxError) => e.status)

const setup = async (t: Test) => {
  const sb = await startSandbox({ rateLimits: false })
  t.teardown(() => sb.close())
  const checker = await answerChecker(sb.url)
  const control = new SandboxClient({ sandboxUrl: sb.url, fetch: checker.fetch })
  const tenant = await control.createTenant()
  return { sb, checker, control, tenant }
}

t.test('every action answers what its schema documents; visit-ending actions answer redirect_url', async (t) => {
  const { sb, checker, control, tenant } = await setup(t)
  const opt = { tenant: tenant.id }

  t.test('vandar', async (t) => {
    const vandar = new VandarClient({ sandboxUrl: sb.url, business: tenant.vandar.business, accessToken: tenant.vandar.access_token, apiKey: tenant.vandar.ipg_api_key })
    t.equal((await control.vandar.settings(opt)).verify_window_seconds, 1200)
    t.equal((await control.vandar.settings({ verify_window_seconds: 600, ...opt })).verify_window_seconds, 600)
    t.ok((await control.vandar.addDomain('shop.example', opt)).callback_domains.includes('shop.example'))

    const ok = await vandar.ipg.send({ amount: 50000, callback_url: 'https://shop.example/cb?order=1' })
    t.same(await control.vandar.pay(ok, { card_number: CARD }), { redirect_url: `https://shop.example/cb?order=1&token=${ok}&payment_status=OK` })
    const failed = await vandar.ipg.send({ amount: 50000, callback_url: 'https://shop.example/cb' })
    t.same(await control.vandar.pay(failed, { status: 'FAILED' }), { redirect_url: `https://shop.example/cb?token=${failed}&payment_status=FAILED` })
    t.equal(await refused(control.vandar.pay(ok)), 409, 'paid already')

    const p = await control.vandar.payment(ok)
    t.same([p.tenant, p.status, p.card_number], [tenant.id, 'PAID', CARD])
    t.same((await control.vandar.payments(opt)).map((x) => x.status).sort(), ['FAILED', 'PAID'])
    t.equal(await refused(control.vandar.payment('NOPE')), 404)

    t.same(await control.vandar.setWallet({ wallet_rial: 1000, ...opt }), { wallet_rial: 1000, blocked_rial: 0 })
    t.same(await control.vandar.wallet(opt), { wallet_rial: 1000, blocked_rial: 0 })
    t.same(await control.vandar.setCardOwner(PAYER, { national_code: '4311204302', ...opt }), { card_number: PAYER, national_code: '4311204302' })
    const [account] = await control.vandar.accounts(opt)
    t.equal((await control.vandar.setAccount(account.IBAN, { balance: 5, ...opt })).balance, 5)
    t.same(await control.vandar.deposits(opt), [])
    t.same(await control.vandar.refunds(opt), [])
    t.same(await control.vandar.webhooks(opt), [])
  })

  t.test('bazaarpay', async (t) => {
    const bp = new BazaarPayClient({ sandboxUrl: sb.url, merchantToken: tenant.bazaarpay.merchant_token })
    const init = () => bp.initCheckout({ amount: 5000, destination: tenant.bazaarpay.destination, service_name: 'اشتراک' })
    t.equal((await control.bazaarpay.settings(opt)).cancel_outcome, 'unpaid')
    t.equal((await control.bazaarpay.settings({ cancel_outcome: 'timed_out', ...opt })).cancel_outcome, 'timed_out')

    const a = await init()
    const paid = await control.bazaarpay.pay(a.checkout_token, { phone: '09123456789', method: 'wallet', redirect_url: 'https://shop.example/back?o=7', ...opt })
    t.equal(paid.status, 'paid_not_committed')
    t.equal(paid.redirect_url, 'https://shop.example/back?o=7&status=done')
    t.equal(paid.redirect, paid.redirect_url, 'the older field stays')
    const b = await init()
    const bare = await control.bazaarpay.pay(b.checkout_token, { ...opt })
    t.equal(bare.redirect_url, null, 'no redirect_url sent: nothing to return to')
    t.notOk('redirect' in bare)
    const c = await init()
    const cancelled = await control.bazaarpay.cancel(c.checkout_token, { redirect_url: 'https://shop.example/back', ...opt })
    t.same([cancelled.status, cancelled.redirect_url], ['timed_out', 'https://shop.example/back?status=failed'])
    t.equal(await refused(control.bazaarpay.cancel(c.checkout_token, opt)), 409)

    t.equal((await control.bazaarpay.checkout(a.checkout_token, opt)).payer_phone, '09123456789')
    t.equal((await control.bazaarpay.checkouts(opt)).length, 3)
    t.equal((await control.bazaarpay.users(opt)).length, 3)
    t.equal((await control.bazaarpay.user('09120000000', opt)).balance, 79719)
    t.equal((await control.bazaarpay.setUser('09350001122', { balance: 5000, ...opt })).balance_string, '۵۰۰ تومان')
    t.equal((await control.bazaarpay.setUser('09350001122', { disabled: true, ...opt })).disabled, true)
    t.equal(await refused(control.bazaarpay.user('0935', opt)), 400)

    const k1 = await bp.initContract({ type: 'wallet', amount_limit: 200000, period: 'monthly', redirect_url: 'https://shop.example/c?k=1' })
    const accepted = await control.bazaarpay.acceptContract(k1.contract_token, { phone: '09123456789', ...opt })
    t.same([accepted.state, accepted.redirect_url], ['active', 'https://shop.example/c?k=1&status=done'], "the contract's own redirect_url")
    const k2 = await bp.initContract({ type: 'wallet', amount_limit: 200000, period: 'monthly' })
    const declined = await control.bazaarpay.declineContract(k2.contract_token, { redirect_url: 'https://shop.example/d', ...opt })
    t.same([declined.state, declined.redirect_url], ['declined', 'https://shop.example/d?status=failed'], 'the redirect_url sent')
    const k3 = await bp.initContract({ type: 'wallet', amount_limit: 200000, period: 'monthly' })
    t.equal((await control.bazaarpay.acceptContract(k3.contract_token, opt)).redirect_url, null, 'neither: nothing to return to')
    t.equal(await refused(control.bazaarpay.acceptContract(k3.contract_token, opt)), 409)
    t.equal((await control.bazaarpay.contract(k1.contract_token, opt)).phone, '09123456789')
    t.same((await control.bazaarpay.failDirectPay(k1.contract_token, { scenario: 'blocked_bank_account', times: 2, ...opt })).fail, {
      scenario: 'blocked_bank_account',
      remaining: 2
    })
    t.equal(await refused(control.bazaarpay.contract('nope', opt)), 404)
  })

  t.test('card-to-card', async (t) => {
    const c2c = new CardToCardClient({ sandboxUrl: sb.url, token: tenant.card_to_card.token })
    t.equal((await control.cardToCard.settings(opt)).unique_amount, false)
    t.equal((await control.cardToCard.settings({ expire_seconds: 600, ...opt })).expire_seconds, 600)
    t.equal((await control.cardToCard.cards(opt)).length, 2)
    const cards = [{ number: '6037990000011111', name: 'علی رضایی', bank: 'بانک ملی' }]
    t.same(await control.cardToCard.setCards({ cards, ...opt }), cards)

    const withPage = await c2c.create({ price: 120000, fid: 1, callback: 'https://shop.example/back?order=9' })
    const settled = await control.cardToCard.deposit({ amount: withPage.amount, card: PAYER, ...opt })
    t.equal(settled.deposit.outcome, 'paid')
    t.equal(settled.redirect_url, `https://shop.example/back?order=9&pay_id=${withPage.pay_id}&fid=1`)
    const page = (await (await fetch(`${sb.url}/card-to-card/payment/${withPage.pay_id}/status`)).json()) as { redirect: string }
    t.equal(settled.redirect_url, page.redirect, 'the redirect the payment page itself sends')

    const noPage = await c2c.create({ price: 130000, fid: 2 })
    const quiet = await control.cardToCard.deposit({ amount: noPage.amount, ...opt })
    t.same([quiet.payment?.pay_id, quiet.redirect_url], [noPage.pay_id, null], 'no callback: no page to leave')
    const unmatched = await control.cardToCard.depositSms('بانک ملی ایران\nانتقال به:6037990000011111\nمبلغ:777,000+\nمانده:5,000,000', opt)
    t.same([unmatched.deposit.outcome, unmatched.payment, unmatched.redirect_url], ['unmatched', null, null])
    t.equal(await refused(control.cardToCard.deposit({ amount: 1, card: '12', ...opt })), 400)

    t.equal((await control.cardToCard.deposits(opt)).length, 3)
    t.same((await control.cardToCard.payments(opt)).map((p) => p.state), ['paid', 'paid'])
    t.equal((await control.cardToCard.payment(withPage.pay_id, opt)).fid, '1')
    t.equal(await refused(control.cardToCard.payment(999999, opt)), 404)
  })

  t.test('baloan', async (t) => {
    t.ok((await control.baloan.customers(opt)).length > 0)
    t.equal((await control.baloan.customer('4311204302', opt)).credit, 40000000)
    t.equal((await control.baloan.setCustomer('4311204302', { credit: 5, ...opt })).credit, 5)
    t.same(await control.baloan.setCustomer('0499370899', { phone: '09121112233', first_name: 'سارا', ...opt }), {
      national_identifier: '0499370899',
      credit: 0,
      phone: '09121112233',
      first_name: 'سارا'
    })
    t.same(await control.baloan.settlements(opt), [])
    t.equal((await control.baloan.settings(opt)).no_credit, 'error')
    t.equal((await control.baloan.settings({ otp_ttl_seconds: 30, ...opt })).otp_ttl_seconds, 30)
    t.equal(await refused(control.baloan.customer('0000000000', opt)), 404)
  })

  t.test('every action was exercised and answered as documented', async (t) => {
    t.same(checker.failures, [])
    t.same(
      checker.operations.filter((o) => !checker.seen.has(o)),
      [],
      'operations no test above reached'
    )
    t.equal(checker.operations.length, 41, 'vandar 14, bazaarpay 13, card-to-card 8, baloan 6')
  })
})

t.test('the earlier signatures still work (deprecated overloads)', async (t) => {
  const { sb, control, tenant } = await setup(t)
  const vandar = new VandarClient({ sandboxUrl: sb.url, apiKey: tenant.vandar.ipg_api_key })
  const token = await vandar.ipg.send({ amount: 50000, callback_url: 'https://example.com/cb' })
  t.match((await control.vandar.pay(token, 'OK', CARD)).redirect_url, /payment_status=OK$/)
  t.equal((await control.vandar.payments(tenant.id)).length, 1)
  t.equal((await control.vandar.settings({ require_referer: false }, tenant.id)).require_referer, false)
  t.equal((await control.vandar.setWallet(7, tenant.id)).wallet_rial, 7)
  t.equal((await control.vandar.setCardOwner(PAYER, '4311204302', tenant.id)).national_code, '4311204302')

  const bp = new BazaarPayClient({ sandboxUrl: sb.url, merchantToken: tenant.bazaarpay.merchant_token })
  const { checkout_token } = await bp.initCheckout({ amount: 5000, destination: tenant.bazaarpay.destination, serviceName: 'x' })
  t.equal((await control.bazaarpay.pay(checkout_token, { redirect_url: 'https://shop.example/r' }, tenant.id)).redirect_url, 'https://shop.example/r?status=done')
  t.equal((await control.bazaarpay.checkout(checkout_token, tenant.id)).status, 'paid_not_committed')
  const k = await bp.initContract({ type: 'wallet', amount_limit: 200000, period: 'monthly' })
  t.equal((await control.bazaarpay.acceptContract(k.contract_token, '09123456789', tenant.id)).phone, '09123456789')
  t.same((await control.bazaarpay.failDirectPay(k.contract_token, 'blocked_bank_account', 0, tenant.id)).fail, { scenario: 'blocked_bank_account', remaining: null })

  t.equal((await control.cardToCard.deposit({ amount: 70000 }, tenant.id)).deposit.outcome, 'unmatched')
  t.equal((await control.cardToCard.setCards([{ number: '6037990000011111', name: 'x', bank: 'y' }], tenant.id)).length, 1)
  t.equal((await control.baloan.setCustomer('4311204302', { credit: 9 }, tenant.id)).credit, 9)
  t.equal((await control.baloan.customer('4311204302', tenant.id)).credit, 9)
  t.same(await control.reset(tenant.id), { status: 'ok', tenant: tenant.id })
})
