import t from 'tap'
import { existsSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSandbox } from '../../src/server.js'
import { baloanLogin, json, post } from '../helpers/sandbox.js'

const dir = () => mkdtempSync(join(tmpdir(), 'pardakht-state-'))

t.test('--state-file: the store survives a restart', async (t) => {
  const file = join(dir(), 'state.json')
  const first = await buildSandbox({ logLevel: 'silent', stateFile: file })
  t.ok(existsSync(file), 'written at start')
  const tenant = json(await first.inject({ method: 'POST', url: '/__sandbox/tenants' }))
  const token = await baloanLogin(first)
  await post(first, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: '0012345678' })
  const otp = first.sandbox.store.sms({ to: '09121234567' })[0].code!
  await first.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/4311204302', payload: { credit: 777 } })
  await first.inject({ method: 'POST', url: '/__sandbox/clock/advance', payload: { seconds: 30 } })
  await first.inject({ method: 'POST', url: '/__sandbox/snapshots', payload: { name: 'before' } })
  await first.close()

  const second = await buildSandbox({ logLevel: 'silent', stateFile: file })
  t.teardown(() => second.close())
  t.equal(second.sandbox.store.defaultTenant.baloan.customers['4311204302'].credit, 777)
  t.same(json(await second.inject(`/__sandbox/tenants/${tenant.id}`)), tenant)
  t.ok(json(await second.inject('/__sandbox/clock')).offset_seconds >= 30, 'the sandbox clock offset survives')
  t.same(json(await second.inject('/__sandbox/snapshots')).snapshots.map((s: { name: string }) => s.name), ['before'])
  // the access token and the OTP issued before the restart still work
  const validated = await post(second, '/api/v2/merchant/validate-credit-otp/', token, { national_identifier: '0012345678', otp })
  t.equal(validated.statusCode, 200)
})

t.test('writes are debounced and leave no temporary files behind', async (t) => {
  const d = dir()
  const file = join(d, 'state.json')
  const app = await buildSandbox({ logLevel: 'silent', stateFile: file })
  for (let i = 0; i < 20; i++) await app.inject({ method: 'PUT', url: '/__sandbox/baloan/customers/4311204302', payload: { credit: i } })
  await new Promise((r) => setTimeout(r, 700))
  t.equal(JSON.parse(readFileSync(file, 'utf8')).state.tenants.default.baloan.customers['4311204302'].credit, 19, 'written without a shutdown')
  await app.close()
  t.same(readdirSync(d), ['state.json'])
})

t.test('without --state-file nothing touches disk', async (t) => {
  const d = dir()
  const cwd = process.cwd()
  process.chdir(d)
  t.teardown(() => process.chdir(cwd))
  const app = await buildSandbox({ logLevel: 'silent' })
  await app.inject({ method: 'POST', url: '/__sandbox/tenants' })
  await app.close()
  t.same(readdirSync(d), [])
})

t.test('a state file that is not a sandbox state is refused at start', async (t) => {
  const file = join(dir(), 'state.json')
  writeFileSync(file, JSON.stringify({ state: { version: 9 } }))
  await t.rejects(buildSandbox({ logLevel: 'silent', stateFile: file }), /state\.version must be 1/)
})
