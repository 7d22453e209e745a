/**
 * Vandar's rules as named synchronous operations (specs/vandar.md §2, §3, §7, §24, §28): each runs
 * from check to write without an await, so verify-once, unique track_id and wallet moves hold
 * under concurrency. Amounts are rials.
 */
import { randomInt, randomUUID } from 'node:crypto'
import { DueQueue } from '../../core/due-queue.js'
import { sha256 } from '../../core/hash.js'
import { random, randomString } from '../../core/ids.js'
import type { SandboxContext } from '../../core/context.js'
import { postFormWebhook } from '../../core/webhooks.js'
import type { Tenant } from '../../state/model.js'
import { gregorianDate, jalaliDate, jalaliDateTime } from './dates.js'
import type { CashInDeposit, StatementEntry, VandarPayment, VandarRefund, VandarTenant } from './model.js'
import { VANDAR_TEXT } from './text.js'
import { cardOwnerHint } from './sandbox-hints.js'

// ---- ids -----------------------------------------------------------------------------

/** 12-digit transaction ids: unix seconds * 100 + n, strictly increasing per business (§0.8). */
export const nextTransactionId = (ctx: SandboxContext, v: VandarTenant): number => {
  const id = Math.max(ctx.clock.nowSeconds() * 100, v.last_txn_id + 1)
  v.last_txn_id = id
  return id
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** IPG payment token: 15 uppercase alphanumerics (`4FFSKSZ9I3CJWOA`), unique across tenants. */
export const newIpgToken = (ctx: SandboxContext): string => {
  for (;;) {
    const s = randomString(ALNUM, 15)
    if (!ctx.store.findTenant('vandar:ipg_token', s)) return s
  }
}

const receiptUrl = () => `https://vand.ar/${random(4).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 5)}`

// ---- cards ---------------------------------------------------------------------------

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

// ---- IPG -----------------------------------------------------------------------------

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
    dueAt(v, now + v.settings.verify_window_seconds * 1000, { kind: 'payment', token: p.token })
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

/** A PAID payment not verified within the window expires (code 3); the payer's money goes back. */
const expireIfDue = (ctx: SandboxContext, v: VandarTenant, p: VandarPayment, now: number): void => {
  if (p.status !== 'PAID' || p.paid_at === null) return
  if (p.paid_at + v.settings.verify_window_seconds * 1000 > now) return
  p.status = 'EXPIRED'
  p.closed_at = p.paid_at + v.settings.verify_window_seconds * 1000
  addStatement(ctx, v, paymentRow(ctx, v, p, -1))
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

// ---- statement -----------------------------------------------------------------------

const emptyRow = (ctx: SandboxContext, v: VandarTenant, id: number): StatementEntry => {
  const now = ctx.clock.now()
  return {
    id,
    uuid: randomUUID(),
    kind: 'ipg',
    amount: 0,
    wage: 0,
    status: 1,
    verified: 0,
    ref_id: null,
    tracking_code: null,
    card_number: null,
    cid: null,
    payment_date: null,
    payment_number: null,
    created_at: now,
    updated_at: now,
    wallet: v.wallet,
    description: null,
    factor_number: null,
    mobile: null,
    callback_url: null,
    api_token: null,
    port: null,
    track_id: null,
    iban: null,
    refund: null,
    result_code: null,
    result_message: null,
    payer_ip: null,
    receipt_url: null
  }
}

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

/** Rows keep id order (newest last); a row for an id already present replaces it. */
export const addStatement = (_ctx: SandboxContext, v: VandarTenant, row: StatementEntry): void => {
  const rows = v.statement
  if (rows.length === 0 || rows[rows.length - 1].id < row.id) {
    rows.push(row)
    return
  }
  // first index with id >= row.id
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (rows[mid].id < row.id) lo = mid + 1
    else hi = mid
  }
  for (let i = lo; i < rows.length && rows[i].id === row.id; i++)
    if (rows[i].kind === row.kind) {
      rows[i] = row
      return
    }
  rows.splice(lo, 0, row)
}

// ---- cash-in (seed 003) --------------------------------------------------------------

/** Splits a deposit into chunks of at most `chunk` (seed 003: 1,200,000,000 -> 1e9 + 2e8). */
export const splitAmount = (amount: number, configuredChunk: number): number[] => {
  // A sandbox-configured tiny chunk must not produce millions of entries.
  const chunk = Math.max(configuredChunk, Math.ceil(amount / 1000))
  const out: number[] = []
  let rest = amount
  while (rest > chunk) {
    out.push(chunk)
    rest -= chunk
  }
  if (rest > 0) out.push(rest)
  return out
}

export interface DepositInput {
  iban: string
  amount: number
  track_id: string
  description: string | null
  comment: string | null
}

/** واریز بانکی: debits the Ayandeh account now, INIT entries that land on the wallet later. */
export const deposit = (ctx: SandboxContext, tenant: Tenant, input: DepositInput): CashInDeposit[] => {
  const v = tenant.vandar
  const account = v.cash_in_accounts.find((a) => a.active && a.IBAN === input.iban)!
  const now = ctx.clock.now()
  account.available_balance -= input.amount
  account.balance -= input.amount
  const receipt = receiptUrl()
  const entries = splitAmount(input.amount, v.settings.cash_in_chunk_rial).map((amount) => ({
    gateway_transaction_id: nextTransactionId(ctx, v),
    amount,
    wage: 0,
    status: 'INIT' as const,
    iban: input.iban,
    track_id: input.track_id,
    description: input.description,
    comment: input.comment,
    receipt_url: receipt,
    created_at: now,
    due_at: now + v.settings.cash_in_done_after_seconds * 1000
  }))
  v.deposits.push(...entries)
  for (const d of entries) dueAt(v, d.due_at, { kind: 'deposit', d })
  v.track_ids[input.track_id] = entries[0].gateway_transaction_id
  return entries
}

const settleDeposit = (ctx: SandboxContext, v: VandarTenant, d: CashInDeposit): void => {
  d.status = v.settings.cash_in_final_status
  if (d.status === 'DONE') {
    v.wallet += d.amount - d.wage
  } else {
    // A failed deposit never left the bank: the account gets it back.
    const account = v.cash_in_accounts.find((a) => a.IBAN === d.iban)
    if (account) {
      account.balance += d.amount
      account.available_balance += d.amount
    }
  }
  addStatement(ctx, v, {
    ...emptyRow(ctx, v, d.gateway_transaction_id),
    kind: 'cash-in',
    amount: d.amount,
    wage: d.wage,
    status: d.status === 'DONE' ? 1 : -1,
    verified: d.status === 'DONE' ? 1 : 0,
    payment_date: d.status === 'DONE' ? d.due_at : null,
    created_at: d.created_at,
    description: d.description,
    track_id: d.track_id,
    iban: d.iban,
    receipt_url: d.receipt_url
  })
}

// ---- IPG refund (§3) -----------------------------------------------------------------

export interface RefundInput {
  amount: number
  payment_number: string | null
  description: string | null
  comment: string | null
  notify_url: string | null
}

/** بازگشت وجه: debits the wallet now, PENDING entries that settle later. Checks are the caller's. */
export const refund = (ctx: SandboxContext, tenant: Tenant, p: VandarPayment, input: RefundInput): VandarRefund[] => {
  const v = tenant.vandar
  const now = ctx.clock.now()
  p.refunded += input.amount
  if (input.payment_number) v.payment_numbers[input.payment_number] = String(p.trans_id)
  const entries = splitAmount(input.amount, v.settings.refund_chunk_rial).map((amount) => {
    const wage = v.settings.refund_wage_rial
    v.wallet -= amount + wage
    const r: VandarRefund = {
      id: uuidV1Like(now),
      retry_count: '01',
      gateway_transaction_id: nextTransactionId(ctx, v),
      transaction_id: p.trans_id,
      amount,
      wage,
      payment_number: input.payment_number,
      status: 'PENDING',
      description: input.description ?? `${VANDAR_TEXT.REFUND_DESCRIPTION_PREFIX} ${p.trans_id}`,
      comment: input.comment,
      notify_url: input.notify_url,
      wallet: v.wallet,
      created_at: now,
      due_at: now + v.settings.refund_done_after_seconds * 1000,
      done_at: null,
      ref_code: null
    }
    addStatement(ctx, v, refundRow(ctx, v, r))
    return r
  })
  v.refunds.push(...entries)
  for (const r of entries) dueAt(v, r.due_at, { kind: 'refund', r })
  return entries
}

const refundRow = (ctx: SandboxContext, v: VandarTenant, r: VandarRefund): StatementEntry => ({
  ...emptyRow(ctx, v, r.gateway_transaction_id),
  kind: 'refund',
  amount: r.amount,
  wage: r.wage,
  status: r.status === 'PENDING' ? -2 : r.status === 'DONE' ? 2 : -3,
  verified: r.status === 'DONE' ? 1 : 0,
  payment_number: r.payment_number,
  ref_id: r.ref_code,
  created_at: r.created_at,
  updated_at: r.done_at ?? r.created_at,
  wallet: r.wallet,
  description: r.description,
  refund: String(r.transaction_id),
  payment_date: r.done_at
})

const settleRefund = (ctx: SandboxContext, tenant: Tenant, r: VandarRefund): void => {
  const v = tenant.vandar
  r.status = v.settings.refund_final_status
  r.done_at = r.due_at
  if (r.status === 'DONE') r.ref_code = String(randomInt(100000000, 999999999)) + String(randomInt(100, 999))
  else {
    // The bank refused it: the wallet gets the amount back.
    v.wallet += r.amount + r.wage
    const p = Object.hasOwn(v.payment_by_trans_id, String(r.transaction_id)) ? v.payments[v.payment_by_trans_id[String(r.transaction_id)]] : undefined
    if (p) p.refunded -= r.amount
  }
  addStatement(ctx, v, refundRow(ctx, v, r))
  if (r.notify_url) sendRefundWebhook(ctx, tenant, r)
}

/** §0.9: the settlement/refund notify_url, POSTed as form data after the final state. */
const sendRefundWebhook = (ctx: SandboxContext, tenant: Tenant, r: VandarRefund): void => {
  const at = r.done_at ?? ctx.clock.now()
  const body = {
    id: r.id,
    iban_id: null,
    transaction_id: r.gateway_transaction_id,
    amount: r.amount,
    payment_number: r.payment_number,
    status: r.status,
    settlement_date: gregorianDate(at),
    settlement_date_jalali: jalaliDate(at),
    revised_transaction_id: null,
    ref_code: r.ref_code
  }
  const url = r.notify_url!
  const log = tenant.vandar.webhooks
  postFormWebhook(url, body, {
    onResult: (res) => {
      log.unshift({ url, body, status: res.status, ...(res.error ? { error: res.error } : {}), at: ctx.clock.iso() })
      if (log.length > 100) log.length = 100
    }
  })
}

export const refundDate = (r: VandarRefund): string => jalaliDateTime(r.created_at)

/** A time-based (v1-style) UUID like Vandar's entity ids. */
const uuidV1Like = (ms: number): string => {
  const t = BigInt(ms) * 10000n + 0x01b21dd213814000n
  const hex = t.toString(16).padStart(15, '0')
  const low = hex.slice(-8)
  const mid = hex.slice(-12, -8)
  const high = '1' + hex.slice(-15, -12)
  const rest = random(8).toString('hex')
  return `${low}-${mid}-${high}-${((parseInt(rest.slice(0, 4), 16) & 0x3fff) | 0x8000).toString(16)}-${rest.slice(4, 16)}`
}

// ---- due transitions -----------------------------------------------------------------

type Due = { kind: 'payment'; token: string } | { kind: 'deposit'; d: CashInDeposit } | { kind: 'refund'; r: VandarRefund }

/** When `due` falls due and what happens then; null once it no longer waits (verified, settled). */
const waiting = (ctx: SandboxContext, tenant: Tenant, due: Due): { at: number; transition: (now: number) => void } | null => {
  const v = tenant.vandar
  switch (due.kind) {
    case 'payment': {
      const p = Object.hasOwn(v.payments, due.token) ? v.payments[due.token] : undefined
      if (!p || p.status !== 'PAID' || p.paid_at === null) return null
      return { at: p.paid_at + v.settings.verify_window_seconds * 1000, transition: (now) => expireIfDue(ctx, v, p, now) }
    }
    case 'deposit':
      return due.d.status === 'INIT' ? { at: due.d.due_at, transition: () => settleDeposit(ctx, v, due.d) } : null
    case 'refund':
      return due.r.status === 'PENDING' ? { at: due.r.due_at, transition: () => settleRefund(ctx, tenant, due.r) } : null
  }
}

/**
 * What falls due for each business, soonest first. Not part of the state: built from the records
 * the first time a business is swept (after start, a load, an import or a settings change), then
 * kept up as records start waiting.
 */
const dueQueues = new WeakMap<VandarTenant, DueQueue<Due>>()

const dueQueue = (ctx: SandboxContext, tenant: Tenant): DueQueue<Due> => {
  const v = tenant.vandar
  let q = dueQueues.get(v)
  if (q) return q
  q = new DueQueue<Due>()
  const all: Due[] = [
    ...Object.keys(v.payments).map((token) => ({ kind: 'payment' as const, token })),
    ...v.deposits.map((d) => ({ kind: 'deposit' as const, d })),
    ...v.refunds.map((r) => ({ kind: 'refund' as const, r }))
  ]
  for (const due of all) {
    const w = waiting(ctx, tenant, due)
    if (w) q.push(w.at, due)
  }
  dueQueues.set(v, q)
  return q
}

/** Everything due at `now` for one business: expiries, landed deposits, settled refunds. */
export const advance = (ctx: SandboxContext, tenant: Tenant, now: number): void => {
  const v = tenant.vandar
  if (!v) return
  // Nothing is due before next_due_at: most requests return here without looking further.
  if (v.next_due_at === null || (v.next_due_at !== undefined && v.next_due_at > now)) return
  const queue = dueQueue(ctx, tenant)
  let changed = false
  for (const due of queue.takeDue(now)) {
    const w = waiting(ctx, tenant, due)
    if (!w) continue
    if (w.at > now) queue.push(w.at, due)
    else {
      w.transition(now)
      changed = true
    }
  }
  v.next_due_at = queue.peek()
  // Transitions the timer performs are writes too (the state file must see them).
  if (changed) ctx.store.changed()
}

/** `due` starts waiting until `at`: the next sweep after `at` must look. */
const dueAt = (v: VandarTenant, at: number, due: Due): void => {
  // no queue yet: the first sweep builds it from the records, this one included
  dueQueues.get(v)?.push(at, due)
  if (v.next_due_at === null || v.next_due_at === undefined || at < v.next_due_at) v.next_due_at = at
}

/** Settings that move due times (delays, windows) changed: look again at the next sweep. */
export const rescheduleDue = (v: VandarTenant): void => {
  dueQueues.delete(v)
  v.next_due_at = 0
}
