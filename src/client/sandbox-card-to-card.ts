/** SandboxClient.cardToCard: the card-to-card script's simulation actions (`/__sandbox/card-to-card/...`). */
import type { Static } from '@sinclair/typebox'
import type { CardToCardCard, CardToCardDeposit, CardToCardPayment, CardToCardSettings } from '../providers/card-to-card/model.js'
import type * as A from '../sandbox/answers/card-to-card.js'
import { at, split, tenantOf, type Call, type TenantOption } from './sandbox-call.js'

export type { CardToCardCard, CardToCardDeposit, CardToCardPayment, CardToCardSettings }

export type CardToCardPaymentView = Static<typeof A.CardToCardPaymentAnswer>

export interface DepositInput {
  /** rials */
  amount: number
  /** the depositor's card as the SMS shows it (16 digits, `*` for masked digits) */
  card?: string | null
  /** the merchant card it landed on: number or index */
  dest?: string
}

/**
 * The deposit, the payment it settled, and `redirect_url`: where the payment page now sends the
 * payer (the callback with pay_id and fid; null when nothing was settled or there is no callback).
 */
export type DepositResult = Static<typeof A.CardToCardDepositResultAnswer>

export class CardToCardActions {
  constructor(private readonly call: Call) {}

  /** A bank deposit SMS reaches the script: settles the pending payment it matches. */
  deposit(options: DepositInput & TenantOption): Promise<DepositResult>
  /** @deprecated use `deposit({ ...input, tenant })` */
  deposit(input: DepositInput, tenant: string | undefined): Promise<DepositResult>
  deposit(options: DepositInput & TenantOption, tenant?: string) {
    const { tenant: t, body } = split(options)
    return this.call<DepositResult>('POST', at('/card-to-card/deposits', tenant ?? t), body)
  }

  /** A raw bank SMS text, parsed for amount, depositor card and bank. */
  depositSms(sms: string, options?: { dest?: string } & TenantOption): Promise<DepositResult>
  /** @deprecated use `depositSms(sms, { tenant })` */
  depositSms(sms: string, tenant: string): Promise<DepositResult>
  depositSms(sms: string, options?: ({ dest?: string } & TenantOption) | string) {
    const { tenant, body } = split(typeof options === 'string' ? { tenant: options } : options)
    return this.call<DepositResult>('POST', at('/card-to-card/deposits', tenant), { sms, ...body })
  }

  /** Deposits, newest first. */
  deposits(options?: TenantOption): Promise<CardToCardDeposit[]>
  /** @deprecated use `deposits({ tenant })` */
  deposits(tenant: string): Promise<CardToCardDeposit[]>
  async deposits(options?: TenantOption | string) {
    return (await this.call<{ deposits: CardToCardDeposit[] }>('GET', at('/card-to-card/deposits', tenantOf(options).tenant))).deposits
  }

  /** Payments, newest first, their state judged now (`expired` included). */
  payments(options?: TenantOption): Promise<CardToCardPaymentView[]>
  /** @deprecated use `payments({ tenant })` */
  payments(tenant: string): Promise<CardToCardPaymentView[]>
  async payments(options?: TenantOption | string) {
    return (await this.call<{ payments: CardToCardPaymentView[] }>('GET', at('/card-to-card/payments', tenantOf(options).tenant))).payments
  }

  payment(pay_id: number, options?: TenantOption): Promise<CardToCardPaymentView>
  /** @deprecated use `payment(pay_id, { tenant })` */
  payment(pay_id: number, tenant: string): Promise<CardToCardPaymentView>
  payment(pay_id: number, options?: TenantOption | string) {
    return this.call<CardToCardPaymentView>('GET', at(`/card-to-card/payments/${pay_id}`, tenantOf(options).tenant))
  }

  /** The merchant's destination cards. */
  cards(options?: TenantOption): Promise<CardToCardCard[]>
  /** @deprecated use `cards({ tenant })` */
  cards(tenant: string): Promise<CardToCardCard[]>
  async cards(options?: TenantOption | string) {
    return (await this.call<{ cards: CardToCardCard[] }>('GET', at('/card-to-card/cards', tenantOf(options).tenant))).cards
  }

  /** Replaces the merchant's destination cards (the script's settings page). */
  setCards(options: { cards: CardToCardCard[] } & TenantOption): Promise<CardToCardCard[]>
  /** @deprecated use `setCards({ cards, tenant })` */
  setCards(cards: CardToCardCard[], tenant?: string): Promise<CardToCardCard[]>
  async setCards(options: ({ cards: CardToCardCard[] } & TenantOption) | CardToCardCard[], tenant?: string) {
    const o = Array.isArray(options) ? { cards: options, tenant } : options
    return (await this.call<{ cards: CardToCardCard[] }>('PUT', at('/card-to-card/cards', o.tenant), { cards: o.cards })).cards
  }

  /** Reads the settings, or changes the fields given and answers all of them. */
  settings(options?: Partial<CardToCardSettings> & TenantOption): Promise<CardToCardSettings>
  /** @deprecated use `settings({ ...patch, tenant })` */
  settings(patch: Partial<CardToCardSettings>, tenant?: string): Promise<CardToCardSettings>
  settings(options: Partial<CardToCardSettings> & TenantOption = {}, tenant?: string) {
    const { tenant: t, body } = split(options)
    const path = at('/card-to-card/settings', tenant ?? t)
    return Object.keys(body).length === 0 ? this.call<CardToCardSettings>('GET', path) : this.call<CardToCardSettings>('PATCH', path, body)
  }
}
