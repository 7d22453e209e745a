#!/usr/bin/env node
/**
 * pardakht-sandbox start [options]      (`pardakht-sandbox start --help` lists them)
 * pardakht-sandbox openapi --out DIR
 * pardakht-sandbox help [start|openapi]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, envName, isLoopback, resolveConfig, type Flag } from './config.js'
import { buildSandbox } from './server.js'
import { PROVIDERS } from './providers/registry.js'

/** What each flag of config.ts takes and does; a flag without a line here is a type error. */
const START_FLAGS: Record<Flag | 'config', [value: string, help: string]> = {
  port: ['N', 'port to listen on (default 4100; 0 picks a free port)'],
  host: ['ADDRESS', 'address to listen on (default 127.0.0.1; any other than loopback needs --admin-token)'],
  'state-file': ['FILE', 'keep the state in this JSON file: loaded at start, written as it changes and at exit (default: memory only)'],
  fixtures: ['FILE', 'scenario file whose seed and provider data replace the defaults ({"seed": 7, "baloan": {"customers": [...]}})'],
  seed: ['N', "seed of the generated fixtures (default: the fixture file's)"],
  'rate-limits': ['on|off', "the providers' documented rate limits (default on)"],
  'fixed-otp': ['CODE', 'every OTP the sandbox sends is this code, 4 to 8 digits (default: random codes)'],
  'log-level': ['LEVEL', 'fatal, error, warn, info, debug, trace or silent (default warn)'],
  'admin-token': ['TOKEN', 'Bearer token the control plane (/__sandbox/...) then requires (default: none)'],
  'journal-limit': ['N', 'how many requests the journal keeps (default 5000)'],
  config: ['FILE', 'JSON file of these options, by flag name or camelCase ({"port": 4200, "rateLimits": false})']
}

const table = (rows: Array<[string, string, string]>): string => {
  const w0 = Math.max(...rows.map((r) => r[0].length))
  const w1 = Math.max(...rows.map((r) => r[1].length))
  return rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd()).join('\n')
}

const START_HELP = `pardakht-sandbox start [options]

Starts the sandbox and prints one line with its URL; Ctrl-C stops it. Every option is a flag, an
environment variable or a key of the --config file; a flag wins over the variable, the variable
over the file.

${table([
  ...Object.entries(START_FLAGS).map(([flag, [value, help]]): [string, string, string] => [`--${flag} ${value}`, envName(flag), help]),
  ['--help, -h', '', 'this text']
])}`

const OPENAPI_HELP = `pardakht-sandbox openapi --out DIR

Writes one OpenAPI document per provider into DIR (baloan.json, vandar.json, ...), the documents a
running sandbox serves at /__sandbox/openapi/<provider>.json and shows at /__sandbox/docs.

${table([
  ['--out DIR', '', 'the directory to write to (made if missing); no environment variable'],
  ['--help, -h', '', 'this text']
])}`

const HELP = `pardakht-sandbox: a local, stateful sandbox of Iranian payment-provider APIs
(Baloan, Vandar, BazaarPay, card-to-card).

usage:
  pardakht-sandbox [start] [options]     start the sandbox (the default command)
  pardakht-sandbox openapi --out DIR     write the providers' OpenAPI documents
  pardakht-sandbox help [COMMAND]        this text, or one command's

${START_HELP}

${OPENAPI_HELP}
`

const USAGE = `usage: pardakht-sandbox [start] [options] | openapi --out DIR | help [COMMAND]
run \`pardakht-sandbox --help\` for every option and its environment variable`

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h')

/** Listen errors a user causes and fixes: one line, not a stack. */
const listenFailure = (e: NodeJS.ErrnoException, host: string, port: number): string | undefined => {
  const choosePort = `choose another with --port N or ${envName('port')}=N (0 picks a free port)`
  const chooseHost = `choose another with --host ADDRESS or ${envName('host')}=ADDRESS`
  switch (e.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is taken (is a sandbox already running?): ${choosePort}`
    case 'EACCES':
      return `port ${port} on ${host} needs privileges this user lacks: ${choosePort}`
    case 'EADDRNOTAVAIL':
      return `${host} is no address of this machine: ${chooseHost}`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${host} resolves to no address: ${chooseHost}`
  }
  return undefined
}

/** Failures that the message alone explains: printed without usage or stack. */
class StartError extends Error {}

const start = async (argv: string[]) => {
  const config = resolveConfig(argv)
  if (!isLoopback(config.host) && !config.adminToken) {
    throw new ConfigError(`--host ${config.host} is not a loopback address: the control plane would be open to the network; give --admin-token TOKEN`)
  }
  const app = await buildSandbox(config)
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (e) {
    const message = listenFailure(e as NodeJS.ErrnoException, config.host, config.port)
    if (!message) throw e
    await app.close()
    throw new StartError(message)
  }
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
  if (command === '--help' || command === '-h' || (command === 'help' && rest.length === 0)) {
    process.stdout.write(HELP)
    return
  }
  if (command === 'help') {
    const help = new Map([['start', START_HELP], ['openapi', OPENAPI_HELP]]).get(rest[0])
    if (!help || rest.length > 1) throw new ConfigError(`help knows the commands start and openapi, not "${rest.join(' ')}"`)
    process.stdout.write(help + '\n')
    return
  }
  if (command === 'start' || command === undefined || command.startsWith('--')) {
    // `pardakht-sandbox --port 4200` starts, as `pardakht-sandbox` alone does
    const args = command === 'start' || command === undefined ? rest : [command, ...rest]
    if (wantsHelp(args)) return void process.stdout.write(START_HELP + '\n')
    return start(args)
  }
  if (command === 'openapi') {
    if (wantsHelp(rest)) return void process.stdout.write(OPENAPI_HELP + '\n')
    const outIdx = rest.indexOf('--out')
    const out = outIdx >= 0 ? rest[outIdx + 1] : rest.find((a) => a.startsWith('--out='))?.slice(6)
    if (!out) throw new ConfigError('openapi needs --out DIR')
    for (const f of await writeOpenapi(out)) process.stdout.write(`wrote ${f}\n`)
    return
  }
  throw new ConfigError(`unknown command "${command}"`)
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`pardakht-sandbox: ${e.message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (e instanceof StartError) {
    process.stderr.write(`pardakht-sandbox: ${e.message}\n`)
    process.exit(1)
  }
  process.stderr.write(`pardakht-sandbox: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})
