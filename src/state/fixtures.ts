import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../paths.js'
// The locale subpath loads Persian (with English fallback) only: the package root loads every
// locale, a quarter of a second of start-up.
import { faker as faFaker } from '@faker-js/faker/locale/fa'
import type { Faker } from '@faker-js/faker'
import type { TenantCredentials } from './model.js'

/**
 * The fixtures: the default tenant's well-known credentials (fixtures/default.json) and, per
 * provider, the data every tenant starts with (fixtures/<provider>.json: the provider documents'
 * example values plus faker-generated data from `seed`). A scenario file given with
 * `--fixtures` overrides any of it: `{"seed": 7, "baloan": {"customers": [...]}}`.
 */
export interface Fixtures {
  seed: number
  default_tenant: { credentials: TenantCredentials }
  providers: Record<string, unknown>
}

export const FIXTURES_DIR = join(packageRoot(), 'fixtures') + '/'

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>

export class FixtureError extends Error {}

export const loadFixtures = (providerNames: string[], scenarioFile?: string): Fixtures => {
  const defaults = readJson(FIXTURES_DIR + 'default.json') as { seed: number; default_tenant: { credentials: TenantCredentials } }
  let scenario: Record<string, unknown> = {}
  if (scenarioFile) {
    try {
      scenario = readJson(scenarioFile)
    } catch (e) {
      throw new FixtureError(`cannot read fixtures ${scenarioFile}: ${(e as Error).message}`)
    }
  }
  const providers: Record<string, unknown> = {}
  for (const name of providerNames) {
    const file = FIXTURES_DIR + `${name}.json`
    const base = existsSync(file) ? readJson(file) : {}
    // A scenario overrides a provider's fixtures key by key (customers replaces customers).
    providers[name] = { ...base, ...((scenario[name] as Record<string, unknown> | undefined) ?? {}) }
  }
  const scenarioCreds = (scenario.default_tenant as { credentials?: Partial<TenantCredentials> } | undefined)?.credentials ?? {}
  const credentials = { ...defaults.default_tenant.credentials } as TenantCredentials
  for (const [k, v] of Object.entries(scenarioCreds)) Object.assign(((credentials as unknown as Record<string, object>)[k] ??= {}), v)
  return {
    seed: typeof scenario.seed === 'number' ? scenario.seed : defaults.seed,
    default_tenant: { credentials },
    providers
  }
}

/** A faker seeded the same way for every tenant, so every tenant's generated data is identical. */
export const seededFaker = (seed: number): Faker => {
  faFaker.seed(seed)
  return faFaker
}
