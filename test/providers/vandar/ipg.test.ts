import t from 'tap'
import { createHash } from 'node:crypto'
import { form, json, sandbox } from '../../helpers/sandbox.js'
import { BIZ, CARD, CARD2, IPG, KEY, advance, api, ipgPost, newTenant, paidPayment, payAction, sendPayment, settings } from '../../helpers/vandar.js'
import { VANDAR_TEXT as T } from '../../../src/providers/vandar/text.js'
import { IPG_INFERRED_TEXT as I } from '../../../src/providers/vandar/ipg.js'

const CALLBACK = 'https://example.com/callback'

t.test('send: the seed example as written, in JSON, form and multipart', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const seed = { api_key: KEY, amount: 1000, callback_url: CALLBACK, mobile_number: '09123456789', factorNumber: '12345', description: 'توضیحات دلخواه', valid_card_number: [CARD] }
  const res = await ipgPost(app, 'send', seed)
  t.equal(res.statusCode, 200)
  const body = json(res)
  t.same(Object.keys(body), ['status', 'token'])
  t.equal(body.status, 1)
  t.match(body.token, /^[A-Z0-9]{15}$/)

  const viaForm = await ipgPost(app, 'send', `api_key=${KEY}&amount=1000&callback_url=${encodeURIComponent(CALLBACK)}&valid_card_number[]=${CARD}&valid_card_number[]=${CARD2}`, 'v4', {
    'content-type': 'application/x-www-form-urlencoded'
  })
  t.equal(viaForm.statusCode, 200)
  const p = app.sandbox.store.defaultTenant.vandar.payments[json(viaForm).token]
  t.same(p.valid_card_numbers, [CARD, CARD2])

  const viaMultipart = await ipgPost(app, 'send', form({ api_key: KEY, amount: '2500', callback_url: CALLBACK, valid_card_number: CARD }))
  t.equal(viaMultipart.statusCode, 200)
  t.same(app.sandbox.store.defaultTenant.vandar.payments[json(viaMultipart).token].valid_card_numbers, [CARD], 'a single string is one card (v3)')

  const numericString = await ipgPost(app, 'send', { api_key: KEY, amount: '15000', callback_url: CALLBACK })
  t.equal(numericString.statusCode, 200)
  t.equal(app.sandbox.store.defaultTenant.vandar.payments[json(numericString).token].amount, 15000)

  const v3 = await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: CALLBACK }, 'v3')
  t.equal(v3.statusCode, 200, 'v3 paths are the same contract')
})

t.test('send: every failure reported together, with the exact messages', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const empty = await ipgPost(app, 'send', {})
  t.equal(empty.statusCode, 422)
  t.same(json(empty), { status: 0, errors: [T.API_KEY_REQUIRED, T.AMOUNT_REQUIRED, T.CALLBACK_REQUIRED] })
  t.equal(T.AMOUNT_NUMERIC, 'amount باید عدد یا رشته\u200cای از اعداد باشد', 'the ZWNJ is kept')

  const all = await ipgPost(app, 'send', {
    api_key: 'wrong',
    amount: 'abc',
    callback_url: 'not a url',
    mobile_number: '0912',
    national_code: '1234567890',
    valid_card_number: ['1234'],
    description: 'x'.repeat(256),
    port: 'MELLAT'
  })
  t.equal(all.statusCode, 422)
  t.same(json(all), {
    status: 0,
    errors: [T.API_KEY_INVALID, T.AMOUNT_NUMERIC, T.CALLBACK_INVALID, I.MOBILE_INVALID, T.NATIONAL_CODE_INVALID, T.CARD_INVALID, I.DESCRIPTION_MAX, I.PORT_INVALID]
  })

  const cases: Array<[Record<string, unknown>, string[]]> = [
    [{ amount: 999 }, [T.AMOUNT_MIN]],
    [{ amount: '999' }, [T.AMOUNT_MIN]],
    [{ amount: 1000.5 }, [T.AMOUNT_NUMERIC]],
    [{ callback_url: 'https://evil.com/cb' }, [T.CALLBACK_DOMAIN]],
    [{ callback_url: 'https://example.com.evil.com/cb' }, [T.CALLBACK_DOMAIN]],
    [{ callback_url: 'ftp://example.com/cb' }, [T.CALLBACK_INVALID]],
    [{ callback_url: 'https://example.com/' + 'a'.repeat(240) }, [T.CALLBACK_INVALID]],
    [{ national_code: '0013542419' }, [I.NATIONAL_CODE_NEEDS_MOBILE]],
    [{ valid_card_number: Array(11).fill(CARD) }, [I.CARDS_MAX]],
    [{ valid_card_number: [CARD, '6037990000057898'] }, [T.CARD_INVALID]]
  ]
  for (const [patch, errors] of cases) {
    const res = await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: CALLBACK, ...patch })
    t.equal(res.statusCode, 422, JSON.stringify(patch).slice(0, 60))
    t.same(json(res), { status: 0, errors })
  }
  for (const ok of [
    { callback_url: 'https://shop.example.com/cb?order=1' },
    { callback_url: 'http://localhost:3000/cb' },
    { callback_url: 'http://127.0.0.1:8080/cb' },
    { national_code: '0013542419', mobile_number: '09123456789' },
    { valid_card_number: Array(10).fill(CARD) },
    { description: 'x'.repeat(255), port: 'BEHPARDAKHT' }
  ]) {
    const res = await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: CALLBACK, ...ok })
    t.equal(res.statusCode, 200, JSON.stringify(ok).slice(0, 60))
  }
  // a body that is not JSON is no input at all
  const garbage = await ipgPost(app, 'send', '{oops', 'v4', { 'content-type': 'application/json' })
  t.same(json(garbage), { status: 0, errors: [T.API_KEY_REQUIRED, T.AMOUNT_REQUIRED, T.CALLBACK_REQUIRED] })
})

t.test('send: registered domains and merchant IPs are tenant settings', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const add = await app.inject({ method: 'POST', url: '/__sandbox/vandar/ipg/domains', payload: { domain: 'myshop.ir' } })
  t.equal(add.statusCode, 201)
  t.equal((await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: 'https://pay.myshop.ir/cb' })).statusCode, 200)
  await settings(app, { allowed_ips: ['10.0.0.1'] })
  const res = await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: CALLBACK })
  t.same(json(res), { status: 0, errors: [T.IP_INVALID] })
  await settings(app, { allowed_ips: ['127.0.0.1'] })
  t.equal((await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: CALLBACK })).statusCode, 200)
})

t.test('payment page: Referer, one-time URL, card rules, pay / fail / cancel', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await sendPayment(app, { callback_url: 'https://example.com/callback?order=7', valid_card_number: [CARD] })
  const noRef = await app.inject({ method: 'GET', url: `${IPG}/v4/${token}` })
  t.equal(noRef.statusCode, 403)
  t.match(noRef.headers['content-type'], /text\/html/)
  const wrongRef = await app.inject({ method: 'GET', url: `${IPG}/v4/${token}`, headers: { referer: 'https://evil.com/' } })
  t.equal(wrongRef.statusCode, 403, 'a refused visit does not spend the URL')
  const head = await app.inject({ method: 'HEAD', url: `${IPG}/v4/${token}`, headers: { referer: 'https://www.example.com/checkout' } })
  t.equal(head.statusCode, 200, 'a HEAD does not spend the URL')
  const page = await app.inject({ method: 'GET', url: `${IPG}/v4/${token}`, headers: { referer: 'https://www.example.com/checkout' } })
  t.equal(page.statusCode, 200)
  t.match(page.body, /dir="rtl"/)
  t.match(page.body, /name="card_number"/)
  t.match(page.body, /id="pay"/)
  t.match(page.body, /id="fail"/)
  t.match(page.body, /id="cancel"/)
  const second = await app.inject({ method: 'GET', url: `${IPG}/v4/${token}`, headers: { referer: 'https://www.example.com/checkout' } })
  t.equal(second.statusCode, 404)

  const post = (payload: string) => app.inject({ method: 'POST', url: `${IPG}/v4/${token}`, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const refused = await post(`action=pay&card_number=${CARD2}`)
  t.equal(refused.statusCode, 200)
  t.match(refused.body, T.CARD_INVALID)
  const bad = await post('action=pay&card_number=1234')
  t.match(bad.body, T.CARD_INVALID)
  const paid = await post(`action=pay&card_number=${CARD.slice(0, 4)}-${CARD.slice(4)}`)
  t.equal(paid.statusCode, 302)
  t.equal(paid.headers.location, `https://example.com/callback?order=7&token=${token}&payment_status=OK`)
  t.equal((await post('action=pay')).statusCode, 404, 'the page is done')

  for (const action of ['fail', 'cancel']) {
    const tk = await sendPayment(app)
    await app.inject({ method: 'GET', url: `${IPG}/v3/${tk}`, headers: { referer: 'http://localhost:3000/' } })
    const res = await app.inject({ method: 'POST', url: `${IPG}/v3/${tk}`, payload: `action=${action}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    t.equal(res.statusCode, 302)
    t.equal(res.headers.location, `https://example.com/callback?token=${tk}&payment_status=FAILED`)
  }

  const unknown = await app.inject({ method: 'GET', url: `${IPG}/v4/AAAAAAAAAAAAAAA`, headers: { referer: 'https://example.com/' } })
  t.equal(unknown.statusCode, 404)

  await settings(app, { require_referer: false })
  const tk = await sendPayment(app)
  t.equal((await app.inject({ method: 'GET', url: `${IPG}/v4/${tk}` })).statusCode, 200, 'the Referer check can be switched off')
})

t.test('payment page: national_code allows only the owner\'s cards', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await sendPayment(app, { national_code: '0013542419', mobile_number: '09123456789' })
  t.equal((await payAction(app, token, 'OK', CARD2)).statusCode, 422)
  t.same(json(await payAction(app, token, 'OK', CARD2)), {
    error: 'card_refused',
    message: T.NATIONAL_CODE_INVALID,
    hint: `card ${CARD2} belongs to national code 0499370899 in the sandbox's card registry, and this payment is for national code 0013542419; register the card with PUT /__sandbox/vandar/cards/${CARD2} {"national_code":"0013542419"}`
  })
  const ok = await payAction(app, token, 'OK', CARD)
  t.equal(ok.statusCode, 200)
  t.equal(json(ok).redirect_url, `https://example.com/callback?token=${token}&payment_status=OK`)
  t.equal((await payAction(app, token, 'OK', CARD)).statusCode, 409)
  t.equal((await payAction(app, 'NOPE', 'OK')).statusCode, 404)
  // the PSP's card owners can be extended
  await app.inject({ method: 'PUT', url: `/__sandbox/vandar/cards/${CARD2}`, payload: { national_code: '0013542419' } })
  const t2 = await sendPayment(app, { national_code: '0013542419', mobile_number: '09123456789' })
  t.equal((await payAction(app, t2, 'OK', CARD2)).statusCode, 200)
})

t.test('sandbox-only rules: Vandar\'s answer byte for byte, the sandbox\'s hint in x-sandbox-hint and the journal', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const noteOf = async (path: string) => json(await app.inject(`/__sandbox/requests?path=${encodeURIComponent(path)}&limit=1`)).requests[0]?.note

  // the terminal domains are the tenant's callback_domains
  const domain = await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: 'https://shop.test/cb' })
  t.equal(domain.statusCode, 422)
  t.equal(domain.body, JSON.stringify({ status: 0, errors: [T.CALLBACK_DOMAIN] }), 'the body is Vandar\'s, nothing added')
  const domainHint =
    'callback_url\'s host shop.test is not a terminal domain of this tenant (callback_domains: example.com, localhost, 127.0.0.1); ' +
    'add it with POST /__sandbox/vandar/ipg/domains {"domain":"shop.test"} or set the list with PATCH /__sandbox/vandar/settings {"callback_domains":["example.com","localhost","127.0.0.1","shop.test"]}'
  t.equal(domain.headers['x-sandbox-hint'], domainHint)
  t.equal(await noteOf('/api/v4/send'), domainHint, 'the journal entry carries the same note')
  const ok = await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: CALLBACK })
  t.equal(ok.headers['x-sandbox-hint'], undefined, 'no hint when no sandbox rule refused')
  t.equal(await noteOf('/api/v4/send'), undefined)

  // another tenant's hints name its ?tenant=
  const other = await newTenant(app)
  const theirs = await ipgPost(app, 'send', { api_key: other.vandar.ipg_api_key, amount: 1000, callback_url: 'https://shop.test/cb' })
  t.match(theirs.headers['x-sandbox-hint'], `POST /__sandbox/vandar/ipg/domains?tenant=${other.id} {"domain":"shop.test"}`)

  // the IP whitelist, on send and on verify; two refusals in one answer give both hints
  await settings(app, { allowed_ips: ['10.0.0.1'] })
  const ip = await ipgPost(app, 'send', { api_key: KEY, amount: 1000, callback_url: 'https://shop.test/cb' })
  t.equal(ip.body, JSON.stringify({ status: 0, errors: [T.IP_INVALID, T.CALLBACK_DOMAIN] }))
  t.equal(
    ip.headers['x-sandbox-hint'],
    'the request\'s IP 127.0.0.1 is not on this tenant\'s IP whitelist (allowed_ips: 10.0.0.1); change it with PATCH /__sandbox/vandar/settings {"allowed_ips":[]} (an empty list allows every IP) | ' +
      domainHint
  )
  const verify = await ipgPost(app, 'verify', { api_key: KEY, token: 'X' })
  t.match(verify.headers['x-sandbox-hint'], /^the request's IP 127\.0\.0\.1 is not on this tenant's IP whitelist/)
  await settings(app, { allowed_ips: [] })

  // the Referer of the payment page: Vandar's Persian page, and the sandbox's note under it
  const token = await sendPayment(app)
  const page = await app.inject({ method: 'GET', url: `${IPG}/v4/${token}`, headers: { referer: 'https://shop.test/checkout' } })
  t.equal(page.statusCode, 403)
  const refererHint =
    'the payment page needs a Referer on a terminal domain of this tenant (callback_domains: example.com, localhost, 127.0.0.1) and got Referer shop.test; ' +
    'add the domain with POST /__sandbox/vandar/ipg/domains {"domain":"shop.test"}, or turn the check off with PATCH /__sandbox/vandar/settings {"require_referer":false}'
  t.equal(page.headers['x-sandbox-hint'], refererHint)
  t.match(page.body, 'آدرس ارجاع‌دهنده (Referer) با دامنه ثبت‌شده برای درگاه مطابقت ندارد.')
  t.match(page.body, `<small class="sandbox-note" id="sandbox-note" lang="en">sandbox: ${refererHint.replace(/"/g, '&quot;')}</small>`)
  t.equal(await noteOf(`/v4/${token}`), refererHint)
  const none = await app.inject({ method: 'GET', url: `${IPG}/v4/${token}` })
  t.match(none.headers['x-sandbox-hint'], /and got no Referer; open the page from the merchant site, or turn the check off/)
  const shown = await app.inject({ method: 'GET', url: `${IPG}/v4/${token}`, headers: { referer: 'https://example.com/' } })
  t.equal(shown.statusCode, 200)
  t.equal(shown.headers['x-sandbox-hint'], undefined)
  t.notMatch(shown.body, 'id="sandbox-note"')

  // a national_code payment and a card the sandbox's card registry does not give that owner
  const UNKNOWN = '6037990000012340'
  const owned = await sendPayment(app, { national_code: '0013542419', mobile_number: '09123456789' })
  await app.inject({ method: 'GET', url: `${IPG}/v4/${owned}`, headers: { referer: 'https://example.com/' } })
  const pay = (card: string) => app.inject({ method: 'POST', url: `${IPG}/v4/${owned}`, payload: `action=pay&card_number=${card}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const refused = await pay(UNKNOWN)
  t.equal(refused.statusCode, 200)
  t.match(refused.body, T.NATIONAL_CODE_INVALID)
  const cardHint = `card ${UNKNOWN} is not in the sandbox's card registry, and this payment is for national code 0013542419; register the card with PUT /__sandbox/vandar/cards/${UNKNOWN} {"national_code":"0013542419"}`
  t.equal(refused.headers['x-sandbox-hint'], cardHint)
  t.match(refused.body, 'id="sandbox-note"')
  t.equal(await noteOf(`/v4/${owned}`), cardHint)
  t.match((await pay(CARD2)).headers['x-sandbox-hint'], `card ${CARD2} belongs to national code 0499370899 in the sandbox's card registry`)
  const luhn = await pay('1234')
  t.match(luhn.body, T.CARD_INVALID)
  t.equal(luhn.headers['x-sandbox-hint'], undefined, 'a card Vandar itself refuses gets no hint')
})

t.test('transaction: codes 0-4 and the documented fields', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const code = async (token: string) => json(await ipgPost(app, 'transaction', { api_key: KEY, token }))
  const token = await sendPayment(app, { amount: 10000, factorNumber: 'F-1', description: 'description' })
  const created = await code(token)
  t.equal(created.code, 0)
  t.equal(created.cardNumber, null)
  await payAction(app, token, 'OK', CARD)
  const paid = await code(token)
  t.same(Object.keys(paid), ['status', 'amount', 'wage', 'shaparakWage', 'transId', 'refnumber', 'trackingCode', 'factorNumber', 'mobile', 'description', 'cardNumber', 'CID', 'createdAt', 'paymentDate', 'code', 'message'])
  t.equal(paid.status, 1)
  t.equal(paid.amount, '10000')
  t.equal(paid.wage, '100')
  t.equal(paid.shaparakWage, '1200')
  t.match(String(paid.transId), /^\d{12}$/)
  t.equal(paid.cardNumber, '603799******7899')
  t.equal(paid.CID, createHash('sha256').update(CARD).digest('hex').toUpperCase())
  t.match(paid.createdAt, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  t.equal(paid.code, 1)
  t.equal(paid.message, 'Confirm requierd')
  t.equal(paid.factorNumber, 'F-1')
  await ipgPost(app, 'verify', { api_key: KEY, token })
  t.equal((await code(token)).code, 2)
  const failed = await sendPayment(app)
  await payAction(app, failed, 'FAILED')
  t.equal((await code(failed)).code, 4)
  const late = await paidPayment(app)
  await advance(app, 20 * 60)
  t.equal((await code(late)).code, 3)

  const errs = await ipgPost(app, 'transaction', {})
  t.same(json(errs), { status: 0, errors: [T.API_KEY_REQUIRED, T.TOKEN_REQUIRED] })
  t.same(json(await ipgPost(app, 'transaction', { api_key: KEY, token: 'NOPE' })), { status: 0, errors: [T.TOKEN_INVALID] })
  t.same(json(await ipgPost(app, 'transaction', { api_key: 'x', token })), { status: 0, errors: [T.API_KEY_INVALID] })
})

t.test('verify: exactly once, realAmount, expiry, failed payments, wallet and statement', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const before = json(await api(app, 'GET', `/v2/business/${BIZ}/balance`)).data.wallet
  const token = await paidPayment(app, { amount: 100000, mobile_number: '09123456789', factorNumber: '12345', description: 'description' })
  const res = await ipgPost(app, 'verify', { api_key: KEY, token })
  t.equal(res.statusCode, 200)
  const v = json(res)
  t.same(Object.keys(v), ['status', 'amount', 'realAmount', 'wage', 'shaparakWage', 'transId', 'factorNumber', 'mobile', 'description', 'cardNumber', 'paymentDate', 'cid', 'message'])
  t.equal(v.amount, '100000.00')
  t.equal(v.realAmount, 99000)
  t.equal(v.wage, '1000')
  t.equal(v.message, 'ok')
  t.equal(v.mobile, '09123456789')
  const again = await ipgPost(app, 'verify', { api_key: KEY, token })
  t.equal(again.statusCode, 422)
  t.same(json(again), { status: 2, errors: [T.ALREADY_ANNOUNCED] })

  const after = json(await api(app, 'GET', `/v2/business/${BIZ}/balance`)).data.wallet
  t.equal(after - before, 9900, 'realAmount reaches the wallet (Toman)')
  const rows = json(await api(app, 'GET', `/v3/business/${BIZ}/transaction`)).data
  t.equal(rows[0].id, v.transId)
  t.equal(rows[0].status, 1)
  t.equal(rows[0].verified, 1)
  t.equal(rows[0].channel, T.CHANNEL_IPG)
  t.equal(rows[0].amount, 10000)

  // the payer bears the wage
  await settings(app, { wage_payer: 'payer' })
  const payerPays = await paidPayment(app, { amount: 100000 })
  const vp = json(await ipgPost(app, 'verify', { api_key: KEY, token: payerPays }))
  t.equal(vp.amount, '101000.00')
  t.equal(vp.realAmount, 100000)

  // not verified within 20 minutes: expired (status 3)
  const late = await paidPayment(app)
  await advance(app, 1200)
  t.same(json(await ipgPost(app, 'verify', { api_key: KEY, token: late })), { status: 3, errors: [T.TRANSACTION_FAILED] })

  const failed = await sendPayment(app)
  await payAction(app, failed, 'FAILED')
  const vf = await ipgPost(app, 'verify', { api_key: KEY, token: failed })
  t.equal(vf.statusCode, 422)
  t.same(json(vf), { status: 0, errors: [T.TRANSACTION_FAILED] })
  const unpaid = await sendPayment(app)
  t.same(json(await ipgPost(app, 'verify', { api_key: KEY, token: unpaid })), { status: 0, errors: [T.TRANSACTION_FAILED] })
})

t.test('verify once under concurrency', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await paidPayment(app)
  const results = await Promise.all(Array.from({ length: 10 }, () => ipgPost(app, 'verify', { api_key: KEY, token })))
  t.equal(results.filter((r) => r.statusCode === 200).length, 1)
})

t.test('tenant isolation: a token is found only with its own api_key', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const other = await newTenant(app)
  const theirs = await paidPayment(app, {}, other.vandar.ipg_api_key)
  t.same(json(await ipgPost(app, 'verify', { api_key: KEY, token: theirs })), { status: 0, errors: [T.TOKEN_INVALID] })
  t.equal((await ipgPost(app, 'verify', { api_key: other.vandar.ipg_api_key, token: theirs })).statusCode, 200)
  t.same(json(await api(app, 'GET', `/v3/business/${BIZ}/transaction`)).data, [], 'the default business sees none of it')
})

t.test('IPG rate limit per api_key', async (t) => {
  const app = await sandbox(t)
  let last = 0
  for (let i = 0; i < 31; i++) last = (await ipgPost(app, 'transaction', { api_key: KEY, token: 'NOPE' })).statusCode
  t.equal(last, 429)
})

t.test('verify windows run out one by one as the clock moves: each sweep expires exactly the payments due', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const code = async (token: string) => json(await ipgPost(app, 'transaction', { api_key: KEY, token })).code
  const status = (token: string) => app.sandbox.store.defaultTenant.vandar.payments[token].status
  const first = await paidPayment(app)
  await advance(app, 300)
  const second = await paidPayment(app)
  await advance(app, 300)
  const third = await paidPayment(app)
  await advance(app, 600) // the first one's 20 minutes are over, not the others'
  t.equal(await code(third), 1)
  t.same([status(first), status(second), status(third)], ['EXPIRED', 'PAID', 'PAID'], 'one request swept the business: only the first expired')
  t.equal((await ipgPost(app, 'verify', { api_key: KEY, token: second })).statusCode, 200)
  await advance(app, 300)
  t.equal(await code(third), 1)
  t.same([status(second), status(third)], ['VERIFIED', 'PAID'], 'a payment verified before its window ran out stays verified')
  await advance(app, 300)
  t.equal(await code(third), 3, 'the third one expires when its own window is over')
  const rows = app.sandbox.store.defaultTenant.vandar.statement.filter((r) => r.result_code === '-3')
  t.same(rows.map((r) => r.api_token), [first, third], 'one expiry row each, in the order they fell due')
  // a shorter window re-plans what already waits
  const fourth = await paidPayment(app)
  await settings(app, { verify_window_seconds: 60 })
  await advance(app, 61)
  t.equal(await code(fourth), 3)
})
