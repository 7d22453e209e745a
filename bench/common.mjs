// What bench/run.mjs and bench/profile.mjs share: starting a server process and waiting for its
// ready line, stopping it, and logging in to the default tenant's Baloan store.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cliNodeFlags } from '../scripts/node-flags.mjs'

export const root = fileURLToPath(new URL('..', import.meta.url))

export const launch = (args, env = {}, pattern = /ready (?:at )?(?:http:\/\/127\.0\.0\.1:)?(\d+)/) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(pattern)
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}`, line: out.trim() })
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
export const stop = (p) => new Promise((r) => { p.child.on('exit', r); p.child.kill('SIGTERM') })

export const post = async (url, path, body, headers = {}) => {
  const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  return r.json()
}

// as the shell runs the command: with the flags of its #! line
export const sandboxArgs = (extra = [], port = 0) => [...cliNodeFlags(), 'dist/cli.cjs', 'start', '--port', String(port), '--rate-limits', 'off', '--log-level', 'silent', ...extra]

export const login = async (url) => {
  const t = await (await fetch(`${url}/__sandbox/tenants/default`)).json()
  const pair = await post(url, '/api.baloan.ir/api/v2/merchant/token/', { username: t.baloan.store_uuid, password: t.baloan.password })
  return { access: pair.access, creds: { username: t.baloan.store_uuid, password: t.baloan.password } }
}

/** `n` Vandar payments made with send and paid with the control plane's pay action, 64 at a time; their tokens. */
export const paidVandarPayments = async (url, apiKey, n) => {
  const tokens = []
  for (let i = 0; i < n; i += 64) {
    tokens.push(...(await Promise.all(Array.from({ length: Math.min(64, n - i) }, async () => {
      const { token } = await post(url, '/ipg.vandar.io/api/v4/send', { api_key: apiKey, amount: 100000, callback_url: 'https://example.com/callback' })
      await post(url, `/__sandbox/vandar/ipg/${token}/pay`, { status: 'OK' })
      return token
    }))))
  }
  return tokens
}
