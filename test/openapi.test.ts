/** The committed openapi/ documents must be what the sandbox serves: `npm run openapi` refreshes them. */
import t from 'tap'
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildSandbox } from '../src/server.js'
import { PROVIDERS } from '../src/providers/registry.js'
import { DEFAULT_SANDBOX_ORIGIN } from '../src/core/urls.js'
import { AjvCompiler } from '@fastify/ajv-compiler'

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

t.test('the control-plane document describes every operation, with body examples its schema accepts', async (t) => {
  const app = await buildSandbox({ logLevel: 'silent' })
  await app.ready()
  t.teardown(() => app.close())
  const doc = JSON.parse((await app.inject('/__sandbox/docs/json')).body) as {
    servers?: unknown
    paths: Record<string, Record<string, { summary?: string; requestBody?: { content: Record<string, { schema: object; example?: unknown; examples?: Record<string, { value: unknown }> }> } }>>
  }
  t.notOk(doc.servers, 'no servers: Try-it-out goes to the origin the page came from')
  // Fastify's own Ajv, without its coercion: an example must be valid as written
  const compile = AjvCompiler()({}, { customOptions: { coerceTypes: false, allErrors: true, strict: false } })
  let operations = 0
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      operations++
      t.ok(op.summary && op.summary.length > 10, `${method.toUpperCase()} ${path} has a summary`)
      const media = op.requestBody?.content['application/json']
      if (!media) continue
      const examples = media.example !== undefined ? [media.example] : Object.values(media.examples ?? {}).map((e) => e.value)
      t.ok(examples.length > 0, `${method.toUpperCase()} ${path} has a body example`)
      const validate = compile({ schema: media.schema, method, url: path, httpPart: 'body' })
      for (const example of examples) t.ok(validate(example) === true, `${method.toUpperCase()} ${path}: ${JSON.stringify(example)} is valid ${JSON.stringify(validate.errors ?? '')}`)
    }
  }
  t.ok(operations >= 63, `${operations} operations`)
  t.same(doc.paths['/__sandbox/clock/advance'].post.requestBody!.content['application/json'].example, { seconds: 3600 }, 'an hour, not the 100-year maximum')
})

t.test('every control-plane body example does what it says when sent as written', async (t) => {
  const app = await buildSandbox({ logLevel: 'silent' })
  await app.ready()
  t.teardown(() => app.close())
  const doc = JSON.parse((await app.inject('/__sandbox/docs/json')).body) as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> } }>>
  }
  const created = async (method: 'POST', url: string, payload: object, pick: (body: any) => string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method, url, payload, headers })
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return pick(JSON.parse(res.body))
  }
  const bazaarpay = { authorization: 'Token merchant_token' }
  // each example gets a fresh resource for the operation it is an example of
  const params: Record<string, () => Promise<string> | string> = {
    national_identifier: () => '0084575948',
    card_number: () => '6037990000057899',
    iban: () => 'IR880620000000302956142002',
    phone: () => '09120000000',
    name: () => 'before-checkout'
  }
  const token = (path: string) =>
    path.startsWith('/__sandbox/vandar/')
      ? created('POST', '/ipg.vandar.io/api/v4/send', { api_key: 'sandbox-vandar-ipg-api-key', amount: 10000, callback_url: 'http://localhost:3000/cb' }, (b) => b.token)
      : path.includes('/contracts/')
        ? created('POST', '/api.bazaar-pay.ir/badje/v1/direct-pay/contract/init/', { type: 'wallet', amount_limit: 1_000_000, period: 'monthly' }, (b) => b.contract_token, bazaarpay)
        : created('POST', '/api.bazaar-pay.ir/badje/v1/checkout/init/', { amount: 50000, destination: 'sandbox_destination', service_name: 'x' }, (b) => b.checkout_token, bazaarpay)
  let sent = 0
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const media = op.requestBody?.content['application/json']
      if (!media) continue
      const examples = media.example !== undefined ? [media.example] : Object.values(media.examples ?? {}).map((e) => e.value)
      for (const example of examples) {
        let url = path
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) url = url.replace(`{${name}}`, await (name === 'token' ? token(path) : params[name]()))
        const res = await app.inject({ method: method.toUpperCase() as 'POST', url, payload: example as object })
        t.ok(res.statusCode >= 200 && res.statusCode < 300, `${method.toUpperCase()} ${url} ${JSON.stringify(example)}: ${res.statusCode} ${res.statusCode >= 300 ? res.body : ''}`)
        sent++
      }
    }
  }
  t.ok(sent >= 25, `${sent} examples sent`)
  const unix = await app.inject({ method: 'POST', url: '/__sandbox/clock', payload: { now: 1740823200 } })
  t.match(JSON.parse(unix.body).now, /^2025-03-01T10:00:00\.\d{3}Z$/, 'a unix time sets the clock to that second (the clock runs on)')
})
