/**
 * Vandar's data per tenant (one business) and its fixtures. Money is integer rials everywhere in
 * the store; endpoints that show Toman (wallet, statement) divide on the way out.
 */
import { randomBytes } from 'node:crypto'
import { hex32, randomToken } from '../../core/ids.js'
import type { TenantCredentials } from '../../state/model.js'

export interface VandarSettings {
  access_token_ttl_seconds: number
  refresh_token_ttl_seconds: number
  /** Laravel Passport revokes the access token of a refresh token it rotates [I] */
  revoke_access_on_refresh: boolean
  /** the domains registered for the IPG terminal; callback_url and Referer must be on one (or a subdomain) */
  callback_domains: string[]
  /** merchant server IPs allowed to call send/transaction/verify; empty: any [I] */
  allowed_ips: string[]
  /** the payment page refuses a visit without a Referer on a registered domain */
  require_referer: boolean
  /** PAID payments not verified within this many seconds expire (code 3) */
  verify_window_seconds: number
  /** who bears the IPG wage: the merchant (realAmount = amount - wage) or the payer (amount + wage charged) [I] */
  wage_payer: 'merchant' | 'payer'
  /** IPG wage = amount * percent / 100, capped at max (rial) [I] */
  ipg_wage_percent: number
  ipg_wage_max_rial: number
  /** the Shaparak wage reported by transaction/verify (rial, informational) [I] */
  shaparak_wage_rial: number
  cash_in_enabled: boolean
  /** deposits above this are split into entries of at most this (seed 003: 1e9 rial) */
  cash_in_chunk_rial: number
  /** INIT -> final after this many seconds on the sandbox clock [I] */
  cash_in_done_after_seconds: number
  cash_in_final_status: 'DONE' | 'FAILED'
  refund_enabled: boolean
  /** refunds above this are split (spec §3: GH sample splits at 1.5e9 rial) */
  refund_chunk_rial: number
  /** wage per refund entry, rial (GH sample: 1000) */
  refund_wage_rial: number
  refund_done_after_seconds: number
  refund_final_status: 'DONE' | 'FAILED'
}

export type PaymentStatus = 'CREATED' | 'REDIRECTED' | 'PAID' | 'FAILED' | 'VERIFIED' | 'EXPIRED'

export interface VandarPayment {
  token: string
  trans_id: number
  /** what the merchant asked for, rial */
  amount: number
  wage: number
  callback_url: string
  mobile_number: string | null
  factor_number: string | null
  description: string | null
  national_code: string | null
  valid_card_numbers: string[] | null
  comment: string | null
  port: string | null
  status: PaymentStatus
  created_at: number
  redirected_at: number | null
  paid_at: number | null
  verified_at: number | null
  /** when FAILED, EXPIRED: the moment it became final */
  closed_at: number | null
  card_number: string | null
  ref_number: string | null
  tracking_code: string | null
  refunded: number
  payer_ip: string | null
}

export type StatementKind = 'ipg' | 'cash-in' | 'refund'

/** One row of صورت حساب; rendered in Toman by statement.ts. */
export interface StatementEntry {
  id: number
  uuid: string
  kind: StatementKind
  amount: number
  wage: number
  /** §24 status codes: 1 success, -1 failed, 3 in progress, 2/-2/-3 settlement-like outgoing */
  status: number
  verified: 0 | 1
  ref_id: string | null
  tracking_code: string | null
  card_number: string | null
  cid: string | null
  payment_date: number | null
  payment_number: string | null
  created_at: number
  updated_at: number
  /** wallet after this row, rial */
  wallet: number
  description: string | null
  factor_number: string | null
  mobile: string | null
  callback_url: string | null
  api_token: string | null
  port: string | null
  track_id: string | null
  iban: string | null
  refund: string | null
  result_code: string | null
  result_message: string | null
  payer_ip: string | null
  receipt_url: string | null
}

export interface CashInAccount {
  account_number: string
  IBAN: string
  account_owner: Array<{ firstName: string; lastName: string }>
  bank_name: string
  active: boolean
  /** rial */
  balance: number
  available_balance: number
}

export interface CashInDeposit {
  gateway_transaction_id: number
  amount: number
  wage: number
  status: 'INIT' | 'DONE' | 'FAILED'
  iban: string
  track_id: string
  description: string | null
  comment: string | null
  receipt_url: string
  created_at: number
  due_at: number
}

export interface VandarRefund {
  id: string
  retry_count: string
  gateway_transaction_id: number
  transaction_id: number
  amount: number
  wage: number
  payment_number: string | null
  status: 'PENDING' | 'DONE' | 'FAILED'
  description: string
  comment: string | null
  notify_url: string | null
  /** wallet after the debit, rial */
  wallet: number
  created_at: number
  due_at: number
  done_at: number | null
  ref_code: string | null
}

export interface WebhookDelivery {
  url: string
  body: Record<string, string | number | null>
  status: number | null
  error?: string
  at: string
}

export interface VandarTokenRecord {
  expires_at: number
  /** the refresh token issued with this access token (or the access token issued with this refresh token) */
  pair: string
}

export interface VandarBusinessInfo {
  id: number
  business_name_fa: string
  legal_business_name: string | null
  national_id: string | null
  business_type: string
  phone_number: string
  postal_code: string
  city_id: string
  mcc_code: string
  address: string
  avatar: string
  statusBox: Record<string, unknown>
  role_name: string
  role: string
  permissions: string[]
  tools: Record<string, { is_enabled: boolean; is_created: boolean | null }>
}

export interface VandarUser {
  name: string
  avatar: string
  role: string
  status: number
  role_id: number
  id: number | null
}

export interface VandarCredentials {
  business: string
  access_token: string
  refresh_token: string
  ipg_api_key: string
}

declare module '../../state/model.js' {
  interface TenantData {
    vandar: VandarTenant
  }
  interface TenantCredentials {
    vandar: VandarCredentials
  }
}

export const createVandarCredentials = (): VandarCredentials => ({
  business: `sandbox-${randomBytes(4).toString('hex')}`,
  access_token: randomToken(48),
  refresh_token: randomToken(48),
  ipg_api_key: hex32() + hex32().slice(0, 8)
})

export interface VandarTenant {
  settings: VandarSettings
  business: VandarBusinessInfo
  users: VandarUser[]
  access_tokens: Record<string, VandarTokenRecord>
  refresh_tokens: Record<string, VandarTokenRecord>
  /** rial */
  wallet: number
  blocked: number
  /** last transaction id handed out (ids are unix*100 + n, strictly increasing) */
  last_txn_id: number
  payments: Record<string, VandarPayment>
  /** transId -> token */
  payment_by_trans_id: Record<string, string>
  statement: StatementEntry[]
  cash_in_accounts: CashInAccount[]
  deposits: CashInDeposit[]
  track_ids: Record<string, number>
  refunds: VandarRefund[]
  payment_numbers: Record<string, string>
  /** card number -> the national code of its owner (the PSP's knowledge, for national_code checks) */
  cards: Record<string, { national_code: string; mobile?: string }>
  webhooks: WebhookDelivery[]
}

export interface VandarFixtures {
  settings: VandarSettings
  business: VandarBusinessInfo
  users: VandarUser[]
  wallet_rial: number
  cash_in_accounts: CashInAccount[]
  cards: Array<{ card_number: string; national_code: string; mobile?: string }>
}

export const createVandarTenant = (fixtures: VandarFixtures, credentials: TenantCredentials, nowMs: number): VandarTenant => {
  const s = fixtures.settings
  const c = credentials.vandar
  return {
    settings: structuredClone(s),
    business: structuredClone(fixtures.business),
    users: structuredClone(fixtures.users),
    // The tenant's well-known pair lives as long as a dashboard-issued one, from the tenant's (re)build.
    access_tokens: { [c.access_token]: { expires_at: nowMs + s.access_token_ttl_seconds * 1000, pair: c.refresh_token } },
    refresh_tokens: { [c.refresh_token]: { expires_at: nowMs + s.refresh_token_ttl_seconds * 1000, pair: c.access_token } },
    wallet: fixtures.wallet_rial,
    blocked: 0,
    last_txn_id: 0,
    payments: {},
    payment_by_trans_id: {},
    statement: [],
    cash_in_accounts: structuredClone(fixtures.cash_in_accounts),
    deposits: [],
    track_ids: {},
    refunds: [],
    payment_numbers: {},
    cards: Object.fromEntries(fixtures.cards.map((x) => [x.card_number, { national_code: x.national_code, ...(x.mobile ? { mobile: x.mobile } : {}) }])),
    webhooks: []
  }
}
