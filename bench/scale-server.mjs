// The sandbox with N settlements bulk-seeded through the store, as a user's long-running
// sandbox would hold after N settle-confirms. Prints "ready PORT" once serving.
import { buildSandbox } from '../dist/server.js'
import { freezeThrough } from '../dist/state/sliced-json.js'

const n = Number(process.env.RECORDS ?? 1_000_000)
const app = await buildSandbox({ logLevel: 'silent', rateLimits: false, ...(process.env.STATE_FILE ? { stateFile: process.env.STATE_FILE } : {}) })
const b = app.sandbox.store.defaultTenant.baloan
const t0 = Date.now()
for (let i = 0; i < n; i++) {
  const code = `SEED-${i}`
  // frozen, as settle-confirm stores a settlement
  b.settlements.push(freezeThrough({
    id: i + 1, version: 'v2', national_identifier: '0012345678', code, total: 1000, credit_after: 99_999_000,
    invoice: { bytes: 48, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    data: { code, bill: { total: 1000 } }, created_at: '2026-11-22T08:00:00.000Z'
  }))
  b.settled_codes[code] = i + 1
}
// VANDAR_PAID=N: N Vandar payments made and paid through the public API and the control plane;
// with EXPIRING=1 their verify windows are moved so that they run out one after another from 2 s
// after ready, over 60 s (as if paid over a minute, 20 minutes ago): the measurement then runs
// through a stretch of expiries, each a transition the next request's sweep performs.
const paid = Number(process.env.VANDAR_PAID ?? 0)
if (paid > 0) {
  const key = app.sandbox.store.defaultTenant.credentials.vandar.ipg_api_key
  const tokens = []
  for (let i = 0; i < paid; i++) {
    const { token } = JSON.parse((await app.inject({ method: 'POST', url: '/ipg.vandar.io/api/v4/send', payload: { api_key: key, amount: 100000, callback_url: 'https://example.com/cb' } })).body)
    await app.inject({ method: 'POST', url: `/__sandbox/vandar/ipg/${token}/pay`, payload: { status: 'OK' } })
    tokens.push(token)
  }
  if (process.env.EXPIRING === '1') {
    const v = app.sandbox.store.defaultTenant.vandar
    const window = v.settings.verify_window_seconds * 1000
    const now = app.sandbox.clock.now()
    tokens.forEach((t, i) => { v.payments[t].paid_at = now - window + 2000 + (i * 60_000) / paid })
    app.sandbox.lifecycles.reschedule(app.sandbox.store.defaultTenant)
  }
}
const seedMs = Date.now() - t0
global.gc?.()
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`ready ${app.server.address().port} seeded ${n} in ${seedMs} ms\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
