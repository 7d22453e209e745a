// npm run profile -- <credit|token> [bare]: one server under --cpu-prof and autocannon load; prints the
// server's CPU time per request (from /proc, steadier than req/s on a shared 2-core machine) and
// self time per function in µs per request. For A/B checks of one change; not part of `npm run bench`.
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const kind = process.argv[2] ?? 'credit'
const bare = process.argv[3] === 'bare'
const TOP = Number(process.env.TOP ?? 30)
const out = mkdtempSync(join(tmpdir(), 'prof-'))
const args = bare ? ['bench/bare.mjs'] : ['dist/cli.js', 'start', '--port', '0', '--rate-limits', 'off', '--log-level', 'silent']
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-interval=50', `--cpu-prof-dir=${out}`, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
const url = await new Promise((resolve) => {
  let s = ''
  child.stdout.on('data', (d) => { s += d; const m = s.match(/ready (?:at )?(?:http:\/\/127\.0\.0\.1:)?(\d+)/); if (m) resolve(`http://127.0.0.1:${m[1]}`) })
})
const cpuMs = () => { const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10 }
const headers = { 'content-type': 'application/json' }
let path, body
if (bare) [path, body] = kind === 'token' ? ['/token/', { username: 'a', password: 'b' }] : ['/check-credit/', { national_identifier: '4311204302' }]
else {
  const t = await (await fetch(`${url}/__sandbox/tenants/default`)).json()
  body = { username: t.baloan.store_uuid, password: t.baloan.password }
  path = '/api.baloan.ir/api/v2/merchant/token/'
  if (kind === 'credit') {
    const pair = await (await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body) })).json()
    headers.authorization = `Bearer ${pair.access}`
    ;[path, body] = ['/api.baloan.ir/api/v2/merchant/check-credit/', { national_identifier: '4311204302' }]
  }
}
await autocannon({ url: url + path, method: 'POST', connections: 32, duration: 1, headers, body: JSON.stringify(body) })
const c0 = cpuMs()
const r = await autocannon({ url: url + path, method: 'POST', connections: 32, duration: 6, headers, body: JSON.stringify(body) })
const cpuPerReq = ((cpuMs() - c0) * 1000) / r.requests.total
child.kill('SIGTERM')
await new Promise((resolve) => child.on('exit', resolve))
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
