import type { FastifyRequest } from 'fastify'
import type { Clock } from './clock.js'
import type { Journal } from './journal.js'
import type { Faults } from './faults.js'
import type { RateLimiter } from './rate-limit.js'
import type { HostTable } from './hosts.js'
import type { ProviderStyle, RouteTable } from './style.js'
import type { WebhookQueue } from './webhooks.js'
import type { Store } from '../state/store.js'
import type { SandboxConfig } from '../config.js'

/** What every provider plugin and the control plane share: one per sandbox instance. */
export interface SandboxContext {
  config: SandboxConfig
  clock: Clock
  store: Store
  journal: Journal
  faults: Faults
  limiter: RateLimiter
  hosts: HostTable
  // `lifecycles` is declared by core/lifecycle.ts, which names this context: naming it here too
  // would make the two files import each other
  /** outgoing webhooks: queued, signed, retried on the sandbox clock, listed by the control plane */
  webhooks: WebhookQueue
  /** per provider: its OpenAPI document, once the provider's routes are registered */
  openapi: Map<string, () => unknown>
  /** the --state-file writer, when there is one */
  persistence?: { status(): { path: string; durable_at: string | null; pending: boolean; error?: string } }
  /** per provider host: the routes it serves (for pointing a request that missed its host to the right URL) */
  routes: Map<string, RouteTable>
  /** per provider host: how it renders errors (for requests that never reach a route, like a bad URL) */
  styles: Map<string, ProviderStyle>
  /** per provider: the tenant a request's credentials name, without checking them (fault matching) */
  peekTenant: Map<string, (req: FastifyRequest) => string | undefined>
  /**
   * per provider: the body an injected fault with a status but no `body` answers with (e.g.
   * BazaarPay's nginx 503 page); a string starting with `<` is sent as text/html
   */
  faultBodies: Map<string, (status: number) => unknown>
}

/** Per-request facts the shared hooks record and providers fill in. */
export interface SandboxRequestInfo {
  provider: string
  /** the provider's own path, without the host prefix */
  path: string
  started: number
  tenant: string | null
  fault: string | undefined
  /** the JSON body's text as received, for the journal (set by the provider's JSON parser) */
  bodyText: string | undefined
  /** whether bodyText parsed */
  bodyJson: boolean
  /** why a sandbox-only rule answered as it did, and what changes it (see core/hints.ts) */
  note: string | undefined
}

declare module 'fastify' {
  interface FastifyRequest {
    sandbox: SandboxRequestInfo | null
  }
  interface FastifyContextConfig {
    /** the route never changes the store: no state-file write after it */
    readOnly?: boolean
  }
}
