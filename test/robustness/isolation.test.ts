/**
 * Tenant isolation over every authenticated route of every provider: requests made with
 * tenant B's credentials never read or change tenant A's data, and A's single-use things
 * (OTPs, transaction tokens) are unknown to B.
 */
import t from 'tap'
import fc from 'fast-check'
import { baloanLogin, json, lastOtp, post, sandbox, settleV2, transactionToken } from '../helpers/sandbox.js'
import { PROVIDERS } from '../../src/providers/registry.js'
import { PROFILES } from '../helpers/fuzz-profiles.js'
import { bodyFor, encoded, operations, runs, urlFor } from '../helpers/fuzz-harness.js'

for (const profile of PROFILES) {
  t.test(`${profile.provider}: B's requests on every route leave A's data untouched`, async (t) => {
    const app = await sandbox(t, { rateLimits: false })
    const b = app.sandbox.store.createTenant()
    const authB = await profile.auth(app, b.id)
    const dataKey = PROVIDERS.find((p) => p.name === profile.provider)!.dataKey ?? profile.provider
    const snapshotA = () => JSON.stringify((app.sandbox.store.defaultTenant as unknown as Record<string, unknown>)[dataKey])
    const before = snapshotA()
    t.ok(before !== undefined && before.length > 2, `tenant A has ${profile.provider} data to protect`)
    const doc = app.sandbox.openapi.get(profile.provider)!() as { paths: Record<string, Record<string, unknown>> }
    const credentialsB = profile.withCredentials?.(app, b.id) ?? ((body: unknown) => fc.constant(body))
    for (const op of operations(doc)) {
      await fc.assert(
        fc.asyncProperty(urlFor(profile, op), bodyFor(op).chain(credentialsB).chain(encoded), async (url, enc) => {
          const send = (u: string) => app.inject({ method: op.method as 'POST', url: u, headers: { ...authB, ...enc.headers }, payload: enc.payload as never })
          await send(url)
          // B also aims at A's own identifiers where URLs carry them
          if (profile.aimAt) await send(profile.aimAt(url, app, 'default'))
        }),
        { numRuns: runs(15) }
      )
    }
    t.equal(snapshotA(), before, "tenant A's data is byte-identical")
  })
}

t.test("baloan: A's OTPs, transaction tokens and customers are not B's", async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const b = app.sandbox.store.createTenant()
  const tokenA = await baloanLogin(app)
  const tokenB = await baloanLogin(app, 'v2', { username: b.credentials.baloan.store_uuid, password: b.credentials.baloan.password })
  // A's OTP cannot be validated by B
  await post(app, '/api/v2/merchant/send-credit-otp/', tokenA, { national_identifier: '0012345678' })
  const otpA = lastOtp(app, '09121234567')
  t.equal(json(await post(app, '/api/v2/merchant/validate-credit-otp/', tokenB, { national_identifier: '0012345678', otp: otpA })).message_code, 'otp_not_requested')
  // A's transaction token cannot be settled by B
  const txnA = await transactionToken(app, tokenA)
  t.equal(json(await settleV2(app, tokenB, txnA, 1000, 'X-1')).message_code, 'invalid_token')
  t.equal((await settleV2(app, tokenA, txnA, 1000, 'X-1')).statusCode, 200, 'A still can')
  // an order code settled by A is free for B (separate stores)
  const txnB = await transactionToken(app, tokenB, '0012345678', '09121234567')
  t.equal((await settleV2(app, tokenB, txnB, 1000, 'X-1')).statusCode, 200)
  // B's customer changes are B's
  app.sandbox.store.tenant(b.id)!.baloan.customers['4311204302'].credit = 1
  t.equal(json(await post(app, '/api/v2/merchant/check-credit/', tokenA, { national_identifier: '4311204302' })).data.user_credit, 40000000)
  // the SMS of each tenant are tagged with it
  t.same(app.sandbox.store.sms({ tenant: b.id }).map((m) => m.tenant), [b.id])
})
