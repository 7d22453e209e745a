/**
 * The sandbox's data: tenants (one sandbox account each: a merchant with credentials for every
 * provider and its own provider data), plus the SMS outbox. Plain JSON all the way down, so it
 * can be exported, snapshotted (structuredClone) and written to a state file as it is.
 */
/**
 * Each provider's credentials of one tenant, keyed by the provider's data key. Providers add
 * their key by module augmentation in their own model.ts, as they do for `TenantData`:
 *   declare module '../../state/model.js' { interface TenantCredentials { baloan: BaloanCredentials } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TenantCredentials {}

/**
 * Each provider's data of one tenant, keyed by provider name. Providers add their key by
 * module augmentation in their own model.ts:
 *   declare module '../../state/model.js' { interface TenantData { baloan: BaloanTenant } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TenantData {}

export type Tenant = {
  id: string
  created_at: string
  credentials: TenantCredentials
} & TenantData

export interface SmsMessage {
  id: number
  tenant: string
  to: string
  provider: string
  purpose: string
  code?: string
  text: string
  created_at: string
}

export interface SandboxState {
  version: 1
  /** signs JWTs and file URLs; kept in the state so tokens survive a restart */
  secret: string
  clock_offset_ms: number
  /** source of user ids and message ids */
  seq: number
  tenants: Record<string, Tenant>
  outbox: SmsMessage[]
}

export const DEFAULT_TENANT = 'default'
