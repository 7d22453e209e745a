/**
 * Vandar simulation actions (under /__sandbox/vandar): what the payer does on the payment page,
 * what Vandar's support or dashboard changes (terminal domains, tools, wage payer, delays), the
 * bank side of cash-in, and what the webhooks delivered.
 */
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { SandboxContext } from '../core/context.js'
import { isValidNationalId, toEnglishDigits } from '../core/validators.js'
import { CardRefused, completePayment, paymentOf, PaymentStateError } from '../providers/vandar/ipg.operations.js'
import type { VandarSettings } from '../providers/vandar/model.js'
import type { Tenant } from '../state/model.js'
import { problem, targetTenant } from './helpers.js'
import { answers } from './answers/common.js'
import * as A from './answers/vandar.js'
import { CONTROL_PLANE_DOCS } from './descriptions.js'

const TenantQuery = Type.Object({ tenant: Type.Optional(Type.String()) })
const tags = ['vandar']
const DOC = CONTROL_PLANE_DOCS.vandar

export const vandarActions = (app: FastifyInstance, ctx: SandboxContext) => {
  const sweep = (t: Tenant) => ctx.lifecycles.sweep(t)

  /** The payer's outcome, as the payment page would produce it. */
  app.post(
    '/vandar/ipg/:token/pay',
    {
      schema: {
        tags,
        ...DOC.pay, response: answers(A.VandarPayAnswer, 200, [404, 409, 422]),
        params: Type.Object({ token: Type.String() }),
        body: Type.Object(
          { status: Type.Union([Type.Literal('OK'), Type.Literal('FAILED')]), card_number: Type.Optional(Type.String()) },
          { examples: DOC.payExamples }
        )
      }
    },
    async (req, reply) => {
      const token = (req.params as { token: string }).token
      const found = paymentOf(ctx, token)
      if (!found) return problem(reply, 404, 'payment_not_found', `no Vandar IPG payment with token "${token}"`)
      sweep(found.tenant)
      const body = req.body as { status: 'OK' | 'FAILED'; card_number?: string }
      const card = body.card_number === undefined ? undefined : toEnglishDigits(body.card_number).replace(/[\s-]/g, '')
      try {
        const redirect_url = completePayment(ctx, found.tenant, found.payment, { status: body.status, card_number: card ?? null, payer_ip: '127.0.0.1' })
        ctx.store.changed()
        return { redirect_url }
      } catch (e) {
        if (e instanceof PaymentStateError) return problem(reply, 409, 'payment_not_payable', `the payment is ${found.payment.status}`)
        if (e instanceof CardRefused) return reply.code(422).send({ error: 'card_refused', message: e.message, ...(e.hint ? { hint: e.hint } : {}) })
        throw e
      }
    }
  )

  app.get('/vandar/payments', { schema: { tags, ...DOC.payments, response: answers(A.VandarPaymentsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (!t) return
    sweep(t)
    return { payments: Object.values(t.vandar.payments) }
  })

  app.get('/vandar/payments/:token', { schema: { tags, ...DOC.payment, response: answers(A.VandarPaymentWithTenant, 200, [404]), params: Type.Object({ token: Type.String() }) } }, async (req, reply) => {
    const found = paymentOf(ctx, (req.params as { token: string }).token)
    if (!found) return problem(reply, 404, 'payment_not_found', 'no such payment')
    sweep(found.tenant)
    return { tenant: found.tenant.id, ...found.payment }
  })

  app.get('/vandar/settings', { schema: { tags, ...DOC.settings, response: answers(A.VandarSettingsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return t.vandar.settings
  })

  const Seconds = Type.Integer({ minimum: 0, maximum: 365 * 86400 })
  app.patch(
    '/vandar/settings',
    {
      schema: {
        tags,
        ...DOC.setSettings, response: answers(A.VandarSettingsAnswer, 200, [404]),
        querystring: TenantQuery,
        body: Type.Object(
          {
            access_token_ttl_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
            refresh_token_ttl_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
            revoke_access_on_refresh: Type.Optional(Type.Boolean()),
            callback_domains: Type.Optional(Type.Array(Type.String({ minLength: 1, pattern: '^[A-Za-z0-9.:\\-\\[\\]]+$' }))),
            allowed_ips: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
            require_referer: Type.Optional(Type.Boolean()),
            verify_window_seconds: Type.Optional(Seconds),
            wage_payer: Type.Optional(Type.Union([Type.Literal('merchant'), Type.Literal('payer')])),
            ipg_wage_percent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
            ipg_wage_max_rial: Type.Optional(Type.Integer({ minimum: 0 })),
            shaparak_wage_rial: Type.Optional(Type.Integer({ minimum: 0 })),
            cash_in_enabled: Type.Optional(Type.Boolean()),
            cash_in_chunk_rial: Type.Optional(Type.Integer({ minimum: 1 })),
            cash_in_done_after_seconds: Type.Optional(Seconds),
            cash_in_final_status: Type.Optional(Type.Union([Type.Literal('DONE'), Type.Literal('FAILED')])),
            refund_enabled: Type.Optional(Type.Boolean()),
            refund_chunk_rial: Type.Optional(Type.Integer({ minimum: 1 })),
            refund_wage_rial: Type.Optional(Type.Integer({ minimum: 0 })),
            refund_done_after_seconds: Type.Optional(Seconds),
            refund_final_status: Type.Optional(Type.Union([Type.Literal('DONE'), Type.Literal('FAILED')]))
          },
          { additionalProperties: false, examples: [DOC.setSettingsExample] }
        )
      }
    },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      Object.assign(t.vandar.settings, req.body as Partial<VandarSettings>)
      // due times follow the settings (windows, delays)
      ctx.lifecycles.reschedule(t)
      ctx.store.changed()
      return t.vandar.settings
    }
  )

  /** Add terminal domains (callback_url and Referer). */
  app.post(
    '/vandar/ipg/domains',
    {
      schema: {
        tags,
        ...DOC.addDomain, response: answers(A.VandarDomainsAnswer, 201, [404]),
        querystring: TenantQuery,
        body: Type.Object({ domain: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9.:\\-\\[\\]]+$' }) }, { examples: [{ domain: 'shop.example' }] })
      }
    },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      const domain = (req.body as { domain: string }).domain.toLowerCase()
      if (!t.vandar.settings.callback_domains.includes(domain)) t.vandar.settings.callback_domains.push(domain)
      ctx.store.changed()
      return reply.code(201).send({ callback_domains: t.vandar.settings.callback_domains })
    }
  )

  app.get('/vandar/wallet', { schema: { tags, ...DOC.wallet, response: answers(A.VandarWalletAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (!t) return
    sweep(t)
    return { wallet_rial: t.vandar.wallet, blocked_rial: t.vandar.blocked }
  })

  app.put(
    '/vandar/wallet',
    { schema: { tags, ...DOC.setWallet, response: answers(A.VandarWalletAnswer, 200, [404]), querystring: TenantQuery, body: Type.Object({ wallet_rial: Type.Integer({ minimum: 0 }) }, { examples: [{ wallet_rial: 100_000_000 }] }) } },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      t.vandar.wallet = (req.body as { wallet_rial: number }).wallet_rial
      ctx.store.changed()
      return { wallet_rial: t.vandar.wallet, blocked_rial: t.vandar.blocked }
    }
  )

  /** The PSP's knowledge of who owns a card (for `national_code` payments). */
  app.put(
    '/vandar/cards/:card_number',
    {
      schema: {
        tags,
        ...DOC.setCard, response: answers(A.VandarCardOwnerAnswer, 200, [400, 404]),
        params: Type.Object({ card_number: Type.String({ pattern: '^[0-9]{16}$' }) }),
        querystring: TenantQuery,
        body: Type.Object({ national_code: Type.String(), mobile: Type.Optional(Type.String()) }, { examples: [{ national_code: '0084575948', mobile: '09121234567' }] })
      }
    },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      const card = (req.params as { card_number: string }).card_number
      const body = req.body as { national_code: string; mobile?: string }
      if (!isValidNationalId(body.national_code)) return problem(reply, 400, 'bad_request', 'national_code is not a valid national code')
      t.vandar.cards[card] = { national_code: body.national_code, ...(body.mobile ? { mobile: body.mobile } : {}) }
      ctx.store.changed()
      return { card_number: card, ...t.vandar.cards[card] }
    }
  )

  app.get('/vandar/cash-in/accounts', { schema: { tags, ...DOC.accounts, response: answers(A.CashInAccountsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return { accounts: t.vandar.cash_in_accounts }
  })

  /** The bank side of an Ayandeh account: its balances and whether it is active for the tool. */
  app.patch(
    '/vandar/cash-in/accounts/:iban',
    {
      schema: {
        tags,
        ...DOC.setAccount, response: answers(A.CashInAccountAnswer, 200, [404]),
        params: Type.Object({ iban: Type.String() }),
        querystring: TenantQuery,
        body: Type.Object(
          { balance: Type.Optional(Type.Integer({ minimum: 0 })), available_balance: Type.Optional(Type.Integer({ minimum: 0 })), active: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, examples: [{ balance: 500_000_000, available_balance: 500_000_000 }] }
        )
      }
    },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      const iban = (req.params as { iban: string }).iban
      const account = t.vandar.cash_in_accounts.find((a) => a.IBAN === iban)
      if (!account) return problem(reply, 404, 'account_not_found', `no cash-in account ${iban}`)
      Object.assign(account, req.body)
      ctx.store.changed()
      return account
    }
  )

  app.get('/vandar/cash-in/deposits', { schema: { tags, ...DOC.deposits, response: answers(A.CashInDepositsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (!t) return
    sweep(t)
    return { deposits: t.vandar.deposits }
  })

  app.get('/vandar/refunds', { schema: { tags, ...DOC.refunds, response: answers(A.VandarRefundsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (!t) return
    sweep(t)
    return { refunds: t.vandar.refunds }
  })

  app.get('/vandar/webhooks', { schema: { tags, ...DOC.webhooks, response: answers(A.VandarWebhooksAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (!t) return
    sweep(t)
    return { webhooks: t.vandar.webhooks }
  })
}
