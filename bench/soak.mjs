// npm run soak: a few minutes of mixed load against `pardakht-sandbox start`; RSS sampled every
// 5 s must stay flat after warm-up (journal, outbox, rate-limit, token and JWT-cache stores are
// bounded). SOAK_SECONDS (default 180), CONNECTIONS (default 16). Exits 1 if memory grows.
import autocannon from 'autocannon'
import { readFileSync } from 'node:fs'
import { launch, sandboxArgs, stop } from './common.mjs'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16)

const server = await launch(sandboxArgs(['--journal-limit', '5000']))
const { child, url } = server
const rss = () => Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024
const t = await (await fetch(`${url}/__sandbox/tenants/default`)).json()
const login = { username: t.baloan.store_uuid, password: t.baloan.password }
const { access } = await (await fetch(`${url}/api.baloan.ir/api/v2/merchant/token/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) })).json()
const auth = { 'content-type': 'application/json', authorization: `Bearer ${access}` }
const B = '/api.baloan.ir/api/v2/merchant'
const requests = [
  { method: 'POST', path: `${B}/check-credit/`, headers: auth, body: JSON.stringify({ national_identifier: '4311204302' }) },
  { method: 'POST', path: `${B}/send-credit-otp/`, headers: auth, body: JSON.stringify({ national_identifier: '0012345678' }) },
  { method: 'POST', path: `${B}/validate-credit-otp/`, headers: auth, body: JSON.stringify({ national_identifier: '0012345678', otp: '00000' }) },
  { method: 'POST', path: `${B}/token/`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) },
  { method: 'POST', path: `${B}/check-credit/`, headers: auth, body: '{"broken' },
  { method: 'GET', path: `/api.baloan.ir/nothing/${Math.random()}` },
  { method: 'POST', path: `${B}/check-credit/`, headers: { ...auth, authorization: 'Bearer nope' }, body: '{}' }
]

const samples = []
const sampler = setInterval(() => samples.push({ at: samples.length * 5, rss: rss() }), 5000)
const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests })
clearInterval(sampler)
await stop(server)

const warm = samples.filter((s) => s.at >= Math.min(60, SECONDS / 3))
const first = warm[0]?.rss ?? 0, last = warm.at(-1)?.rss ?? 0, peak = Math.max(...warm.map((s) => s.rss))
console.log(`soak: ${SECONDS} s, ${result.requests.total} requests (${result.requests.average.toFixed(0)} req/s), ${result.errors} errors`)
console.log(`RSS every 5 s (MB): ${samples.map((s) => s.rss.toFixed(0)).join(' ')}`)
const growth = last - first
console.log(`after warm-up: ${first.toFixed(0)} MB -> ${last.toFixed(0)} MB (peak ${peak.toFixed(0)} MB), growth ${growth.toFixed(0)} MB`)
const flat = growth < Math.max(40, first * 0.15)
console.log(flat ? 'memory flat: ok' : 'memory grows: FAIL')
process.exit(flat && result.errors === 0 ? 0 : 1)
