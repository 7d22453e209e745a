import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Faker, fa, en, base } from '@faker-js/faker'
import type { TenantCredentials } from './model.js'
import type { BaloanFixtures } from '../providers/baloan/model.js'

/**
 * A fixture file: the default tenant's well-known credentials and the data every tenant starts
 * with (the provider documents' example customers plus faker-generated ones from `seed`).
 */
export interface Fixtures {
  seed: number
  default_tenant: { credentials: TenantCredentials }
  baloan: BaloanFixtures
}

export const DEFAULT_FIXTURES_FILE = fileURLToPath(new URL('../../fixtures/default.json', import.meta.url))

export const loadFixtures = (file = DEFAULT_FIXTURES_FILE): Fixtures => {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Fixtures>
  const defaults = JSON.parse(readFileSync(DEFAULT_FIXTURES_FILE, 'utf8')) as Fixtures
  // A scenario file may override only what it cares about; the rest comes from the defaults.
  return {
    seed: parsed.seed ?? defaults.seed,
    default_tenant: {
      credentials: { ...defaults.default_tenant.credentials, ...(parsed.default_tenant?.credentials ?? {}) }
    },
    baloan: { ...defaults.baloan, ...(parsed.baloan ?? {}) }
  }
}

/** A faker seeded the same way for every tenant, so every tenant's generated data is identical. */
export const seededFaker = (seed: number): Faker => {
  const f = new Faker({ locale: [fa, en, base] })
  f.seed(seed)
  return f
}
