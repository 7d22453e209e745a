import t from 'tap'
import { startSandbox } from '../../src/index.js'
import { BaloanClient, BaloanError, SandboxClient } from '../../src/client/index.js'
import { PDF } from '../helpers/sandbox.js'

t.test('BaloanClient over real HTTP', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const sandbox = new SandboxClient({ sandboxUrl: sb.url })
  const creds = (await sandbox.tenant('default')).baloan
  const baloan = new BaloanClient({ sandboxUrl: sb.url, username: creds.username, storeUuid: creds.store_uuid, password: creds.password })

  t.test('v1 flow: upload, check, OTP from the outbox, settle', async (t) => {
    const up = await baloan.v1.uploadFile({ data: PDF, filename: 'doc.pdf' })
    t.match(up.uuid, /^[0-9a-f-]{36}$/)
    t.equal((await fetch(up.file)).status, 200, 'the file URL is served')
    t.same(await baloan.v1.checkCredit('4311204302'), { national_identifier: '4311204302', amount: 40000000 })
    await baloan.v1.sendCreditOtp('4311204302')
    const otp = await sandbox.lastOtp('09351234567')
    t.match(otp, /^\d{5}$/)
    await baloan.v1.settleConfirm('4311204302', { otp: otp!, data: { code: 'CLIENT-V1', bill: { total: 15_000_000 } }, file: PDF })
    t.same(await baloan.v1.checkCredit('4311204302'), { national_identifier: '4311204302', amount: 25_000_000 })
  })

  t.test('v2 flow: check, OTP, validate, settle', async (t) => {
    t.same(await baloan.v2.checkCredit('0012345678'), { national_identifier: '0012345678', user_credit: 100000000 })
    await baloan.v2.sendCreditOtp('0012345678')
    const token = await baloan.v2.validateCreditOtp('0012345678', { otp: (await sandbox.lastOtp('09121234567'))! })
    const settled = await baloan.v2.settleConfirm('0012345678', { token, data: { code: 'CLIENT-V2', bill: { total: 60_000_000 } }, file: PDF })
    t.same(settled, { user_credit: 40_000_000 })
    const again = await baloan.v2.settleConfirm('0012345678', { token, data: { code: 'CLIENT-V2b', bill: { total: 1 } }, file: PDF }).catch((e) => e)
    t.type(again, BaloanError)
    t.equal(again.status, 400)
    t.equal(again.messageCode, 'token_used')
    t.same(again.body, { status: 'error', message: 'این توکن تراکنش قبلا استفاده شده است.', message_code: 'token_used', data: {} })
    const en = new BaloanClient({ sandboxUrl: sb.url, storeUuid: creds.store_uuid, password: creds.password, language: 'en' })
    const e2 = await en.v2.checkCredit('0499370899').catch((e) => e)
    t.equal(e2.body.message, 'The user has no Baloan credit at this store.')
  })

  t.test('tokens expire on the sandbox clock: the client logs in again by itself', async (t) => {
    const logins = async () => (await sandbox.requests({ provider: 'baloan', path: '/api/v2/merchant/token/' })).length
    const before = await logins()
    await sandbox.advanceClock(86_400 + 60)
    t.same(await baloan.v2.checkCredit('4311204302'), { national_identifier: '4311204302', user_credit: 25_000_000 })
    const refreshes = (await sandbox.requests({ path: '/api/v2/merchant/token/refresh/' })).length
    t.ok((await logins()) + refreshes > before, 'a refresh or a new login happened')
    const failures = (await sandbox.requests({ path: '/api/v2/merchant/check-credit/' })).filter((r) => r.status === 401)
    t.equal(failures.length, 1, 'one 401, then the retry succeeded')
  })

  t.test('a fault-injected 503 reaches the caller as a typed error', async (t) => {
    await sandbox.addFault({ provider: 'baloan', path: '/api/v2/merchant/check-credit/', status: 503, body: { detail: 'Service temporarily unavailable, try again later.' } })
    const err = await baloan.v2.checkCredit('4311204302').catch((e) => e)
    t.type(err, BaloanError)
    t.equal(err.status, 503)
    t.same(err.body, { detail: 'Service temporarily unavailable, try again later.' })
    t.same(await baloan.v2.checkCredit('4311204302'), { national_identifier: '4311204302', user_credit: 25_000_000 }, 'served again after the fault')
  })

  t.test('wrong credentials throw with simplejwt\'s body', async (t) => {
    const bad = new BaloanClient({ sandboxUrl: sb.url, storeUuid: creds.store_uuid, password: 'wrong' })
    const err = await bad.v2.checkCredit('4311204302').catch((e) => e)
    t.equal(err.status, 401)
    t.same(err.body, { detail: 'No active account found with the given credentials' })
  })
})

t.test('SandboxClient covers the control plane', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const s = new SandboxClient({ sandboxUrl: sb.url })
  t.equal((await s.health()).status, 'ok')
  const tenant = await s.createTenant()
  t.equal((await s.tenant(tenant.id)).id, tenant.id)
  t.equal((await s.baloan.setCustomer('4311204302', { credit: 5, tenant: tenant.id })).credit, 5)
  t.equal((await s.baloan.customer('4311204302', { tenant: tenant.id })).credit, 5)
  t.equal((await s.baloan.customer('4311204302')).credit, 40000000, 'other tenants untouched')
  t.same(await s.baloan.settlements(), [])
  t.equal((await s.baloan.settings({ otp_ttl_seconds: 30 })).otp_ttl_seconds, 30)
  const c0 = await s.clock()
  t.equal((await s.advanceClock(10)).offset_seconds, c0.offset_seconds + 10)
  t.ok((await s.setClock(new Date('2031-01-01T00:00:00Z'))).now.startsWith('2031-01-01'))
  await s.addFault({ status: 500 })
  t.equal((await s.faults()).length, 1)
  await s.clearFaults()
  t.same(await s.faults(), [])
  t.same(await s.requests(), [])
  const state = await s.exportState()
  await s.saveSnapshot('a')
  await s.baloan.setCustomer('4311204302', { credit: 1 })
  await s.restoreSnapshot('a')
  t.equal((await s.baloan.customer('4311204302')).credit, 40000000)
  await s.importState(state)
  await s.reset()
  t.same(await s.sms(), [])
  const err = await s.tenant('nope').catch((e) => e)
  t.equal(err.status, 404)
})
