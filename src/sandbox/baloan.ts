/**
 * Baloan simulation actions: what Baloan's back office and the customer's phone do in real life.
 */
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { SandboxContext } from '../core/context.js'
import { isValidMobile, isNationalIdFormat } from '../core/validators.js'
import { TenantQuery, problem, targetTenant } from './helpers.js'
import { answers } from './answers/common.js'
import * as A from './answers/baloan.js'
import { CONTROL_PLANE_DOCS } from './descriptions.js'

const DOC = CONTROL_PLANE_DOCS.baloan

const Nid = Type.Object({ national_identifier: Type.String() })


export const baloanActions = (app: FastifyInstance, ctx: SandboxContext) => {
  app.get('/baloan/customers', { schema: { tags: ['baloan'], ...DOC.customers, response: answers(A.BaloanCustomersAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return { customers: Object.values(t.baloan.customers) }
  })

  app.get('/baloan/customers/:national_identifier', { schema: { tags: ['baloan'], ...DOC.customer, response: answers(A.BaloanCustomerAnswer, 200, [404]), params: Nid, querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (!t) return
    const nid = (req.params as { national_identifier: string }).national_identifier
    const c = Object.hasOwn(t.baloan.customers, nid) ? t.baloan.customers[nid] : undefined
    return c ?? problem(reply, 404, 'customer_not_found', `no Baloan customer ${nid}`)
  })

  /** Set (or create) a customer's credit and phone: QA's "a customer with / without credit". */
  app.put(
    '/baloan/customers/:national_identifier',
    {
      schema: {
        tags: ['baloan'],
        ...DOC.setCustomer, response: answers(A.BaloanCustomerAnswer, [200, 201], [400, 404]),
        params: Nid,
        querystring: TenantQuery,
        body: Type.Object(
          {
            credit: Type.Optional(Type.Integer({ minimum: 0, description: 'rials' })),
            phone: Type.Optional(Type.String()),
            first_name: Type.Optional(Type.String()),
            last_name: Type.Optional(Type.String())
          },
          { examples: DOC.setCustomerExamples }
        )
      }
    },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      const nid = (req.params as { national_identifier: string }).national_identifier
      const body = req.body as { credit?: number; phone?: string; first_name?: string; last_name?: string }
      if (!isNationalIdFormat(nid)) return problem(reply, 400, 'bad_request', 'national_identifier must be 10 digits')
      if (body.phone !== undefined && !isValidMobile(body.phone)) return problem(reply, 400, 'bad_request', 'phone must be an Iranian mobile number like 09121234567')
      const existing = Object.hasOwn(t.baloan.customers, nid) ? t.baloan.customers[nid] : undefined
      if (!existing && body.phone === undefined) return problem(reply, 400, 'bad_request', 'a new customer needs a phone')
      const customer = (t.baloan.customers[nid] = {
        ...(existing ?? { national_identifier: nid, credit: 0, phone: body.phone! }),
        ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
      })
      ctx.store.changed()
      return reply.code(existing ? 200 : 201).send(customer)
    }
  )

  app.get('/baloan/settlements', { schema: { tags: ['baloan'], ...DOC.settlements, response: answers(A.BaloanSettlementsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return { settlements: t.baloan.settlements }
  })

  app.get('/baloan/settings', { schema: { tags: ['baloan'], ...DOC.settings, response: answers(A.BaloanSettingsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return t.baloan.settings
  })

  app.patch(
    '/baloan/settings',
    {
      schema: {
        tags: ['baloan'],
        ...DOC.setSettings, response: answers(A.BaloanSettingsAnswer, 200, [404]),
        querystring: TenantQuery,
        body: Type.Object(
          {
            no_credit: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('zero')])),
            otp_length: Type.Optional(Type.Integer({ minimum: 4, maximum: 8 })),
            otp_ttl_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
            otp_max_wrong_attempts: Type.Optional(Type.Integer({ minimum: 1 })),
            transaction_token_ttl_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
            file_url_ttl_seconds: Type.Optional(Type.Integer({ minimum: 1 }))
          },
          { additionalProperties: false, examples: [DOC.setSettingsExample] }
        )
      }
    },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      Object.assign(t.baloan.settings, req.body)
      ctx.store.changed()
      return t.baloan.settings
    }
  )
}
