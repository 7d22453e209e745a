import t from 'tap'
import { json, sandbox, form } from '../../helpers/sandbox.js'
import { C, TOKEN, SAMAN, MELLAT, PAYER, c2cGet, c2cPost, check, createPayment } from '../../helpers/card-to-card.js'

const NAME = 'شاهین محسنی'

t.test('carts: the bare array of the merchant cards, written as PHP writes JSON', async (t) => {
  const app = await sandbox(t)
  const res = await c2cGet(app, '/carts')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  t.equal(res.body, `[{"number":"${SAMAN}","name":"${NAME}","bank":"بانک سامان"},{"number":"${MELLAT}","name":"${NAME}","bank":"بانک ملت"}]`)
})

t.test('carts: masked numbers when the tenant masks them, as the seed sample shows', async (t) => {
  const app = await sandbox(t)
  await app.inject({ method: 'PATCH', url: '/__sandbox/card-to-card/settings', payload: { card_numbers: 'masked' } })
  t.same(json(await c2cGet(app, '/carts')).map((c: { number: string }) => c.number), ['****', '****'])
})

t.test('token header: missing or wrong is 403/403', async (t) => {
  const app = await sandbox(t)
  for (const token of [null, '', 'wrong']) {
    const res = await c2cGet(app, '/carts', token)
    t.equal(res.statusCode, 403)
    t.same(json(res), { status: false, code: 403, msg: 'Access denied: the token header is missing or not valid.' })
    const created = await c2cPost(app, '/create', { price: 20000, fid: 1 }, token)
    t.equal(created.statusCode, 403)
    t.equal(json(created).code, 403)
  }
  // the bearer scheme is not the script's header
  const bearer = await app.inject({ method: 'GET', url: `${C}/carts`, headers: { authorization: `Bearer ${TOKEN}` } })
  t.equal(bearer.statusCode, 403)
})

t.test('unknown endpoint 404/404 and wrong method 405/405 in the script shape', async (t) => {
  const app = await sandbox(t)
  for (const url of [`${C}/nope`, `${C}/Create`, '/card-to-card/x', `${C}/check/1`]) {
    const res = await app.inject({ method: 'GET', url, headers: { token: TOKEN } })
    t.equal(res.statusCode, 404, url)
    t.same(json(res), { status: false, code: 404, msg: 'The requested page or endpoint does not exist.' })
  }
  for (const [method, path] of [['GET', '/create'], ['GET', '/setCard'], ['POST', '/check'], ['DELETE', '/carts'], ['PUT', '/create']] as const) {
    const res = await app.inject({ method, url: `${C}${path}`, headers: { token: TOKEN } })
    t.equal(res.statusCode, 405, `${method} ${path}`)
    t.same(json(res), { status: false, code: 405, msg: 'The request method is not valid.' })
  }
})

t.test('create: the seed sample shape, field order and PHP escaping', async (t) => {
  const app = await sandbox(t)
  const now = app.sandbox.clock.nowSeconds()
  const res = await c2cPost(app, '/create', 'price=11385&fid=19&phone=09121234567&callback=https%3A%2F%2Fshop.example%2Fback%3Fo%3D7')
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.same(Object.keys(body), ['status', 'code', 'expire', 'pay_id', 'amount', 'link', 'cart'])
  t.equal(body.status, true)
  t.equal(body.code, 200)
  t.equal(body.amount, 11385)
  t.ok(body.expire >= now + 900 && body.expire <= now + 901)
  t.equal(body.pay_id, 1)
  t.equal(body.link, 'http://localhost:80/card-to-card/payment/1')
  t.ok(res.body.includes('"link":"http:\\/\\/localhost:80\\/card-to-card\\/payment\\/1"'), 'slashes escaped as PHP does')
  t.ok(res.body.includes(`"name":"${NAME}"`), 'Persian as raw UTF-8')
  t.same(body.cart, [
    { number: SAMAN, name: NAME, bank: 'بانک سامان' },
    { number: MELLAT, name: NAME, bank: 'بانک ملت' }
  ])
  const second = await createPayment(app)
  t.equal(second.pay_id, 2, 'pay_id auto-increments')
  t.equal(second.link, null, 'no callback, no link')
})

t.test('create: form, multipart and JSON bodies; callbackUrl alias; Persian digits', async (t) => {
  const app = await sandbox(t)
  const viaJson = await c2cPost(app, '/create', { price: 20000, fid: 1, callbackUrl: 'http://shop.test/r' })
  t.equal(viaJson.statusCode, 200)
  t.match(json(viaJson).link, /\/card-to-card\/payment\/\d+$/)
  const viaMultipart = await c2cPost(app, '/create', form({ price: '20000', fid: '2' }))
  t.equal(viaMultipart.statusCode, 200)
  t.equal(json(viaMultipart).amount, 20000)
  const viaForm = await c2cPost(app, '/create', 'price=%DB%B2%DB%B0%DB%B0%DB%B0%DB%B0&fid=3')
  t.equal(viaForm.statusCode, 200)
  t.equal(json(viaForm).amount, 20000, 'Persian digits read as numbers')
  const strings = await c2cPost(app, '/create', { price: '30000', fid: '4' })
  t.equal(json(strings).amount, 30000)
  const repeated = await c2cPost(app, '/create', 'price=10000&price=40000&fid=5')
  t.equal(json(repeated).amount, 40000, 'a repeated form field: PHP keeps the last')
})

t.test('create: every error of the code table, in order, HTTP 500', async (t) => {
  const app = await sandbox(t)
  const cases: Array<[unknown, number, string]> = [
    [{}, 0, 'The price is not a number.'],
    [{ price: 'abc', fid: 1 }, 0, 'The price is not a number.'],
    [{ price: '12000.5', fid: 1 }, 0, 'The price is not a number.'],
    [{ price: [10000, 20000], fid: 1 }, 0, 'The price is not a number.'],
    [{ price: 9999, fid: 1 }, 1, 'The price must be at least 1,000 Toman.'],
    [{ price: -50000, fid: 1 }, 1, 'The price must be at least 1,000 Toman.'],
    [{ price: 10000 }, 2, 'The invoice number (fid) was not sent.'],
    [{ price: 10000, fid: '' }, 2, 'The invoice number (fid) was not sent.'],
    [{ price: 10000, fid: 'INV-1' }, 2, 'The invoice number (fid) was not sent.'],
    [{ price: 10000, fid: 5, card: '1234' }, -3, 'The card number was not sent or is not a valid card number.'],
    [{ price: 10000, fid: 5, card: '60379911223344556' }, -3, 'The card number was not sent or is not a valid card number.']
  ]
  for (const [payload, code, msg] of cases) {
    const res = await c2cPost(app, '/create', payload)
    t.equal(res.statusCode, 500, JSON.stringify(payload))
    t.same(json(res), { status: false, code, msg }, JSON.stringify(payload))
  }
  t.equal((await c2cPost(app, '/create', { price: 10000, fid: 5 })).statusCode, 200, 'the failed attempts did not take fid 5')
  const dup = await c2cPost(app, '/create', { price: 50000, fid: '5' })
  t.equal(dup.statusCode, 500)
  t.same(json(dup), { status: false, code: 3, msg: 'The invoice number (fid) has already been used.' })
  // not JSON, or not an object: PHP sees no fields
  for (const payload of ['{broken', '[1,2]', '"x"']) {
    const res = await app.inject({ method: 'POST', url: `${C}/create`, headers: { token: TOKEN, 'content-type': 'application/json' }, payload })
    t.equal(res.statusCode, 500)
    t.equal(json(res).code, 0)
  }
  const brokenMultipart = await app.inject({ method: 'POST', url: `${C}/create`, headers: { token: TOKEN, 'content-type': 'multipart/form-data; boundary=zzz' }, payload: 'garbage' })
  t.same(json(brokenMultipart), { status: false, code: 0, msg: 'The price is not a number.' })
  const brokenSetCard = await app.inject({ method: 'POST', url: `${C}/setCard`, headers: { token: TOKEN, 'content-type': 'multipart/form-data; boundary=zzz' }, payload: 'garbage' })
  t.equal(json(brokenSetCard).code, 4)
  const text = await app.inject({ method: 'POST', url: `${C}/create`, headers: { token: TOKEN, 'content-type': 'text/plain' }, payload: 'price=10000' })
  t.equal(json(text).code, 0)
})

t.test('create: the card is optional, checked when sent; Luhn only when the tenant asks', async (t) => {
  const app = await sandbox(t)
  t.equal((await c2cPost(app, '/create', { price: 10000, fid: 1, card: PAYER })).statusCode, 200)
  t.equal((await c2cPost(app, '/create', { price: 10000, fid: 2, card: '6037991122334456' })).statusCode, 200)
  await app.inject({ method: 'PATCH', url: '/__sandbox/card-to-card/settings', payload: { card_luhn_check: true } })
  t.equal(json(await c2cPost(app, '/create', { price: 10000, fid: 3, card: '6037991122334456' })).code, -3)
  t.equal((await c2cPost(app, '/create', { price: 10000, fid: 4, card: PAYER })).statusCode, 200)
})

t.test('create: expiry window and unique-amount mode are per tenant', async (t) => {
  const app = await sandbox(t)
  await app.inject({ method: 'PATCH', url: '/__sandbox/card-to-card/settings', payload: { expire_seconds: 60, unique_amount: true } })
  const now = app.sandbox.clock.nowSeconds()
  const a = await createPayment(app, { price: 50000 })
  const b = await createPayment(app, { price: 50000 })
  const c = await createPayment(app, { price: 50001 })
  t.ok(a.expire - now >= 60 && a.expire - now <= 61)
  t.equal(a.amount, 50000)
  t.equal(b.amount, 50001)
  t.equal(c.amount, 50002, 'amounts of open payments never repeat')
  app.sandbox.clock.advance(61)
  t.equal((await createPayment(app, { price: 50000 })).amount, 50000, 'expired payments free their amounts')
  await app.inject({ method: 'PATCH', url: '/__sandbox/card-to-card/settings', payload: { unique_amount: false } })
  t.equal((await createPayment(app, { price: 50000 })).amount, 50000)
})

t.test('check: 4, 5, then 7 while waiting and 6 after expiry', async (t) => {
  const app = await sandbox(t)
  const missing = await c2cGet(app, '/check')
  t.equal(missing.statusCode, 500)
  t.same(json(missing), { status: false, code: 4, msg: 'pay_id was not sent.' })
  t.same((await c2cGet(app, '/check?pay_id=')).statusCode, 500)
  for (const id of ['999', 'abc', '-1', '1.5']) t.same(await check(app, id), { status: 500, body: { status: false, code: 5, msg: 'pay_id is not valid.' } }, id)
  const p = await createPayment(app)
  t.same(await check(app, p.pay_id), { status: 200, body: { status: false, code: 7, msg: 'The payment has not been made yet.' } })
  // The sandbox clock runs in real time too: a second of margin keeps this from depending on when
  // the real second ticks between create and check.
  app.sandbox.clock.advance(899)
  t.equal((await check(app, p.pay_id)).body.code, 7, 'still open a second before expire')
  app.sandbox.clock.advance(2)
  t.same(await check(app, p.pay_id), { status: 500, body: { status: false, code: 6, msg: 'The payment time has run out; the payment has expired.' } })
})

t.test('check: 201 on the first check after payment, 200 afterwards; paid payments never expire', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app, { price: 25000 })
  await app.inject({ method: 'POST', url: '/__sandbox/card-to-card/deposits', payload: { amount: 25000 } })
  t.same(await check(app, p.pay_id), { status: 200, body: { status: true, code: 201, msg: 'Payment is complete.' } })
  t.same(await check(app, p.pay_id), { status: 200, body: { status: true, code: 200, msg: 'Payment is complete.' } })
  app.sandbox.clock.advance(86400)
  t.equal((await check(app, p.pay_id)).body.code, 200)
  const raw = await c2cGet(app, `/check?pay_id=${p.pay_id}`)
  t.equal(raw.body, '{"status":true,"code":200,"msg":"Payment is complete."}', 'the seed sample, byte for byte')
})

t.test('setCard: registers once; every documented error', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app)
  const cases: Array<[unknown, number]> = [
    [{ card: PAYER }, 4],
    [{ pay_id: 'x', card: PAYER }, 5],
    [{ pay_id: 9999, card: PAYER }, 5],
    [{ pay_id: p.pay_id }, -3],
    [{ pay_id: p.pay_id, card: '6037-9911-2233-4455' }, -3],
    [{ pay_id: p.pay_id, card: '603799112233' }, -3]
  ]
  for (const [payload, code] of cases) {
    const res = await c2cPost(app, '/setCard', payload)
    t.equal(res.statusCode, 500, JSON.stringify(payload))
    t.equal(json(res).code, code, JSON.stringify(payload))
    t.equal(json(res).status, false)
  }
  const ok = await c2cPost(app, '/setCard', `pay_id=${p.pay_id}&card=${PAYER}`)
  t.equal(ok.statusCode, 200)
  t.same(json(ok), { status: true, code: 200, msg: 'The card number was registered.' })
  const again = await c2cPost(app, '/setCard', { pay_id: p.pay_id, card: PAYER })
  t.same(json(again), { status: false, code: -2, msg: 'A card number is already registered for this payment.' })
  t.equal(again.statusCode, 500)

  const paid = await createPayment(app, { price: 33000 })
  await app.inject({ method: 'POST', url: '/__sandbox/card-to-card/deposits', payload: { amount: 33000 } })
  const late = await c2cPost(app, '/setCard', { pay_id: paid.pay_id, card: PAYER })
  t.same(json(late), { status: false, code: -1, msg: 'The payment is already recorded; a card can no longer be registered.' })

  const old = await createPayment(app)
  app.sandbox.clock.advance(901)
  t.equal(json(await c2cPost(app, '/setCard', { pay_id: old.pay_id, card: PAYER })).code, 6)
})

t.test('tenant isolation: another token sees none of these payments, fids are per install', async (t) => {
  const app = await sandbox(t)
  const other = json(await app.inject({ method: 'POST', url: '/__sandbox/tenants' }))
  const mine = await createPayment(app, { fid: 77 })
  t.equal((await check(app, mine.pay_id, other.card_to_card.token)).body.code, 5)
  t.equal(json(await c2cPost(app, '/setCard', { pay_id: mine.pay_id, card: PAYER }, other.card_to_card.token)).code, 5)
  const theirs = await c2cPost(app, '/create', { price: 11385, fid: 77 }, other.card_to_card.token)
  t.equal(theirs.statusCode, 200, 'the same fid in another install')
  t.not(json(theirs).pay_id, mine.pay_id, 'pay_ids are unique across the sandbox')
  // a deposit to the other tenant does not settle mine
  await app.inject({ method: 'POST', url: `/__sandbox/card-to-card/deposits?tenant=${other.id}`, payload: { amount: 11385 } })
  t.equal((await check(app, mine.pay_id)).body.code, 7)
  t.equal((await check(app, json(theirs).pay_id, other.card_to_card.token)).body.code, 201)
})

t.test('Host-header routing: the install at its own host', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject({ method: 'POST', url: '/api/create', headers: { host: 'card-to-card', token: TOKEN }, payload: { price: 10000, fid: 1, callback: 'http://x.test/' } })
  t.equal(res.statusCode, 200)
  t.equal(json(res).link, `http://card-to-card/payment/${json(res).pay_id}`)
})

t.test('the journal shows JSON bodies as sent, a body PHP could not read included', async (t) => {
  const app = await sandbox(t)
  const send = (payload: string) => app.inject({ method: 'POST', url: '/api/create', headers: { host: 'card-to-card', token: TOKEN, 'content-type': 'application/json' }, payload })
  await send('{"price":"10000","fid":1}')
  await send('{"price":')
  const [ok, bad] = json(await app.inject('/__sandbox/requests?provider=card-to-card')).requests
  t.same(ok.request.body, { price: '10000', fid: 1 })
  t.equal(bad.request.body, '{"price":')
})
