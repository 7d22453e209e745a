/** SandboxClient.vandar: Vandar's simulation actions under /__sandbox/vandar. */
import type { Static } from '@sinclair/typebox'
import type { VandarPayment, VandarRefund, VandarSettings, CashInAccount, CashInDeposit, WebhookDelivery } from '../providers/vandar/model.js'
import type * as A from '../sandbox/answers/vandar.js'
import { at, enc, split, tenantOf, type Call, type TenantOption } from './sandbox-call.js'

export type { VandarPayment, VandarRefund, VandarSettings, CashInAccount, CashInDeposit, WebhookDelivery }

/** What the payment page's buttons send: `OK` (pay, the default) or `FAILED` (fail or cancel). */
export interface VandarPayOptions {
  status?: 'OK' | 'FAILED'
  /** the card paid with; default one that fits the payment (its valid_card_numbers or owner) */
  card_number?: string
}
/** `redirect_url`: callback_url with `token` and `payment_status`, where the page sends the browser. */
export type VandarPayResult = Static<typeof A.VandarPayAnswer>
export type VandarPaymentView = Static<typeof A.VandarPaymentWithTenant>
export type VandarWallet = Static<typeof A.VandarWalletAnswer>
export type VandarCardOwner = Static<typeof A.VandarCardOwnerAnswer>
export type VandarAccountPatch = Partial<Pick<CashInAccount, 'balance' | 'available_balance' | 'active'>>

export class VandarActions {
  constructor(private readonly call: Call) {}

  /** What the payer does on the payment page; answers the `redirect_url` the page sends the browser to. */
  pay(token: string, options?: VandarPayOptions): Promise<VandarPayResult>
  /** @deprecated use `pay(token, { status, card_number })` */
  pay(token: string, status: 'OK' | 'FAILED', cardNumber?: string): Promise<VandarPayResult>
  pay(token: string, options: VandarPayOptions | 'OK' | 'FAILED' = {}, cardNumber?: string) {
    const o = typeof options === 'string' ? { status: options, card_number: cardNumber } : options
    return this.call<VandarPayResult>('POST', `/vandar/ipg/${enc(token)}/pay`, { status: o.status ?? 'OK', ...(o.card_number ? { card_number: o.card_number } : {}) })
  }

  /** The payment (any tenant's) with its tenant id. */
  payment(token: string) {
    return this.call<VandarPaymentView>('GET', `/vandar/payments/${enc(token)}`)
  }

  payments(options?: TenantOption): Promise<VandarPayment[]>
  /** @deprecated use `payments({ tenant })` */
  payments(tenant: string): Promise<VandarPayment[]>
  async payments(options?: TenantOption | string) {
    return (await this.call<{ payments: VandarPayment[] }>('GET', at('/vandar/payments', tenantOf(options).tenant))).payments
  }

  /** Reads the settings, or changes the fields given and answers all of them. */
  settings(options?: Partial<VandarSettings> & TenantOption): Promise<VandarSettings>
  /** @deprecated use `settings({ ...patch, tenant })` */
  settings(patch: Partial<VandarSettings>, tenant?: string): Promise<VandarSettings>
  settings(options: Partial<VandarSettings> & TenantOption = {}, tenant?: string) {
    const { tenant: t, body } = split(options)
    const path = at('/vandar/settings', tenant ?? t)
    return Object.keys(body).length === 0 ? this.call<VandarSettings>('GET', path) : this.call<VandarSettings>('PATCH', path, body)
  }

  /** Registers a terminal domain (callback_url and Referer must be on one). */
  addDomain(domain: string, options?: TenantOption): Promise<{ callback_domains: string[] }>
  /** @deprecated use `addDomain(domain, { tenant })` */
  addDomain(domain: string, tenant: string): Promise<{ callback_domains: string[] }>
  addDomain(domain: string, options?: TenantOption | string) {
    return this.call<{ callback_domains: string[] }>('POST', at('/vandar/ipg/domains', tenantOf(options).tenant), { domain })
  }

  wallet(options?: TenantOption): Promise<VandarWallet>
  /** @deprecated use `wallet({ tenant })` */
  wallet(tenant: string): Promise<VandarWallet>
  wallet(options?: TenantOption | string) {
    return this.call<VandarWallet>('GET', at('/vandar/wallet', tenantOf(options).tenant))
  }

  setWallet(options: { wallet_rial: number } & TenantOption): Promise<VandarWallet>
  /** @deprecated use `setWallet({ wallet_rial, tenant })` */
  setWallet(walletRial: number, tenant?: string): Promise<VandarWallet>
  setWallet(options: ({ wallet_rial: number } & TenantOption) | number, tenant?: string) {
    const o = typeof options === 'number' ? { wallet_rial: options, tenant } : options
    return this.call<VandarWallet>('PUT', at('/vandar/wallet', o.tenant), { wallet_rial: o.wallet_rial })
  }

  /** Who owns a card, as the PSP knows it (for payments limited to a `national_code`). */
  setCardOwner(card_number: string, options: { national_code: string; mobile?: string } & TenantOption): Promise<VandarCardOwner>
  /** @deprecated use `setCardOwner(card_number, { national_code, tenant })` */
  setCardOwner(card_number: string, nationalCode: string, tenant?: string): Promise<VandarCardOwner>
  setCardOwner(card_number: string, options: ({ national_code: string; mobile?: string } & TenantOption) | string, tenant?: string) {
    const { tenant: t, body } = split(typeof options === 'string' ? { national_code: options, tenant } : options)
    return this.call<VandarCardOwner>('PUT', at(`/vandar/cards/${enc(card_number)}`, t), body)
  }

  accounts(options?: TenantOption): Promise<CashInAccount[]>
  /** @deprecated use `accounts({ tenant })` */
  accounts(tenant: string): Promise<CashInAccount[]>
  async accounts(options?: TenantOption | string) {
    return (await this.call<{ accounts: CashInAccount[] }>('GET', at('/vandar/cash-in/accounts', tenantOf(options).tenant))).accounts
  }

  /** The bank side of a cash-in account: balances and whether it is active. */
  setAccount(iban: string, options: VandarAccountPatch & TenantOption): Promise<CashInAccount>
  /** @deprecated use `setAccount(iban, { ...patch, tenant })` */
  setAccount(iban: string, patch: VandarAccountPatch, tenant?: string): Promise<CashInAccount>
  setAccount(iban: string, options: VandarAccountPatch & TenantOption, tenant?: string) {
    const { tenant: t, body } = split(options)
    return this.call<CashInAccount>('PATCH', at(`/vandar/cash-in/accounts/${enc(iban)}`, tenant ?? t), body)
  }

  deposits(options?: TenantOption): Promise<CashInDeposit[]>
  /** @deprecated use `deposits({ tenant })` */
  deposits(tenant: string): Promise<CashInDeposit[]>
  async deposits(options?: TenantOption | string) {
    return (await this.call<{ deposits: CashInDeposit[] }>('GET', at('/vandar/cash-in/deposits', tenantOf(options).tenant))).deposits
  }

  refunds(options?: TenantOption): Promise<VandarRefund[]>
  /** @deprecated use `refunds({ tenant })` */
  refunds(tenant: string): Promise<VandarRefund[]>
  async refunds(options?: TenantOption | string) {
    return (await this.call<{ refunds: VandarRefund[] }>('GET', at('/vandar/refunds', tenantOf(options).tenant))).refunds
  }

  /** Webhook deliveries, newest first. */
  webhooks(options?: TenantOption): Promise<WebhookDelivery[]>
  /** @deprecated use `webhooks({ tenant })` */
  webhooks(tenant: string): Promise<WebhookDelivery[]>
  async webhooks(options?: TenantOption | string) {
    return (await this.call<{ webhooks: WebhookDelivery[] }>('GET', at('/vandar/webhooks', tenantOf(options).tenant))).webhooks
  }
}
