import t from 'tap'
import { PDF, PNG, baloanLogin, form, json, lastOtp, post, sandbox, settleV2, transactionToken } from '../../helpers/sandbox.js'

const err = (code: string, message: string) => ({ status: 'error', message, message_code: code, data: {} })

t.test('check-credit v1 (amount) and v2 (user_credit)', async (t) => {
  const app = await sandbox(t)
  const v1 = await baloanLogin(app, 'v1')
  const r1 = await post(app, '/api/v1/merchant/check-credit/', v1, 'national_identifier=0012345678', { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(r1.statusCode, 200)
  t.same(json(r1), { status: 'ok', message: '', message_code: '', data: { national_identifier: '0012345678', amount: 100000000 } })
  const r2 = await post(app, '/api/v2/merchant/check-credit/', v1, { national_identifier: '4311204302' })
  t.same(json(r2), { status: 'ok', message: '', message_code: '', data: { national_identifier: '4311204302', user_credit: 40000000 } })
  // a JSON number is read as its string, as DRF's CharField does
  const num = await post(app, '/api/v2/merchant/check-credit/', v1, { national_identifier: 4311204302 })
  t.equal(json(num).data.user_credit, 40000000)
})

t.test('check-credit errors: invalid id, no credit (error or zero), validation', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const bad = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '1234567890' })
  t.equal(bad.statusCode, 400)
  t.same(json(bad), err('invalid_national_identifier', 'کد ملی وارد شده معتبر نیست.'))
  const short = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '12345' })
  t.equal(json(short).message_code, 'invalid_national_identifier')
  // a valid national code nobody registered has no credit
  const unknown = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '0499370899' })
  t.equal(unknown.statusCode, 400)
  t.same(json(unknown), err('no_credit', 'کاربر نزد بالون اعتباری برای خرید از این فروشگاه ندارد.'))
  const en = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: '0499370899' }, { 'accept-language': 'en' })
  t.equal(json(en).message, 'The user has no Baloan credit at this store.')
  // generated customers without credit
  const zero = Object.values(app.sandbox.store.defaultTenant.baloan.customers).find((c) => c.credit === 0)!
  t.ok(zero, 'fixtures hold customers without credit')
  t.equal(json(await post(app, '/api/v1/merchant/check-credit/', token, { national_identifier: zero.national_identifier })).message_code, 'no_credit')
  app.sandbox.store.defaultTenant.baloan.settings.no_credit = 'zero'
  const asZero = await post(app, '/api/v1/merchant/check-credit/', token, { national_identifier: zero.national_identifier })
  t.equal(asZero.statusCode, 200)
  t.equal(json(asZero).data.amount, 0)

  const missing = await post(app, '/api/v2/merchant/check-credit/', token, {})
  t.equal(missing.statusCode, 400)
  t.same(json(missing), { national_identifier: ['This field is required.'] })
  const wrongType = await post(app, '/api/v2/merchant/check-credit/', token, { national_identifier: { a: 1 } })
  t.same(json(wrongType), { national_identifier: ['Not a valid string.'] })
  const list = await post(app, '/api/v2/merchant/check-credit/', token, '[1,2]', { 'content-type': 'application/json' })
  t.same(json(list), { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] })
})

t.test('send-credit-otp texts the customer a 5-digit code; a new send replaces the old one', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app, 'v1')
  const r = await post(app, '/api/v1/merchant/send-credit-otp/', token, 'national_identifier=0012345678', { 'content-type': 'application/x-www-form-urlencoded' })
  t.equal(r.statusCode, 200)
  t.same(json(r), { status: 'ok', message: '', message_code: '', data: {} })
  const [msg] = app.sandbox.store.sms({ to: '09121234567' })
  t.equal(msg.provider, 'baloan')
  t.equal(msg.purpose, 'credit_otp')
  t.match(msg.code, /^\d{5}$/)
  t.ok(msg.text.includes(msg.code!))
  const first = msg.code!
  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0012345678' })
  const second = lastOtp(app, '09121234567')
  if (first !== second) {
    const old = await post(app, '/api/v2/merchant/validate-credit-otp/', token, { national_identifier: '0012345678', otp: first })
    t.equal(json(old).message_code, 'otp_invalid')
  }
  const ok = await post(app, '/api/v2/merchant/validate-credit-otp/', token, { national_identifier: '0012345678', otp: second })
  t.equal(ok.statusCode, 200)
  // errors
  t.equal(json(await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0499370899' })).message_code, 'no_credit')
  t.equal(json(await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: 'abc' })).message_code, 'invalid_national_identifier')
  t.same(json(await post(app, '/api/v2/merchant/send-credit-otp/', token, {})), { national_identifier: ['This field is required.'] })
})

t.test('--fixed-otp makes every OTP the given code', async (t) => {
  const app = await sandbox(t, { fixedOtp: '11111' })
  const token = await baloanLogin(app)
  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0012345678' })
  const r = await post(app, '/api/v2/merchant/validate-credit-otp/', token, { national_identifier: '0012345678', otp: '11111' })
  t.equal(r.statusCode, 200)
  t.match(json(r).data.token, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
})

t.test('validate-credit-otp: single use, TTL, wrong-attempt limit', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const nid = '0012345678'
  const v = (otp: string) => post(app, '/api/v2/merchant/validate-credit-otp/', token, { national_identifier: nid, otp })
  t.same(json(await v('12345')), err('otp_not_requested', 'کد تایید برای این کاربر ارسال نشده است.'))

  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: nid })
  const otp = lastOtp(app, '09121234567')
  t.equal((await v(otp)).statusCode, 200)
  t.equal(json(await v(otp)).message_code, 'otp_not_requested', 'single use')

  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: nid })
  app.sandbox.clock.advance(121)
  const expired = await v(lastOtp(app, '09121234567'))
  t.same(json(expired), err('otp_expired', 'کد تایید منقضی شده است. لطفا کد جدید درخواست کنید.'))

  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: nid })
  const good = lastOtp(app, '09121234567')
  const wrong = good === '00000' ? '00001' : '00000'
  for (let i = 0; i < 4; i++) t.equal(json(await v(wrong)).message_code, 'otp_invalid')
  t.equal(json(await v(wrong)).message_code, 'otp_attempts_exceeded')
  t.equal(json(await v(good)).message_code, 'otp_not_requested', 'the code is gone after too many wrong attempts')

  t.same(json(await post(app, '/api/v2/merchant/validate-credit-otp/', token, { national_identifier: nid })), { otp: ['This field is required.'] })
})

t.test('settle-confirm v2 deducts the bill once and returns the remaining credit', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const txn = await transactionToken(app, token)
  const r = await settleV2(app, token, txn, 60_000_000, 'TLC-111111')
  t.equal(r.statusCode, 200)
  t.same(json(r), { status: 'ok', message: '', message_code: '', data: { user_credit: 40_000_000 } })
  t.equal(app.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit, 40_000_000)
  const [s] = app.sandbox.store.defaultTenant.baloan.settlements
  t.match(s, { version: 'v2', national_identifier: '0012345678', code: 'TLC-111111', total: 60_000_000, credit_after: 40_000_000 })

  const again = await settleV2(app, token, txn, 1000, 'TLC-2')
  t.same(json(again), err('token_used', 'این توکن تراکنش قبلا استفاده شده است.'))

  const txn2 = await transactionToken(app, token)
  t.same(json(await settleV2(app, token, txn2, 1000, 'TLC-111111')), err('duplicate_code', 'این کد سفارش قبلا ثبت شده است.'))
  t.same(json(await settleV2(app, token, txn2, 40_000_001, 'TLC-3')), err('insufficient_credit', 'اعتبار کاربر برای این خرید کافی نیست.'))
  t.equal(json(await settleV2(app, token, 'f0f0f0f0-0000-4000-8000-000000000000', 1, 'TLC-4')).message_code, 'invalid_token')
  t.equal(json(await settleV2(app, token, txn2, 40_000_000, 'TLC-3')).data.user_credit, 0, 'the token survives refused attempts')
  t.equal(json(await settleV2(app, token, txn2, 1, 'TLC-5')).message_code, 'no_credit', 'nothing left')
})

t.test('settle-confirm v2: token bound to the customer, TTL, file and data checks', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const txn = await transactionToken(app, token)
  t.equal(json(await settleV2(app, token, txn, 1000, 'A-1', '4311204302')).message_code, 'invalid_token', 'another customer cannot use it')

  const withPng = await post(app, '/api/v2/merchant/settle-confirm/', token, form({ national_identifier: '0012345678', data: '{"code":"A-2","bill":{"total":1000}}', file: { data: PNG, filename: 'invoice.pdf', type: 'application/pdf' }, token: txn }))
  t.same(json(withPng), err('invoice_not_pdf', 'فایل فاکتور باید با فرمت pdf باشد.'), 'recognised by content, not by name or declared type')

  const missing = await post(app, '/api/v2/merchant/settle-confirm/', token, form({ national_identifier: '0012345678' }))
  t.equal(missing.statusCode, 400)
  t.same(json(missing), { data: ['This field is required.'], file: ['No file was submitted.'], token: ['This field is required.'] })

  const notAFile = await post(app, '/api/v2/merchant/settle-confirm/', token, form({ national_identifier: '0012345678', data: '{"code":"x","bill":{"total":1}}', file: 'text', token: txn }))
  t.same(json(notAFile), { file: ['The submitted data was not a file. Check the encoding type on the form.'] })

  const badJson = await post(app, '/api/v2/merchant/settle-confirm/', token, form({ national_identifier: '0012345678', data: '{code', file: { data: PDF }, token: txn }))
  t.same(json(badJson), { data: ['Value must be valid JSON.'] })
  const noCode = await post(app, '/api/v2/merchant/settle-confirm/', token, form({ national_identifier: '0012345678', data: '{"bill":{}}', file: { data: PDF }, token: txn }))
  t.same(json(noCode), { data: { code: ['This field is required.'], bill: { total: ['This field is required.'] } } })
  const badTotal = await post(app, '/api/v2/merchant/settle-confirm/', token, form({ national_identifier: '0012345678', data: '{"code":"x","bill":{"total":"lots"}}', file: { data: PDF }, token: txn }))
  t.same(json(badTotal), { data: { bill: { total: ['A valid integer is required.'] } } })
  const notObject = await post(app, '/api/v2/merchant/settle-confirm/', token, form({ national_identifier: '0012345678', data: '"x"', file: { data: PDF }, token: txn }))
  t.same(json(notObject), { data: { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] } })

  app.sandbox.clock.advance(901)
  t.same(json(await settleV2(app, token, txn, 1000, 'A-3')), err('token_expired', 'توکن تراکنش منقضی شده است.'))
})

t.test('settle-confirm v1 takes the OTP and consumes it', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app, 'v1')
  await post(app, '/api/v1/merchant/send-credit-otp/', token, { national_identifier: '4311204302' })
  const otp = lastOtp(app, '09351234567')
  const settle = (o: string, total: number, code: string) =>
    post(app, '/api/v1/merchant/settle-confirm/', token, form({ national_identifier: '4311204302', otp: o, data: JSON.stringify({ code, bill: { total } }), file: { data: PDF, filename: 'f.pdf' } }))
  t.equal(json(await settle(otp === '99999' ? '99998' : '99999', 1000, 'V1-1')).message_code, 'otp_invalid')
  t.equal(json(await settle(otp, 50_000_000, 'V1-1')).message_code, 'insufficient_credit')
  const ok = await settle(otp, 10_000_000, 'V1-1')
  t.equal(ok.statusCode, 200)
  t.same(json(ok), { status: 'ok', message: '', message_code: '', data: {} })
  t.equal(app.sandbox.store.defaultTenant.baloan.customers['4311204302'].credit, 30_000_000)
  t.equal(json(await settle(otp, 1000, 'V1-2')).message_code, 'otp_not_requested', 'the OTP was used')
  const missing = await post(app, '/api/v1/merchant/settle-confirm/', token, form({}))
  t.same(json(missing), {
    national_identifier: ['This field is required.'],
    otp: ['This field is required.'],
    file: ['No file was submitted.'],
    data: ['This field is required.']
  })
})

t.test('50 parallel settle-confirms with one transaction token: exactly one succeeds', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await baloanLogin(app)
  const txn = await transactionToken(app, token)
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => settleV2(app, token, txn, 1_000_000, `PAR-${i}`)))
  const ok = results.filter((r) => r.statusCode === 200)
  t.equal(ok.length, 1)
  t.equal(results.filter((r) => json(r).message_code === 'token_used').length, 49)
  t.equal(app.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit, 99_000_000)
  t.equal(app.sandbox.store.defaultTenant.baloan.settlements.length, 1)
})
