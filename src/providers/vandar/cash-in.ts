/**
 * ابزار واریز بانکی — cash-in (seed 003; specs/vandar.md §7): the business's own Ayandeh accounts
 * into its Vandar wallet. Bearer; the tool must be switched on for the business (else the
 * documented 422 `{"status":0,"errors":{"error":"ابزار واریز بانکی برای شما فعال نیست"}}`).
 * The documented 500 bodies are reachable through faults (docs/vandar.md).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { SandboxContext } from '../../core/context.js'
import { isValidIban, toEnglishDigits } from '../../core/validators.js'
import type { Tenant } from '../../state/model.js'
import type { VandarAuth } from './auth.js'
import { laravel422, toolError, type FieldErrors } from './errors.js'
import type { CashInAccount } from './model.js'
import { deposit, depositLanding } from './cash-in.operations.js'
import { receiptLink } from '../../pages/vandar-receipt.js'
import {
  CashInAccountsResponse,
  CashInBalanceRequest,
  CashInBalanceResponse,
  CashInDepositRequest,
  CashInDepositResponse,
  LaravelValidation,
  ToolError,
  Unauthenticated
} from './schemas.js'
import { VANDAR_TEXT as T } from './text.js'

/** Laravel messages the seed does not give (Persian, in Laravel's fa pattern) [I]. */
export const CASH_IN_INFERRED_TEXT = {
  required: (field: string) => `فیلد ${field} الزامی است.`,
  numeric: (field: string) => `${field} باید عدد باشد.`,
  min: (field: string) => `${field} باید بزرگتر از صفر باشد.`,
  string: (field: string) => `${field} باید رشته باشد.`,
  over_available: 'مبلغ درخواستی بیشتر از موجودی قابل برداشت حساب است.'
} as const

type Body = Record<string, unknown>

const toolOn = (tenant: Tenant) => {
  if (!tenant.vandar.settings.cash_in_enabled) throw toolError(T.CASH_IN_INACTIVE)
}

/** The active account an IBAN names, or the documented iban errors (format first, then not found). */
const accountOf = (tenant: Tenant, raw: unknown, errors: FieldErrors): CashInAccount | undefined => {
  if (raw === undefined || raw === null || raw === '') {
    errors.iban = [CASH_IN_INFERRED_TEXT.required('iban')]
    return undefined
  }
  const iban = typeof raw === 'string' ? toEnglishDigits(raw.trim()) : String(raw)
  const account = tenant.vandar.cash_in_accounts.find((a) => a.active && a.IBAN === iban)
  if (account) return account
  errors.iban = isValidIban(iban) ? [T.IBAN_NOT_FOUND] : [T.IBAN_INVALID, T.IBAN_NOT_FOUND]
  return undefined
}

/**
 * Fastify does not parse a GET body; the MD sample sends one (JSON or form), so read it here.
 * Anything unreadable is no input, as Laravel treats it.
 */
const getBody = async (req: FastifyRequest) => {
  const length = Number(req.headers['content-length'] ?? 0)
  if (!(length > 0) && !req.headers['transfer-encoding']) return
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req.raw) {
    size += (chunk as Buffer).length
    if (size > 64 * 1024) return
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (!text) return
  const type = String(req.headers['content-type'] ?? '')
  try {
    req.body = type.includes('x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : (JSON.parse(text) as unknown)
  } catch {
    req.body = {}
  }
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) req.body = {}
}

export const cashInRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: VandarAuth) => {
  ctx.lifecycles.add(depositLanding)
  const common = { onRequest: auth.requireBusiness }
  const errorResponses = { 401: Unauthenticated, 422: Type.Union([LaravelValidation, ToolError], { description: 'E3 validation, or E2 tool not active' }), 500: ToolError }

  app.get(
    '/v3/business/:business/cash-in/account',
    { ...common, schema: { tags: ['cash-in'], summary: 'دریافت لیست حساب های فعال (Get Active Ibans)', response: { 200: CashInAccountsResponse, ...errorResponses } } },
    async (req) => {
      const tenant = req.tenant!
      toolOn(tenant)
      return {
        data: tenant.vandar.cash_in_accounts
          .filter((a) => a.active)
          .map((a) => ({ account_number: a.account_number, account_description: T.ACCOUNT_ACTIVE, id: null, IBAN: a.IBAN, account_owner: a.account_owner, bank_name: a.bank_name }))
      }
    }
  )

  const balance = async (req: FastifyRequest) => {
    const tenant = req.tenant!
    toolOn(tenant)
    const body = { ...((req.query ?? {}) as Body), ...((req.body ?? {}) as Body) }
    const errors: FieldErrors = {}
    const account = accountOf(tenant, body.iban, errors)
    if (!account) throw laravel422(errors)
    return { balance: account.balance, available_balance: account.available_balance }
  }
  const response = { 200: CashInBalanceResponse, ...errorResponses }
  app.post(
    '/v3/business/:business/cash-in/account/balance',
    { ...common, schema: { tags: ['cash-in'], summary: 'دریافت موجودی حساب (Get Balance)', body: CashInBalanceRequest, response } },
    balance
  )
  // The MD sample sends GET with a JSON body; accept it (and the query string).
  app.get(
    '/v3/business/:business/cash-in/account/balance',
    { ...common, preHandler: getBody, schema: { tags: ['cash-in'], summary: 'Get Balance (GET variant of the MD sample; iban in the body or the query)', querystring: CashInBalanceRequest, response } },
    balance
  )

  app.post(
    '/v3/business/:business/cash-in/account/deposit',
    {
      ...common,
      schema: {
        tags: ['cash-in'],
        summary: 'درخواست واریز بانکی (Deposit): split into 1,000,000,000-rial entries, INIT then DONE',
       
        body: CashInDepositRequest,
        response: { 200: CashInDepositResponse, ...errorResponses }
      }
    },
    async (req) => {
      const tenant = req.tenant!
      toolOn(tenant)
      const body = (req.body ?? {}) as Body
      const errors: FieldErrors = {}
      const account = accountOf(tenant, body.iban, errors)

      let amount = 0
      if (body.amount === undefined || body.amount === null || body.amount === '') errors.amount = [CASH_IN_INFERRED_TEXT.required('amount')]
      else {
        const s = typeof body.amount === 'number' ? String(body.amount) : typeof body.amount === 'string' ? toEnglishDigits(body.amount.trim()) : ''
        if (!/^\d+(\.0+)?$/.test(s)) errors.amount = [CASH_IN_INFERRED_TEXT.numeric('amount')]
        else if (Number(s) <= 0) errors.amount = [CASH_IN_INFERRED_TEXT.min('amount')]
        else amount = Number(s)
      }

      const trackId = body.track_id
      if (trackId === undefined || trackId === null || trackId === '') errors.track_id = [CASH_IN_INFERRED_TEXT.required('track_id')]
      else if (typeof trackId !== 'string' && typeof trackId !== 'number') errors.track_id = [CASH_IN_INFERRED_TEXT.string('track_id')]
      else if (Object.hasOwn(tenant.vandar.track_ids, String(trackId))) errors.track_id = [T.TRACK_ID_DUPLICATE]

      if (account && amount > 0 && amount > account.available_balance && !errors.amount) errors.amount = [CASH_IN_INFERRED_TEXT.over_available]
      if (Object.keys(errors).length > 0 || !account) throw laravel422(errors)

      const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null)
      const entries = deposit(ctx, tenant, { iban: account.IBAN, amount, track_id: String(trackId), description: str(body.description), comment: str(body.comment) })
      return {
        status: 1,
        message: T.CASH_IN_OK,
        data: {
          cash_in: entries.map((e) => ({
            gateway_transaction_id: e.gateway_transaction_id,
            amount: e.amount,
            amount_toman: Math.floor(e.amount / 10),
            wage: e.wage,
            wage_toman: Math.floor(e.wage / 10),
            status: e.status,
            iban: e.iban,
            receipt_url: receiptLink(req, e.receipt_url)
          }))
        }
      }
    }
  )
}
