/**
 * The script's API (seed 002), in the document's order: ایجاد پرداخت (create), ثبت شماره کارت
 * پرداخت کننده (setCard), بررسی پرداخت (check) and مشاهده لیست کارت ها (carts). Every request
 * carries the `token` header.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { publicUrl } from '../../core/urls.js'
import type { Tenant } from '../../state/model.js'
import { sendError, SET_CARD_OK } from './errors.js'
import { cardsView, checkPayment, createPayment, field, setCard } from './operations.js'
import {
  CartsResponse,
  CheckQuery,
  CheckResponse,
  CreateRequest,
  CreateResponse,
  MessageResponse,
  SetCardRequest,
  TokenHeader,
  errorResponses
} from './schemas.js'

export const TOKEN_INDEX = 'card-to-card:token'

/** The tenant whose token a request carries, unverified beyond the lookup (fault matching, journal). */
export const peekCardToCardTenant = (ctx: SandboxContext) => (req: FastifyRequest): string | undefined => {
  const token = req.headers.token
  return typeof token === 'string' && token !== '' ? ctx.store.findTenant(TOKEN_INDEX, token)?.id : undefined
}

/** The link a payer opens: the hosted page on the same install as the API the merchant called. */
export const paymentLink = (req: FastifyRequest, host: string, payId: number): string => publicUrl(req, host, `/payment/${payId}`)

const isJson = (req: FastifyRequest) => /json/i.test(String(req.headers['content-type'] ?? ''))

export const apiRoutes = (app: FastifyInstance, ctx: SandboxContext, host: string) => {
  /** 403/403 unless the `token` header names a tenant's script. */
  const onRequest = (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const token = req.headers.token
    const tenant = typeof token === 'string' && token !== '' ? ctx.store.findTenant(TOKEN_INDEX, token) : undefined
    // a hook that answered does not call done()
    if (!tenant) return void sendError(reply, 403)
    req.tenant = tenant
    if (req.sandbox) req.sandbox.tenant = tenant.id
    done()
  }
  const tags = ['card-to-card']

  app.post(
    '/api/create',
    {
      onRequest,
      schema: {
        tags,
        summary: 'ایجاد پرداخت',
        description: 'Prepares a payment: form, multipart or JSON fields. Errors: 0, 1, 2, 3, -3 (HTTP 500).',
        headers: TokenHeader,
        body: CreateRequest,
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'],
        response: { 200: CreateResponse, ...errorResponses }
      }
    },
    async (req) => {
      const tenant = req.tenant as Tenant
      const f = (name: string) => field(req.body, name, isJson(req))
      const p = createPayment(ctx, tenant, {
        price: f('price'),
        fid: f('fid'),
        phone: f('phone'),
        card: f('card'),
        // The table's cell reads "callback Url"; the note says "callback": both are read [I].
        callback: f('callback') || f('callbackUrl') || f('callback_url')
      })
      return {
        status: true,
        code: 200,
        expire: p.expire,
        pay_id: p.pay_id,
        amount: p.amount,
        link: p.callback ? paymentLink(req, host, p.pay_id) : null,
        cart: cardsView(tenant)
      }
    }
  )

  app.post(
    '/api/setCard',
    {
      onRequest,
      schema: {
        tags,
        summary: 'ثبت شماره کارت پرداخت کننده',
        description: "Registers the payer's card for a payment created without one. Errors: 4, 5, -3, -1, 6, -2 (HTTP 500).",
        headers: TokenHeader,
        body: SetCardRequest,
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'],
        response: { 200: MessageResponse, ...errorResponses }
      }
    },
    async (req) => {
      setCard(ctx, req.tenant as Tenant, field(req.body, 'pay_id', isJson(req)), field(req.body, 'card', isJson(req)))
      return { status: true, code: 200, msg: SET_CARD_OK }
    }
  )

  app.get(
    '/api/check',
    {
      onRequest,
      schema: {
        tags,
        summary: 'بررسی پرداخت',
        description: 'The outcome of a payment: 7, 201, 200, 199 with HTTP 200; errors 4, 5, 6 with HTTP 500.',
        headers: TokenHeader,
        querystring: CheckQuery,
        response: { 200: CheckResponse, ...errorResponses }
      }
    },
    async (req) => checkPayment(ctx, req.tenant as Tenant, field(req.query, 'pay_id'))
  )

  app.get(
    '/api/carts',
    {
      onRequest,
      schema: {
        tags,
        summary: 'مشاهده لیست کارت ها',
        description: "The merchant's destination cards: a bare JSON array.",
        headers: TokenHeader,
        response: { 200: CartsResponse, ...errorResponses }
      }
    },
    async (req) => cardsView(req.tenant as Tenant)
  )
}
