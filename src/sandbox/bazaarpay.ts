/**
 * BazaarPay simulation actions: what the user does on BazaarPay's pages and what BazaarPay's
 * back office does, for tests (under /__sandbox/bazaarpay/...).
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { SandboxContext } from '../core/context.js'
import type { Tenant } from '../state/model.js'
import { problem, targetTenant } from './helpers.js'
import { agrees, answers, type Agrees } from './answers/common.js'
import * as A from './answers/bazaarpay.js'
import { CONTROL_PLANE_DOCS } from './descriptions.js'
import {
  INDEX,
  cancelCheckout,
  contractLimit,
  djangoIso,
  findCheckout,
  findContract,
  normalizePhone,
  payCheckout,
  refreshCheckout,
  refreshContract,
  signContract,
  tomanString,
  userOf
} from '../providers/bazaarpay/operations.js'
import { withQuery } from '../providers/bazaarpay/web.js'
import { DIRECT_PAY_ERRORS, type DirectPayScenario } from '../providers/bazaarpay/texts.js'
import type { BazaarPayCheckout, BazaarPayContract, BazaarPaySettings } from '../providers/bazaarpay/model.js'

const TenantQuery = Type.Object({ tenant: Type.Optional(Type.String()) })
const TokenParams = Type.Object({ token: Type.String() })
const tags = ['bazaarpay']
const DOC = CONTROL_PLANE_DOCS.bazaarpay

export const checkoutView = (c: BazaarPayCheckout) => ({
  checkout_token: c.token,
  status: c.status,
  amount: c.amount,
  destination: c.destination,
  service_name: c.service_name,
  paid_via: c.paid_via,
  payer_phone: c.payer_phone,
  contract_token: c.contract_token,
  created_at: djangoIso(c.created_at),
  payment_at: djangoIso(c.payment_at),
  commit_at: djangoIso(c.commit_at),
  refund_at: djangoIso(c.refund_at),
  refund_amount: c.refund_amount,
  bank_refund: c.bank_refund ? { refunded_to: c.bank_refund.refunded_to, started_at: djangoIso(c.bank_refund.started_at) } : null
})

export const contractView = (c: BazaarPayContract, now: number) => ({
  contract_token: c.token,
  state: c.state,
  type: c.type,
  period: c.period,
  amount_limit: c.amount_limit,
  limit_remaining_amount: contractLimit(c, now).remaining,
  owner_phone_number: c.owner_phone_number,
  phone: c.phone,
  expiration_time: djangoIso(c.expires_at),
  payments: c.payments.map((p) => ({ checkout_token: p.checkout_token, amount: p.amount, at: djangoIso(p.at) })),
  fail: c.fail
})

export const userView = (u: { phone_number: string; balance: number; disabled: boolean; pockets: Record<string, number> }) => ({
  phone_number: u.phone_number,
  balance: u.balance,
  balance_string: tomanString(u.balance),
  disabled: u.disabled,
  pockets: u.pockets
})

/**
 * An action that ends the user's visit to a page answers `redirect_url`: where the page would
 * send the browser (`status` added), or null without a URL to return to. Checkout actions also
 * keep their older `redirect` field when a URL was sent.
 */
const visitEnd = <V extends object>(view: V, back: string | null | undefined, status: 'done' | 'failed', legacy = true) => {
  const redirect_url = back ? withQuery(back, { status }) : null
  return { ...view, redirect_url, ...(legacy && redirect_url ? { redirect: redirect_url } : {}) }
}

export const bazaarpayActions = (parent: FastifyInstance, ctx: SandboxContext) => {
  void parent.register(async (app) => {
    // Actions are often sent without a body (curl -X POST ... -H 'content-type: application/json'): no body is `{}`.
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      const text = (body as string).trim()
      if (text === '') return done(null, {})
      try {
        done(null, JSON.parse(text))
      } catch (e) {
        const err = e as Error & { statusCode?: number }
        err.statusCode = 400
        done(err, undefined)
      }
    })
    app.addHook('preValidation', async (req) => {
      if (req.body === undefined || req.body === null) req.body = {}
    })
    app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
      if (status === 500) req.log.error({ err }, 'bazaarpay action failed')
      return problem(reply, status, status === 500 ? 'internal_error' : 'bad_request', status === 500 ? 'internal error' : err.message)
    })

    /** The tenant owning a checkout or contract (by its global index), checked against `?tenant=` when given. */
    const owner = (kind: string, token: string, query: unknown, reply: FastifyReply, what: string): Tenant | undefined => {
      const asked = (query as { tenant?: string }).tenant
      const t = asked ? targetTenant(ctx, query, reply) : ctx.store.findTenant(kind, token)
      if (asked && !t) return undefined
      if (!t) problem(reply, 404, `${what}_not_found`, `no BazaarPay ${what} "${token}"`)
      return t
    }

    const checkout = (token: string, query: unknown, reply: FastifyReply) => {
      const t = owner(INDEX.checkout, token, query, reply, 'checkout')
      if (!t) return undefined
      const c = findCheckout(t, token)
      if (!c) {
        problem(reply, 404, 'checkout_not_found', `no BazaarPay checkout "${token}"`)
        return undefined
      }
      refreshCheckout(t, c, ctx.clock.now())
      return { t, c }
    }

    const contract = (token: string, query: unknown, reply: FastifyReply) => {
      const t = owner(INDEX.contract, token, query, reply, 'contract')
      if (!t) return undefined
      const c = findContract(t, token)
      if (!c) {
        problem(reply, 404, 'contract_not_found', `no BazaarPay contract "${token}"`)
        return undefined
      }
      refreshContract(c, ctx.clock.now())
      return { t, c }
    }

    // ---- checkouts ----------------------------------------------------------------------------

    app.get('/bazaarpay/checkouts', { schema: { tags, ...DOC.checkouts, response: answers(A.BazaarPayCheckoutsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      const now = ctx.clock.now()
      return { checkouts: Object.values(t.bazaarpay.checkouts).map((c) => checkoutView(refreshCheckout(t, c, now))) }
    })

    app.get('/bazaarpay/checkouts/:token', { schema: { tags, ...DOC.checkout, response: answers(A.BazaarPayCheckoutAnswer, 200, [404]), params: TokenParams, querystring: TenantQuery } }, async (req, reply) => {
      const found = checkout((req.params as { token: string }).token, req.query, reply)
      if (found) return checkoutView(found.c)
    })

    /** The user pays on the payment page: from the wallet, or through a bank gateway (default). */
    app.post(
      '/bazaarpay/checkouts/:token/pay',
      {
        schema: {
          tags,
          ...DOC.pay, response: answers(A.BazaarPayVisitAnswer('done'), 200, [400, 404, 409]),
          params: TokenParams,
          querystring: TenantQuery,
          body: Type.Object(
            {
              phone: Type.Optional(Type.String({ description: 'the paying user (default 09120000000)' })),
              method: Type.Optional(Type.Union([Type.Literal('wallet'), Type.Literal('bank')], { description: 'default bank' })),
              redirect_url: Type.Optional(Type.String({ description: 'answer with the redirect the page would send' }))
            },
            { examples: [DOC.payExample] }
          )
        }
      },
      async (req, reply) => {
        const found = checkout((req.params as { token: string }).token, req.query, reply)
        if (!found) return
        const body = (req.body ?? {}) as { phone?: string; method?: 'wallet' | 'bank'; redirect_url?: string }
        const failure = payCheckout(ctx, found.t, found.c, { phone: body.phone ?? '09120000000', method: body.method ?? 'bank' })
        ctx.store.changed()
        if (failure) return problem(reply, failure === 'invalid_phone' ? 400 : 409, failure, `the checkout cannot be paid: ${failure}`)
        return visitEnd(checkoutView(found.c), body.redirect_url, 'done')
      }
    )

    app.post(
      '/bazaarpay/checkouts/:token/cancel',
      {
        schema: {
          tags,
          ...DOC.cancel, response: answers(A.BazaarPayVisitAnswer('failed'), 200, [404, 409]),
          params: TokenParams,
          querystring: TenantQuery,
          body: Type.Object({ redirect_url: Type.Optional(Type.String()) }, { examples: [DOC.cancelExample] })
        }
      },
      async (req, reply) => {
        const found = checkout((req.params as { token: string }).token, req.query, reply)
        if (!found) return
        const body = (req.body ?? {}) as { redirect_url?: string }
        if (!cancelCheckout(ctx, found.t, found.c)) return problem(reply, 409, 'not_unpaid', `the checkout is ${found.c.status}`)
        ctx.store.changed()
        return visitEnd(checkoutView(found.c), body.redirect_url, 'failed')
      }
    )

    // ---- wallets ------------------------------------------------------------------------------

    app.get('/bazaarpay/users', { schema: { tags, ...DOC.users, response: answers(A.BazaarPayUsersAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (t) return { users: Object.values(t.bazaarpay.users).map(userView) }
    })

    app.get('/bazaarpay/users/:phone', { schema: { tags, ...DOC.user, response: answers(A.BazaarPayUserAnswer, 200, [400, 404]), params: Type.Object({ phone: Type.String() }), querystring: TenantQuery } }, async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      const phone = normalizePhone((req.params as { phone: string }).phone)
      if (!phone) return problem(reply, 400, 'bad_request', 'phone must be an Iranian mobile number like 09120000000')
      const u = userOf(t.bazaarpay, phone)
      return u ? userView(u) : problem(reply, 404, 'user_not_found', `no BazaarPay user ${phone}`)
    })

    /** Set (or create) a user's wallet balance (rials) and whether the account is disabled. */
    app.put(
      '/bazaarpay/users/:phone',
      {
        schema: {
          tags,
          ...DOC.setUser, response: answers(A.BazaarPayUserAnswer, [200, 201], [400, 404]),
          params: Type.Object({ phone: Type.String() }),
          querystring: TenantQuery,
          body: Type.Object(
            {
              balance: Type.Optional(Type.Integer({ minimum: 0, description: 'rials' })),
              disabled: Type.Optional(Type.Boolean())
            },
            { examples: [DOC.setUserExample] }
          )
        }
      },
      async (req, reply) => {
        const t = targetTenant(ctx, req.query, reply)
        if (!t) return
        const phone = normalizePhone((req.params as { phone: string }).phone)
        if (!phone) return problem(reply, 400, 'bad_request', 'phone must be an Iranian mobile number like 09120000000')
        const existed = userOf(t.bazaarpay, phone) !== undefined
        const u = userOf(t.bazaarpay, phone, true)!
        const body = req.body as { balance?: number; disabled?: boolean }
        if (body.balance !== undefined) u.balance = body.balance
        if (body.disabled !== undefined) u.disabled = body.disabled
        ctx.store.changed()
        return reply.code(existed ? 200 : 201).send(userView(u))
      }
    )

    // ---- contracts ----------------------------------------------------------------------------

    app.get('/bazaarpay/contracts/:token', { schema: { tags, ...DOC.contract, response: answers(A.BazaarPayContractAnswer, 200, [404]), params: TokenParams, querystring: TenantQuery } }, async (req, reply) => {
      const found = contract((req.params as { token: string }).token, req.query, reply)
      if (found) return contractView(found.c, ctx.clock.now())
    })

    for (const decision of ['accept', 'decline'] as const) {
      app.post(
        `/bazaarpay/contracts/:token/${decision}`,
        {
          schema: {
            tags,
            ...DOC[decision], response: answers(A.BazaarPayContractVisitAnswer, 200, [400, 404, 409]),
            params: TokenParams,
            querystring: TenantQuery,
            body: Type.Object(
              {
                phone: Type.Optional(Type.String({ description: 'the signing user (default: the owner, else 09120000000)' })),
                redirect_url: Type.Optional(Type.String({ description: "where the page returns the user (default: the contract's redirect_url from contract/init)" }))
              },
              { examples: [DOC.decisionExample] }
            )
          }
        },
        async (req, reply) => {
          const found = contract((req.params as { token: string }).token, req.query, reply)
          if (!found) return
          const { phone: raw, redirect_url } = (req.body ?? {}) as { phone?: string; redirect_url?: string }
          const phone = raw === undefined ? (found.c.owner_phone_number ?? '09120000000') : normalizePhone(raw)
          if (!phone) return problem(reply, 400, 'bad_request', 'phone must be an Iranian mobile number like 09120000000')
          const outcome = signContract(ctx, found.c, decision, phone)
          if (outcome === 'not_new') return problem(reply, 409, 'not_new', `the contract is ${found.c.state}`)
          if (outcome === 'wrong_phone') return problem(reply, 409, 'wrong_phone', `only ${found.c.owner_phone_number} may sign this contract`)
          ctx.store.changed()
          // The contract page's redirect: the URL it was given, else the one from contract/init.
          return visitEnd(contractView(found.c, ctx.clock.now()), redirect_url || found.c.redirect_url, found.c.state === 'active' ? 'done' : 'failed', false)
        }
      )
    }

    /** The next `times` direct-pay calls on this contract fail with a documented scenario (0 = until cleared). */
    app.post(
      '/bazaarpay/contracts/:token/fail',
      {
        schema: {
          tags,
          ...DOC.fail, response: answers(A.BazaarPayContractAnswer, 200, [400, 404]),
          params: TokenParams,
          querystring: TenantQuery,
          body: Type.Object(
            {
              scenario: Type.Union([Type.String(), Type.Null()], { description: `one of ${Object.keys(DIRECT_PAY_ERRORS).join(', ')}; null clears` }),
              times: Type.Optional(Type.Integer({ minimum: 0 }))
            },
            { examples: [DOC.failExample] }
          )
        }
      },
      async (req, reply) => {
        const found = contract((req.params as { token: string }).token, req.query, reply)
        if (!found) return
        const { scenario, times = 1 } = req.body as { scenario: string | null; times?: number }
        if (scenario === null || scenario === '') found.c.fail = null
        else if (!Object.hasOwn(DIRECT_PAY_ERRORS, scenario)) return problem(reply, 400, 'bad_request', `unknown scenario "${scenario}"`)
        else found.c.fail = { scenario: scenario as DirectPayScenario, remaining: times === 0 ? null : times }
        ctx.store.changed()
        return contractView(found.c, ctx.clock.now())
      }
    )

    // ---- settings -----------------------------------------------------------------------------

    app.get('/bazaarpay/settings', { schema: { tags, ...DOC.settings, response: answers(A.BazaarPaySettingsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (t) return t.bazaarpay.settings
    })

    app.patch(
      '/bazaarpay/settings',
      {
        schema: {
          tags,
          ...DOC.setSettings, response: answers(A.BazaarPaySettingsAnswer, 200, [404]),
          querystring: TenantQuery,
          body: Type.Object(
            {
              payment_window_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
              commit_window_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
              require_auth_on_init_commit: Type.Optional(Type.Boolean()),
              web_base: Type.Optional(Type.Union([Type.Literal('cafebazaar.ir/bazaar-pay'), Type.Literal('app.bazaar-pay.ir')])),
              cancel_outcome: Type.Optional(Type.Union([Type.Literal('unpaid'), Type.Literal('timed_out')])),
              page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
              max_window_days: Type.Optional(Type.Integer({ minimum: 1 })),
              user_token_ttl_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
              auto_login_scopes: Type.Optional(Type.Array(Type.Union([Type.Literal('purchase'), Type.Literal('increase_balance'), Type.Literal('direct_pay')]))),
              contract_lifetime_days: Type.Optional(Type.Integer({ minimum: 1 })),
              bank_refund_seconds: Type.Optional(Type.Integer({ minimum: 0 })),
              rate_limit_per_minute: Type.Optional(Type.Integer({ minimum: 1 }))
            },
            { additionalProperties: false, examples: [DOC.setSettingsExample] }
          )
        }
      },
      async (req, reply) => {
        const t = targetTenant(ctx, req.query, reply)
        if (!t) return
        Object.assign(t.bazaarpay.settings, req.body as Partial<BazaarPaySettings>)
        ctx.store.changed()
        return t.bazaarpay.settings
      }
    )
  })
}

// The views the handlers build agree with the answer schemas (checked by tsc).
agrees<Agrees<Static<typeof A.BazaarPayCheckoutAnswer>, ReturnType<typeof checkoutView>>>()
agrees<Agrees<Static<typeof A.BazaarPayContractAnswer>, ReturnType<typeof contractView>>>()
agrees<Agrees<Static<typeof A.BazaarPayUserAnswer>, ReturnType<typeof userView>>>()
