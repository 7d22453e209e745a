/**
 * Crash safety: while money moves (Vandar verifies, Baloan settle-confirms), kill -9 the sandbox
 * at random moments, again and again. Every file a kill leaves must hold one moment of the state
 * (Vandar's wallet is what its statement rows moved, each Baloan credit plus its settlements is the
 * credit it started with), every restart must load it, and every request acknowledged before the
 * last flush the server reported (`/__sandbox/health` → state_file.durable_at) must be in it.
 */
import t from 'tap'
import { cliNodeFlags } from '../../scripts/node-flags.mjs'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSandbox } from '../../src/server.js'
import type { SandboxState, Tenant } from '../../src/state/model.js'
import { PDF } from '../helpers/sandbox.js'
import { moneyAtStart, moneyProblems, seedMoney } from '../helpers/state-invariants.js'

const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url))
const OTP = '12345'

const start = (file: string) =>
  new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const args = ['start', '--port', '0', '--state-file', file, '--rate-limits', 'off', '--fixed-otp', OTP, '--log-level', 'silent']
    const child = spawn(process.execPath, [...cliNodeFlags(), CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = out.match(/ready at (http:\/\/\S+)/)
      if (m) resolve({ child, url: m[1] })
    })
    child.on('exit', (code, signal) => reject(new Error(`exited ${code ?? signal} before ready: ${out}`)))
  })

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

interface Acknowledged {
  /** a settlement's code or a verified payment's token */
  id: string
  at: number
}

/** send-credit-otp and a v1 settle-confirm of 1,000 rials, over and over, for one customer. */
const settling = async (url: string, tenant: Tenant, nid: string, prefix: string, done: Acknowledged[], stopped: () => boolean) => {
  const B = `${url}/api.baloan.ir/api/v1/merchant`
  const { username, password } = tenant.credentials.baloan
  const { access } = (await (await postJson(`${B}/token/`, { username, password })).json()) as { access: string }
  const auth = { authorization: `Bearer ${access}` }
  for (let i = 0; !stopped(); i++) {
    const code = `${prefix}-${i}`
    try {
      await postJson(`${B}/send-credit-otp/`, { national_identifier: nid }, auth)
      const form = new FormData()
      form.append('national_identifier', nid)
      form.append('data', JSON.stringify({ code, bill: { total: 1000 } }))
      form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'invoice.pdf')
      form.append('otp', OTP)
      const res = await fetch(`${B}/settle-confirm/`, { method: 'POST', headers: auth, body: form })
      if (res.ok) done.push({ id: code, at: Date.now() })
    } catch {
      return
    }
  }
}

/** send, pay (the control plane's payer) and verify a Vandar payment, over and over. */
const verifying = async (url: string, tenant: Tenant, done: Acknowledged[], stopped: () => boolean) => {
  const api_key = tenant.credentials.vandar.ipg_api_key
  while (!stopped()) {
    try {
      const sent = (await (await postJson(`${url}/ipg.vandar.io/api/v4/send`, { api_key, amount: 100000, callback_url: 'https://example.com/callback' })).json()) as { token: string }
      await postJson(`${url}/__sandbox/vandar/ipg/${sent.token}/pay`, { status: 'OK' })
      const res = await postJson(`${url}/ipg.vandar.io/api/v4/verify`, { api_key, token: sent.token })
      if (res.ok) done.push({ id: sent.token, at: Date.now() })
    } catch {
      return
    }
  }
}

t.test('kill -9 while money moves, repeatedly', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'crash-')), 'state.json')
  // A state a long-running sandbox might hold: a write takes many slices, so requests run between them.
  const seed = await buildSandbox({ logLevel: 'silent', rateLimits: false })
  const atStart = moneyAtStart(seed.sandbox.store.defaultTenant)
  await seedMoney(seed, { settlements: 4_000, payments: 1_500 })
  writeFileSync(file, JSON.stringify(seed.sandbox.store.persistedView()))
  await seed.close()
  const onDisk = () => JSON.parse(readFileSync(file, 'utf8')).state as SandboxState
  t.same(moneyProblems(onDisk().tenants.default, atStart), [], 'the seeded state keeps the invariants')

  for (let round = 0; round < 6; round++) {
    const { child, url } = await start(file)
    const tenant = onDisk().tenants.default
    const loaded = (await (await fetch(`${url}/__sandbox/baloan/customers/0012345678`)).json()) as { credit: number }
    t.equal(loaded.credit, tenant.baloan.customers['0012345678'].credit, `round ${round}: the server loaded the file`)

    const settled: Acknowledged[] = []
    const verified: Acknowledged[] = []
    let killed = false
    const stopped = () => killed
    const workers = [
      settling(url, tenant, '0012345678', `R${round}A`, settled, stopped),
      settling(url, tenant, '4311204302', `R${round}B`, settled, stopped),
      verifying(url, tenant, verified, stopped),
      verifying(url, tenant, verified, stopped)
    ]
    await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1500))
    // then the first moment the server reports a flush: writes follow one another under the load,
    // so the kill comes at a random point of one
    let durableAt = 0
    for (const until = Date.now() + 20_000; durableAt === 0 && Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
      const health = (await (await fetch(`${url}/__sandbox/health`)).json()) as { state_file: { durable_at: string | null } }
      durableAt = health.state_file.durable_at ? Date.parse(health.state_file.durable_at) : 0
    }
    t.ok(durableAt > 0, `round ${round}: the server reports a flush`)
    const exited = new Promise((r) => child.on('exit', r))
    child.kill('SIGKILL')
    killed = true
    await exited
    await Promise.all(workers)
    t.ok(settled.length > 5 && verified.length > 5, `round ${round}: ${settled.length} settlements and ${verified.length} verifies acknowledged before the kill`)

    const state = onDisk()
    const left = state.tenants.default
    t.same(moneyProblems(left, atStart), [], `round ${round}: the file the kill left is one moment of the state`)
    t.same(state.outbox.filter((m) => m.id > state.seq), [], `round ${round}: its SMS ids are all at most its counter (the next id is new)`)
    const lostSettlements = settled.filter((a) => a.at < durableAt && !Object.hasOwn(left.baloan.settled_codes, a.id))
    const lostVerifies = verified.filter((a) => a.at < durableAt && left.vandar.payments[a.id]?.status !== 'VERIFIED')
    t.same([...lostSettlements, ...lostVerifies], [], `round ${round}: nothing acknowledged before the last reported flush is lost`)
  }
})
