/** SandboxClient.bazaarpay: BazaarPay's simulation actions under /__sandbox/bazaarpay. */
import type { Static } from '@sinclair/typebox'
import type { BazaarPaySettings } from '../providers/bazaarpay/model.js'
import type { DirectPayScenario } from '../providers/bazaarpay/texts.js'
import type * as A from '../sandbox/answers/bazaarpay.js'
import { at, enc, split, tenantOf, type Call, type TenantOption } from './sandbox-call.js'

export type { BazaarPaySettings, DirectPayScenario }

export type BazaarPayCheckoutView = Static<typeof A.BazaarPayCheckoutAnswer>
/** The checkout after pay or cancel, with `redirect_url`: where the payment page sends the browser (null without a redirect_url). */
export type BazaarPayVisitResult = Static<ReturnType<typeof A.BazaarPayVisitAnswer>>
export type BazaarPayUserView = Static<typeof A.BazaarPayUserAnswer>
export type BazaarPayContractView = Static<typeof A.BazaarPayContractAnswer>
/** The contract after accept or decline, with `redirect_url`: where the contract page sends the browser. */
export type BazaarPayContractVisitResult = Static<typeof A.BazaarPayContractVisitAnswer>

export interface BazaarPayPayOptions extends TenantOption {
  /** the paying user (default 09120000000) */
  phone?: string
  /** from the wallet, or through a bank gateway (default) */
  method?: 'wallet' | 'bank'
  /** the merchant's redirect_url, as the payment page got it: the answer's redirect_url is built from it */
  redirect_url?: string
}

export interface BazaarPayContractOptions extends TenantOption {
  /** the signing user (default: the contract's owner, else 09120000000) */
  phone?: string
  /** where the contract page returns the user (default: the redirect_url given to contract/init) */
  redirect_url?: string
}

export interface DirectPayFailOptions extends TenantOption {
  /** a documented failure; null clears */
  scenario: DirectPayScenario | null
  /** how many direct-pay calls fail (default 1; 0: every call until cleared) */
  times?: number
}

export class BazaarPayActions {
  constructor(private readonly call: Call) {}

  checkout(token: string, options?: TenantOption): Promise<BazaarPayCheckoutView>
  /** @deprecated use `checkout(token, { tenant })` */
  checkout(token: string, tenant: string): Promise<BazaarPayCheckoutView>
  checkout(token: string, options?: TenantOption | string) {
    return this.call<BazaarPayCheckoutView>('GET', at(`/bazaarpay/checkouts/${enc(token)}`, tenantOf(options).tenant))
  }

  async checkouts(options: TenantOption = {}): Promise<BazaarPayCheckoutView[]> {
    return (await this.call<{ checkouts: BazaarPayCheckoutView[] }>('GET', at('/bazaarpay/checkouts', options.tenant))).checkouts
  }

  /** What the user does on the payment page: pay from the wallet or through a bank gateway (default). */
  pay(token: string, options?: BazaarPayPayOptions): Promise<BazaarPayVisitResult>
  /** @deprecated use `pay(token, { ...body, tenant })` */
  pay(token: string, body: Omit<BazaarPayPayOptions, 'tenant'>, tenant: string | undefined): Promise<BazaarPayVisitResult>
  pay(token: string, options: BazaarPayPayOptions = {}, tenant?: string) {
    const { tenant: t, body } = split(options)
    return this.call<BazaarPayVisitResult>('POST', at(`/bazaarpay/checkouts/${enc(token)}/pay`, tenant ?? t), body)
  }

  /** The user cancels on the payment page. */
  cancel(token: string, options?: { redirect_url?: string } & TenantOption): Promise<BazaarPayVisitResult>
  /** @deprecated use `cancel(token, { redirect_url, tenant })` */
  cancel(token: string, body: { redirect_url?: string }, tenant: string | undefined): Promise<BazaarPayVisitResult>
  cancel(token: string, options: { redirect_url?: string } & TenantOption = {}, tenant?: string) {
    const { tenant: t, body } = split(options)
    return this.call<BazaarPayVisitResult>('POST', at(`/bazaarpay/checkouts/${enc(token)}/cancel`, tenant ?? t), body)
  }

  user(phone: string, options?: TenantOption): Promise<BazaarPayUserView>
  /** @deprecated use `user(phone, { tenant })` */
  user(phone: string, tenant: string): Promise<BazaarPayUserView>
  user(phone: string, options?: TenantOption | string) {
    return this.call<BazaarPayUserView>('GET', at(`/bazaarpay/users/${enc(phone)}`, tenantOf(options).tenant))
  }

  async users(options: TenantOption = {}): Promise<BazaarPayUserView[]> {
    return (await this.call<{ users: BazaarPayUserView[] }>('GET', at('/bazaarpay/users', options.tenant))).users
  }

  /** Sets (or creates) a user's wallet balance (rial) and whether the account is disabled. */
  setUser(phone: string, options: { balance?: number; disabled?: boolean } & TenantOption): Promise<BazaarPayUserView>
  /** @deprecated use `setUser(phone, { ...body, tenant })` */
  setUser(phone: string, body: { balance?: number; disabled?: boolean }, tenant: string | undefined): Promise<BazaarPayUserView>
  setUser(phone: string, options: { balance?: number; disabled?: boolean } & TenantOption, tenant?: string) {
    const { tenant: t, body } = split(options)
    return this.call<BazaarPayUserView>('PUT', at(`/bazaarpay/users/${enc(phone)}`, tenant ?? t), body)
  }

  contract(token: string, options?: TenantOption): Promise<BazaarPayContractView>
  /** @deprecated use `contract(token, { tenant })` */
  contract(token: string, tenant: string): Promise<BazaarPayContractView>
  contract(token: string, options?: TenantOption | string) {
    return this.call<BazaarPayContractView>('GET', at(`/bazaarpay/contracts/${enc(token)}`, tenantOf(options).tenant))
  }

  /** The user signs the contract on its page. */
  acceptContract(token: string, options?: BazaarPayContractOptions): Promise<BazaarPayContractVisitResult>
  /** @deprecated use `acceptContract(token, { phone, tenant })` */
  acceptContract(token: string, phone: string | undefined, tenant?: string): Promise<BazaarPayContractVisitResult>
  acceptContract(token: string, options?: BazaarPayContractOptions | string, tenant?: string) {
    const { tenant: t, body } = split(typeof options === 'string' || options === undefined ? { phone: options, tenant } : options)
    return this.call<BazaarPayContractVisitResult>('POST', at(`/bazaarpay/contracts/${enc(token)}/accept`, t), body)
  }

  /** The user declines the contract on its page. */
  declineContract(token: string, options?: Omit<BazaarPayContractOptions, 'phone'>): Promise<BazaarPayContractVisitResult>
  /** @deprecated use `declineContract(token, { tenant })` */
  declineContract(token: string, tenant: string): Promise<BazaarPayContractVisitResult>
  declineContract(token: string, options?: Omit<BazaarPayContractOptions, 'phone'> | string) {
    const { tenant, body } = split(typeof options === 'string' ? { tenant: options } : options)
    return this.call<BazaarPayContractVisitResult>('POST', at(`/bazaarpay/contracts/${enc(token)}/decline`, tenant), body)
  }

  /** The next `times` direct-pay calls on the contract fail with a documented scenario (null clears). */
  failDirectPay(token: string, options: DirectPayFailOptions): Promise<BazaarPayContractView>
  /** @deprecated use `failDirectPay(token, { scenario, times, tenant })` */
  failDirectPay(token: string, scenario: DirectPayScenario | null, times?: number, tenant?: string): Promise<BazaarPayContractView>
  failDirectPay(token: string, options: DirectPayFailOptions | DirectPayScenario | null, times?: number, tenant?: string) {
    const o = options === null || typeof options === 'string' ? { scenario: options, times, tenant } : options
    return this.call<BazaarPayContractView>('POST', at(`/bazaarpay/contracts/${enc(token)}/fail`, o.tenant), { scenario: o.scenario, times: o.times ?? 1 })
  }

  /** Reads the settings, or changes the fields given and answers all of them. */
  settings(options?: Partial<BazaarPaySettings> & TenantOption): Promise<BazaarPaySettings>
  /** @deprecated use `settings({ ...patch, tenant })` */
  settings(patch: Partial<BazaarPaySettings>, tenant?: string): Promise<BazaarPaySettings>
  settings(options: Partial<BazaarPaySettings> & TenantOption = {}, tenant?: string) {
    const { tenant: t, body } = split(options)
    const path = at('/bazaarpay/settings', tenant ?? t)
    return Object.keys(body).length === 0 ? this.call<BazaarPaySettings>('GET', path) : this.call<BazaarPaySettings>('PATCH', path, body)
  }
}
