/** The committed openapi/ documents must be what the sandbox serves: `npm run openapi` refreshes them. */
import t from 'tap'
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildSandbox } from '../src/server.js'
import { PROVIDERS } from '../src/providers/registry.js'

t.test('openapi/*.json are fresh', async (t) => {
  const app = await buildSandbox({ logLevel: 'silent' })
  await app.ready()
  t.teardown(() => app.close())
  for (const p of PROVIDERS) {
    const file = fileURLToPath(new URL(`../openapi/${p.name}.json`, import.meta.url))
    t.ok(existsSync(file), `openapi/${p.name}.json exists (run npm run openapi)`)
    if (!existsSync(file)) continue
    const served = JSON.parse(JSON.stringify(app.sandbox.openapi.get(p.name)!()))
    t.same(JSON.parse(readFileSync(file, 'utf8')), served, `openapi/${p.name}.json is stale: run npm run openapi`)
  }
})

t.test('every provider route is documented with a schema', async (t) => {
  const app = await buildSandbox({ logLevel: 'silent' })
  await app.ready()
  t.teardown(() => app.close())
  for (const p of PROVIDERS) {
    const doc = app.sandbox.openapi.get(p.name)!() as { paths: Record<string, Record<string, { responses?: object }>> }
    t.ok(Object.keys(doc.paths).length > 0, `${p.name} has paths`)
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) t.ok(op.responses && Object.keys(op.responses).length > 0, `${method.toUpperCase()} ${path} documents its responses`)
  }
})
