/**
 * The sandbox's data: tenants (one sandbox account each: a merchant with credentials for every
 * provider and its own provider data), plus the SMS outbox. Plain JSON all the way down, so it
 * can be exported, snapshotted (structuredClone) and written by lowdb as it is.
 */
export interface VandarCredentials {
  business: string
  access_token: string
  refresh_token: string
  ipg_api_key: string
}

export interface BaloanCredentials {
  /** v1 login name (the store name) */
  username: string
  password: string
  /** v2 login name */
  store_uuid: string
  /** the `user_id` claim of the store's JWTs */
  user_id: number
  /** the store's user uuid in uploaded files' URLs (the seed's URL shows d4f2ea9d-…) */
  user_uuid: string
}

export interface BazaarPayCredentials {
  /** `Authorization: Token <merchant_token>`; has the special get-balance permission */
  merchant_token: string
  destination: string
  /** a second token of the same merchant without the get-balance permission (403 there) */
  merchant_token_without_balance_permission: string
}

export interface CardToCardCredentials {
  token: string
}

export interface TenantCredentials {
  vandar: VandarCredentials
  baloan: BaloanCredentials
  bazaarpay: BazaarPayCredentials
  card_to_card: CardToCardCredentials
}

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
