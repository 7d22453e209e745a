/** SandboxClient.vandar: Vandar's simulation actions under /__sandbox/vandar. */
import type { VandarPayment, VandarRefund, VandarSettings, CashInAccount, CashInDeposit, WebhookDelivery } from '../providers/vandar/model.js'

export type { VandarPayment, VandarRefund, VandarSettings, CashInAccount, CashInDeposit, WebhookDelivery }

type Call = <T>(method: string, path: string, json?: unknown) => Promise<T>

const q = (tenant?: string) => (tenant ? `?tenant=${encodeURIComponent(tenant)}` : '')

export const vandarActions = (call: Call) => ({
  /** What the payer does on the payment page: OK with a card (default: one that fits the payment) or FAILED. */
  pay: (token: string, status: 'OK' | 'FAILED' = 'OK', cardNumber?: string) =>
    call<{ redirect_url: string }>('POST', `/vandar/ipg/${encodeURIComponent(token)}/pay`, { status, ...(cardNumber ? { card_number: cardNumber } : {}) }),
  payment: (token: string) => call<VandarPayment & { tenant: string }>('GET', `/vandar/payments/${encodeURIComponent(token)}`),
  payments: async (tenant?: string) => (await call<{ payments: VandarPayment[] }>('GET', `/vandar/payments${q(tenant)}`)).payments,
  settings: (patch: Partial<VandarSettings> = {}, tenant?: string) =>
    Object.keys(patch).length === 0 ? call<VandarSettings>('GET', `/vandar/settings${q(tenant)}`) : call<VandarSettings>('PATCH', `/vandar/settings${q(tenant)}`, patch),
  addDomain: (domain: string, tenant?: string) => call<{ callback_domains: string[] }>('POST', `/vandar/ipg/domains${q(tenant)}`, { domain }),
  wallet: (tenant?: string) => call<{ wallet_rial: number; blocked_rial: number }>('GET', `/vandar/wallet${q(tenant)}`),
  setWallet: (walletRial: number, tenant?: string) => call<{ wallet_rial: number; blocked_rial: number }>('PUT', `/vandar/wallet${q(tenant)}`, { wallet_rial: walletRial }),
  setCardOwner: (cardNumber: string, nationalCode: string, tenant?: string) =>
    call<{ card_number: string; national_code: string }>('PUT', `/vandar/cards/${encodeURIComponent(cardNumber)}${q(tenant)}`, { national_code: nationalCode }),
  accounts: async (tenant?: string) => (await call<{ accounts: CashInAccount[] }>('GET', `/vandar/cash-in/accounts${q(tenant)}`)).accounts,
  setAccount: (iban: string, patch: Partial<Pick<CashInAccount, 'balance' | 'available_balance' | 'active'>>, tenant?: string) =>
    call<CashInAccount>('PATCH', `/vandar/cash-in/accounts/${encodeURIComponent(iban)}${q(tenant)}`, patch),
  deposits: async (tenant?: string) => (await call<{ deposits: CashInDeposit[] }>('GET', `/vandar/cash-in/deposits${q(tenant)}`)).deposits,
  refunds: async (tenant?: string) => (await call<{ refunds: VandarRefund[] }>('GET', `/vandar/refunds${q(tenant)}`)).refunds,
  webhooks: async (tenant?: string) => (await call<{ webhooks: WebhookDelivery[] }>('GET', `/vandar/webhooks${q(tenant)}`)).webhooks
})
