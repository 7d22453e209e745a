/** SandboxClient's card-to-card actions (`/__sandbox/card-to-card/...`). */
import type { CardToCardCard, CardToCardDeposit, CardToCardPayment, CardToCardSettings } from '../providers/card-to-card/model.js'

export type { CardToCardCard, CardToCardDeposit, CardToCardPayment, CardToCardSettings }

export type CardToCardPaymentView = Omit<CardToCardPayment, 'state'> & { state: CardToCardPayment['state'] | 'expired' }

export interface DepositInput {
  /** rials */
  amount: number
  /** the depositor's card as the SMS shows it (16 digits, `*` for masked digits) */
  card?: string | null
  /** the merchant card it landed on: number or index */
  dest?: string
}

export interface DepositResult {
  deposit: CardToCardDeposit
  payment: CardToCardPaymentView | null
}

type Call = <T>(method: string, path: string, json?: unknown) => Promise<T>

const q = (tenant?: string) => (tenant ? `?tenant=${encodeURIComponent(tenant)}` : '')

export const cardToCardSandbox = (call: Call) => ({
  /** A bank deposit SMS reaches the script: settles the pending payment it matches. */
  deposit: (input: DepositInput, tenant?: string) => call<DepositResult>('POST', `/card-to-card/deposits${q(tenant)}`, input),
  /** A raw bank SMS text, parsed for amount, depositor card and bank. */
  depositSms: (sms: string, tenant?: string) => call<DepositResult>('POST', `/card-to-card/deposits${q(tenant)}`, { sms }),
  deposits: async (tenant?: string) => (await call<{ deposits: CardToCardDeposit[] }>('GET', `/card-to-card/deposits${q(tenant)}`)).deposits,
  payments: async (tenant?: string) => (await call<{ payments: CardToCardPaymentView[] }>('GET', `/card-to-card/payments${q(tenant)}`)).payments,
  payment: (payId: number, tenant?: string) => call<CardToCardPaymentView>('GET', `/card-to-card/payments/${payId}${q(tenant)}`),
  cards: async (tenant?: string) => (await call<{ cards: CardToCardCard[] }>('GET', `/card-to-card/cards${q(tenant)}`)).cards,
  setCards: async (cards: CardToCardCard[], tenant?: string) => (await call<{ cards: CardToCardCard[] }>('PUT', `/card-to-card/cards${q(tenant)}`, { cards })).cards,
  settings: (patch: Partial<CardToCardSettings> = {}, tenant?: string) =>
    Object.keys(patch).length === 0
      ? call<CardToCardSettings>('GET', `/card-to-card/settings${q(tenant)}`)
      : call<CardToCardSettings>('PATCH', `/card-to-card/settings${q(tenant)}`, patch)
})
