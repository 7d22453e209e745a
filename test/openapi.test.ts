/** The committed openapi/ documents must be what the sandbox serves: `npm run openapi` refreshes them. */
import t from 'tap'
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildSandbox } from '../src/server.js'
import { PROVIDERS } from '../src/providers/registry.js'
import { DEFAULT_SANDBOX_ORIGIN } from '../src/core/urls.js'

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

t.test('committed documents list the real host first and the sandbox at its default address', async (t) => {
  for (const p of PROVIDERS) {
    const doc = JSON.parse(readFileSync(fileURLToPath(new URL(`../openapi/${p.name}.json`, import.meta.url)), 'utf8'))
    const lists: Array<Array<{ url: string }>> = doc.servers ? [doc.servers] : []
    for (const item of Object.values(doc.paths) as Array<Record<string, { servers?: Array<{ url: string }> }>>)
      for (const op of Object.values(item)) if (op.servers) lists.push(op.servers)
    for (const servers of lists) {
      const sandboxEntries = servers.filter((s) => s.url.startsWith(`${DEFAULT_SANDBOX_ORIGIN}/`))
      if (servers.length === 1) continue // Vandar's top level names its first host only; each operation lists both
      t.equal(sandboxEntries.length, 1, `${p.name}: one sandbox entry`)
      t.match(servers[0].url, /^https:\/\//, `${p.name}: the real host first`)
    }
  }
})

t.test('the docs page works under any query string: every asset it references answers 200', async (t) => {
  const app = await buildSandbox({ logLevel: 'silent' })
  await app.ready()
  t.teardown(() => app.close())
  const base = 'http://127.0.0.1:4100'
  const assets = new Map<string, string>()
  for (const start of ['/__sandbox/docs', '/__sandbox/docs/', '/__sandbox/docs/?urls.primaryName=Vandar', '/__sandbox/docs?urls.primaryName=control%20plane', '/__sandbox/docs/static/index.html']) {
    let url = new URL(start, base)
    let page = await app.inject(url.pathname + url.search)
    for (let hops = 0; page.statusCode >= 300 && page.statusCode < 400 && hops < 3; hops++) {
      url = new URL(String(page.headers.location), url)
      page = await app.inject(url.pathname + url.search)
    }
    t.equal(page.statusCode, 200, `${start} opens the page`)
    const refs = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => new URL(m[1], url))
    t.ok(refs.length >= 5, `${start}: the page links its assets`)
    for (const ref of refs) assets.set(ref.pathname + ref.search, start)
  }
  // each asset once: the pages link the same few, resolved
  for (const [asset, from] of assets) t.equal((await app.inject(asset)).statusCode, 200, `${asset} (linked from ${from})`)
  // the documents the page lists, from its initializer script
  const init = await app.inject('/__sandbox/docs/static/swagger-initializer.js')
  const listed = [...init.body.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1])
  t.equal(listed.length, PROVIDERS.length + 1, 'every provider and the control plane')
  for (const doc of listed) t.equal((await app.inject(doc)).statusCode, 200, doc)
})

