import t from 'tap'
import { baloanLogin, sandbox, settleV2, transactionToken } from '../helpers/sandbox.js'

// A state-file write copies the state at its start and shares frozen records (src/state/sliced-json.ts):
// Baloan's settlements are frozen when made and must be again when a state comes from outside.
t.test('settlements are frozen again after an import and a snapshot restore', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await baloanLogin(app)
  const res = await settleV2(app, token, await transactionToken(app, token), 1_000_000, 'ORDER-1')
  t.equal(res.statusCode, 200)
  const settlements = () => app.sandbox.store.defaultTenant.baloan.settlements
  t.ok(settlements().length > 0 && settlements().every((s) => Object.isFrozen(s)), 'frozen when made')

  const exported = await app.inject({ url: '/__sandbox/state' })
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/state', payload: exported.body, headers: { 'content-type': 'application/json' } })).statusCode, 200)
  t.ok(settlements().length > 0 && settlements().every((s) => Object.isFrozen(s) && Object.isFrozen(s.data ?? {})), 'frozen after an import')

  await app.inject({ method: 'POST', url: '/__sandbox/snapshots', payload: { name: 's' } })
  await app.inject({ method: 'POST', url: '/__sandbox/snapshots/s/restore' })
  t.ok(settlements().every((s) => Object.isFrozen(s)), 'frozen after a restore')
})
