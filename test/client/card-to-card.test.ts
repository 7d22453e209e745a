import t from 'tap'
import { startSandbox, CardToCardClient, CardToCardError, SandboxClient } from '../../src/index.js'
import * as root from '../../src/index.js'
import * as clients from '../../src/client/index.js'

const PAYER = '6037991122334455'
const OTHER = '6273535566778892'

t.test('CardToCardClient over real HTTP: the whole flow in every body encoding', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const sandbox = new SandboxClient({ sandboxUrl: sb.url })
  const { card_to_card } = await sandbox.tenant('default')
  let fid = 500
  for (const encoding of ['form', 'json', 'multipart'] as const) {
    const c2c = new CardToCardClient({ sandboxUrl: sb.url, token: card_to_card.token, encoding })
    const cards = await c2c.carts()
    t.equal(cards.length, 2)
    t.same(cards.map((c) => c.bank), ['بانک سامان', 'بانک ملت'])

    const price = 120000 + fid
    const p = await c2c.create({ price, fid: ++fid, phone: '09121234567', callback: 'https://shop.example/back?order=9' })
    t.equal(p.status, true)
    t.equal(p.amount, price)
    t.equal(p.link, `${sb.url}/card-to-card/payment/${p.pay_id}`)
    t.same(p.cart, cards)
    t.same(await c2c.check(p.pay_id), { status: false, code: 7, msg: 'The payment has not been made yet.' })

    t.same(await c2c.setCard(p.pay_id, { card: PAYER }), { status: true, code: 200, msg: 'The card number was registered.' })
    const err = await c2c.setCard(p.pay_id, { card: PAYER }).catch((e: unknown) => e)
    t.ok(err instanceof CardToCardError)
    t.equal((err as CardToCardError).status, 500)
    t.equal((err as CardToCardError).code, -2)

    const dep = await sandbox.cardToCard.deposit({ amount: p.amount, card: PAYER })
    t.equal(dep.deposit.outcome, 'paid')
    t.equal(dep.payment?.pay_id, p.pay_id)
    const first = await c2c.check(p.pay_id)
    t.same(first, { status: true, code: 201, msg: 'Payment is complete.' })
    t.ok(CardToCardClient.isPaid(first))
    t.equal((await c2c.check(p.pay_id)).code, 200)
  }
})

t.test('CardToCardClient: typed errors for the code table', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const sandbox = new SandboxClient({ sandboxUrl: sb.url })
  const tenant = await sandbox.createTenant()
  const c2c = new CardToCardClient({ sandboxUrl: sb.url, token: tenant.card_to_card.token })
  const codeOf = async (p: Promise<unknown>) => {
    const e = await p.catch((x: unknown) => x)
    if (!(e instanceof CardToCardError)) throw new Error(`expected a CardToCardError, got ${JSON.stringify(e)}`)
    return [e.status, e.code]
  }
  t.same(await codeOf(c2c.create({ price: 5000, fid: 1 })), [500, 1])
  t.same(await codeOf(c2c.create({ price: 50000, fid: 1, card: '12' })), [500, -3])
  const p = await c2c.create({ price: 50000, fid: 1 })
  t.equal(p.link, null)
  t.same(await codeOf(c2c.create({ price: 50000, fid: 1 })), [500, 3])
  t.same(await codeOf(c2c.check(999999)), [500, 5])
  t.same(await codeOf(new CardToCardClient({ sandboxUrl: sb.url, token: 'nope' }).carts()), [403, 403])

  await sandbox.cardToCard.settings({ expire_seconds: 30, tenant: tenant.id })
  const q = await c2c.create({ price: 70000, fid: 2, card: PAYER })
  await sandbox.cardToCard.deposit({ amount: 70000, card: OTHER, tenant: tenant.id })
  const mismatch = await c2c.check(q.pay_id)
  t.equal(mismatch.code, 199)
  t.ok(CardToCardClient.isPaid(mismatch))
  const late = await c2c.create({ price: 70000, fid: 3 })
  await sandbox.advanceClock(31)
  t.same(await codeOf(c2c.check(late.pay_id)), [500, 6])
  const e = await c2c.check(late.pay_id).catch((x: CardToCardError) => x)
  t.equal((e as CardToCardError).msg, 'The payment time has run out; the payment has expired.')
  t.equal((await sandbox.cardToCard.payment(late.pay_id, { tenant: tenant.id })).state, 'expired')
  const sms = await sandbox.sms({ provider: 'card-to-card', tenant: tenant.id })
  t.equal(sms.length, 1)
  t.equal(sms[0].purpose, 'bank_deposit')
})

t.test('SandboxClient.cardToCard: cards, settings, raw SMS, deposits and payments', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const sandbox = new SandboxClient({ sandboxUrl: sb.url })
  const tenant = await sandbox.createTenant()
  const c2c = new CardToCardClient({ sandboxUrl: sb.url, token: tenant.card_to_card.token, encoding: 'json' })
  t.equal((await sandbox.cardToCard.cards({ tenant: tenant.id })).length, 2)
  await sandbox.cardToCard.setCards({ cards: [{ number: '6037991122334455', name: 'علی رضایی', bank: 'بانک ملی' }], tenant: tenant.id })
  t.same(await c2c.carts(), [{ number: '6037991122334455', name: 'علی رضایی', bank: 'بانک ملی' }])
  const settings = await sandbox.cardToCard.settings({ unique_amount: true, tenant: tenant.id })
  t.equal(settings.unique_amount, true)
  t.equal((await sandbox.cardToCard.settings({ tenant: tenant.id })).unique_amount, true)
  const a = await c2c.create({ price: 100000, fid: 1 })
  const b = await c2c.create({ price: 100000, fid: 2 })
  t.equal(b.amount, 100001)
  const r = await sandbox.cardToCard.depositSms('بانک ملی ایران\nانتقال به:0101234567008\nمبلغ:100,001+\nمانده:5,000,000', { tenant: tenant.id })
  t.equal(r.deposit.pay_id, b.pay_id)
  t.equal(r.deposit.bank, 'بانک ملی')
  t.equal((await c2c.check(a.pay_id)).code, 7)
  t.equal((await c2c.check(b.pay_id)).code, 201)
  t.equal((await sandbox.cardToCard.deposits({ tenant: tenant.id })).length, 1)
  t.same((await sandbox.cardToCard.payments({ tenant: tenant.id })).map((p) => [p.pay_id, p.state]), [[b.pay_id, 'paid'], [a.pay_id, 'pending']])
  t.equal((await sandbox.cardToCard.payments()).length, 0, 'the default tenant has none')
})

t.test('CardToCartClient, the older name, is the same class (deprecated alias), from the root and ./client', async (t) => {
  for (const mod of [root, clients]) {
    t.equal(mod.CardToCartClient, CardToCardClient)
    t.equal(mod.CardToCartError, CardToCardError)
  }
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const old = new root.CardToCartClient({ baseUrl: `${sb.url}/card-to-card/api`, token: 'nope' })
  const e = await old.carts().catch((x: unknown) => x)
  t.ok(e instanceof root.CardToCartError)
  t.ok(e instanceof CardToCardError)
  t.throws(() => new CardToCardClient({ token: 'x' }), /give `sandboxUrl` \(the sandbox root\) or `baseUrl`/)
})
