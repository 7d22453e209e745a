/**
 * The providers of this sandbox. Adding one means: a folder under src/providers with a module
 * like `baloan` below, its fixtures in fixtures/<name>.json, and one line in PROVIDERS.
 */
import type { FastifyInstance } from 'fastify'
import type { Faker } from '@faker-js/faker'
import type { SandboxContext } from '../core/context.js'
import type { Tenant, TenantCredentials } from '../state/model.js'
import { baloan } from './baloan/index.js'
import { cardToCard } from './card-to-card/index.js'
import { bazaarpay } from './bazaarpay/index.js'
import { vandar } from './vandar/index.js'

export interface ProviderModule<F = any> {
  /** the name used in journals, faults, `/__sandbox/<name>/…` and `openapi/<name>.json` */
  name: string
  title: string
  /** the key of its data in each tenant (default `name`), e.g. `card_to_card` for `card-to-card` */
  dataKey?: string
  /** the real hosts it answers on (the first path segment in the sandbox) */
  hosts: string[]
  /** registers its routes under its hosts */
  register(app: FastifyInstance, ctx: SandboxContext): Promise<void>
  /**
   * The provider's data for a new or reset tenant, from its fixtures (fixtures/<name>.json,
   * overridden by a scenario file's `<name>` key). `faker` is seeded the same for every tenant.
   */
  createTenantData(fixtures: F, faker: Faker, tenant: { id: string; credentials: TenantCredentials }): unknown
  /** credential lookups: `set(kind, value)` maps e.g. a token to this tenant */
  index?(tenant: Tenant, set: (kind: string, value: string | number) => void): void
  /** simulation actions, registered under /__sandbox (so `/<name>/...` routes land at /__sandbox/<name>/...) */
  actions?(app: FastifyInstance, ctx: SandboxContext): void
}

export const PROVIDERS: ProviderModule[] = [baloan, vandar, bazaarpay, cardToCard]
