/** SandboxClient.bazaarpay: BazaarPay's simulation actions under /__sandbox/bazaarpay. */
import type { BazaarPaySettings } from '../providers/bazaarpay/model.js'
import type { DirectPayScenario } from '../providers/bazaarpay/texts.js'

export type { BazaarPaySettings, DirectPayScenario }

type Call = <T>(method: string, path: string, json?: unknown) => Promise<T>

export interface BazaarPayCheckoutView {
  checkout_token: string
  status: string
  amount: number
  destination: string
  service_name: string
  paid_via: 'wallet' | 'bank' | 'direct_pay' | null
  payer_phone: string | null
  contract_token: string | null
  created_at: string | null
  payment_at: string | null
  commit_at: string | null
  refund_at: string | null
  refund_amount: number | null
  redirect?: string
}

export interface BazaarPayUserView {
  phone_number: string
  balance: number
  balance_string: string
  disabled: boolean
  pockets: Record<string, number>
}

export interface BazaarPayContractView {
  contract_token: string
  state: string
  type: string
  period: string
  amount_limit: number
  limit_remaining_amount: number
  owner_phone_number: string | null
  phone: string | null
}

const qs = (tenant?: string) => (tenant ? `?tenant=${encodeURIComponent(tenant)}` : '')
const enc = encodeURIComponent

export const bazaarpaySandbox = (call: Call) => ({
  checkout: (token: string, tenant?: string) => call<BazaarPayCheckoutView>('GET', `/bazaarpay/checkouts/${enc(token)}${qs(tenant)}`),
  /** What the user does on the payment page: pay from the wallet or through a bank gateway (default). */
  pay: (token: string, body: { phone?: string; method?: 'wallet' | 'bank'; redirect_url?: string } = {}, tenant?: string) =>
    call<BazaarPayCheckoutView>('POST', `/bazaarpay/checkouts/${enc(token)}/pay${qs(tenant)}`, body),
  cancel: (token: string, body: { redirect_url?: string } = {}, tenant?: string) =>
    call<BazaarPayCheckoutView>('POST', `/bazaarpay/checkouts/${enc(token)}/cancel${qs(tenant)}`, body),
  user: (phone: string, tenant?: string) => call<BazaarPayUserView>('GET', `/bazaarpay/users/${enc(phone)}${qs(tenant)}`),
  setUser: (phone: string, body: { balance?: number; disabled?: boolean }, tenant?: string) =>
    call<BazaarPayUserView>('PUT', `/bazaarpay/users/${enc(phone)}${qs(tenant)}`, body),
  contract: (token: string, tenant?: string) => call<BazaarPayContractView>('GET', `/bazaarpay/contracts/${enc(token)}${qs(tenant)}`),
  acceptContract: (token: string, phone?: string, tenant?: string) =>
    call<BazaarPayContractView>('POST', `/bazaarpay/contracts/${enc(token)}/accept${qs(tenant)}`, phone ? { phone } : {}),
  declineContract: (token: string, tenant?: string) => call<BazaarPayContractView>('POST', `/bazaarpay/contracts/${enc(token)}/decline${qs(tenant)}`, {}),
  /** The next `times` direct-pay calls on the contract fail with a documented scenario (null clears). */
  failDirectPay: (token: string, scenario: DirectPayScenario | null, times = 1, tenant?: string) =>
    call<BazaarPayContractView>('POST', `/bazaarpay/contracts/${enc(token)}/fail${qs(tenant)}`, { scenario, times }),
  settings: (patch: Partial<BazaarPaySettings>, tenant?: string) => call<BazaarPaySettings>('PATCH', `/bazaarpay/settings${qs(tenant)}`, patch)
})
