/**
 * صورت حساب — statement (specs/vandar.md §24): wallet balance, the transaction list with its
 * cursor (`start_after`, `per_page` <= 100) and filters, and the list's totals (`meta`).
 * Amounts in Toman, as the statement page states.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { VandarAuth } from './auth.js'
import { jalaliDayNumber, statementDateTime } from './dates.js'
import { laravel422, type FieldErrors } from './errors.js'
import type { StatementEntry, VandarTenant } from './model.js'
import { BalanceResponse, LaravelValidation, MetaQuery, MetaResponse, StatementQuery, StatementResponse, Unauthenticated } from './schemas.js'
import { VANDAR_TEXT as T } from './text.js'
import { receiptLink } from '../../pages/vandar-receipt.js'

const toman = (rial: number) => Math.floor(rial / 10)

/** Display channel names: the IPG's is documented; the others are the tools' dashboard names [I]. */
const CHANNEL_NAME: Record<StatementEntry['kind'], string> = {
  ipg: T.CHANNEL_IPG,
  'cash-in': 'واریز بانکی',
  refund: 'بازگشت وجه'
}

/** Which rows a `channel` filter value selects. */
const CHANNEL_FILTER: Record<string, Array<StatementEntry['kind']>> = {
  ipg: ['ipg'],
  'cash-in': ['cash-in'],
  settlements: ['refund'],
  form: [],
  p2p: [],
  subscription: [],
  'cash-in-by-code': []
}

const SEARCH_FIELDS: Record<string, (r: StatementEntry) => Array<string | number | null>> = {
  description: (r) => [r.description],
  ref_id: (r) => [r.ref_id],
  tracking_code: (r) => [r.tracking_code],
  transaction_id: (r) => [r.id],
  factor_number: (r) => [r.factor_number],
  iban: (r) => [r.iban],
  mobile_number: (r) => [r.mobile],
  api_token: (r) => [r.api_token],
  card_number: (r) => [r.card_number],
  form_id: () => [],
  payment_number: (r) => [r.payment_number]
}

const isSettlementKind = (r: StatementEntry) => r.kind === 'refund'

const statusMatches = (r: StatementEntry, status: string): boolean => {
  switch (status) {
    case 'succeed':
      return r.status === 1 || r.status === 2
    case 'failed':
      return r.status === -1 || r.status === -3
    case 'pending':
      return r.status === 3 || r.status === -2
    case 'canceled':
      return r.status === -4
    default:
      return true
  }
}

type Query = Record<string, string | undefined>

/** A repeated query parameter counts with its last value, as PHP reads `?a=1&a=2`. */
export const lastValues = (raw: unknown): Query => {
  const out: Query = {}
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const x = Array.isArray(v) ? v[v.length - 1] : v
    if (x !== undefined && x !== null) out[k] = String(x)
  }
  return out
}

/** Validates the query Laravel-style; returns the filtered rows, newest first. */
const filtered = (v: VandarTenant, q: Query): StatementEntry[] => {
  const errors: FieldErrors = {}
  const day = (field: string) => {
    const raw = q[field]
    if (raw === undefined || raw === '') return undefined
    if (!/^\d{8}$/.test(raw)) errors[field] = [`The ${field} format is invalid.`]
    return Number(raw)
  }
  const from = day('fromDate')
  const to = day('toDate')
  if (q.statusKind && q.statusKind !== 'transactions' && q.statusKind !== 'settlements') errors.statusKind = ['The selected status kind is invalid.']
  if (q.status && !['succeed', 'failed', 'pending', 'canceled'].includes(q.status)) errors.status = ['The selected status is invalid.']
  if (q.channel && !Object.hasOwn(CHANNEL_FILTER, q.channel)) errors.channel = ['The selected channel is invalid.']
  if (q.search_field && !Object.hasOwn(SEARCH_FIELDS, q.search_field)) errors.search_field = ['The selected search field is invalid.']
  if (Object.keys(errors).length > 0) throw laravel422(errors)

  const eq = (value: string | undefined, actual: string | number | null) => value === undefined || value === '' || String(actual ?? '') === value
  return v.statement
    .filter((r) => {
      if (from !== undefined && jalaliDayNumber(r.created_at) < from) return false
      if (to !== undefined && jalaliDayNumber(r.created_at) > to) return false
      if (q.statusKind === 'transactions' && isSettlementKind(r)) return false
      if (q.statusKind === 'settlements' && !isSettlementKind(r)) return false
      if (q.status && !statusMatches(r, q.status)) return false
      if (q.channel && !CHANNEL_FILTER[q.channel].includes(r.kind)) return false
      if (q.formId) return false
      if (!eq(q.ref_id, r.ref_id) || !eq(q.tracking_code, r.tracking_code) || !eq(q.id, r.id) || !eq(q.track_id, r.track_id) || !eq(q.factor_number, r.factor_number))
        return false
      if (q.q) {
        const fields = q.search_field ? [SEARCH_FIELDS[q.search_field]] : Object.values(SEARCH_FIELDS)
        const needle = q.q.toLowerCase()
        if (!fields.some((f) => f(r).some((x) => x !== null && String(x).toLowerCase().includes(needle)))) return false
      }
      return true
    })
    .reverse()
}

const perPageOf = (q: Query, fallback: number): number => {
  if (q.per_page === undefined || q.per_page === '') return fallback
  if (!/^\d+$/.test(q.per_page)) throw laravel422({ per_page: ['The per page must be an integer.'] })
  const n = Number(q.per_page)
  if (n < 1) throw laravel422({ per_page: ['The per page must be at least 1.'] })
  if (n > 100) throw laravel422({ per_page: ['The per page must not be greater than 100.'] })
  return n
}

/** One statement row as §24 shows it. */
export const statementRow = (req: FastifyRequest, v: VandarTenant, r: StatementEntry) => ({
  id: r.id,
  uuid: r.uuid,
  amount: toman(r.amount),
  wage: toman(r.wage),
  status: r.status,
  ref_id: r.ref_id,
  tracking_code: r.tracking_code,
  card_number: r.card_number,
  cid: r.cid,
  verified: r.verified,
  channel: CHANNEL_NAME[r.kind],
  payment_date: r.payment_date === null ? null : statementDateTime(r.payment_date),
  payment_number: r.payment_number,
  created_at: statementDateTime(r.created_at),
  updated_at: statementDateTime(r.updated_at),
  wallet: toman(r.wallet),
  result: null,
  description: r.description,
  factorNumber: r.factor_number,
  mobile: r.mobile,
  callback_url: r.callback_url,
  form_title: null,
  settlement: null,
  settlement_port: null,
  comments: [],
  api_token: r.api_token,
  logs:
    r.result_code === null
      ? null
      : { transaction_id: r.id, result_code: r.result_code, result_message: r.result_message, log_date: statementDateTime(r.updated_at), group: T.USER_ERROR },
  revised_transaction_id: null,
  refund: r.refund,
  refund_detail_ids: [],
  port: r.port,
  payer: {
    ip: r.payer_ip,
    iban: r.kind === 'cash-in' ? r.iban : null,
    name: null,
    slug: null,
    avatar: null,
    legal_name: null,
    business_owner: null,
    email: null,
    phone: null,
    address: null,
    mobile: r.mobile,
    additional_fields: null,
    description: r.description
  },
  receiver: { name: null, legal_name: null, slug: null, avatar: null, business_owner: null, iban: null, bank_name: null },
  receipt_url: receiptLink(req, r.receipt_url),
  track_id: r.track_id,
  time_prediction: {
    settlement_done_time_prediction: null,
    settlement_cancelable_time: null,
    is_settlement_paya_report_finally: null,
    settlement_paya_report_finally_time: null,
    is_after_time_prediction: null,
    p2p_time_prediction: null
  },
  effective_time_stamp: Math.floor(r.created_at / 1000)
})

export const statementRoutes = (app: FastifyInstance, _ctx: SandboxContext, auth: VandarAuth) => {
  const common = { onRequest: auth.requireBusiness }

  app.get(
    '/v2/business/:business/balance',
    { ...common, schema: { tags: ['statement'], summary: 'موجودی کیف پول (Toman)', response: { 200: BalanceResponse, 401: Unauthenticated } } },
    async (req) => ({ status: 1, data: { wallet: toman(req.tenant!.vandar.wallet), currency: 'Toman' } })
  )

  for (const version of ['v3', 'v2'] as const) {
    app.get(
      `/${version}/business/:business/transaction`,
      {
        ...common,
        schema: {
          tags: ['statement'],
          summary: version === 'v3' ? 'لیست تراکنش‌ها (cursor: start_after, per_page <= 100)' : 'لیست تراکنش‌ها (v2 path of the Postman collection)',
         
          querystring: StatementQuery,
          response: { 200: StatementResponse, 401: Unauthenticated, 422: LaravelValidation }
        }
      },
      async (req) => {
        const v = req.tenant!.vandar
        const q = lastValues(req.query)
        const perPage = perPageOf(q, 10)
        let rows = filtered(v, q)
        if (q.start_after !== undefined && q.start_after !== '') {
          if (!/^\d+$/.test(q.start_after)) throw laravel422({ start_after: ['The start after must be an integer.'] })
          const after = Number(q.start_after)
          rows = rows.filter((r) => r.id < after)
        }
        const page = rows.slice(0, perPage)
        return { status: 1, has_more: rows.length > perPage, data: page.map((r) => statementRow(req, v, r)) }
      }
    )
  }

  app.get(
    '/v3/business/:business/meta',
    {
      ...common,
      schema: {
        tags: ['statement'],
        summary: 'تعداد کل تراکنش‌ها و صفحات (same filters as the list)',
       
        querystring: MetaQuery,
        response: { 200: MetaResponse, 401: Unauthenticated, 422: LaravelValidation }
      }
    },
    async (req) => {
      const q = lastValues(req.query)
      const perPage = perPageOf(q, 20)
      const total = filtered(req.tenant!.vandar, q).length
      return { status: 1, data: { total, pages: Math.ceil(total / perPage) } }
    }
  )
}
