// npm run bench: the sandbox as a user starts it (`pardakht-sandbox start --rate-limits off`)
// against a bare Fastify route with the same JSON-schema validation, in the same run, rounds
// alternating; then start-up time, memory and latency at 1,000,000 records, and the cost of
// --state-file. Writes bench/RESULTS.md. Knobs: DURATION (s), ROUNDS, CONNECTIONS, RECORDS, ONLY, ENDPOINTS (a regex of
// endpoint names).
import autocannon from 'autocannon'
import { spawn, execSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir, cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:net'
import { launch, login, paidVandarPayments, post, root, sandboxArgs, stop } from './common.mjs'
import { cliNodeFlags } from '../scripts/node-flags.mjs'

const DURATION = Number(process.env.DURATION ?? 5)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32)
const RECORDS = Number(process.env.RECORDS ?? 1_000_000)
const log = (...a) => console.log(...a)

const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024

const cannon = (url, { path, method = 'POST', headers = {}, body }, duration = DURATION) =>
  autocannon({
    url: url + path, method, connections: CONNECTIONS, duration,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const machine = () => {
  const cpu = cpus()[0]?.model ?? 'unknown cpu'
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${execSync('uname -sr').toString().trim()}`
}

/** A row from alternating rounds: each side's median rate and latencies, logged with every round's rate. */
const roundsRow = (name, s, b, rate = (r) => r.requests.average) => {
  const sr = median(s.map(rate)), br = median(b.map(rate))
  const row = { name, sandbox: sr, bare: br, ratio: sr / br, p50: median(s.map((r) => r.latency.p50)), p99: median(s.map((r) => r.latency.p99)), bp50: median(b.map((r) => r.latency.p50)), bp99: median(b.map((r) => r.latency.p99)), ok: s.every((r) => r.non2xx === 0 && r.errors === 0) }
  log(`${name}: sandbox ${sr.toFixed(0)} req/s (p50 ${row.p50} ms, p99 ${row.p99} ms), bare ${br.toFixed(0)} req/s, ratio ${row.ratio.toFixed(2)}${row.ok ? '' : ' (non-2xx answers!)'}; rounds ${s.map((r) => rate(r).toFixed(0)).join(' / ')} vs ${b.map((r) => rate(r).toFixed(0)).join(' / ')}`)
  return row
}

// ---- 1. throughput against bare Fastify ----------------------------------------------------
const throughput = async () => {
  const sandbox = await launch(sandboxArgs())
  const bare = await launch(['bench/bare.mjs'], {
    BARE_ROUTES: [
      ...['send', 'verify'].map((op) => `../dist/providers/vandar/schemas.js:Ipg${op === 'send' ? 'SendRequest' : 'TokenRequest'}:IpgSendResponse:/vandar-${op}/`),
      '../dist/providers/bazaarpay/schemas.js:CheckoutTokenRequest:TraceResponse:/bazaarpay-trace/',
      '../dist/providers/card-to-card/schemas.js:CheckQuery:CheckResponse:/card-to-card-check:GET'
    ].join(',')
  })
  const { access, creds } = await login(sandbox.url)
  const vandarKey = (await (await fetch(`${sandbox.url}/__sandbox/tenants/default`)).json()).vandar.ipg_api_key
  const sendBody = { api_key: vandarKey, amount: 100000, callback_url: 'https://example.com/callback', factorNumber: 'INV-1' }
  // a BazaarPay checkout and a card-to-card payment to trace and check
  const defaults = await (await fetch(`${sandbox.url}/__sandbox/tenants/default`)).json()
  const bazaarAuth = { authorization: `Token ${defaults.bazaarpay.merchant_token}` }
  const checkout = await post(sandbox.url, '/api.bazaar-pay.ir/badje/v1/checkout/init/', { amount: 50000, destination: defaults.bazaarpay.destination, service_name: 'bench' }, bazaarAuth)
  const c2cAuth = { token: defaults.card_to_card.token }
  const payment = await post(sandbox.url, '/card-to-card/api/create', { price: 20000, fid: 424242 }, c2cAuth)
  const endpoints = [
    {
      name: 'BazaarPay trace (merchant token, checkout read with its timers)',
      sandbox: { path: '/api.bazaar-pay.ir/badje/v1/trace/', headers: bazaarAuth, body: { checkout_token: checkout.checkout_token } },
      bare: { path: '/bazaarpay-trace/', body: { checkout_token: checkout.checkout_token } }
    },
    {
      name: 'card-to-card check (token header, payment read with its expiry)',
      sandbox: { path: `/card-to-card/api/check?pay_id=${payment.pay_id}`, method: 'GET', headers: c2cAuth },
      bare: { path: `/card-to-card-check?pay_id=${payment.pay_id}`, method: 'GET' }
    },
    {
      name: 'Baloan v2 check-credit (JWT auth, validation, store read)',
      sandbox: { path: '/api.baloan.ir/api/v2/merchant/check-credit/', headers: { authorization: `Bearer ${access}` }, body: { national_identifier: '4311204302' } },
      bare: { path: '/check-credit/', body: { national_identifier: '4311204302' } }
    },
    {
      name: 'Baloan v2 token (credential check, two HS256 JWTs signed)',
      sandbox: { path: '/api.baloan.ir/api/v2/merchant/token/', body: creds },
      bare: { path: '/token/', body: creds }
    },
    {
      name: 'Vandar IPG v4 send (api_key lookup, every rule, payment stored)',
      sandbox: { path: '/ipg.vandar.io/api/v4/send', body: sendBody },
      bare: { path: '/vandar-send/', body: sendBody }
    }
  ]
  const rows = []
  const pick = new RegExp(process.env.ENDPOINTS ?? '')
  for (const ep of endpoints.filter((e) => pick.test(e.name))) {
    await cannon(sandbox.url, ep.sandbox, 1)
    await cannon(bare.url, ep.bare, 1)
    const s = [], b = []
    for (let i = 0; i < ROUNDS; i++) {
      s.push(await cannon(sandbox.url, ep.sandbox))
      b.push(await cannon(bare.url, ep.bare))
    }
    rows.push(roundsRow(ep.name, s, b))
  }
  if (pick.test('Vandar IPG v4 verify')) rows.push(await vandarVerify(sandbox.url, bare.url, vandarKey))
  await stop(sandbox)
  await stop(bare)
  return rows
}

// Vandar verify answers success once per payment: every request verifies a different paid payment
// (created beforehand with send + the control plane's pay action), a fixed number of requests per
// round; rounds alternate sandbox / bare like the other rows, each round on fresh payments.
const vandarVerify = async (sandboxUrl, bareUrl, apiKey) => {
  const N = Number(process.env.VERIFY_PAYMENTS ?? 40000)
  const run = async (url, path, tokens) => {
    let next = 0
    let answered = 0
    let last = 0
    const started = performance.now()
    const tracker = autocannon({
      url, connections: CONNECTIONS, amount: tokens.length,
      requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ api_key: apiKey, token: tokens[next++ % tokens.length] }) }) }]
    })
    tracker.on('response', () => { answered++; last = performance.now() })
    const result = await tracker
    // A fixed number of requests finishes in a few seconds: the rate is answers over the time to the
    // last answer. autocannon itself ends a run on its next once-a-second sample, so its own duration
    // (and any rate from it) comes in whole seconds: earlier results read 2/3, 4/5 or 3/3 for this row.
    return { ...result, rate: answered / ((last - started) / 1000) }
  }
  const s = [], b = []
  for (let i = 0; i < ROUNDS; i++) {
    const tokens = await paidVandarPayments(sandboxUrl, apiKey, N)
    s.push(await run(sandboxUrl, '/ipg.vandar.io/api/v4/verify', tokens))
    b.push(await run(bareUrl, '/vandar-verify/', tokens))
  }
  return roundsRow(`Vandar IPG v4 verify (${N} different paid payments per round, each verified once; wallet and statement written)`, s, b, (r) => r.rate)
}

// ---- 2. start-up -------------------------------------------------------------------------
// The start-up client stays out of the measured process's way: it waits for the ready line
// (no polling) and asks over a plain socket. Polling with fetch cost the child's second core
// ~40 ms (undici loading in the parent, then an error object per refused attempt).
const rawStatus = (port, path) => new Promise((resolve, reject) => {
  const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))
  let head = ''
  socket.on('data', (d) => {
    head += d
    const m = /^HTTP\/1\.1 (\d{3})/.exec(head)
    if (m) { resolve(Number(m[1])); socket.destroy() }
  })
  socket.on('error', reject)
})
const startup = async () => {
  const times = []
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    const server = await launch(sandboxArgs([], 0))
    const status = await rawStatus(new URL(server.url).port, '/__sandbox/health')
    if (status !== 200) throw new Error(`/__sandbox/health answered ${status}`)
    times.push(performance.now() - t0)
    await stop(server)
  }
  // Node itself, to read the number against: process start to exit of an empty script
  const bare = []
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    await new Promise((r) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).on('exit', r))
    bare.push(performance.now() - t0)
  }
  times.node = median(bare)
  log(`start-up to first 200 on /__sandbox/health: ${times.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(times).toFixed(0)} ms (node -e 0: ${times.node.toFixed(0)} ms)`)
  return times
}

// ---- 3. scale: 1M records ------------------------------------------------------------------
const otpBody = { national_identifier: '0012345678' }
const VANDAR_PAID = Number(process.env.VANDAR_PAID ?? 30000)
const scale = async () => {
  const out = []
  for (const records of [0, RECORDS]) {
    const server = await launch([...cliNodeFlags(), '--max-old-space-size=4096', 'bench/scale-server.mjs'], { RECORDS: String(records) })
    const { access } = await login(server.url)
    const auth = { authorization: `Bearer ${access}` }
    const read = await cannon(server.url, { path: '/api.baloan.ir/api/v2/merchant/check-credit/', headers: auth, body: { national_identifier: '4311204302' } })
    const write = await cannon(server.url, { path: '/api.baloan.ir/api/v2/merchant/send-credit-otp/', headers: auth, body: otpBody })
    const rss = rssMb(server.child.pid)
    out.push({ records, rss, read, write, seed: server.line })
    log(`${records} records: RSS ${rss.toFixed(0)} MB; check-credit ${read.requests.average.toFixed(0)} req/s p50 ${read.latency.p50} p99 ${read.latency.p99} ms; send-credit-otp ${write.requests.average.toFixed(0)} req/s p50 ${write.latency.p50} p99 ${write.latency.p99} ms`)
    await stop(server)
  }
  // Vandar's timed transitions at scale: the transaction endpoint with 30,000 paid payments at
  // rest, and while their verify windows run out one after another (a sweep per expiry)
  const expiry = {}
  for (const expiring of ['0', '1']) {
    const server = await launch([...cliNodeFlags(), 'bench/scale-server.mjs'], { RECORDS: '0', VANDAR_PAID: String(VANDAR_PAID), EXPIRING: expiring })
    const key = (await (await fetch(`${server.url}/__sandbox/tenants/default`)).json()).vandar.ipg_api_key
    const token = (await post(server.url, '/ipg.vandar.io/api/v4/send', { api_key: key, amount: 100000, callback_url: 'https://example.com/cb' })).token
    expiry[expiring === '1' ? 'expiring' : 'resting'] = await cannon(server.url, { path: '/ipg.vandar.io/api/v4/transaction', body: { api_key: key, token } }, 10)
    await stop(server)
  }
  out.expiry = expiry
  log(`Vandar transaction with ${VANDAR_PAID} paid payments: ${expiry.resting.requests.average.toFixed(0)} req/s p99 ${expiry.resting.latency.p99} ms at rest, ${expiry.expiring.requests.average.toFixed(0)} req/s p99 ${expiry.expiring.latency.p99} ms while their windows run out`)
  return out
}

// ---- 4. --state-file cost --------------------------------------------------------------------
const stateFileCost = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-state-'))
  const plain = await launch(sandboxArgs())
  const filed = await launch(sandboxArgs(['--state-file', join(dir, 'state.json')]))
  const a = await login(plain.url), b = await login(filed.url)
  const ep = (access) => ({ path: '/api.baloan.ir/api/v2/merchant/send-credit-otp/', headers: { authorization: `Bearer ${access}` }, body: otpBody })
  const p = [], f = []
  for (let i = 0; i < ROUNDS; i++) {
    p.push(await cannon(plain.url, ep(a.access)))
    f.push(await cannon(filed.url, ep(b.access)))
  }
  await stop(plain)
  await stop(filed)
  const pr = median(p.map((r) => r.requests.average)), fr = median(f.map((r) => r.requests.average))
  log(`--state-file on a writing endpoint (send-credit-otp): ${fr.toFixed(0)} vs ${pr.toFixed(0)} req/s without: cost ${((1 - fr / pr) * 100).toFixed(1)}%; rounds ${f.map((r) => r.requests.average.toFixed(0)).join(' / ')} vs ${p.map((r) => r.requests.average.toFixed(0)).join(' / ')}`)
  // and with RECORDS in the state: serialising it is the expensive part
  // One server at a time: one still writing its state in the background would take CPU from the
  // other one's measurement. Rounds alternate with / without (a fresh server and file each), as
  // a single pair read anything from -20% to +20% on this shared machine.
  const bigRun = async (file) => {
    const server = await launch([...cliNodeFlags(), '--max-old-space-size=4096', 'bench/scale-server.mjs'], { RECORDS: String(RECORDS), ...(file ? { STATE_FILE: file } : {}) })
    const r = await cannon(server.url, ep((await login(server.url)).access), Math.max(DURATION, 10))
    await stop(server)
    return r
  }
  const bigF = [], bigP = []
  for (let i = 0; i < ROUNDS; i++) {
    bigF.push(await bigRun(join(dir, `big-${i}.json`)))
    bigP.push(await bigRun())
  }
  const bf = { rate: median(bigF.map((r) => r.requests.average)), p99: median(bigF.map((r) => r.latency.p99)) }
  const bp = { rate: median(bigP.map((r) => r.requests.average)), p99: median(bigP.map((r) => r.latency.p99)) }
  log(`--state-file with ${RECORDS} records: ${bf.rate.toFixed(0)} vs ${bp.rate.toFixed(0)} req/s: cost ${((1 - bf.rate / bp.rate) * 100).toFixed(1)}%, p99 ${bf.p99} vs ${bp.p99} ms; rounds ${bigF.map((r) => r.requests.average.toFixed(0)).join(' / ')} vs ${bigP.map((r) => r.requests.average.toFixed(0)).join(' / ')}`)
  return { plain: pr, filed: fr, big: bf, bigPlain: bp }
}

// ONLY=throughput|startup|scale|state-file runs that part alone and prints it, without
// rewriting RESULTS.md (for checking one fix at a time).
const only = process.env.ONLY
if (only) {
  const part = { throughput, startup, scale, 'state-file': stateFileCost }[only]
  if (!part) throw new Error(`ONLY must be one of throughput, startup, scale, state-file`)
  await part()
  process.exit(0)
}
const rows = await throughput()
const starts = await startup()
const scaled = await scale()
const cost = await stateFileCost()

const pct = (x) => `${(x * 100).toFixed(1)}%`
const md = `# Benchmark results

Measured by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}.
autocannon in the same machine, ${CONNECTIONS} connections, ${DURATION} s per round, ${ROUNDS} rounds alternating sandbox / bare (medians shown).
The sandbox runs as a user starts it: \`pardakht-sandbox start --rate-limits off --log-level silent\` (Node flags of its #! line: \`${cliNodeFlags().join(' ')}\`); the bare server is Fastify 5 with the same
route JSON schemas (bench/bare.mjs) answering a fixed body.

## Throughput against bare Fastify (target: ratio >= 0.70)

| endpoint | sandbox req/s | p50 / p99 ms | bare req/s | p50 / p99 ms | ratio |
|---|---|---|---|---|---|
${rows.map((r) => `| ${r.name} | ${r.sandbox.toFixed(0)} | ${r.p50} / ${r.p99} | ${r.bare.toFixed(0)} | ${r.bp50} / ${r.bp99} | **${r.ratio.toFixed(2)}**${r.ok ? '' : ' (non-2xx!)'} |`).join('\n')}

## Start-up (target: median <= 300 ms)

Process start to the first 200 on \`/__sandbox/health\` (asked over a plain socket when the ready line appears), 5 spawns: ${starts.map((t) => t.toFixed(0)).join(', ')} ms — **median ${median(starts).toFixed(0)} ms** (for scale: \`node -e 0\` takes ${starts.node.toFixed(0)} ms here, median of 5).

## Scale: ${RECORDS.toLocaleString('en')} stored settlements (target: RSS <= 1 GB, no latency cliff)

| records | RSS | check-credit req/s | p50 / p99 ms | send-credit-otp req/s | p50 / p99 ms |
|---|---|---|---|---|---|
${scaled.map((s) => `| ${s.records.toLocaleString('en')} | ${s.rss.toFixed(0)} MB | ${s.read.requests.average.toFixed(0)} | ${s.read.latency.p50} / ${s.read.latency.p99} | ${s.write.requests.average.toFixed(0)} | ${s.write.latency.p50} / ${s.write.latency.p99} |`).join('\n')}

Vandar's timed transitions: transaction (api_key, token) with ${VANDAR_PAID.toLocaleString('en')} paid payments, 10 s each: at rest
${scaled.expiry.resting.requests.average.toFixed(0)} req/s (p99 ${scaled.expiry.resting.latency.p99} ms); while their verify windows run out one after another (a
stretch of 60 s from 2 s in: each expiry a transition the next sweep performs) ${scaled.expiry.expiring.requests.average.toFixed(0)} req/s (p99 ${scaled.expiry.expiring.latency.p99} ms).

## Cost of --state-file (target: <= 20% throughput)

Writing endpoint (send-credit-otp: OTP stored, SMS queued; every request marks the state dirty):
- default fixtures: ${cost.filed.toFixed(0)} req/s with, ${cost.plain.toFixed(0)} without — **cost ${pct(1 - cost.filed / cost.plain)}**
- with ${RECORDS.toLocaleString('en')} records in the state (${ROUNDS} rounds alternating, a fresh server each, medians): ${cost.big.rate.toFixed(0)} req/s with, ${cost.bigPlain.rate.toFixed(0)} without — **cost ${pct(1 - cost.big.rate / cost.bigPlain.rate)}**, p99 ${cost.big.p99} vs ${cost.bigPlain.p99} ms
`
// A hand-written "## Reading" section (what the numbers mean on that machine) survives a re-run.
const previous = (() => { try { return readFileSync(join(root, 'bench/RESULTS.md'), 'utf8') } catch { return '' } })()
const reading = previous.indexOf('\n## Reading')
writeFileSync(join(root, 'bench/RESULTS.md'), md + (reading === -1 ? '' : previous.slice(reading)))
log('\nwrote bench/RESULTS.md')
