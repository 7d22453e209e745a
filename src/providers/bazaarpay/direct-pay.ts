/**
 * پرداخت مستقیم (direct-pay.md, §1.5.10): contract init, trace, cancel, payable-amount and the
 * payment itself, v1 (`{detail}`) and v2 (`{detail, code}`). The signing page is in
 * src/pages/bazaarpay-pages.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { Tenant } from '../../state/model.js'
import type { BazaarPayAuth } from './auth.js'
import { BazaarPayError, DRF, FieldErrors, languageOf, type Lang } from './errors.js'
import {
  DirectPayFailure,
  cancelContract,
  contractLimit,
  directPay,
  findCheckout,
  findContract,
  initContract,
  normalizePhone,
  overMaxText,
  refreshContract,
  tomanString,
  userOf,
  djangoIso
} from './operations.js'
import { DIRECT_PAY_ERRORS, TEXT } from './texts.js'
import { webUrl } from './web.js'
import {
  ContractCancelQuery,
  ContractCancelRequest,
  ContractInitRequest,
  ContractInitResponse,
  ContractTokenQuery,
  ContractTokenRequest,
  ContractTraceResponse,
  DirectPayRequest,
  Empty,
  PayableAmountResponse,
  v1Responses,
  v2Responses
} from './schemas.js'
import { PAYMENT_TEXT } from './payment.js'

const contractTokenError = () => new FieldErrors([{ param: 'contract_token', code: 'invalid', detail: TEXT.contract_token_invalid }])

const contractOf = (t: Tenant, token: string | undefined) => (token ? findContract(t, token) : undefined)

/** The documented DirectPay error for a scenario, in the route's version and language. */
const failure = (req: FastifyRequest, f: DirectPayFailure, t: Tenant, contractToken: string): BazaarPayError => {
  const lang: Lang = languageOf(req)
  const v1 = (req.routeOptions.config as { bp_version?: string }).bp_version === 'v1'
  if (f.scenario === 'already_paid') return new BazaarPayError(400, lang === 'en' ? 'This checkout has already been paid.' : 'این پرداخت قبلا انجام شده است.', 'purchase.already_paid')
  const e = DIRECT_PAY_ERRORS[f.scenario]
  let detail: string | readonly string[] = lang === 'en' ? (v1 ? e.v1_en : e.en) : v1 ? e.v1_fa : e.fa
  if (f.scenario === 'contract_pay_over_max') detail = overMaxText(findContract(t, contractToken)!, lang, v1)
  return new BazaarPayError(e.status, detail as string | string[], e.code)
}

export const directPayRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: BazaarPayAuth, base: string) => {
  const v1 = { bp_version: 'v1' as const }
  const tags = ['direct-pay']
  const onRequest = auth.requireMerchant

  app.post(
    `${base}/badje/v1/direct-pay/contract/init/`,
    { config: v1, onRequest, schema: { tags, summary: 'ایجاد قرارداد پرداخت مستقیم', body: ContractInitRequest, response: v1Responses(200, ContractInitResponse) } },
    async (req) => {
      const body = req.body as { type: 'wallet' | 'direct_debit'; amount_limit: number; period: 'daily'; redirect_url?: string; owner_phone_number?: string }
      let owner: string | null = null
      if (body.owner_phone_number !== undefined) {
        owner = normalizePhone(body.owner_phone_number)
        if (!owner) throw new FieldErrors([{ param: 'owner_phone_number', code: 'invalid', detail: DRF.phone(languageOf(req)) }])
      }
      const c = initContract(ctx, req.tenant!, {
        type: body.type,
        amount_limit: body.amount_limit,
        period: body.period,
        redirect_url: body.redirect_url ?? null,
        owner_phone_number: owner
      })
      return { contract_token: c.token, redirect_url: webUrl(req, req.tenant!, '/contract/direct-pay', { contract_token: c.token }) }
    }
  )

  app.get(
    `${base}/badje/v1/direct-pay/contract/trace/`,
    { config: v1, onRequest, schema: { tags, summary: 'وضعیت قرارداد', querystring: ContractTokenQuery, response: v1Responses(200, ContractTraceResponse) } },
    async (req) => {
      const c = contractOf(req.tenant!, (req.query as { contract_token: string }).contract_token)
      if (!c) throw contractTokenError()
      const now = ctx.clock.now()
      refreshContract(c, now)
      const limit = contractLimit(c, now)
      return {
        state: c.state,
        expiration_time: djangoIso(c.expires_at)!,
        amount_limit: c.amount_limit,
        limit_remaining_amount: limit.remaining,
        limit_expiration_time: djangoIso(limit.period_end)!
      }
    }
  )

  app.post(
    `${base}/badje/v1/direct-pay/contract/cancel/`,
    {
      config: v1,
      onRequest,
      schema: { tags, summary: 'لغو قرارداد (token in the body or the query): 204', body: ContractCancelRequest, querystring: ContractCancelQuery, response: v1Responses(204, Empty) }
    },
    async (req, reply) => {
      // The docs' curl sends the token in the query string, the schema in the body: both work [I].
      const token = (req.body as { contract_token?: string }).contract_token ?? (req.query as { contract_token?: string }).contract_token
      if (token === undefined) throw new FieldErrors([{ param: 'contract_token', code: 'required', detail: DRF.required(languageOf(req)) }])
      const c = contractOf(req.tenant!, token)
      if (!c) throw contractTokenError()
      if (!cancelContract(ctx, c)) throw new BazaarPayError(400, TEXT.contract_token_invalid, 'invalid')
      return reply.code(204).send()
    }
  )

  for (const version of ['v1', 'v2'] as const) {
    app.post(
      `${base}/badje/${version}/direct-pay/`,
      {
        config: { bp_version: version },
        onRequest,
        schema: {
          tags,
          summary: `پرداخت مستقیم ${version}: 204, committed at once, idempotent on the checkout`,
          body: DirectPayRequest,
          response: version === 'v1' ? v1Responses(204, Empty) : v2Responses(204, Empty)
        }
      },
      async (req, reply) => {
        const tenant = req.tenant!
        const lang = languageOf(req)
        const body = req.body as { contract_token: string; checkout_token: string }
        const problems = []
        const contract = contractOf(tenant, body.contract_token)
        const checkout = findCheckout(tenant, String(body.checkout_token))
        if (!contract) problems.push({ param: 'contract_token', code: 'invalid', detail: TEXT.contract_token_invalid })
        if (!checkout) problems.push({ param: 'checkout_token', code: 'invalid', detail: PAYMENT_TEXT.invalid_checkout_token[lang] })
        if (problems.length) throw new FieldErrors(problems)
        try {
          directPay(ctx, tenant, contract!, checkout!)
        } catch (e) {
          if (e instanceof DirectPayFailure) throw failure(req, e, tenant, contract!.token)
          throw e
        }
        return reply.code(204).send()
      }
    )
  }

  app.post(
    `${base}/badje/v1/direct-pay/contract/payable-amount/`,
    {
      config: v1,
      onRequest,
      schema: { tags, summary: 'مبلغ قابل پرداخت قرارداد کیف پول', body: ContractTokenRequest, response: v1Responses(200, PayableAmountResponse) }
    },
    async (req) => {
      const lang = languageOf(req)
      const c = contractOf(req.tenant!, (req.body as { contract_token: string }).contract_token)
      if (!c) throw contractTokenError()
      const now = ctx.clock.now()
      refreshContract(c, now)
      const remaining = c.state === 'active' ? contractLimit(c, now).remaining : 0
      const balance = c.phone ? (userOf(req.tenant!.bazaarpay, c.phone)?.balance ?? 0) : 0
      // [I] what can be charged now: the period's remainder, capped by the wallet for wallet contracts
      const payable = c.type === 'wallet' ? Math.min(remaining, balance) : remaining
      return {
        payable_amount: payable,
        payable_amount_string: tomanString(payable, lang),
        user_balance: balance,
        user_balance_string: tomanString(balance, lang)
      }
    }
  )
}

