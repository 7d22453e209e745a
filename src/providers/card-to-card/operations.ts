/**
 * The card-to-card script's rules as named operations (specs/card-to-card.md §3.4–3.6). Each
 * runs synchronously from check to write, so two requests cannot both take an invoice number or
 * both settle a payment with one deposit. Expiry is judged on read against the sandbox clock.
 */
import type { SandboxContext } from '../../core/context.js'
import { isValidCardNumber, toEnglishDigits } from '../../core/validators.js'
import type { Tenant } from '../../state/model.js'
import { CardToCardError, CHECK_MESSAGES } from './errors.js'
import type { CardToCardCard, CardToCardDeposit, CardToCardPayment, CardToCardTenant } from './model.js'
import { depositSmsText } from './sms.js'
import { sameCard } from './cards.js'

export const dataOf = (tenant: Tenant): CardToCardTenant => tenant.card_to_card

// ---- reading PHP-style input -------------------------------------------------------------

/**
 * A request field as PHP sees it: a scalar as its string (JSON numbers included), trimmed, with
 * Persian and Arabic digits read as ASCII; anything else (arrays, objects, files) is absent.
 */
export const field = (body: unknown, name: string, json = false): string | undefined => {
  if (!body || typeof body !== 'object') return undefined
  let v = (body as Record<string, unknown>)[name]
  // A repeated query or form field: PHP keeps the last one. A JSON array is no scalar at all.
  if (Array.isArray(v) && !json) v = v[v.length - 1]
  if (typeof v === 'string') return toEnglishDigits(v).trim()
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

const INT = /^[+-]?\d+$/

/** The payer card in its standard form (16 digits, optionally Luhn-checked), or code -3. */
export const payerCard = (tenant: Tenant, raw: string | undefined): string => {
  if (!raw || !/^\d{16}$/.test(raw)) throw new CardToCardError(-3)
  if (dataOf(tenant).settings.card_luhn_check && !isValidCardNumber(raw)) throw new CardToCardError(-3)
  return raw
}

/** The merchant's cards as the API lists them (`cart` of create, the body of carts). */
export const cardsView = (tenant: Tenant): CardToCardCard[] => {
  const d = dataOf(tenant)
  return d.cards.map((c) => ({ number: d.settings.card_numbers === 'masked' ? '****' : c.number, name: c.name, bank: c.bank }))
}

// ---- payments ----------------------------------------------------------------------------

export const isExpired = (ctx: SandboxContext, p: CardToCardPayment): boolean => p.state === 'pending' && ctx.clock.nowSeconds() > p.expire

/** Pending and still inside its window: the payments a deposit may settle. */
const isOpen = (ctx: SandboxContext, p: CardToCardPayment): boolean => p.state === 'pending' && !isExpired(ctx, p)

export const paymentOf = (tenant: Tenant, payId: number): CardToCardPayment | undefined => {
  const payments = dataOf(tenant).payments
  return Object.hasOwn(payments, String(payId)) ? payments[String(payId)] : undefined
}

/**
 * Pending payments by the amount they ask for, oldest first (runtime, not state): a create in
 * unique-amount mode and every deposit SMS look up amounts instead of scanning every payment the
 * install ever had (a scan per request at 100,000 payments). Built from the payments when first
 * needed (after start, a load or an import); a payment that is no longer open is dropped when
 * met, and a clock moved back (which can reopen an expired payment) rebuilds it.
 */
const openIndexes = new WeakMap<CardToCardTenant, { byAmount: Map<number, CardToCardPayment[]>; seenAt: number }>()

const openIndex = (ctx: SandboxContext, d: CardToCardTenant) => {
  const now = ctx.clock.nowSeconds()
  let index = openIndexes.get(d)
  if (!index || now < index.seenAt) {
    index = { byAmount: new Map(), seenAt: now }
    for (const p of Object.values(d.payments).sort((a, b) => a.pay_id - b.pay_id)) if (p.state === 'pending') listOpen(index.byAmount, p)
    openIndexes.set(d, index)
  }
  index.seenAt = now
  return index.byAmount
}

const listOpen = (byAmount: Map<number, CardToCardPayment[]>, p: CardToCardPayment): void => {
  const list = byAmount.get(p.amount)
  if (list) list.push(p)
  else byAmount.set(p.amount, [p])
}

/** The open payments asking for `amount`, oldest first. */
const openAt = (ctx: SandboxContext, d: CardToCardTenant, amount: number): CardToCardPayment[] => {
  const byAmount = openIndex(ctx, d)
  const list = byAmount.get(amount)
  if (!list) return []
  const open = list.filter((p) => isOpen(ctx, p) && d.payments[String(p.pay_id)] === p)
  if (open.length === 0) byAmount.delete(amount)
  else if (open.length !== list.length) byAmount.set(amount, open)
  return open
}

/**
 * The amount the payer must transfer. By default the price itself; in unique-amount mode [I]
 * the price plus the fewest rials that no other open payment asks for, so a deposit's amount
 * names exactly one payment.
 */
const amountFor = (ctx: SandboxContext, d: CardToCardTenant, price: number): number => {
  if (!d.settings.unique_amount) return price
  for (let k = 0; k <= d.settings.unique_amount_max_offset; k++) if (openAt(ctx, d, price + k).length === 0) return price + k
  return price
}

/**
 * The next pay_id. A real install auto-increments its own; the sandbox hosts every tenant's
 * install on one site, so ids continue across tenants and the page link `/payment/{pay_id}`
 * names exactly one payment [I].
 */
const nextPayId = (ctx: SandboxContext, d: CardToCardTenant): number => {
  let max = d.last_pay_id
  for (const id of ctx.store.tenantIds()) max = Math.max(max, ctx.store.tenant(id)!.card_to_card?.last_pay_id ?? 0)
  return max + 1
}

export interface CreateInput {
  price?: string
  fid?: string
  phone?: string
  card?: string
  callback?: string
}

/** ایجاد پرداخت: the checks in the code table's order (0, 1, 2, 3, then the card's -3). */
export const createPayment = (ctx: SandboxContext, tenant: Tenant, input: CreateInput): CardToCardPayment => {
  const d = dataOf(tenant)
  if (input.price === undefined || !INT.test(input.price)) throw new CardToCardError(0)
  const price = Number(input.price)
  if (!Number.isSafeInteger(price)) throw new CardToCardError(0)
  if (price < d.settings.min_price) throw new CardToCardError(1)
  // fid is an int in the table: an empty or non-integer value counts as not sent [I].
  if (!input.fid || !INT.test(input.fid)) throw new CardToCardError(2)
  const fid = String(BigInt(input.fid))
  if (Object.hasOwn(d.fids, fid)) throw new CardToCardError(3)
  const card = input.card ? payerCard(tenant, input.card) : null
  const now = ctx.clock.nowSeconds()
  const payment: CardToCardPayment = {
    pay_id: (d.last_pay_id = nextPayId(ctx, d)),
    fid,
    price,
    amount: amountFor(ctx, d, price),
    phone: input.phone || null,
    card,
    callback: input.callback || null,
    created_at: now,
    expire: now + d.settings.expire_seconds,
    state: 'pending',
    deposit_id: null,
    paid_at: null,
    verified_at: null
  }
  // indexed before it is stored: a first index, built from the payments, then includes it once
  listOpen(openIndex(ctx, d), payment)
  d.payments[String(payment.pay_id)] = payment
  d.fids[fid] = payment.pay_id
  return payment
}

/** The payment a pay_id field names: 4 when absent, 5 when malformed or unknown. */
export const paymentFromField = (tenant: Tenant, raw: string | undefined): CardToCardPayment => {
  if (raw === undefined || raw === '') throw new CardToCardError(4)
  if (!/^\d+$/.test(raw)) throw new CardToCardError(5)
  const p = paymentOf(tenant, Number(raw))
  if (!p) throw new CardToCardError(5)
  return p
}

/**
 * ثبت شماره کارت پرداخت کننده. Order [I]: the pay_id (4, 5), the card (-3), then the payment's
 * state: settled or voided (-1), expired (6), a card already there (-2).
 */
export const setCard = (ctx: SandboxContext, tenant: Tenant, payIdRaw: string | undefined, cardRaw: string | undefined): CardToCardPayment => {
  const p = paymentFromField(tenant, payIdRaw)
  const card = payerCard(tenant, cardRaw)
  if (p.state !== 'pending') throw new CardToCardError(-1)
  if (isExpired(ctx, p)) throw new CardToCardError(6)
  if (p.card) throw new CardToCardError(-2)
  p.card = card
  return p
}

export interface CheckOutcome {
  status: boolean
  code: 7 | 201 | 200 | 199
  msg: string
}

/**
 * بررسی پرداخت: 7 while waiting, 201 on the first check after payment, 200 afterwards, 199 when
 * the depositing card differs from the registered one (or, in strict mode, the payment was
 * voided), error 6 once the window passed unpaid.
 */
export const checkPayment = (ctx: SandboxContext, tenant: Tenant, payIdRaw: string | undefined): CheckOutcome => {
  const p = paymentFromField(tenant, payIdRaw)
  const s = dataOf(tenant).settings
  switch (p.state) {
    case 'paid':
      if (p.verified_at === null) {
        p.verified_at = ctx.clock.nowSeconds()
        return { status: true, code: 201, msg: CHECK_MESSAGES[201] }
      }
      return { status: true, code: 200, msg: CHECK_MESSAGES[200] }
    case 'card_mismatch':
      p.verified_at ??= ctx.clock.nowSeconds()
      return { status: s.mismatch_status, code: 199, msg: CHECK_MESSAGES[199] }
    case 'voided':
      return { status: false, code: 199, msg: CHECK_MESSAGES.void }
    case 'pending':
      if (isExpired(ctx, p)) throw new CardToCardError(6)
      return { status: s.waiting_status, code: 7, msg: CHECK_MESSAGES[7] }
  }
}

// ---- deposits ----------------------------------------------------------------------------

export interface DepositInput {
  amount: number
  /** the depositor's card, if the bank's SMS shows it */
  card?: string | null
  /** the merchant card (number, or index into the cards) it landed on */
  dest?: string | null
  bank?: string | null
  /** the SMS text as received; generated from the other fields when absent */
  text?: string
}

/**
 * A bank deposit SMS reaches the script: match it to an open payment by amount, oldest first,
 * then by card (§3.6). With a card in the SMS, a payment registered with that card wins, then
 * one without a card, then one with another card (199, or voided in strict mode). Without a card
 * in the SMS, only payments without a registered card match; in strict mode a payment with one
 * is voided (the seed's "the payment and its deposit are lost"), else it stays pending [I].
 */
export const receiveDeposit = (ctx: SandboxContext, tenant: Tenant, input: DepositInput): CardToCardDeposit => {
  const d = dataOf(tenant)
  const byAmount = openAt(ctx, d, input.amount)
  const card = input.card || null
  let match: CardToCardPayment | undefined
  let outcome: CardToCardDeposit['outcome'] = 'unmatched'
  if (card) {
    match = byAmount.find((p) => p.card && sameCard(card, p.card)) ?? byAmount.find((p) => !p.card)
    if (match) outcome = 'paid'
    else if ((match = byAmount.find((p) => p.card))) outcome = d.settings.strict_card_match ? 'voided' : 'card_mismatch'
  } else {
    match = byAmount.find((p) => !p.card)
    if (match) outcome = 'paid'
    else if (d.settings.strict_card_match && (match = byAmount.find((p) => p.card))) outcome = 'voided'
  }
  const dest = destCard(d, input.dest) ?? d.cards[0]
  const now = ctx.clock.nowSeconds()
  const deposit: CardToCardDeposit = {
    id: ++d.last_deposit_id,
    amount: input.amount,
    card,
    dest: dest?.number ?? null,
    bank: input.bank ?? dest?.bank ?? null,
    text: input.text ?? depositSmsText({ amount: input.amount, card, dest: dest ?? null, at: ctx.clock.date() }),
    received_at: now,
    pay_id: match?.pay_id ?? null,
    outcome
  }
  if (match) {
    match.state = outcome === 'unmatched' ? 'pending' : outcome
    match.deposit_id = deposit.id
    match.paid_at = now
  }
  d.deposits.push(deposit)
  ctx.store.sendSms({ tenant: tenant.id, to: d.settings.merchant_phone, provider: 'card-to-card', purpose: 'bank_deposit', text: deposit.text })
  return deposit
}

/** The merchant card a deposit names: a full number, or an index into the card list. */
const destCard = (d: CardToCardTenant, dest: string | null | undefined): CardToCardCard | undefined => {
  if (!dest) return undefined
  if (/^\d{1,2}$/.test(dest)) return d.cards[Number(dest)]
  return d.cards.find((c) => sameCard(dest, c.number)) ?? { number: dest, name: '', bank: '' }
}
