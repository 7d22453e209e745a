/**
 * One typed options object for the sandbox, from CLI flags, environment variables
 * (PARDAKHT_SANDBOX_*) and an optional JSON config file, in that order of precedence.
 */
import { readFileSync } from 'node:fs'

export interface SandboxConfig {
  port: number
  host: string
  /** lowdb JSON file holding the state; none: nothing touches disk */
  stateFile?: string
  /** fixture file; default: fixtures/default.json */
  fixtures?: string
  /** overrides the fixture file's faker seed */
  seed?: number
  rateLimits: boolean
  /** every OTP the sandbox sends is this code (manual testing) */
  fixedOtp?: string
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Bearer token the control plane requires; mandatory when binding a non-loopback host */
  adminToken?: string
  /** how many requests the journal keeps */
  journalLimit: number
  /** write the answers of one event-loop turn together (src/core/coalesce.ts); on by default */
  coalesceAnswers: boolean
}

export const defaultConfig = (): SandboxConfig => ({
  port: 4100,
  host: '127.0.0.1',
  rateLimits: true,
  logLevel: 'warn',
  journalLimit: 5000,
  coalesceAnswers: true
})

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** The command's flags (`--state-file`) and the options they set. */
export const FLAGS = {
  port: 'port',
  host: 'host',
  'state-file': 'stateFile',
  fixtures: 'fixtures',
  seed: 'seed',
  'rate-limits': 'rateLimits',
  'fixed-otp': 'fixedOtp',
  'log-level': 'logLevel',
  'admin-token': 'adminToken',
  'journal-limit': 'journalLimit'
} as const satisfies Record<string, keyof SandboxConfig>

export type Flag = keyof typeof FLAGS

// own keys only: `--constructor` is no flag
const optionOf = (flag: string): keyof SandboxConfig | undefined => (Object.hasOwn(FLAGS, flag) ? FLAGS[flag as Flag] : undefined)

const coerce = (key: keyof SandboxConfig, raw: unknown): unknown => {
  switch (key) {
    case 'port':
    case 'seed':
    case 'journalLimit': {
      const n = typeof raw === 'number' ? raw : Number(raw)
      if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${key} must be a whole number, got "${String(raw)}"`)
      if (key === 'port' && n > 65535) throw new ConfigError(`port must be 0-65535, got ${n}`)
      return n
    }
    case 'rateLimits':
      if (raw === true || raw === 'on' || raw === 'true') return true
      if (raw === false || raw === 'off' || raw === 'false') return false
      throw new ConfigError(`rate-limits must be on or off, got "${String(raw)}"`)
    case 'logLevel':
      if (!LOG_LEVELS.includes(raw as never)) throw new ConfigError(`log-level must be one of ${LOG_LEVELS.join(', ')}`)
      return raw
    case 'fixedOtp':
      if (!/^\d{4,8}$/.test(String(raw))) throw new ConfigError('fixed-otp must be 4 to 8 digits')
      return String(raw)
    default:
      return String(raw)
  }
}

/** Parses `--flag value` / `--flag=value` pairs; unknown flags are an error, not ignored. */
export const parseFlags = (argv: string[]): { config: Partial<SandboxConfig>; configFile?: string } => {
  const config: Partial<SandboxConfig> = {}
  let configFile: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument "${arg}"`)
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (value === undefined) {
      value = argv[i + 1]
      if (value === undefined || value.startsWith('--')) throw new ConfigError(`--${name} needs a value`)
      i++
    }
    if (name === 'config') {
      configFile = value
      continue
    }
    const key = optionOf(name)
    if (!key) throw new ConfigError(`unknown option --${name}`)
    ;(config as Record<string, unknown>)[key] = coerce(key, value)
  }
  return { config, configFile }
}

/** The environment variable of a flag: `state-file` → PARDAKHT_SANDBOX_STATE_FILE. */
export const envName = (flag: string): string => 'PARDAKHT_SANDBOX_' + flag.toUpperCase().replace(/-/g, '_')

export const fromEnv = (env: NodeJS.ProcessEnv): Partial<SandboxConfig> => {
  const config: Partial<SandboxConfig> = {}
  for (const [flag, key] of Object.entries(FLAGS)) {
    const v = env[envName(flag)]
    if (v !== undefined && v !== '') (config as Record<string, unknown>)[key] = coerce(key, v)
  }
  return config
}

export const fromFile = (file: string): Partial<SandboxConfig> => {
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`)
  }
  const config: Partial<SandboxConfig> = {}
  for (const [k, v] of Object.entries(parsed)) {
    const key = optionOf(k) ?? (Object.values(FLAGS) as string[]).find((option) => option === k) as keyof SandboxConfig | undefined
    if (!key) throw new ConfigError(`unknown option "${k}" in ${file}`)
    ;(config as Record<string, unknown>)[key] = coerce(key, v)
  }
  return config
}

export const resolveConfig = (argv: string[], env: NodeJS.ProcessEnv = process.env): SandboxConfig => {
  const { config: flags, configFile } = parseFlags(argv)
  const file = configFile ?? env[envName('config')]
  return { ...defaultConfig(), ...(file ? fromFile(file) : {}), ...fromEnv(env), ...flags }
}

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
