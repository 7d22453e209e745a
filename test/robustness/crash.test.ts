/**
 * Crash safety: under a stream of writes, kill -9 the sandbox at random moments, again and
 * again. Every restart must load the state file, and every write acknowledged before the last
 * flush the server reported (`/__sandbox/health` → state_file.durable_at) must be there.
 */
import t from 'tap'
import { cliNodeFlags } from '../../scripts/node-flags.mjs'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url))

const start = (file: string) =>
  new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...cliNodeFlags(), CLI, 'start', '--port', '0', '--state-file', file, '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = out.match(/ready at (http:\/\/\S+)/)
      if (m) resolve({ child, url: m[1] })
    })
    child.on('exit', (code, signal) => reject(new Error(`exited ${code ?? signal} before ready: ${out}`)))
  })

const setCredit = (url: string, credit: number) =>
  fetch(`${url}/__sandbox/baloan/customers/4311204302`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credit }) })

t.test('kill -9 under writes, repeatedly', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'crash-')), 'state.json')
  let next = 1
  let acknowledged: Array<{ value: number; at: number }> = []
  let durableAt = 0
  for (let round = 0; round < 6; round++) {
    const { child, url } = await start(file)
    const current = (await (await fetch(`${url}/__sandbox/baloan/customers/4311204302`)).json()) as { credit: number }
    if (round > 0) {
      const durable = acknowledged.filter((a) => a.at < durableAt)
      const mustHave = durable.length ? durable[durable.length - 1].value : 40000000
      t.ok(current.credit === 40000000 || acknowledged.some((a) => a.value === current.credit), `round ${round}: loaded a value that was written (${current.credit})`)
      t.ok(current.credit >= mustHave, `round ${round}: nothing acknowledged before the last reported flush is lost (${current.credit} >= ${mustHave})`)
    }
    acknowledged = []
    const stopAt = Date.now() + 1500 + Math.random() * 1500
    let killed = false
    const writer = (async () => {
      while (!killed) {
        const value = next++
        try {
          const res = await setCredit(url, value)
          if (res.ok) acknowledged.push({ value, at: Date.now() })
        } catch {
          return
        }
      }
    })()
    await new Promise((r) => setTimeout(r, stopAt - Date.now()))
    const health = (await (await fetch(`${url}/__sandbox/health`)).json()) as { state_file: { durable_at: string | null } }
    durableAt = health.state_file.durable_at ? Date.parse(health.state_file.durable_at) : 0
    t.ok(durableAt > 0, `round ${round}: the server reports a flush`)
    const exited = new Promise((r) => child.on('exit', r))
    child.kill('SIGKILL')
    killed = true
    await exited
    await writer
    t.ok(acknowledged.length > 10, `round ${round}: ${acknowledged.length} writes acknowledged before the kill`)
  }
})
