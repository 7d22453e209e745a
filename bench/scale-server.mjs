// The sandbox with N settlements bulk-seeded through the store, as a user's long-running
// sandbox would hold after N settle-confirms. Prints "ready PORT" once serving.
import { buildSandbox } from '../dist/server.js'

const n = Number(process.env.RECORDS ?? 1_000_000)
const app = await buildSandbox({ logLevel: 'silent', rateLimits: false, ...(process.env.STATE_FILE ? { stateFile: process.env.STATE_FILE } : {}) })
const b = app.sandbox.store.defaultTenant.baloan
const t0 = Date.now()
for (let i = 0; i < n; i++) {
  const code = `SEED-${i}`
  b.settlements.push({
    id: i + 1, version: 'v2', national_identifier: '0012345678', code, total: 1000, credit_after: 99_999_000,
    invoice: { bytes: 48, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    data: { code, bill: { total: 1000 } }, created_at: '2026-11-22T08:00:00.000Z'
  })
  b.settled_codes[code] = i + 1
}
const seedMs = Date.now() - t0
global.gc?.()
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`ready ${app.server.address().port} seeded ${n} in ${seedMs} ms\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
