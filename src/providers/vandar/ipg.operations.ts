/**
 * درگاه پرداخت — the IPG's rules as named synchronous operations (specs/vandar.md §2): a payment
 * from send to the payer's outcome, verify (exactly once) and the expiry of a payment not
 * verified in time. Each runs from check to write without an await, so verify-once holds under
 * concurrency. Amounts are rials.
 */
import { randomInt } from 'node:crypto'
import type { SandboxContext } from '../../core/context.js'
import { sha256 } from '../../core/hash.js'
import { random, randomString } from '../../core/ids.js'
import type { Lifecycle } from '../../core/lifecycle.js'
import type { Tenant } from '../../state/model.js'
import type { StatementEntry, VandarPayment, VandarTenant } from './model.js'
import { addStatement, emptyRow, nextTransactionId } from './statement.operations.js'
import { VANDAR_TEXT } from './text.js'
import { cardOwnerHint } from './sandbox-hints.js'

// ---- ids and cards ------------------------------------------------------------------

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** IPG payment token: 15 uppercase alphanumerics (`4FFSKSZ9I3CJWOA`), unique across tenants. */
export const newIpgToken = (ctx: SandboxContext): string => {
  for (;;) {
    const s = randomString(ALNUM, 15)
    if (!ctx.store.findTenant('vandar:ipg_token', s)) return s
  }
}

/** `603799******7899` */
export const maskCard = (card: string): string => `${card.slice(0, 6)}******${card.slice(-4)}`

/** `CID`: uppercase hex SHA-256 of the full card number. */
// Sandbox payments use a handful of test cards, and a verify needs the hash twice (answer and
// statement row): remembered, up to a bound.
const cardHashes = new Map<string, string>()
export const cardHash = (card: string): string => {
  let h = cardHashes.get(card)
  if (h === undefined) {
    if (cardHashes.size >= 1000) cardHashes.clear()
    cardHashes.set(card, (h = sha256(card, 'hex').toUpperCase()))
  }
  return h
}

// ---- payments ----------------------------------------------------------------------

/** The IPG wage for an amount (tenant settings) [I]. */
export const ipgWage = (v: VandarTenant, amount: number): number =>
  Math.min(v.settings.ipg_wage_max_rial, Math.floor((amount * v.settings.ipg_wage_percent) / 100))

/** What the payer is charged: the amount, plus the wage when the payer bears it. */
export const chargedAmount = (v: VandarTenant, p: VandarPayment): number => (v.settings.wage_payer === 'payer' ? p.amount + p.wage : p.amount)

/** What reaches the wallet on verify. */
export const realAmount = (v: VandarTenant, p: VandarPayment): number => (v.settings.wage_payer === 'payer' ? p.amount : p.amount - p.wage)

/** Is `host` a registered domain or one of its subdomains? */
export const onRegisteredDomain = (v: VandarTenant, host: string): boolean => {
  const h = host.toLowerCase().replace(/\.$/, '')
  return v.settings.callback_domains.some((d) => {
    const dom = d.toLowerCase()
    return h === dom || h.endsWith('.' + dom)
  })
}

/** What `send` stores of the request: the payment's own fields. */
export type SendInput = Pick<
  VandarPayment,
  'amount' | 'callback_url' | 'mobile_number' | 'factor_number' | 'description' | 'national_code' | 'valid_card_numbers' | 'comment' | 'port'
>

/** ارسال اطلاعات و دریافت توکن: a CREATED payment. */
export const createPayment = (ctx: SandboxContext, tenant: Tenant, input: SendInput): VandarPayment => {
  const v = tenant.vandar
  const token = newIpgToken(ctx)
  const p: VandarPayment = {
    token,
    trans_id: nextTransactionId(ctx, v),
    amount: input.amount,
    wage: ipgWage(v, input.amount),
    callback_url: input.callback_url,
    mobile_number: input.mobile_number,
    factor_number: input.factor_number,
    description: input.description,
    national_code: input.national_code,
    valid_card_numbers: input.valid_card_numbers,
    comment: input.comment,
    port: input.port,
    status: 'CREATED',
    created_at: ctx.clock.now(),
    redirected_at: null,
    paid_at: null,
    verified_at: null,
    closed_at: null,
    card_number: null,
    ref_number: null,
    tracking_code: null,
    refunded: 0,
    payer_ip: null
  }
  v.payments[token] = p
  v.payment_by_trans_id[String(p.trans_id)] = token
  ctx.store.setIndex('vandar:ipg_token', token, tenant.id)
  return p
}

export const paymentOf = (ctx: SandboxContext, token: string): { tenant: Tenant; payment: VandarPayment } | undefined => {
  const tenant = ctx.store.findTenant('vandar:ipg_token', token)
  const payment = tenant && Object.hasOwn(tenant.vandar.payments, token) ? tenant.vandar.payments[token] : undefined
  return tenant && payment ? { tenant, payment } : undefined
}

/** Why a card may not pay this payment (the PSP's checks), or undefined. */
export const cardRefusal = (tenant: Tenant, p: VandarPayment, card: string): CardRefused | undefined => {
  const v = tenant.vandar
  if (!/^\d{16}$/.test(card) || !isLuhn(card)) return new CardRefused(VANDAR_TEXT.CARD_INVALID)
  if (p.valid_card_numbers && p.valid_card_numbers.length > 0 && !p.valid_card_numbers.includes(card)) return new CardRefused(VANDAR_TEXT.CARD_INVALID)
  if (p.national_code) {
    // who owns a card is whatever the sandbox's card registry says: the refusal names it
    const owner = Object.hasOwn(v.cards, card) ? v.cards[card] : undefined
    if (!owner || owner.national_code !== p.national_code) return new CardRefused(VANDAR_TEXT.NATIONAL_CODE_INVALID, cardOwnerHint(tenant, card, p.national_code))
  }
  return undefined
}

export const isLuhn = (card: string): boolean => {
  let sum = 0
  for (let i = 0; i < card.length; i++) {
    let d = Number(card[card.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** `{callback_url}?token=..&payment_status=OK|FAILED`, keeping an existing query and fragment. */
export const callbackRedirect = (p: VandarPayment, status: 'OK' | 'FAILED'): string => {
  const hash = p.callback_url.indexOf('#')
  const base = hash === -1 ? p.callback_url : p.callback_url.slice(0, hash)
  const frag = hash === -1 ? '' : p.callback_url.slice(hash)
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?'
  return `${base}${sep}token=${encodeURIComponent(p.token)}&payment_status=${status}${frag}`
}

/** The payer opened the page: the one-time URL is spent. */
export const openPaymentPage = (ctx: SandboxContext, p: VandarPayment): void => {
  p.status = 'REDIRECTED'
  p.redirected_at = ctx.clock.now()
}

export class PaymentStateError extends Error {}

/**
 * The payer's outcome on the page (or the control-plane action): PAID with a card, or FAILED.
 * Returns the callback redirect. A card the PSP refuses throws with the page's message.
 */
export const completePayment = (
  ctx: SandboxContext,
  tenant: Tenant,
  p: VandarPayment,
  outcome: { status: 'OK' | 'FAILED'; card_number?: string | null; payer_ip?: string | null }
): string => {
  if (p.status !== 'CREATED' && p.status !== 'REDIRECTED') throw new PaymentStateError(`payment ${p.token} is ${p.status}`)
  const v = tenant.vandar
  const now = ctx.clock.now()
  if (outcome.status === 'OK') {
    const card = outcome.card_number ?? defaultCard(v, p)
    const refusal = cardRefusal(tenant, p, card)
    if (refusal) throw refusal
    p.status = 'PAID'
    p.paid_at = now
    ctx.lifecycles.waiting(tenant, paymentExpiry, p)
    p.card_number = card
    p.ref_number = random(24).toString('base64').replace(/[^A-Za-z0-9+]/g, '').slice(0, 32)
    p.tracking_code = String(randomInt(100000, 999999))
  } else {
    p.status = 'FAILED'
    p.closed_at = now
    if (outcome.card_number) p.card_number = outcome.card_number
    addStatement(ctx, v, paymentRow(ctx, v, p, -1))
  }
  if (p.redirected_at === null) p.redirected_at = now
  p.payer_ip = outcome.payer_ip ?? null
  return callbackRedirect(p, outcome.status)
}

/** The page's message for a refused card; `hint` when the sandbox's own data decided it. */
export class CardRefused extends Error {
  constructor(
    message: string,
    readonly hint?: string
  ) {
    super(message)
  }
}

/** A card that satisfies the payment's restrictions (for the action without a card). */
const defaultCard = (v: VandarTenant, p: VandarPayment): string => {
  if (p.valid_card_numbers && p.valid_card_numbers.length > 0) return p.valid_card_numbers[0]
  if (p.national_code) {
    const owned = Object.entries(v.cards).find(([, o]) => o.national_code === p.national_code)
    if (owned) return owned[0]
  }
  return Object.keys(v.cards)[0] ?? '6037990000057899'
}

export type VerifyOutcome = { ok: true; payment: VandarPayment } | { ok: false; reason: 'not_paid' | 'failed' | 'verified' | 'expired' }

/** تائید تراکنش: succeeds exactly once; credits the wallet with realAmount. */
export const verifyPayment = (ctx: SandboxContext, tenant: Tenant, p: VandarPayment): VerifyOutcome => {
  expireIfDue(ctx, tenant.vandar, p, ctx.clock.now())
  switch (p.status) {
    case 'VERIFIED':
      return { ok: false, reason: 'verified' }
    case 'EXPIRED':
      return { ok: false, reason: 'expired' }
    case 'FAILED':
      return { ok: false, reason: 'failed' }
    case 'CREATED':
    case 'REDIRECTED':
      return { ok: false, reason: 'not_paid' }
  }
  const v = tenant.vandar
  p.status = 'VERIFIED'
  p.verified_at = ctx.clock.now()
  v.wallet += realAmount(v, p)
  addStatement(ctx, v, paymentRow(ctx, v, p, 1))
  return { ok: true, payment: p }
}

/** When a PAID payment's verify window runs out; null for any other payment. */
const expiresAt = (v: VandarTenant, p: VandarPayment): number | null =>
  p.status === 'PAID' && p.paid_at !== null ? p.paid_at + v.settings.verify_window_seconds * 1000 : null

/** A PAID payment not verified within the window expires (code 3); the payer's money goes back. */
const expireIfDue = (ctx: SandboxContext, v: VandarTenant, p: VandarPayment, now: number): void => {
  const at = expiresAt(v, p)
  if (at === null || at > now) return
  p.status = 'EXPIRED'
  p.closed_at = at
  addStatement(ctx, v, paymentRow(ctx, v, p, -1))
}

/** Payments waiting for verify, on the sandbox clock. */
export const paymentExpiry: Lifecycle<VandarTenant, VandarPayment> = {
  kind: 'vandar:payment-expiry',
  provider: 'vandar',
  pending: (v) => Object.values(v.payments),
  dueAt: (p, v) => expiresAt(v, p),
  settle: (ctx, tenant, p, now) => expireIfDue(ctx, tenant.vandar, p, now)
}

/** transaction's `code` (§2.3). */
export const transactionCode = (p: VandarPayment): { code: number; message: string } => {
  switch (p.status) {
    case 'PAID':
      return { code: 1, message: 'Confirm requierd' }
    case 'VERIFIED':
      return { code: 2, message: 'Verified before' }
    case 'EXPIRED':
      return { code: 3, message: 'Expired' }
    case 'FAILED':
      return { code: 4, message: 'Failed' }
    default:
      return { code: 0, message: 'Not paid' }
  }
}

/** A payment's statement row: success (1) once verified, failed (-1) when it fails or expires. */
const paymentRow = (ctx: SandboxContext, v: VandarTenant, p: VandarPayment, status: 1 | -1): StatementEntry => ({
  ...emptyRow(ctx, v, p.trans_id),
  kind: 'ipg',
  amount: chargedAmount(v, p),
  wage: p.wage,
  status,
  verified: status === 1 ? 1 : 0,
  ref_id: status === 1 ? p.ref_number : null,
  tracking_code: status === 1 ? p.tracking_code : null,
  card_number: p.card_number ? maskCard(p.card_number) : null,
  cid: p.card_number ? cardHash(p.card_number) : null,
  payment_date: status === 1 ? p.paid_at : null,
  created_at: p.created_at,
  description: p.description,
  factor_number: p.factor_number,
  mobile: p.mobile_number,
  callback_url: p.callback_url,
  api_token: p.token,
  port: p.port ?? 'SAMAN',
  result_code: status === 1 ? null : p.status === 'EXPIRED' ? '-3' : '-2',
  result_message: status === 1 ? null : p.status === 'EXPIRED' ? null : VANDAR_TEXT.USER_LEFT,
  payer_ip: p.payer_ip
})
