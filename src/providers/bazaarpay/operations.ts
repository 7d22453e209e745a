/**
 * BazaarPay's domain rules (§1.6), as named synchronous functions over one tenant's data. Every
 * timed transition is applied lazily when a record is read (`refreshCheckout`, `refreshContract`),
 * on the sandbox clock, so advancing the clock is all a test needs.
 */
import { randomInt, randomUUID } from 'node:crypto'
import type { SandboxContext } from '../../core/context.js'
import type { Tenant } from '../../state/model.js'
import { groupThousands, toEnglishDigits, toPersianDigits } from '../../core/validators.js'
import { randomToken } from '../../core/ids.js'
import type { BazaarPayCheckout, BazaarPayContract, BazaarPayTenant, BazaarPayUser, ContractPeriod, AutoLoginScope, BazaarPayUserToken } from './model.js'
import { DIRECT_PAY_ERRORS, type DirectPayScenario } from './texts.js'
import type { Lang } from './errors.js'

export const INDEX = {
  token: 'bazaarpay:merchant_token',
  destination: 'bazaarpay:destination',
  checkout: 'bazaarpay:checkout',
  contract: 'bazaarpay:contract',
  userToken: 'bazaarpay:user_token'
} as const

// ---- phones and money ------------------------------------------------------------------

/** `09123456789`, `989123456789`, `+989123456789`, `9123456789` (Persian digits too) → `09123456789`; null if none. */
export const normalizePhone = (raw: unknown): string | null => {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null
  const s = toEnglishDigits(String(raw)).trim().replace(/[\s-]/g, '')
  const m = /^(?:\+98|0098|98|0)?(9\d{9})$/.exec(s)
  return m ? '0' + m[1] : null
}

/** `09123456789` → `989123456789`, the form BazaarPay answers with (§1.5.12). */
export const internationalPhone = (phone: string): string => '98' + phone.slice(1)

/** §1.5.8 [I]: floor(rial / 10) tomans, grouped with `,`, Persian digits, then ` تومان` (English: `7,971 TMN`). */
export const tomanString = (rial: number, lang: Lang = 'fa'): string => {
  const grouped = groupThousands(Math.floor(rial / 10))
  return lang === 'en' ? `${grouped} TMN` : `${toPersianDigits(grouped)} تومان`
}

export const userOf = (bp: BazaarPayTenant, phone: string, create = false): BazaarPayUser | undefined => {
  if (Object.hasOwn(bp.users, phone)) return bp.users[phone]
  if (!create) return undefined
  return (bp.users[phone] = { phone_number: phone, balance: 0, disabled: false, pockets: {} })
}

/** Django's DateTimeField rendering: microseconds and `Z`. */
export const djangoIso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'))

// ---- checkouts -------------------------------------------------------------------------

export const newCheckoutToken = (ctx: SandboxContext): string => {
  for (;;) {
    const token = String(randomInt(1_000_000_000, 10_000_000_000)).padStart(10, '0')
    if (!ctx.store.findTenant(INDEX.checkout, token)) return token
  }
}

export const findCheckout = (t: Tenant, token: string): BazaarPayCheckout | undefined =>
  Object.hasOwn(t.bazaarpay.checkouts, token) ? t.bazaarpay.checkouts[token] : undefined

/** The payment window and the commit window, applied as of `now`. */
export const refreshCheckout = (t: Tenant, c: BazaarPayCheckout, now: number): BazaarPayCheckout => {
  const s = t.bazaarpay.settings
  if (c.status === 'unpaid' && now >= c.created_at + s.payment_window_seconds * 1000) {
    c.status = 'timed_out'
    c.timed_out_at = c.created_at + s.payment_window_seconds * 1000
  }
  if (c.status === 'paid_not_committed' && c.payment_at !== null && now >= c.payment_at + s.commit_window_seconds * 1000) {
    // No commit in time: the whole amount goes back to the user's wallet.
    c.status = 'paid_not_committed_refunded'
    c.refund_at = c.payment_at + s.commit_window_seconds * 1000
    c.refund_amount = c.amount
    creditWallet(t.bazaarpay, c.payer_phone, c.amount)
  }
  return c
}

const creditWallet = (bp: BazaarPayTenant, phone: string | null, amount: number) => {
  if (phone) userOf(bp, phone, true)!.balance += amount
}

export const initCheckout = (ctx: SandboxContext, t: Tenant, input: { amount: number; destination: string; service_name: string }): BazaarPayCheckout => {
  const token = newCheckoutToken(ctx)
  const c: BazaarPayCheckout = {
    token,
    amount: input.amount,
    destination: input.destination,
    service_name: input.service_name,
    status: 'unpaid',
    created_at: ctx.clock.now(),
    paid_via: null,
    payer_phone: null,
    contract_token: null,
    payment_at: null,
    commit_at: null,
    refund_at: null,
    timed_out_at: null,
    refund_amount: null,
    bank_refund: null
  }
  t.bazaarpay.checkouts[token] = c
  ctx.store.setIndex(INDEX.checkout, token, t.id)
  return c
}

export type PayFailure = 'not_payable' | 'timed_out' | 'already_paid' | 'insufficient_balance' | 'account_disabled' | 'invalid_phone'

/** The user pays on the payment page: from the wallet, or through a bank gateway (money passes through the wallet [I]). */
export const payCheckout = (
  ctx: SandboxContext,
  t: Tenant,
  c: BazaarPayCheckout,
  input: { phone: string; method: 'wallet' | 'bank' }
): PayFailure | null => {
  const now = ctx.clock.now()
  refreshCheckout(t, c, now)
  if (c.status === 'timed_out') return 'timed_out'
  if (c.status !== 'unpaid') return 'already_paid'
  const phone = normalizePhone(input.phone)
  if (!phone) return 'invalid_phone'
  const user = userOf(t.bazaarpay, phone, input.method === 'bank')
  if (user?.disabled) return 'account_disabled'
  if (input.method === 'wallet') {
    if (!user || user.balance < c.amount) return 'insufficient_balance'
    user.balance -= c.amount
  }
  c.status = 'paid_not_committed'
  c.paid_via = input.method
  c.payer_phone = phone
  c.payment_at = now
  return null
}

/** The user cancels on the payment page (setting `cancel_outcome` [I]). */
export const cancelCheckout = (ctx: SandboxContext, t: Tenant, c: BazaarPayCheckout): boolean => {
  refreshCheckout(t, c, ctx.clock.now())
  if (c.status !== 'unpaid') return false
  if (t.bazaarpay.settings.cancel_outcome === 'timed_out') {
    c.status = 'timed_out'
    c.timed_out_at = ctx.clock.now()
  }
  return true
}

export type CommitOutcome = 'committed' | 'not_paid' | 'timed_out' | 'refunded'

/** §1.5.3: paid_not_committed → paid_committed; again on paid_committed is a no-op [I]. */
export const commitCheckout = (ctx: SandboxContext, t: Tenant, c: BazaarPayCheckout): CommitOutcome => {
  const now = ctx.clock.now()
  refreshCheckout(t, c, now)
  if (c.status === 'paid_committed') return 'committed'
  if (c.status === 'paid_not_committed') {
    c.status = 'paid_committed'
    c.commit_at = now
    return 'committed'
  }
  if (c.status === 'unpaid') return 'not_paid'
  if (c.status === 'timed_out') return 'timed_out'
  return 'refunded'
}

export type RefundOutcome = 'refunded' | 'already_refunded' | 'not_paid' | 'amount_too_large'

/**
 * §1.5.5: one refund per checkout, idempotent on the checkout alone; the money goes back to the
 * wallet. On paid_not_committed it is the fallback of a failed commit → paid_not_committed_refunded [I].
 */
export const refundCheckout = (ctx: SandboxContext, t: Tenant, c: BazaarPayCheckout, amount: number | undefined): RefundOutcome => {
  const now = ctx.clock.now()
  refreshCheckout(t, c, now)
  if (c.status === 'refunded' || c.status === 'paid_not_committed_refunded') return 'already_refunded'
  if (c.status === 'unpaid' || c.status === 'timed_out') return 'not_paid'
  if (amount !== undefined && amount > c.amount) return 'amount_too_large'
  const value = amount ?? c.amount
  c.status = c.status === 'paid_committed' ? 'refunded' : 'paid_not_committed_refunded'
  c.refund_at = now
  c.refund_amount = value
  creditWallet(t.bazaarpay, c.payer_phone, value)
  return 'refunded'
}

/**
 * §1.5.7 v3 bank-refund [I]: a checkout paid through a bank gateway is refunded to the bank
 * (the transfer takes `bank_refund_seconds`); one paid from the wallet goes back to the wallet.
 */
export const bankRefundCheckout = (
  ctx: SandboxContext,
  t: Tenant,
  c: BazaarPayCheckout,
  amount: number | undefined
): { outcome: RefundOutcome; refunded_to?: 'wallet' | 'bank' } => {
  const now = ctx.clock.now()
  refreshCheckout(t, c, now)
  if (c.status === 'refunded' || c.status === 'paid_not_committed_refunded') return { outcome: 'already_refunded' }
  if (c.status === 'unpaid' || c.status === 'timed_out') return { outcome: 'not_paid' }
  if (amount !== undefined && amount > c.amount) return { outcome: 'amount_too_large' }
  const value = amount ?? c.amount
  const to = c.paid_via === 'bank' ? 'bank' : 'wallet'
  c.status = c.status === 'paid_committed' ? 'refunded' : 'paid_not_committed_refunded'
  c.refund_at = now
  c.refund_amount = value
  c.bank_refund = { refunded_to: to, started_at: now, outcome: 'successful' }
  if (to === 'wallet') creditWallet(t.bazaarpay, c.payer_phone, value)
  return { outcome: 'refunded', refunded_to: to }
}

export const bankState = (t: Tenant, c: BazaarPayCheckout, now: number): 'in_progress' | 'successful' | 'failed' | 'not_started' => {
  const b = c.bank_refund
  if (!b || b.refunded_to === 'wallet') return 'not_started'
  return now < b.started_at + t.bazaarpay.settings.bank_refund_seconds * 1000 ? 'in_progress' : b.outcome
}

// ---- contract periods (calendar boundaries, Asia/Tehran, Saturday weeks, Jalali months [I]) ----

const TEHRAN_OFFSET = 3.5 * 3600_000
const DAY = 86_400_000
const jalali = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' })
/** Jalali {month, day} of a Tehran-local day (ms at local midnight, as if UTC). */
const jalaliOf = (localMs: number) => {
  const parts = jalali.formatToParts(new Date(localMs))
  const get = (k: string) => Number(parts.find((p) => p.type === k)!.value)
  return { month: get('month'), day: get('day') }
}
const localDay = (utcMs: number) => Math.floor((utcMs + TEHRAN_OFFSET) / DAY) * DAY
const monthStart = (localMs: number) => localMs - (jalaliOf(localMs).day - 1) * DAY
const addMonths = (localMonthStart: number, n: number) => {
  let m = localMonthStart
  for (let i = 0; i < n; i++) m = monthStart(m + 32 * DAY)
  return m
}
const MONTHS: Partial<Record<ContractPeriod, number>> = { monthly: 1, quarterly: 3, semiannual: 6, yearly: 12 }

/** The calendar period containing `now`: [start, end) in UTC ms. */
export const periodBounds = (period: ContractPeriod, now: number): { start: number; end: number } => {
  const day = localDay(now)
  let start: number
  let end: number
  if (period === 'daily') {
    start = day
    end = day + DAY
  } else if (period === 'weekly') {
    const sinceSaturday = (new Date(day).getUTCDay() + 1) % 7
    start = day - sinceSaturday * DAY
    end = start + 7 * DAY
  } else {
    const n = MONTHS[period]!
    let m = monthStart(day)
    // step back to the first month of the quarter / half-year / year
    while ((jalaliOf(m).month - 1) % n !== 0) m = monthStart(m - DAY)
    start = m
    end = addMonths(m, n)
  }
  return { start: start - TEHRAN_OFFSET, end: end - TEHRAN_OFFSET }
}

// ---- contracts -------------------------------------------------------------------------

export const findContract = (t: Tenant, token: string): BazaarPayContract | undefined =>
  Object.hasOwn(t.bazaarpay.contracts, token) ? t.bazaarpay.contracts[token] : undefined

export const refreshContract = (c: BazaarPayContract, now: number): BazaarPayContract => {
  if ((c.state === 'active' || c.state === 'new') && now >= c.expires_at) c.state = 'expired'
  return c
}

export const initContract = (
  ctx: SandboxContext,
  t: Tenant,
  input: Pick<BazaarPayContract, 'type' | 'amount_limit' | 'period' | 'redirect_url' | 'owner_phone_number'>
): BazaarPayContract => {
  const now = ctx.clock.now()
  const c: BazaarPayContract = {
    token: randomUUID(),
    ...input,
    phone: null,
    state: 'new',
    created_at: now,
    expires_at: now + t.bazaarpay.settings.contract_lifetime_days * DAY,
    payments: [],
    fail: null
  }
  t.bazaarpay.contracts[c.token] = c
  ctx.store.setIndex(INDEX.contract, c.token, t.id)
  return c
}

export const contractLimit = (c: BazaarPayContract, now: number) => {
  const { start, end } = periodBounds(c.period, now)
  const used = c.payments.filter((p) => p.at >= start && p.at < end).reduce((s, p) => s + p.amount, 0)
  return { remaining: Math.max(0, c.amount_limit - used), period_end: end }
}

/** The user signs or refuses on the signing page. */
export const signContract = (ctx: SandboxContext, c: BazaarPayContract, decision: 'accept' | 'decline', phone: string | null): 'ok' | 'not_new' | 'wrong_phone' => {
  refreshContract(c, ctx.clock.now())
  if (c.state !== 'new') return 'not_new'
  if (decision === 'accept') {
    if (c.owner_phone_number && phone !== c.owner_phone_number) return 'wrong_phone'
    c.state = 'active'
    c.phone = phone ?? c.owner_phone_number
  } else c.state = 'declined'
  return 'ok'
}

export const cancelContract = (ctx: SandboxContext, c: BazaarPayContract): boolean => {
  refreshContract(c, ctx.clock.now())
  if (c.state !== 'active') return false
  c.state = 'cancelled'
  return true
}

const PERIOD_WORDS: Record<ContractPeriod, { fa: string; en: string }> = {
  daily: { fa: 'روزانه', en: 'day' },
  weekly: { fa: 'هفتگی', en: 'week' },
  monthly: { fa: 'ماهانه', en: 'month' },
  quarterly: { fa: 'سه‌ماهه', en: 'quarter' },
  semiannual: { fa: 'شش‌ماهه', en: 'half-year' },
  yearly: { fa: 'سالانه', en: 'year' }
}

/** The documented over-the-limit text (weekly, 10,000 tomans) with the contract's own period and limit [I]. */
export const overMaxText = (c: BazaarPayContract, lang: Lang, v1: boolean): string => {
  const e = DIRECT_PAY_ERRORS.contract_pay_over_max
  const tomans = groupThousands(Math.floor(c.amount_limit / 10))
  if (lang === 'en') return (v1 ? e.v1_en : e.en).replace('10,000', tomans).replace('per week', `per ${PERIOD_WORDS[c.period].en}`)
  return (v1 ? e.v1_fa : e.fa).replace('۱۰,۰۰۰', toPersianDigits(tomans)).replace('هفتگی', PERIOD_WORDS[c.period].fa)
}

export class DirectPayFailure extends Error {
  constructor(readonly scenario: DirectPayScenario | 'already_paid') {
    super(scenario)
  }
}

/**
 * §1.5.10 (e): pay a checkout from an active contract, committed at once. Idempotent on the
 * checkout. Checks in this order: the checkout, injected failures, the contract, the user, the
 * period limit, then the wallet balance or the direct-debit limits.
 */
export const directPay = (ctx: SandboxContext, t: Tenant, contract: BazaarPayContract, c: BazaarPayCheckout): void => {
  const now = ctx.clock.now()
  const s = t.bazaarpay.settings
  refreshCheckout(t, c, now)
  refreshContract(contract, now)
  if (c.paid_via === 'direct_pay' && c.contract_token === contract.token) return
  if (c.status === 'timed_out') throw new DirectPayFailure('checkout_token_expired')
  if (c.status !== 'unpaid') throw new DirectPayFailure('already_paid')
  if (contract.fail) {
    const { scenario } = contract.fail
    if (contract.fail.remaining !== null && --contract.fail.remaining <= 0) contract.fail = null
    throw new DirectPayFailure(scenario)
  }
  if (contract.state !== 'active') throw new DirectPayFailure('direct_pay_is_not_active')
  const user = contract.phone ? userOf(t.bazaarpay, contract.phone, true)! : undefined
  if (user?.disabled) throw new DirectPayFailure('user_account_disabled')
  if (c.amount > contractLimit(contract, now).remaining) throw new DirectPayFailure('contract_pay_over_max')
  if (contract.type === 'wallet') {
    if (!user || user.balance < c.amount) throw new DirectPayFailure('insufficient_wallet_balance')
  } else {
    const dd = s.direct_debit
    if (c.amount < dd.min_amount) throw new DirectPayFailure('direct_debit_less_than_allowed')
    if (c.amount > dd.max_per_transaction) throw new DirectPayFailure('direct_debit_over_max_per_transaction')
    const day = periodBounds('daily', now)
    const month = periodBounds('monthly', now)
    const inDay = contract.payments.filter((p) => p.at >= day.start)
    const inMonth = contract.payments.filter((p) => p.at >= month.start)
    const sum = (xs: typeof inDay) => xs.reduce((a, p) => a + p.amount, 0)
    if (inDay.length >= dd.max_count_per_day) throw new DirectPayFailure('direct_debit_over_max_count_of_transactions_per_day')
    if (sum(inDay) + c.amount > dd.max_amount_per_day) throw new DirectPayFailure('direct_debit_over_max_amount_of_transaction_per_day')
    if (inMonth.length >= dd.max_count_per_month) throw new DirectPayFailure('direct_debit_over_max_count_of_transactions_per_month')
    if (sum(inMonth) + c.amount > dd.max_amount_per_month) throw new DirectPayFailure('direct_debit_over_max_amount_of_transactions_per_month')
  }
  if (contract.type === 'wallet') user!.balance -= c.amount
  contract.payments.push({ at: now, amount: c.amount, checkout_token: c.token })
  Object.assign(c, { status: 'paid_committed', paid_via: 'direct_pay', payer_phone: contract.phone, contract_token: contract.token, payment_at: now, commit_at: now })
}

// ---- auto-login user tokens ----------------------------------------------------------

export const createUserToken = (ctx: SandboxContext, t: Tenant, phone: string, scope: AutoLoginScope): BazaarPayUserToken => {
  const now = ctx.clock.now()
  // the documented sample looks like `A1y.023e717-8b4c1045529003314f429f0.81f023z=`: opaque
  const token = `${randomToken(3)}.${randomToken(18)}.${randomToken(6)}=`
  const ut: BazaarPayUserToken = { token, phone_number: phone, scope, created_at: now, expires_at: now + t.bazaarpay.settings.user_token_ttl_seconds * 1000 }
  t.bazaarpay.user_tokens[token] = ut
  ctx.store.setIndex(INDEX.userToken, token, t.id)
  return ut
}

/** A live user token of this tenant, optionally of one scope. */
export const findUserToken = (ctx: SandboxContext, token: string | undefined, scope?: AutoLoginScope): { tenant: Tenant; ut: BazaarPayUserToken } | undefined => {
  if (!token) return undefined
  const tenant = ctx.store.findTenant(INDEX.userToken, token)
  const ut = tenant && Object.hasOwn(tenant.bazaarpay.user_tokens, token) ? tenant.bazaarpay.user_tokens[token] : undefined
  if (!tenant || !ut || ctx.clock.now() >= ut.expires_at) return undefined
  if (scope && ut.scope !== scope) return undefined
  return { tenant, ut }
}

/** Single use on the web pages (§1.5.11: "created afresh for each payment flow") [I]. */
export const consumeUserToken = (ctx: SandboxContext, t: Tenant, token: string) => {
  delete t.bazaarpay.user_tokens[token]
  ctx.store.deleteIndex(INDEX.userToken, token)
}
