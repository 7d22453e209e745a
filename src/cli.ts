#!/usr/bin/env node
/**
 * pardakht-sandbox start [--port 4100] [--host 127.0.0.1] [--state-file FILE] [--fixtures FILE]
 *                        [--seed N] [--rate-limits on|off] [--fixed-otp CODE] [--log-level LEVEL]
 *                        [--admin-token TOKEN] [--config FILE]
 * pardakht-sandbox openapi --out DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, isLoopback, resolveConfig } from './config.js'
import { buildSandbox } from './server.js'
import { PROVIDERS } from './providers/registry.js'

const USAGE = `usage:
  pardakht-sandbox start [--port 4100] [--host 127.0.0.1] [--state-file FILE] [--fixtures FILE] [--seed N]
                         [--rate-limits on|off] [--fixed-otp CODE] [--log-level LEVEL] [--admin-token TOKEN]
                         [--journal-limit N] [--config FILE]
  pardakht-sandbox openapi --out DIR`

const start = async (argv: string[]) => {
  const config = resolveConfig(argv)
  if (!isLoopback(config.host) && !config.adminToken) {
    throw new ConfigError(`--host ${config.host} is not a loopback address: the control plane would be open to the network; give --admin-token TOKEN`)
  }
  const app = await buildSandbox(config)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`
  process.stdout.write(
    `pardakht-sandbox ready at ${url} — providers under ${url}/<real-host>/…, default tenant credentials at ${url}/__sandbox/tenants/default${config.stateFile ? `, state in ${config.stateFile}` : ''}\n`
  )
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    try {
      await app.close()
      process.exit(0)
    } catch (e) {
      process.stderr.write(`pardakht-sandbox: error while stopping: ${(e as Error).message}\n`)
      process.exit(1)
    }
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

/** Writes one OpenAPI document per provider, as the sandbox serves them. */
export const writeOpenapi = async (out: string): Promise<string[]> => {
  const app = await buildSandbox({ logLevel: 'silent' })
  await app.ready()
  mkdirSync(out, { recursive: true })
  const written: string[] = []
  for (const p of PROVIDERS) {
    const doc = app.sandbox.openapi.get(p.name)?.()
    if (!doc) continue
    const file = join(out, `${p.name}.json`)
    writeFileSync(file, JSON.stringify(doc, null, 2) + '\n')
    written.push(file)
  }
  await app.close()
  return written
}

const main = async () => {
  const [command, ...rest] = process.argv.slice(2)
  if (command === 'start' || command === undefined) return start(rest)
  if (command === 'openapi') {
    const outIdx = rest.indexOf('--out')
    const out = outIdx >= 0 ? rest[outIdx + 1] : rest.find((a) => a.startsWith('--out='))?.slice(6)
    if (!out) throw new ConfigError('openapi needs --out DIR')
    for (const f of await writeOpenapi(out)) process.stdout.write(`wrote ${f}\n`)
    return
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n')
    return
  }
  throw new ConfigError(`unknown command "${command}"`)
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`pardakht-sandbox: ${e.message}\n${USAGE}\n`)
    process.exit(2)
  }
  process.stderr.write(`pardakht-sandbox: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})

