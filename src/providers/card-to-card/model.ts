/**
 * The card-to-card script's data per tenant (one merchant install): its destination cards, the
 * payments it created and the bank deposits forwarded to it. Amounts are integer rials.
 */
import { hex32 } from '../../core/ids.js'

/** A destination card of the merchant, as `carts` and `create` list it. */
export interface CardToCardCard {
  /** 16 digits */
  number: string
  /** card holder */
  name: string
  /** bank name, as the script shows it (e.g. «بانک سامان») */
  bank: string
}

export type CardToCardPaymentState = 'pending' | 'paid' | 'card_mismatch' | 'voided'

export interface CardToCardPayment {
  pay_id: number
  fid: string
  price: number
  /** what the payer must transfer; equals price unless unique-amount mode is on */
  amount: number
  phone: string | null
  /** the payer card registered by create or setCard */
  card: string | null
  callback: string | null
  created_at: number
  /** unix seconds */
  expire: number
  /** expiry is judged on read (ctx.clock); `pending` past `expire` is expired */
  state: CardToCardPaymentState
  deposit_id: number | null
  paid_at: number | null
  /** when `check` first reported the payment as paid (201); later checks answer 200 */
  verified_at: number | null
}

export interface CardToCardDeposit {
  id: number
  amount: number
  /** the depositor's card as the SMS shows it (digits, maybe masked with `*`), or null */
  card: string | null
  /** the merchant card that received it, when known */
  dest: string | null
  bank: string | null
  text: string
  received_at: number
  /** the payment it settled, or null when nothing pending matched */
  pay_id: number | null
  outcome: 'paid' | 'card_mismatch' | 'voided' | 'unmatched'
}

/**
 * Every knob here is an inference [I] (specs/card-to-card.md §3.5–3.6): the seed publishes none.
 */
export interface CardToCardSettings {
  /** payment window in seconds (not published; 10–30 min is typical) */
  expire_seconds: number
  /** smallest accepted `price`, rials (code 1: less than 1,000 toman) */
  min_price: number
  /** give each pending payment a distinct `amount` by adding a few rials to `price` */
  unique_amount: boolean
  /** the largest number of rials unique-amount mode adds */
  unique_amount_max_offset: number
  /** a deposit whose card differs from the registered one (or has none) voids the payment instead of answering 199 */
  strict_card_match: boolean
  /** `full` card numbers in `cart`/`carts`, or `masked` as the seed's sample shows them (`****`) */
  card_numbers: 'full' | 'masked'
  /** also require a valid Luhn check digit for payer cards (code -3); the seed only says "standard form" */
  card_luhn_check: boolean
  /** the `status` of check's code 7 (not paid yet) and code 199 (paid, card differs) */
  waiting_status: boolean
  mismatch_status: boolean
  /** the merchant's phone, where the bank's deposit SMS lands (outbox `to`) */
  merchant_phone: string
}

export interface CardToCardCredentials {
  token: string
}

declare module '../../state/model.js' {
  interface TenantData {
    card_to_card: CardToCardTenant
  }
  interface TenantCredentials {
    card_to_card: CardToCardCredentials
  }
}

export const createCardToCardCredentials = (): CardToCardCredentials => ({ token: hex32() })

export interface CardToCardTenant {
  settings: CardToCardSettings
  cards: CardToCardCard[]
  /** keyed by pay_id */
  payments: Record<string, CardToCardPayment>
  /** fid -> pay_id (code 3: duplicate invoice number) */
  fids: Record<string, number>
  deposits: CardToCardDeposit[]
  /** the last pay_id given (auto-increment) */
  last_pay_id: number
  last_deposit_id: number
}

export interface CardToCardFixtures {
  settings: CardToCardSettings
  cards: CardToCardCard[]
  /** the first pay_id minus one, so ids look like a live install's */
  first_pay_id?: number
}

export const createCardToCardTenant = (fixtures: CardToCardFixtures): CardToCardTenant => ({
  settings: { ...fixtures.settings },
  cards: fixtures.cards.map((c) => ({ ...c })),
  payments: {},
  fids: {},
  deposits: [],
  last_pay_id: Math.max(0, (fixtures.first_pay_id ?? 1) - 1),
  last_deposit_id: 0
})
