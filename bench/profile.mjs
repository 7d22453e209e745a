// npm run profile -- <credit|token|verify> [bare]: one server under --cpu-prof and autocannon load; prints the
// server's CPU time per request (from /proc, steadier than req/s on a shared 2-core machine) and
// self time per function in µs per request. For A/B checks of one change; not part of `npm run bench`.
// npm run profile -- startup: one start of the command under --cpu-prof, from spawn to the first 200
// on /__sandbox/health; prints self and total (inclusive) time per function in ms.
import autocannon from 'autocannon'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launch, login, paidVandarPayments, sandboxArgs, stop } from './common.mjs'

const kind = process.argv[2] ?? 'credit'
const bare = process.argv[3] === 'bare'
const TOP = Number(process.env.TOP ?? 30)
const out = mkdtempSync(join(tmpdir(), 'prof-'))
const profileFlags = (interval) => ['--cpu-prof', `--cpu-prof-interval=${interval}`, `--cpu-prof-dir=${out}`]

/** Self time per function (and, with `inclusive`, time per function including its callees), in µs. */
const readProfile = (inclusive = false) => {
  const p = JSON.parse(readFileSync(join(out, readdirSync(out)[0]), 'utf8'))
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const name = ({ callFrame: f }) => `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`
  const self = new Map()
  const total = new Map()
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i])
    const dt = p.timeDeltas[i + 1] ?? 0
    self.set(name(node), (self.get(name(node)) ?? 0) + dt)
    if (!inclusive) continue
    const seen = new Set()
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const k = name(byId.get(id))
      if (seen.has(k)) continue // a recursive function counts once per sample
      seen.add(k)
      total.set(k, (total.get(k) ?? 0) + dt)
    }
  }
  return { self, total, spanMs: (p.endTime - p.startTime) / 1000 }
}
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP)

if (kind === 'startup') {
  const t0 = performance.now()
  const server = await launch([...profileFlags(100), ...sandboxArgs()])
  const res = await fetch(`${server.url}/__sandbox/health`)
  const readyMs = performance.now() - t0
  await stop(server)
  const { self, total, spanMs } = readProfile(true)
  console.log(`start-up: first ${res.status} after ${readyMs.toFixed(0)} ms (under the profiler; the profile spans ${spanMs.toFixed(0)} ms)`)
  console.log('--- self ms')
  for (const [k, us] of top(self)) console.log((us / 1000).toFixed(1).padStart(7), k)
  console.log('--- total ms')
  for (const [k, us] of top(total)) console.log((us / 1000).toFixed(1).padStart(7), k)
  process.exit(0)
}

// the bare server's verify route as bench/run.mjs declares it
const bareRoutes = { BARE_ROUTES: '../dist/providers/vandar/schemas.js:IpgTokenRequest:IpgSendResponse:/vandar-verify/' }
const server = await launch([...profileFlags(50), ...(bare ? ['bench/bare.mjs'] : sandboxArgs())], bare ? bareRoutes : {})
const { url, child } = server
const cpuMs = () => { const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10 }
const headers = { 'content-type': 'application/json' }
let path, body
if (bare) [path, body] = kind === 'token' ? ['/token/', { username: 'a', password: 'b' }] : ['/check-credit/', { national_identifier: '4311204302' }]
else {
  const { access, creds } = await login(url)
  ;[path, body] = kind === 'token' ? ['/api.baloan.ir/api/v2/merchant/token/', creds] : ['/api.baloan.ir/api/v2/merchant/check-credit/', { national_identifier: '4311204302' }]
  if (kind !== 'token') headers.authorization = `Bearer ${access}`
}
// verify: each request verifies a different paid payment (made beforehand, outside the measured
// CPU time), a fixed number of requests; the others run for a fixed time.
const paidTokens = async (n) => {
  if (bare) return { apiKey: 'k', tokens: Array.from({ length: n }, (_, i) => `t${i}`) }
  const apiKey = (await (await fetch(`${url}/__sandbox/tenants/default`)).json()).vandar.ipg_api_key
  return { apiKey, tokens: await paidVandarPayments(url, apiKey, n) }
}
const prepare = async (duration) => {
  if (kind !== 'verify') return () => autocannon({ url: url + path, method: 'POST', connections: 32, duration, headers, body: JSON.stringify(body) })
  const { apiKey, tokens } = await paidTokens(duration === 1 ? 2000 : Number(process.env.VERIFY_PAYMENTS ?? 40000))
  let next = 0
  return async () => {
    const started = performance.now()
    const r = await autocannon({ url, connections: 32, amount: tokens.length, requests: [{ method: 'POST', path, headers, setupRequest: (req) => ({ ...req, body: JSON.stringify({ api_key: apiKey, token: tokens[next++] }) }) }] })
    return { ...r, seconds: (performance.now() - started) / 1000 }
  }
}
if (kind === 'verify') path = bare ? '/vandar-verify/' : '/ipg.vandar.io/api/v4/verify'
await (await prepare(1))()
const measured = await prepare(6)
const c0 = cpuMs()
const r = await measured()
const cpuPerReq = ((cpuMs() - c0) * 1000) / r.requests.total
await stop(server)
const { self } = readProfile()
const n = r.requests.total
console.log(`${bare ? 'bare' : 'sandbox'} ${kind}: ${(n / (r.seconds ?? 6)).toFixed(0)} req/s (non-2xx ${r.non2xx}), server CPU ${cpuPerReq.toFixed(1)} µs/req (includes the profiler)`)
for (const [k, us] of top(self)) console.log((us / n).toFixed(2).padStart(7), k)
