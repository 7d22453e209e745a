/**
 * درگاه پرداخت IPG v4 (seed 004; specs/vandar.md §2): send, transaction, verify on
 * https://ipg.vandar.io/api/v4/* (and the identical v3 paths). No bearer: `api_key` in the body.
 * Errors are `{"status":0,"errors":[...]}` with Vandar's Persian messages, all failures together.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { isValidNationalId, toEnglishDigits } from '../../core/validators.js'
import type { Tenant } from '../../state/model.js'
import { gregorianDateTime } from './dates.js'
import { ipgError, tooManyAttempts } from './errors.js'
import { VANDAR_RATE_LIMITS } from './auth.js'
import type { VandarPayment } from './model.js'
import {
  cardHash,
  chargedAmount,
  createPayment,
  isLuhn,
  maskCard,
  onRegisteredDomain,
  paymentExpiry,
  realAmount,
  transactionCode,
  verifyPayment,
  type SendInput
} from './ipg.operations.js'
import { IpgErrors, IpgSendRequest, IpgSendResponse, IpgTokenRequest, IpgTransactionResponse, IpgVerifyResponse, TooManyAttempts } from './schemas.js'
import { VANDAR_TEXT as T } from './text.js'
import { sandboxHint } from '../../core/hints.js'
import { callbackDomainHint, ipWhitelistHint } from './sandbox-hints.js'

/**
 * Messages the documents do not give, in the documented messages' own patterns [I]
 * (specs §2.1 lists no text for these rules).
 */
export const IPG_INFERRED_TEXT = {
  MOBILE_INVALID: 'شماره موبایل قابل قبول نیست.',
  NATIONAL_CODE_NEEDS_MOBILE: 'وارد کردن mobile_number همراه با national_code الزامی است',
  CARDS_MAX: 'valid_card_number نباید بیشتر از 10 شماره کارت باشد',
  DESCRIPTION_MAX: 'description نباید بیشتر از 255 کاراکتر باشد',
  PORT_INVALID: 'port معتبر نیست'
} as const

type Body = Record<string, unknown>

const present = (v: unknown) => v !== undefined && v !== null && v !== ''
const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null)

/** `valid_card_number` as JSON array, single string, or form keys `valid_card_number[]` / `valid_card_number[0]`. */
const cardsOf = (body: Body): unknown[] | undefined => {
  const direct = body.valid_card_number ?? body['valid_card_number[]']
  const indexed = Object.keys(body)
    .filter((k) => /^valid_card_number\[\d+\]$/.test(k))
    .sort((a, b) => Number(a.slice(18, -1)) - Number(b.slice(18, -1)))
    .map((k) => body[k])
  if (indexed.length > 0) return indexed
  if (direct === undefined || direct === null || direct === '') return undefined
  return Array.isArray(direct) ? direct : [direct]
}

export const ipgRoutes = (app: FastifyInstance, ctx: SandboxContext) => {
  const { store } = ctx
  ctx.lifecycles.add(paymentExpiry)

  const tenantOfKey = (key: unknown): Tenant | undefined => (typeof key === 'string' && key !== '' ? store.findTenant('vandar:api_key', key) : undefined)

  /** Throttled per api_key (or IP); the IPG is a POST API. */
  const throttle = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const key = typeof (req.body as Body)?.api_key === 'string' ? `key:${String((req.body as Body).api_key)}` : `ip:${req.ip}`
    const verdict = ctx.limiter.hit(`vandar:ipg:${key}`, VANDAR_RATE_LIMITS.post)
    if (!verdict.allowed) {
      tooManyAttempts(reply, verdict.retryAfter, verdict.limit, ctx.clock.nowSeconds())
      return false
    }
    reply.header('x-ratelimit-limit', String(verdict.limit)).header('x-ratelimit-remaining', String(verdict.remaining))
    return true
  }

  const ipAllowed = (tenant: Tenant, req: FastifyRequest, reply: FastifyReply): boolean => {
    const allowed = tenant.vandar.settings.allowed_ips
    if (allowed.length === 0 || allowed.includes(req.ip)) return true
    sandboxHint(reply, ipWhitelistHint(tenant, req.ip))
    return false
  }

  const bindTenant = (req: FastifyRequest, tenant: Tenant) => {
    req.tenant = tenant
    if (req.sandbox) req.sandbox.tenant = tenant.id
    ctx.lifecycles.sweep(tenant)
  }

  // ---- send -------------------------------------------------------------------------
  const send = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!throttle(req, reply)) return reply
    const body = (req.body ?? {}) as Body
    const errors: string[] = []
    const tenant = tenantOfKey(body.api_key)
    if (!present(body.api_key)) errors.push(T.API_KEY_REQUIRED)
    else if (!tenant) errors.push(T.API_KEY_INVALID)
    else if (!ipAllowed(tenant, req, reply)) errors.push(T.IP_INVALID)

    let amount = 0
    if (!present(body.amount)) errors.push(T.AMOUNT_REQUIRED)
    else {
      const raw = typeof body.amount === 'number' ? body.amount : typeof body.amount === 'string' ? toEnglishDigits(body.amount.trim()) : NaN
      const n = typeof raw === 'number' ? raw : /^\d+(\.0+)?$/.test(raw) ? Number(raw) : NaN
      if (!Number.isSafeInteger(n)) errors.push(T.AMOUNT_NUMERIC)
      else if (n < 1000) errors.push(T.AMOUNT_MIN)
      else amount = n
    }

    const callback = body.callback_url
    if (!present(callback)) errors.push(T.CALLBACK_REQUIRED)
    else {
      let url: URL | undefined
      try {
        url = typeof callback === 'string' ? new URL(callback) : undefined
      } catch {
        url = undefined
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || (callback as string).length >= 255) errors.push(T.CALLBACK_INVALID)
      else if (tenant && !onRegisteredDomain(tenant.vandar, url.hostname.replace(/^\[|\]$/g, ''))) {
        errors.push(T.CALLBACK_DOMAIN)
        sandboxHint(reply, callbackDomainHint(tenant, url.hostname))
      }
    }

    const mobile = str(body.mobile_number)
    if (mobile !== null && !/^09\d{9}$/.test(toEnglishDigits(mobile))) errors.push(IPG_INFERRED_TEXT.MOBILE_INVALID)
    const nationalCode = str(body.national_code)
    if (nationalCode !== null) {
      if (!isValidNationalId(toEnglishDigits(nationalCode))) errors.push(T.NATIONAL_CODE_INVALID)
      else if (mobile === null) errors.push(IPG_INFERRED_TEXT.NATIONAL_CODE_NEEDS_MOBILE)
    }
    const rawCards = cardsOf(body)
    let cards: string[] | null = null
    if (rawCards) {
      cards = rawCards.map((c) => toEnglishDigits(String(c ?? '')).replace(/[\s-]/g, ''))
      if (cards.length > 10) errors.push(IPG_INFERRED_TEXT.CARDS_MAX)
      if (cards.some((c) => !/^\d{16}$/.test(c) || !isLuhn(c))) errors.push(T.CARD_INVALID)
    }
    const description = str(body.description)
    if (description !== null && description.length > 255) errors.push(IPG_INFERRED_TEXT.DESCRIPTION_MAX)
    const port = str(body.port)
    if (port !== null && port !== 'SAMAN' && port !== 'BEHPARDAKHT') errors.push(IPG_INFERRED_TEXT.PORT_INVALID)

    if (tenant) bindTenant(req, tenant)
    if (errors.length > 0 || !tenant) throw ipgError(errors)
    const input: SendInput = {
      amount,
      callback_url: callback as string,
      mobile_number: mobile === null ? null : toEnglishDigits(mobile),
      factor_number: str(body.factorNumber),
      description,
      national_code: nationalCode === null ? null : toEnglishDigits(nationalCode),
      valid_card_numbers: cards,
      comment: str(body.comment),
      port
    }
    const payment = createPayment(ctx, tenant, input)
    return { status: 1, token: payment.token }
  }

  /** api_key and token of transaction / verify: the payment, or every error at once. */
  const paymentFor = (req: FastifyRequest, reply: FastifyReply): { tenant: Tenant; payment: VandarPayment } => {
    const body = (req.body ?? {}) as Body
    const errors: string[] = []
    const tenant = tenantOfKey(body.api_key)
    if (!present(body.api_key)) errors.push(T.API_KEY_REQUIRED)
    else if (!tenant) errors.push(T.API_KEY_INVALID)
    else if (!ipAllowed(tenant, req, reply)) errors.push(T.IP_INVALID)
    const token = str(body.token)
    let payment: VandarPayment | undefined
    if (token === null) errors.push(T.TOKEN_REQUIRED)
    else if (tenant) {
      payment = Object.hasOwn(tenant.vandar.payments, token) ? tenant.vandar.payments[token] : undefined
      if (!payment) errors.push(T.TOKEN_INVALID)
    }
    if (tenant) bindTenant(req, tenant)
    if (errors.length > 0 || !tenant || !payment) throw ipgError(errors)
    return { tenant, payment }
  }

  const transaction = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!throttle(req, reply)) return reply
    const { tenant, payment: p } = paymentFor(req, reply)
    const v = tenant.vandar
    const { code, message } = transactionCode(p)
    const paid = p.paid_at !== null && p.status !== 'FAILED'
    return {
      status: 1,
      amount: String(chargedAmount(v, p)),
      wage: String(p.wage),
      shaparakWage: String(v.settings.shaparak_wage_rial),
      transId: p.trans_id,
      refnumber: paid ? p.ref_number : null,
      trackingCode: paid ? p.tracking_code : null,
      factorNumber: p.factor_number,
      mobile: p.mobile_number,
      description: p.description,
      cardNumber: p.card_number ? maskCard(p.card_number) : null,
      CID: p.card_number ? cardHash(p.card_number) : null,
      createdAt: gregorianDateTime(p.created_at),
      paymentDate: p.paid_at !== null ? gregorianDateTime(p.paid_at) : null,
      code,
      message
    }
  }

  const verify = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!throttle(req, reply)) return reply
    const { tenant, payment } = paymentFor(req, reply)
    const outcome = verifyPayment(ctx, tenant, payment)
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'verified':
          throw ipgError([T.ALREADY_ANNOUNCED], 2)
        case 'expired':
          throw ipgError([T.TRANSACTION_FAILED], 3)
        default:
          throw ipgError([T.TRANSACTION_FAILED], 0)
      }
    }
    const v = tenant.vandar
    const p = outcome.payment
    return {
      status: 1,
      amount: `${chargedAmount(v, p)}.00`,
      realAmount: realAmount(v, p),
      wage: String(p.wage),
      shaparakWage: String(v.settings.shaparak_wage_rial),
      transId: p.trans_id,
      factorNumber: p.factor_number,
      mobile: p.mobile_number,
      description: p.description,
      cardNumber: p.card_number ? maskCard(p.card_number) : null,
      paymentDate: gregorianDateTime(p.paid_at!),
      cid: p.card_number ? cardHash(p.card_number) : null,
      message: 'ok'
    }
  }

  for (const version of ['v4', 'v3'] as const) {
    const tags = [version === 'v4' ? 'ipg' : 'ipg v3 (identical contract)']
    app.post(
      `/api/${version}/send`,
      { schema: { tags, summary: 'ارسال اطلاعات و دریافت توکن (send)', body: IpgSendRequest, response: { 200: IpgSendResponse, 422: IpgErrors, 429: TooManyAttempts } } },
      send
    )
    app.post(
      `/api/${version}/transaction`,
      { schema: { tags, summary: 'دریافت اطلاعات تراکنش (transaction)', body: IpgTokenRequest, response: { 200: IpgTransactionResponse, 422: IpgErrors, 429: TooManyAttempts } } },
      transaction
    )
    app.post(
      `/api/${version}/verify`,
      { schema: { tags, summary: 'تائید تراکنش (verify; answers success exactly once)', body: IpgTokenRequest, response: { 200: IpgVerifyResponse, 422: IpgErrors, 429: TooManyAttempts } } },
      verify
    )
  }
}

