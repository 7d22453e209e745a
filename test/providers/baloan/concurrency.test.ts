import t from 'tap'
import { baloanLogin, json, lastOtp, post, sandbox, settleV2, transactionToken } from '../../helpers/sandbox.js'
import { conserved, exactlyOnce, parallel } from '../../helpers/concurrency.js'

t.test('one transaction token, 50 parallel settle-confirms: one settlement', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await baloanLogin(app)
  const txn = await transactionToken(app, token)
  const before = app.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit
  const { ok } = await exactlyOnce(t, 50, (i) => settleV2(app, token, txn, 2_000_000, `ONE-${i}`), (r) => r.statusCode === 200, (r) => json(r).message_code === 'token_used')
  conserved(t, before, app.sandbox.store.defaultTenant.baloan.customers['0012345678'].credit, ok.map(() => 2_000_000), 'credit')
})

t.test('one OTP, 30 parallel validate-credit-otp: one transaction token', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await baloanLogin(app)
  await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0012345678' })
  const otp = lastOtp(app, '09121234567')
  await exactlyOnce(t, 30, () => post(app, '/api/v2/merchant/validate-credit-otp/', token, { national_identifier: '0012345678', otp }), (r) => r.statusCode === 200, (r) => json(r).message_code === 'otp_not_requested')
})

t.test('one order code, parallel settles with different tokens: one settlement', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await baloanLogin(app)
  const tokens: string[] = []
  for (let i = 0; i < 10; i++) tokens.push(await transactionToken(app, token))
  await exactlyOnce(t, 10, (i) => settleV2(app, token, tokens[i], 1_000_000, 'SAME-CODE'), (r) => r.statusCode === 200, (r) => json(r).message_code === 'duplicate_code')
})

t.test('parallel settles racing for the same credit: the credit is conserved and never negative', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await baloanLogin(app)
  const tokens: string[] = []
  for (let i = 0; i < 25; i++) tokens.push(await transactionToken(app, token, '4311204302', '09351234567'))
  const before = app.sandbox.store.defaultTenant.baloan.customers['4311204302'].credit // 40,000,000
  const amounts = tokens.map((_, i) => 3_000_000 + i * 100_000)
  const { ok, refused } = await parallel(25, (i) => settleV2(app, token, tokens[i], amounts[i], `RACE-${i}`, '4311204302'), (r) => r.statusCode === 200)
  t.ok(ok.length > 0 && refused.length > 0, 'some fit in the credit and some do not')
  t.ok(refused.every((r) => ['insufficient_credit', 'no_credit'].includes(json(r).message_code)))
  const after = app.sandbox.store.defaultTenant.baloan.customers['4311204302'].credit
  const settled = app.sandbox.store.defaultTenant.baloan.settlements.map((s) => s.total)
  conserved(t, before, after, settled, 'credit')
  t.equal(settled.length, ok.length)
})
