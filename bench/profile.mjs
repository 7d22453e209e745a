// npm run profile -- <credit|token> [bare]: one server under --cpu-prof and autocannon load; prints the
// server's CPU time per request (from /proc, steadier than req/s on a shared 2-core machine) and
// self time per function in µs per request. For A/B checks of one change; not part of `npm run bench`.
import autocannon from 'autocannon'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launch, login, sandboxArgs, stop } from './common.mjs'

const kind = process.argv[2] ?? 'credit'
const bare = process.argv[3] === 'bare'
const TOP = Number(process.env.TOP ?? 30)
const out = mkdtempSync(join(tmpdir(), 'prof-'))
const server = await launch(['--cpu-prof', '--cpu-prof-interval=50', `--cpu-prof-dir=${out}`, ...(bare ? ['bench/bare.mjs'] : sandboxArgs())])
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
const load = (duration) => autocannon({ url: url + path, method: 'POST', connections: 32, duration, headers, body: JSON.stringify(body) })
await load(1)
const c0 = cpuMs()
const r = await load(6)
const cpuPerReq = ((cpuMs() - c0) * 1000) / r.requests.total
await stop(server)
const p = JSON.parse(readFileSync(join(out, readdirSync(out)[0]), 'utf8'))
const byId = new Map(p.nodes.map((n) => [n.id, n]))
const self = new Map()
for (let i = 0; i < p.samples.length; i++) {
  const { callFrame: f } = byId.get(p.samples[i])
  const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`
  self.set(k, (self.get(k) ?? 0) + (p.timeDeltas[i + 1] ?? 0))
}
const n = r.requests.total
console.log(`${bare ? 'bare' : 'sandbox'} ${kind}: ${(n / 6).toFixed(0)} req/s (non-2xx ${r.non2xx}), server CPU ${cpuPerReq.toFixed(1)} µs/req (includes the profiler)`)
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log((us / n).toFixed(2).padStart(7), k)
