/**
 * BazaarPay's data per tenant (one merchant) and its fixtures. Money is integer rials.
 * Every timed rule (payment window, commit window, contract periods, bank refunds) is evaluated
 * lazily on the sandbox clock when a record is read (operations.ts), so moving the clock is enough.
 */
import { randomBytes } from 'node:crypto'
import { hex32 } from '../../core/ids.js'
import type { DirectPayScenario } from './texts.js'

/** What `trace` answers (§1.5.4); `invalid_token` is never stored. */
export type CheckoutStatus = 'unpaid' | 'paid_not_committed' | 'paid_not_committed_refunded' | 'paid_committed' | 'refunded' | 'timed_out'

export interface BazaarPayCheckout {
  token: string
  amount: number
  destination: string
  service_name: string
  status: CheckoutStatus
  created_at: number
  /** how the user paid: the wallet, a bank gateway (through the wallet), or a DirectPay contract */
  paid_via: 'wallet' | 'bank' | 'direct_pay' | null
  payer_phone: string | null
  contract_token: string | null
  payment_at: number | null
  commit_at: number | null
  refund_at: number | null
  timed_out_at: number | null
  refund_amount: number | null
  /** v3 bank-refund: where the money went and when the bank transfer started */
  bank_refund: { refunded_to: 'wallet' | 'bank'; started_at: number; outcome: 'successful' | 'failed' } | null
}

export type ContractPeriod = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'semiannual' | 'yearly'
export type ContractState = 'new' | 'active' | 'declined' | 'cancelled' | 'expired'

export interface BazaarPayContract {
  token: string
  type: 'direct_debit' | 'wallet'
  amount_limit: number
  period: ContractPeriod
  redirect_url: string | null
  owner_phone_number: string | null
  /** the user who signed it */
  phone: string | null
  state: ContractState
  created_at: number
  expires_at: number
  /** amounts paid: {at, amount}, for the period limit and the direct-debit daily/monthly limits */
  payments: Array<{ at: number; amount: number; checkout_token: string }>
  /** injected failures for the next direct-pay calls: `times` 0 = every call */
  fail: { scenario: DirectPayScenario; remaining: number | null } | null
}

export interface BazaarPayUser {
  /** 09xxxxxxxxx */
  phone_number: string
  balance: number
  disabled: boolean
  /** pocket balances per pocket-group slug, rials */
  pockets: Record<string, number>
}

export type AutoLoginScope = 'purchase' | 'increase_balance' | 'direct_pay'

export interface BazaarPayUserToken {
  token: string
  phone_number: string
  scope: AutoLoginScope
  created_at: number
  expires_at: number
}

export interface BazaarPayPocketCharge {
  token: string
  slug: string
  phone_number: string
  amount: number
  created_at: number
}

export interface BazaarPaySettings {
  /** [I] unpaid checkouts become timed_out after this (§1.6: about 15 minutes) */
  payment_window_seconds: number
  /** paid checkouts not committed within this are refunded to the wallet (§1.5.3: at most 10 minutes) */
  commit_window_seconds: number
  /** §1.3: auth on checkout/init and commit can be switched on per merchant; a sent header is always checked */
  require_auth_on_init_commit: boolean
  /** [I] where payment_url and contract redirect_url point: `cafebazaar.ir/bazaar-pay` or `app.bazaar-pay.ir` */
  web_base: 'cafebazaar.ir/bazaar-pay' | 'app.bazaar-pay.ir'
  /** [I] what cancelling on the payment page does to the checkout: nothing (it stays unpaid until the window ends) or time it out now */
  cancel_outcome: 'unpaid' | 'timed_out'
  /** [I] get-checkouts-status page size */
  page_size: number
  /** [I] the longest get-checkouts-status window, days (§1.5.6: 31) */
  max_window_days: number
  /** [I] lifetime of an auto-login access token; it is also single-use on the web pages */
  user_token_ttl_seconds: number
  /** auto-login scopes BazaarPay granted this merchant (§1.5.11) */
  auto_login_scopes: AutoLoginScope[]
  /** [I] a contract expires this many days after it is created */
  contract_lifetime_days: number
  /** [I] v3 bank-refund: a bank transfer takes this long to become `successful` */
  bank_refund_seconds: number
  /** §1.5.10: direct-debit limits (10 transactions a day is documented; the amounts are [I]) */
  direct_debit: { min_amount: number; max_per_transaction: number; max_count_per_day: number; max_amount_per_day: number; max_count_per_month: number; max_amount_per_month: number }
  /** [I] merchant API requests per minute, per merchant token (the SDK knows 429) */
  rate_limit_per_minute: number
}

export interface BazaarPayCredentials {
  /** `Authorization: Token <merchant_token>`; has the special get-balance permission */
  merchant_token: string
  destination: string
  /** a second token of the same merchant without the get-balance permission (403 there) */
  merchant_token_without_balance_permission: string
}

declare module '../../state/model.js' {
  interface TenantData {
    bazaarpay: BazaarPayTenant
  }
  interface TenantCredentials {
    bazaarpay: BazaarPayCredentials
  }
}

export const createBazaarPayCredentials = (): BazaarPayCredentials => ({
  merchant_token: hex32() + hex32().slice(0, 8),
  destination: `sandbox_${randomBytes(4).toString('hex')}`,
  merchant_token_without_balance_permission: hex32() + hex32().slice(0, 8)
})

export interface BazaarPayTenant {
  settings: BazaarPaySettings
  users: Record<string, BazaarPayUser>
  checkouts: Record<string, BazaarPayCheckout>
  contracts: Record<string, BazaarPayContract>
  user_tokens: Record<string, BazaarPayUserToken>
  /** pocket-group slugs BazaarPay granted this merchant */
  pocket_groups: string[]
  pocket_charges: Record<string, BazaarPayPocketCharge>
}

export interface BazaarPayFixtures {
  settings: BazaarPaySettings
  users: Array<{ phone_number: string; balance: number; disabled?: boolean }>
  pocket_groups: string[]
}

export const createBazaarPayTenant = (fixtures: BazaarPayFixtures): BazaarPayTenant => {
  const users: Record<string, BazaarPayUser> = {}
  for (const u of fixtures.users ?? []) users[u.phone_number] = { phone_number: u.phone_number, balance: u.balance, disabled: u.disabled ?? false, pockets: {} }
  return {
    settings: structuredClone(fixtures.settings),
    users,
    checkouts: {},
    contracts: {},
    user_tokens: {},
    pocket_groups: [...(fixtures.pocket_groups ?? [])],
    pocket_charges: {}
  }
}
