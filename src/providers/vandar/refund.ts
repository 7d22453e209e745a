/**
 * بازگشت وجه — IPG refund (specs/vandar.md §3): POST /v3/business/{b}/transaction/{transId}/refund.
 * Full or partial; needs a verified IPG payment of this business and enough wallet; large refunds
 * are split into chunks; each entry is PENDING, then final on the sandbox clock, when `notify_url`
 * receives a form-encoded webhook (§0.9). Error bodies beyond 401 are inferred (§3) [I].
 */
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { SandboxContext } from '../../core/context.js'
import { toEnglishDigits } from '../../core/validators.js'
import type { VandarAuth } from './auth.js'
import { VandarError, fieldRuleError, toolError } from './errors.js'
import { jalaliDateTime } from './dates.js'
import { refund, refundDate, refundSettling } from './refund.operations.js'
import { FieldRuleError, NotFoundMessage, RefundRequest, RefundResponse, ToolError, Unauthenticated } from './schemas.js'
import { VANDAR_TEXT as T } from './text.js'

/** Inferred messages (the documents give none) [I]. */
export const REFUND_INFERRED_TEXT = {
  tool_inactive: 'ابزار بازگشت وجه برای شما فعال نیست',
  not_found: 'تراکنش مورد نظر یافت نشد.',
  not_refundable: 'تراکنش قابل بازگشت نیست.',
  already_refunded: 'مبلغ این تراکنش قبلا به طور کامل بازگشت داده شده است.',
  amount_invalid: 'مبلغ بازگشت وجه باید عدد باشد.',
  amount_over: 'مبلغ بازگشت وجه بیشتر از مبلغ قابل بازگشت تراکنش است.',
  payment_number_taken: 'این شماره پرداخت قبلا استفاده شده است.',
  notify_url_invalid: 'آدرس notify_url معتبر نیست.'
} as const

type Body = Record<string, unknown>

export const refundRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: VandarAuth) => {
  ctx.lifecycles.add(refundSettling)
  for (const version of ['v3', 'v2'] as const) {
    app.post(
      `/${version}/business/:business/transaction/:transaction_id/refund`,
      {
        onRequest: auth.requireBusiness,
        schema: {
          tags: ['refund'],
          summary: version === 'v3' ? 'بازگشت وجه تراکنش درگاه (IPG refund)' : 'IPG refund (2021 path)',
         
          params: Type.Object({ business: Type.String(), transaction_id: Type.String({ description: 'the IPG transId' }) }),
          body: RefundRequest,
          response: { 200: RefundResponse, 401: Unauthenticated, 404: NotFoundMessage, 422: Type.Union([FieldRuleError, ToolError]) }
        }
      },
      async (req) => {
        const tenant = req.tenant!
        const v = tenant.vandar
        if (!v.settings.refund_enabled) throw toolError(REFUND_INFERRED_TEXT.tool_inactive)
        const transId = (req.params as { transaction_id: string }).transaction_id
        const token = Object.hasOwn(v.payment_by_trans_id, transId) ? v.payment_by_trans_id[transId] : undefined
        const p = token ? v.payments[token] : undefined
        if (!p) throw new VandarError(404, { status: 0, message: REFUND_INFERRED_TEXT.not_found })
        if (p.status !== 'VERIFIED') throw fieldRuleError('transaction_id', REFUND_INFERRED_TEXT.not_refundable)
        const refundable = p.amount - p.refunded
        if (refundable <= 0) throw fieldRuleError('transaction_id', REFUND_INFERRED_TEXT.already_refunded)

        const body = (req.body ?? {}) as Body
        let amount = refundable
        if (body.amount !== undefined && body.amount !== null && body.amount !== '') {
          const s = typeof body.amount === 'number' ? String(body.amount) : typeof body.amount === 'string' ? toEnglishDigits(body.amount.trim()) : ''
          if (!/^\d+$/.test(s) || Number(s) <= 0) throw fieldRuleError('amount', REFUND_INFERRED_TEXT.amount_invalid)
          amount = Number(s)
          if (amount > refundable) throw fieldRuleError('amount', REFUND_INFERRED_TEXT.amount_over)
        }
        const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : typeof x === 'number' ? String(x) : null)
        const paymentNumber = str(body.payment_number)
        if (paymentNumber !== null && Object.hasOwn(v.payment_numbers, paymentNumber)) throw fieldRuleError('payment_number', REFUND_INFERRED_TEXT.payment_number_taken)
        const notifyUrl = str(body.notify_url)
        if (notifyUrl !== null) {
          let ok = false
          try {
            const u = new URL(notifyUrl)
            ok = u.protocol === 'http:' || u.protocol === 'https:'
          } catch {
            ok = false
          }
          if (!ok) throw fieldRuleError('notify_url', REFUND_INFERRED_TEXT.notify_url_invalid)
        }
        const chunks = Math.ceil(amount / v.settings.refund_chunk_rial)
        if (amount + chunks * v.settings.refund_wage_rial > v.wallet - v.blocked) throw fieldRuleError('amount', T.INSUFFICIENT)

        const entries = refund(ctx, tenant, p, {
          amount,
          payment_number: paymentNumber,
          description: str(body.description),
          comment: str(body.comment),
          notify_url: notifyUrl
        })
        return {
          status: 1,
          data: {
            message: T.REFUND_OK,
            results: entries.map((r) => ({
              id: r.id,
              retry_count: r.retry_count,
              gateway_transaction_id: r.gateway_transaction_id,
              amount: String(r.amount),
              wage: r.wage,
              payment_number: r.payment_number,
              status: r.status,
              description: r.description,
              wallet: String(r.wallet),
              refund_date: refundDate(r),
              created_at: jalaliDateTime(r.created_at),
              receipt_url: null
            }))
          }
        }
      }
    )
  }
}
