/**
 * What the store knows of a provider: its slice of every tenant (its data and its credentials)
 * and the credential lookups it needs. The store iterates the slices it is given and names no
 * provider; each provider declares its slice's types in its own model.ts (augmenting
 * `TenantData` and `TenantCredentials`), the way a LocalStack service defines its store in its
 * own `models` module. `ProviderModule` (core/provider-module.ts) is a slice plus its routes.
 */
import type { Faker } from '@faker-js/faker'
import type { Tenant, TenantCredentials } from './model.js'

/** What a provider may draw on when it makes a new tenant's credentials. */
export interface CredentialSource {
  /** the next value of the state's counter (shared with SMS message ids) */
  nextSeq(): number
  /** the tenants already in the store, e.g. to keep an id unique */
  tenants(): Tenant[]
}

export interface TenantSlice<F = any> {
  /** the name used in journals, faults, `/__sandbox/<name>/…` and `openapi/<name>.json` */
  name: string
  /** the key of its data and its credentials in each tenant (default `name`), e.g. `card_to_card` for `card-to-card` */
  dataKey?: string
  /** credentials for a newly created tenant (the fixture tenant's come from fixtures/default.json) */
  credentials(source: CredentialSource): object
  /**
   * The provider's data for a new or reset tenant, from its fixtures (fixtures/<name>.json,
   * overridden by a scenario file's `<name>` key). `faker` is seeded the same for every tenant.
   */
  createTenantData(fixtures: F, faker: Faker, tenant: { id: string; credentials: TenantCredentials }): unknown
  /** credential lookups: `set(kind, value)` maps e.g. a token to this tenant */
  index?(tenant: Tenant, set: (kind: string, value: string | number) => void): void
  /**
   * The provider's data of a tenant that came from outside the running process (a state file,
   * `PUT /__sandbox/state`, a snapshot restored): what the provider does to data it did not make
   * itself, e.g. freezing records that never change so a state-file write shares them.
   */
  loaded?(data: unknown): void
}
