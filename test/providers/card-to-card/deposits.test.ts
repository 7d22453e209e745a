import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { PAYER, OTHER, SAMAN, MELLAT, c2cPost, check, createPayment, deposit } from '../../helpers/card-to-card.js'

t.test('a deposit lands in the SMS outbox and settles the payment with its amount', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app, { price: 41000 })
  const r = await deposit(app, { amount: 41000 })
  t.equal(r.deposit.outcome, 'paid')
  t.equal(r.deposit.pay_id, p.pay_id)
  t.equal(r.deposit.dest, SAMAN, 'the first merchant card by default')
  t.equal(r.deposit.bank, 'بانک سامان')
  t.equal(r.payment.state, 'paid')
  t.equal(r.payment.deposit_id, r.deposit.id)
  const sms = json(await app.inject({ method: 'GET', url: '/__sandbox/sms?provider=card-to-card' })).messages
  t.equal(sms.length, 1)
  t.match(sms[0], { tenant: 'default', to: '09120000001', provider: 'card-to-card', purpose: 'bank_deposit' })
  t.match(sms[0].text, /^بانک سامان\n\+41,000 ریال\nبه کارت 621986\*{6}7898\n/)
  t.equal(sms[0].text, r.deposit.text)
  const list = json(await app.inject({ method: 'GET', url: '/__sandbox/card-to-card/deposits' })).deposits
  t.equal(list.length, 1)
})

t.test('no pending payment with the amount: the deposit is kept unmatched', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app, { price: 41000 })
  const r = await deposit(app, { amount: 41001, dest: '1' })
  t.equal(r.deposit.outcome, 'unmatched')
  t.equal(r.payment, null)
  t.equal(r.deposit.dest, MELLAT)
  t.match(r.deposit.text, /^بانک ملت\nواریز:41,001\nکارت:610433\*{6}3210\n/)
  t.equal((await check(app, p.pay_id)).body.code, 7)
})

t.test('matching: amount first, oldest payment first; a deposit settles one payment only', async (t) => {
  const app = await sandbox(t)
  const a = await createPayment(app, { price: 60000 })
  const b = await createPayment(app, { price: 60000 })
  t.equal((await deposit(app, { amount: 60000 })).deposit.pay_id, a.pay_id)
  t.equal((await check(app, b.pay_id)).body.code, 7)
  t.equal((await deposit(app, { amount: 60000 })).deposit.pay_id, b.pay_id)
  t.equal((await deposit(app, { amount: 60000 })).deposit.outcome, 'unmatched', 'paid payments are not paid twice')
})

t.test('matching: the registered card wins among payments with the same amount', async (t) => {
  const app = await sandbox(t)
  const plain = await createPayment(app, { price: 70000 })
  const withCard = await createPayment(app, { price: 70000, card: PAYER })
  t.equal((await deposit(app, { amount: 70000, card: PAYER })).deposit.pay_id, withCard.pay_id)
  t.equal((await check(app, plain.pay_id)).body.code, 7)
  // a masked card in the SMS matches on its visible digits
  const masked = await createPayment(app, { price: 80000, card: OTHER })
  const r = await deposit(app, { amount: 80000, card: '627353******8892' })
  t.equal(r.deposit.pay_id, masked.pay_id)
  t.equal(r.deposit.outcome, 'paid')
})

t.test('card differs: 199 with status true on every check (default mode)', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app, { price: 90000, card: PAYER })
  const r = await deposit(app, { amount: 90000, card: OTHER })
  t.equal(r.deposit.outcome, 'card_mismatch')
  const msg = "Payment is complete, but the depositor's card does not match the registered card."
  t.same(await check(app, p.pay_id), { status: 200, body: { status: true, code: 199, msg } })
  t.same(await check(app, p.pay_id), { status: 200, body: { status: true, code: 199, msg } })
  t.equal(json(await c2cPost(app, '/setCard', { pay_id: p.pay_id, card: PAYER })).code, -1)
})

t.test('a deposit without a card leaves a card-registered payment pending (default), then expired', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app, { price: 90000, card: PAYER })
  t.equal((await deposit(app, { amount: 90000 })).deposit.outcome, 'unmatched')
  t.equal((await check(app, p.pay_id)).body.code, 7)
  app.sandbox.clock.advance(901)
  t.equal((await check(app, p.pay_id)).body.code, 6)
  t.equal((await deposit(app, { amount: 90000, card: PAYER })).deposit.outcome, 'unmatched', 'expired payments take no deposit')
})

t.test('strict mode: a mismatch or a missing card voids the payment (199, status false)', async (t) => {
  const app = await sandbox(t)
  await app.inject({ method: 'PATCH', url: '/__sandbox/card-to-card/settings', payload: { strict_card_match: true } })
  const a = await createPayment(app, { price: 95000, card: PAYER })
  t.equal((await deposit(app, { amount: 95000, card: OTHER })).deposit.outcome, 'voided')
  const voided = { status: 200, body: { status: false, code: 199, msg: "The payment was voided: the depositor's card does not match the registered card." } }
  t.same(await check(app, a.pay_id), voided)
  const b = await createPayment(app, { price: 96000, card: PAYER })
  t.equal((await deposit(app, { amount: 96000 })).deposit.outcome, 'voided')
  t.same(await check(app, b.pay_id), voided)
  const payment = json(await app.inject({ method: 'GET', url: `/__sandbox/card-to-card/payments/${b.pay_id}` }))
  t.equal(payment.state, 'voided')
})

t.test('status knobs: code 7 and 199 status values are per tenant', async (t) => {
  const app = await sandbox(t)
  await app.inject({ method: 'PATCH', url: '/__sandbox/card-to-card/settings', payload: { waiting_status: true, mismatch_status: false } })
  const p = await createPayment(app, { price: 90000, card: PAYER })
  t.equal((await check(app, p.pay_id)).body.status, true)
  await deposit(app, { amount: 90000, card: OTHER })
  t.equal((await check(app, p.pay_id)).body.status, false)
})

t.test('deposit action validation', async (t) => {
  const app = await sandbox(t)
  const bad = async (payload: unknown, status = 400, url = '/__sandbox/card-to-card/deposits') => {
    const res = await app.inject({ method: 'POST', url, payload: payload as never })
    t.equal(res.statusCode, status, JSON.stringify(payload))
    t.type(json(res).error, 'string')
  }
  await bad({})
  await bad({ amount: 0 })
  await bad({ amount: 'x' })
  await bad({ amount: 1000, card: '123' })
  await bad({ amount: 1000, dest: '7' })
  await bad({ amount: 1000, sms: 'بانک ملت\nواریز:1,000' })
  await bad({ sms: 'hello' }, 422)
  await bad({ amount: 1000 }, 404, '/__sandbox/card-to-card/deposits?tenant=nope')
  const none = await app.inject({ method: 'GET', url: '/__sandbox/card-to-card/payments/77' })
  t.equal(none.statusCode, 404)
})

t.test('control plane: payments show lazy expiry; cards can be replaced', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app)
  app.sandbox.clock.advance(1000)
  const list = json(await app.inject({ method: 'GET', url: '/__sandbox/card-to-card/payments' })).payments
  t.equal(list[0].pay_id, p.pay_id)
  t.equal(list[0].state, 'expired')
  const put = await app.inject({ method: 'PUT', url: '/__sandbox/card-to-card/cards', payload: { cards: [{ number: PAYER, name: 'علی رضایی', bank: 'بانک تجارت' }] } })
  t.equal(put.statusCode, 200)
  t.equal(json(await app.inject({ method: 'GET', url: '/card-to-card/api/carts', headers: { token: 'sandbox-card-to-card-token' } })).length, 1)
  const bad = await app.inject({ method: 'PUT', url: '/__sandbox/card-to-card/cards', payload: { cards: [{ number: '12', name: 'x', bank: 'y' }] } })
  t.equal(bad.statusCode, 400)
  // reset brings the fixtures back
  await app.inject({ method: 'POST', url: '/__sandbox/reset' })
  t.equal(json(await app.inject({ method: 'GET', url: '/__sandbox/card-to-card/cards' })).cards.length, 2)
})

t.test('open payments by amount follow payments out of the window and back: paid, expired, clock set back, state imported', async (t) => {
  const app = await sandbox(t)
  await app.inject({ method: 'PATCH', url: '/__sandbox/card-to-card/settings', payload: { expire_seconds: 60, unique_amount: true } })
  const a = await createPayment(app, { price: 70000 })
  const b = await createPayment(app, { price: 70000 })
  t.same([a.amount, b.amount], [70000, 70001])
  t.equal((await deposit(app, { amount: 70000 })).deposit.pay_id, a.pay_id)
  t.equal((await createPayment(app, { price: 70000 })).amount, 70000, 'a paid payment frees its amount')
  const before = app.sandbox.clock.now()
  app.sandbox.clock.advance(61)
  t.equal((await deposit(app, { amount: 70001 })).deposit.outcome, 'unmatched', 'an expired payment is matched by no deposit')
  // back inside b's window: b is open again, as the script judges expiry against the clock
  app.sandbox.clock.set(before)
  t.equal((await deposit(app, { amount: 70001 })).deposit.pay_id, b.pay_id, 'the clock set back reopens it')
  // an imported state brings payments the index never saw
  const state = json(await app.inject({ method: 'GET', url: '/__sandbox/state' }))
  const c = await createPayment(app, { price: 80000 })
  t.equal(c.amount, 80000)
  await app.inject({ method: 'PUT', url: '/__sandbox/state', payload: state })
  const d = await createPayment(app, { price: 80000 })
  t.equal(d.amount, 80000, 'the payment made before the import is gone with it')
  t.equal((await createPayment(app, { price: 80000 })).amount, 80001)
  t.equal((await deposit(app, { amount: 80000 })).deposit.pay_id, d.pay_id)
})
