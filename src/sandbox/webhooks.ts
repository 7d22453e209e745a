/**
 * The webhook deliveries of every provider (`/__sandbox/webhooks`): what was sent where, each
 * attempt with the receiver's answer, what is still waiting for a retry; redelivery; and the
 * retry schedule (attempts, backoff on the sandbox clock, timeout).
 */
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { SandboxContext } from '../core/context.js'
import type { RetryPolicy } from '../core/webhooks.js'
import { problem } from './helpers.js'

const tags = ['sandbox']

const Attempt = Type.Object({
  n: Type.Integer({ description: '1 for the first attempt' }),
  at: Type.String({ format: 'date-time', description: 'when it started, on the sandbox clock' }),
  status: Type.Union([Type.Integer(), Type.Null()], { description: "the receiver's HTTP status; null when there was no answer" }),
  answer: Type.Union([Type.String(), Type.Null()], { description: "the first 2048 bytes of the receiver's answer" }),
  error: Type.Optional(Type.String({ description: 'network error, timeout or invalid URL' })),
  duration_ms: Type.Number()
})

const Delivery = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  provider: Type.String(),
  event: Type.String({ description: 'what the webhook reports, e.g. `refund`' }),
  url: Type.String(),
  method: Type.String(),
  encoding: Type.Union([Type.Literal('form'), Type.Literal('json')]),
  body: Type.Record(Type.String(), Type.Unknown(), { description: 'the fields sent (form-encoded or as JSON)' }),
  headers: Type.Record(Type.String(), Type.String(), { description: 'the headers of the last attempt, signature included' }),
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  created_at: Type.String({ format: 'date-time' }),
  next_attempt_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'on the sandbox clock; null while an attempt runs or once final' }),
  attempts: Type.Array(Attempt),
  redelivery_of: Type.Optional(Type.String())
})

const Policy = Type.Object({
  attempts: Type.Integer({ minimum: 1, maximum: 50, description: 'attempts in all, the first included' }),
  backoff_seconds: Type.Array(Type.Integer({ minimum: 0, maximum: 30 * 86400 }), {
    minItems: 1,
    maxItems: 50,
    description: 'sandbox-clock wait after the 1st, 2nd, ... failed attempt; the last value repeats'
  }),
  timeout_ms: Type.Integer({ minimum: 100, maximum: 60000, description: 'real time an attempt may take' })
})

const Filter = Type.Object({ tenant: Type.Optional(Type.String()), provider: Type.Optional(Type.String()) })
const Id = Type.Object({ id: Type.String() })
const Problem = Type.Object({ error: Type.String(), message: Type.String() })

export const webhookRoutes = (app: FastifyInstance, ctx: SandboxContext) => {
  const { webhooks } = ctx

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'webhook deliveries of every provider, newest first, each with its attempts and answers',
        querystring: Filter,
        response: { 200: Type.Object({ count: Type.Integer(), webhooks: Type.Array(Delivery) }) }
      }
    },
    async (req) => {
      const list = webhooks.list(req.query as { tenant?: string; provider?: string })
      return { count: list.length, webhooks: list }
    }
  )

  app.delete(
    '/webhooks',
    { schema: { tags, summary: 'forget deliveries (and cancel their retries)', querystring: Filter, response: { 200: Type.Object({ deleted: Type.Integer() }) } } },
    async (req) => ({ deleted: webhooks.clear(req.query as { tenant?: string; provider?: string }) })
  )

  app.get(
    '/webhooks/policy',
    {
      schema: {
        tags,
        summary: "the retry schedule deliveries follow (a provider's: ?provider=)",
        querystring: Type.Object({ provider: Type.Optional(Type.String()) }),
        response: { 200: Policy }
      }
    },
    async (req) => webhooks.policy((req.query as { provider?: string }).provider)
  )

  app.put(
    '/webhooks/policy',
    {
      schema: {
        tags,
        summary: "override the retry schedule of every provider: fields given replace the provider's, {} clears the override",
        description: 'The default schedule is 5 attempts, retried 1 min, 5 min, 30 min and 2 h after each failure (sandbox clock); advance the clock to bring the next attempt.',
        body: Type.Partial(Policy, { additionalProperties: false, examples: [{ attempts: 3, backoff_seconds: [60, 600] }] }),
        response: { 200: Policy }
      }
    },
    async (req) => webhooks.setPolicy(req.body as Partial<RetryPolicy>)
  )

  app.get(
    '/webhooks/:id',
    { schema: { tags, summary: 'one delivery', params: Id, response: { 200: Delivery, 404: Problem } } },
    async (req, reply) => webhooks.get((req.params as { id: string }).id) ?? problem(reply, 404, 'delivery_not_found', 'no such webhook delivery')
  )

  app.post(
    '/webhooks/:id/redeliver',
    { schema: { tags, summary: 'send a delivery again, as a new delivery with its own attempts', params: Id, response: { 202: Delivery, 404: Problem } } },
    async (req, reply) => {
      const d = webhooks.redeliver((req.params as { id: string }).id)
      return d ? reply.code(202).send(d) : problem(reply, 404, 'delivery_not_found', 'no such webhook delivery')
    }
  )
}
