/**
 * What a provider is to the sandbox. src/providers/registry.ts lists the modules; the server
 * registers them and the store keeps their slices of every tenant, neither naming a provider.
 * Adding one means: a folder under src/providers with a module like `baloan`, its fixtures in
 * fixtures/<name>.json, and one line in the registry.
 */
import type { FastifyInstance } from 'fastify'
import type { TenantSlice } from '../state/slice.js'
import type { SandboxContext } from './context.js'

export type { CredentialSource, TenantSlice } from '../state/slice.js'

// The store's part (TenantSlice) lives in state/ so that the store, which the context names, does
// not import this file, which names the context.
export interface ProviderModule<F = any> extends TenantSlice<F> {
  title: string
  /** the real hosts it answers on (the first path segment in the sandbox) */
  hosts: string[]
  /** registers its routes under its hosts */
  register(app: FastifyInstance, ctx: SandboxContext): Promise<void>
  /** simulation actions, registered under /__sandbox (so `/<name>/...` routes land at /__sandbox/<name>/...) */
  actions?(app: FastifyInstance, ctx: SandboxContext): void
}
