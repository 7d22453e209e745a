/**
 * Crash safety: under a stream of writes, kill -9 the sandbox at random moments, again and
 * again. Every restart must load the state file, and every write acknowledged well before the
 * kill (longer ago than the longest debounce) must be there.
 */
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
/** maxWait of the debounced writer plus a margin for the write itself */
const FLUSH_BOUND_MS = 1000

const start = (file: string) =>
  new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'start', '--port', '0', '--state-file', file, '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'inherit'] })
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
  let killedAt = 0
  for (let round = 0; round < 6; round++) {
    const { child, url } = await start(file)
    const current = (await (await fetch(`${url}/__sandbox/baloan/customers/4311204302`)).json()) as { credit: number }
    if (round > 0) {
      const durable = acknowledged.filter((a) => a.at < killedAt - FLUSH_BOUND_MS)
      const mustHave = durable.length ? durable[durable.length - 1].value : 40000000
      t.ok(current.credit === 40000000 || acknowledged.some((a) => a.value === current.credit), `round ${round}: loaded a value that was written (${current.credit})`)
      t.ok(current.credit >= mustHave, `round ${round}: nothing acknowledged ${FLUSH_BOUND_MS} ms before the kill is lost (${current.credit} >= ${mustHave})`)
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
    const exited = new Promise((r) => child.on('exit', r))
    child.kill('SIGKILL')
    killedAt = Date.now()
    killed = true
    await exited
    await writer
    t.ok(acknowledged.length > 10, `round ${round}: ${acknowledged.length} writes acknowledged before the kill`)
  }
})
