/**
 * پرداخت (payment.md, §1.5.1–1.5.7): checkout/init, commit, trace, refund,
 * get-checkouts-status and the v3 bank-refund, in the order the route index lists them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { controlRoute, sandboxHint } from '../../core/hints.js'
import type { Tenant } from '../../state/model.js'
import type { BazaarPayAuth } from './auth.js'
import { BazaarPayError, DRF, FieldErrors, languageOf, notAuthenticated, type Lang } from './errors.js'
import {
  INDEX,
  bankRefundCheckout,
  bankState,
  commitCheckout,
  djangoIso,
  findCheckout,
  initCheckout,
  refreshCheckout,
  refundCheckout
} from './operations.js'
import type { BazaarPayCheckout } from './model.js'
import { DIRECT_PAY_ERRORS } from './texts.js'
import { webUrl } from './web.js'
import { requestUrl } from '../../core/urls.js'
import {
  BankRefundQuery,
  BankRefundResponse,
  BankStateResponse,
  CheckoutInitRequest,
  CheckoutInitResponse,
  CheckoutTokenRequest,
  CursorQuery,
  GetCheckoutsStatusRequest,
  GetCheckoutsStatusResponse,
  RefundRequest,
  TraceResponse,
  Empty,
  v1Responses,
  v2Responses,
  type CheckoutItem
} from './schemas.js'

/** Anonymous init and commit are refused only because a sandbox setting asks for it. */
const requireAuthHint = (tenant: string) =>
  `this tenant's setting require_auth_on_init_commit refuses init and commit without the merchant's Authorization header; ` +
  `send it, or turn the setting off with ${controlRoute('PATCH', '/bazaarpay/settings', tenant, { require_auth_on_init_commit: false })}`

/** Texts the docs do not give [I]. */
export const PAYMENT_TEXT = {
  invalid_destination: { fa: 'مقصد پرداخت معتبر نیست.', en: 'Invalid destination.' },
  invalid_checkout_token: { fa: 'توکن پرداخت صحیح نیست.', en: 'Invalid checkout token.' },
  not_paid: { fa: 'این پرداخت هنوز انجام نشده است.', en: 'This checkout has not been paid.' },
  refunded: { fa: 'مبلغ این پرداخت بازگردانده شده است.', en: 'This checkout has been refunded.' },
  amount_too_large: { fa: 'مبلغ بازگشت نمی‌تواند از مبلغ پرداخت بیشتر باشد.', en: 'Refund amount cannot exceed the checkout amount.' },
  window_too_long: { fa: 'بازه‌ی زمانی نباید بیشتر از ۳۱ روز باشد.', en: 'The time window must not exceed 31 days.' },
  window_reversed: { fa: 'زمان پایان باید بعد از زمان شروع باشد.', en: 'The end time must be after the start time.' },
  invalid_cursor: { fa: 'Invalid cursor', en: 'Invalid cursor' }
} as const

const say = (key: keyof typeof PAYMENT_TEXT, lang: Lang) => PAYMENT_TEXT[key][lang]

const invalidCheckoutToken = (lang: Lang) => new FieldErrors([{ param: 'checkout_token', code: 'invalid', detail: say('invalid_checkout_token', lang) }])

/**
 * A checkout the request may act on: by the merchant's token when one was sent (its own checkouts
 * only), else by the token alone (init/commit/trace allow anonymous calls).
 */
const checkoutFor = (ctx: SandboxContext, req: FastifyRequest, token: string): { tenant: Tenant; c: BazaarPayCheckout } | undefined => {
  const tenant = req.tenant ?? ctx.store.findTenant(INDEX.checkout, token)
  const c = tenant ? findCheckout(tenant, String(token)) : undefined
  if (!tenant || !c) return undefined
  if (!req.tenant) {
    req.tenant = tenant
    if (req.sandbox) req.sandbox.tenant = tenant.id
  }
  return { tenant, c }
}

/** ISO-8601 as Django's DateTimeField reads it; naive times are Asia/Tehran (+03:30) [I]. */
const parseIso = (s: string): number | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim())
  if (!m) return null
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', tz] = m
  const zone = tz === undefined ? '+03:30' : tz === 'Z' ? 'Z' : tz.length === 5 ? `${tz.slice(0, 3)}:${tz.slice(3)}` : tz
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}.${(frac + '000').slice(0, 3)}${zone}`)
  return Number.isFinite(ms) ? ms : null
}

const item = (c: BazaarPayCheckout): CheckoutItem => ({
  token: c.token,
  amount: c.amount,
  service_name: c.service_name,
  created_datetime: djangoIso(c.created_at)!,
  status: c.status,
  payment_datetime: djangoIso(c.payment_at),
  commit_datetime: djangoIso(c.commit_at),
  refund_datetime: djangoIso(c.refund_at),
  // §1.5.6 [I]: true exactly when commit_datetime is set
  is_committed: c.commit_at !== null
})

const encodeCursor = (offset: number) => Buffer.from(`o=${offset}`).toString('base64url')
const decodeCursor = (cursor: string): number | null => {
  const m = /^o=(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  return m ? Number(m[1]) : null
}

export const paymentRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: BazaarPayAuth, base: string) => {
  const v1 = { bp_version: 'v1' as const }
  const tags = ['payment']

  app.post(
    `${base}/badje/v1/checkout/init/`,
    {
      config: v1,
      onRequest: auth.optionalMerchant,
      schema: { tags, summary: 'ایجاد پرداخت (checkout/init)', body: CheckoutInitRequest, response: v1Responses(200, CheckoutInitResponse) }
    },
    async (req, reply) => {
      const body = req.body as CheckoutInitRequest
      const lang = languageOf(req)
      const byDestination = ctx.store.findTenant(INDEX.destination, body.destination)
      const tenant = req.tenant ?? byDestination
      if (!tenant || tenant.credentials.bazaarpay.destination !== body.destination) {
        throw new FieldErrors([{ param: 'destination', code: 'invalid', detail: say('invalid_destination', lang) }])
      }
      if (!req.tenant && tenant.bazaarpay.settings.require_auth_on_init_commit) {
        sandboxHint(reply, requireAuthHint(tenant.id))
        throw notAuthenticated(lang)
      }
      req.tenant = tenant
      if (req.sandbox) req.sandbox.tenant = tenant.id
      const c = initCheckout(ctx, tenant, body)
      return { checkout_token: c.token, payment_url: webUrl(req, tenant, '/payment', { token: c.token }) }
    }
  )

  app.post(
    `${base}/badje/v1/commit/`,
    {
      config: v1,
      onRequest: auth.optionalMerchant,
      schema: { tags, summary: 'تایید پرداخت (commit): 204', body: CheckoutTokenRequest, response: v1Responses(204, Empty) }
    },
    async (req, reply) => {
      const lang = languageOf(req)
      const anonymous = !req.tenant
      const found = checkoutFor(ctx, req, (req.body as { checkout_token: string }).checkout_token)
      if (!found) throw invalidCheckoutToken(lang)
      if (anonymous && found.tenant.bazaarpay.settings.require_auth_on_init_commit) {
        sandboxHint(reply, requireAuthHint(found.tenant.id))
        throw notAuthenticated(lang)
      }
      const outcome = commitCheckout(ctx, found.tenant, found.c)
      if (outcome === 'not_paid') throw new BazaarPayError(400, say('not_paid', lang), 'invalid')
      if (outcome === 'timed_out')
        throw new BazaarPayError(400, lang === 'en' ? DIRECT_PAY_ERRORS.checkout_token_expired.v1_en : DIRECT_PAY_ERRORS.checkout_token_expired.fa, 'invalid')
      if (outcome === 'refunded') throw new BazaarPayError(400, say('refunded', lang), 'invalid')
      return reply.code(204).send()
    }
  )

  app.post(
    `${base}/badje/v1/trace/`,
    {
      config: v1,
      onRequest: auth.optionalMerchant,
      schema: { tags, summary: 'وضعیت پرداخت (trace): unknown tokens are invalid_token with 200', body: CheckoutTokenRequest, response: v1Responses(200, TraceResponse) }
    },
    async (req) => {
      const found = checkoutFor(ctx, req, (req.body as { checkout_token: string }).checkout_token)
      if (!found) return { status: 'invalid_token' }
      return { status: refreshCheckout(found.tenant, found.c, ctx.clock.now()).status }
    }
  )

  app.post(
    `${base}/badje/v1/refund/`,
    {
      config: v1,
      onRequest: auth.requireMerchant,
      schema: { tags, summary: 'بازگشت وجه به کیف پول (refund): 204, once per checkout', body: RefundRequest, response: v1Responses(204, Empty) }
    },
    async (req, reply) => {
      const lang = languageOf(req)
      const body = req.body as RefundRequest
      const found = checkoutFor(ctx, req, body.checkout_token)
      if (!found) throw invalidCheckoutToken(lang)
      const outcome = refundCheckout(ctx, found.tenant, found.c, body.amount)
      if (outcome === 'not_paid') throw new BazaarPayError(400, say('not_paid', lang), 'invalid')
      if (outcome === 'amount_too_large') throw new FieldErrors([{ param: 'amount', code: 'invalid', detail: say('amount_too_large', lang) }])
      return reply.code(204).send()
    }
  )

  app.post(
    `${base}/badje/v1/get-checkouts-status/`,
    {
      config: v1,
      onRequest: auth.requireMerchant,
      schema: {
        tags,
        summary: 'وضعیت پرداخت‌ها در یک بازه (get-checkouts-status), cursor-paginated',
        body: GetCheckoutsStatusRequest,
        querystring: CursorQuery,
        response: v1Responses(200, GetCheckoutsStatusResponse)
      }
    },
    async (req, reply) => {
      const lang = languageOf(req)
      const tenant = req.tenant!
      const body = req.body as { start_datetime: string; end_datetime?: string; end_time?: string; filter_date_by?: string }
      const endRaw = body.end_datetime ?? body.end_time
      const problems = []
      const start = parseIso(body.start_datetime)
      if (start === null) problems.push({ param: 'start_datetime', code: 'invalid', detail: datetimeError(lang) })
      if (endRaw === undefined) problems.push({ param: 'end_datetime', code: 'required', detail: requiredError(lang) })
      const end = endRaw === undefined ? null : parseIso(endRaw)
      if (endRaw !== undefined && end === null) problems.push({ param: body.end_datetime !== undefined ? 'end_datetime' : 'end_time', code: 'invalid', detail: datetimeError(lang) })
      if (problems.length) throw new FieldErrors(problems)
      if (end! < start!) throw new FieldErrors([{ param: 'non_field_errors', code: 'invalid', detail: say('window_reversed', lang) }])
      if (end! - start! > tenant.bazaarpay.settings.max_window_days * 86_400_000)
        throw new FieldErrors([{ param: 'non_field_errors', code: 'invalid', detail: say('window_too_long', lang) }])
      const { cursor } = req.query as { cursor?: string }
      const offset = cursor === undefined ? 0 : decodeCursor(cursor)
      if (offset === null) return reply.code(404).send({ detail: say('invalid_cursor', lang) })

      const now = ctx.clock.now()
      const by = body.filter_date_by ?? 'creation_date'
      const dateOf = (c: BazaarPayCheckout) => (by === 'payment_date' ? c.payment_at : by === 'refund_date' ? c.refund_at : c.created_at)
      const matching = Object.values(tenant.bazaarpay.checkouts)
        .map((c) => refreshCheckout(tenant, c, now))
        .filter((c) => {
          const at = dateOf(c)
          return at !== null && at >= start! && at <= end!
        })
        .sort((a, b) => dateOf(b)! - dateOf(a)! || (a.token < b.token ? 1 : -1))
      const size = tenant.bazaarpay.settings.page_size
      const page = matching.slice(offset, offset + size)
      const link = (o: number) => requestUrl(req, `?cursor=${encodeCursor(o)}`)
      return {
        checkouts: page.map(item),
        next: offset + size < matching.length ? link(offset + size) : null,
        previous: offset > 0 ? link(Math.max(0, offset - size)) : null
      }
    }
  )

  // ---- v3 bank-refund (2025-05) ----------------------------------------------------------
  const v3 = { bp_version: 'v3' as const }
  app.post(
    `${base}/badje/v3/bank-refund/`,
    {
      config: v3,
      onRequest: auth.requireMerchant,
      schema: {
        tags,
        summary: 'بازگشت وجه به کیف پول و سپس بانک (v3 bank-refund): 202, or 204 when already applied',
        body: RefundRequest,
        response: { ...v2Responses(202, BankRefundResponse), 204: Empty }
      }
    },
    async (req, reply) => {
      const lang = languageOf(req)
      const body = req.body as RefundRequest
      const found = checkoutFor(ctx, req, body.checkout_token)
      if (!found) throw invalidCheckoutToken(lang)
      const r = bankRefundCheckout(ctx, found.tenant, found.c, body.amount)
      if (r.outcome === 'already_refunded') return reply.code(204).send()
      if (r.outcome === 'not_paid') throw new BazaarPayError(400, say('not_paid', lang), 'invalid')
      if (r.outcome === 'amount_too_large') throw new FieldErrors([{ param: 'amount', code: 'invalid', detail: say('amount_too_large', lang) }])
      return reply.code(202).send({ refunded_to: r.refunded_to })
    }
  )

  const bankStateHandler = async (req: FastifyRequest) => {
    const lang = languageOf(req)
    const token = (req.params as { checkout_token?: string }).checkout_token ?? (req.query as { checkout_token: string }).checkout_token
    const found = checkoutFor(ctx, req, token)
    if (!found) throw invalidCheckoutToken(lang)
    refreshCheckout(found.tenant, found.c, ctx.clock.now())
    return { bank_state: bankState(found.tenant, found.c, ctx.clock.now()) }
  }
  app.get(
    `${base}/badje/v3/bank-refund/`,
    { config: v3, onRequest: auth.requireMerchant, schema: { tags, summary: 'وضعیت بازگشت وجه به بانک', querystring: BankRefundQuery, response: v2Responses(200, BankStateResponse) } },
    bankStateHandler
  )
  app.get(
    `${base}/badje/v3/bank-refund/:checkout_token/`,
    { config: v3, onRequest: auth.requireMerchant, schema: { tags, summary: 'وضعیت بازگشت وجه به بانک (token in the path)', params: BankRefundQuery, response: v2Responses(200, BankStateResponse) } },
    bankStateHandler
  )
}

const datetimeError = (lang: Lang) => DRF.datetime(lang)
const requiredError = (lang: Lang) => DRF.required(lang)
