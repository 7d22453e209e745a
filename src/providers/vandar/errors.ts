/**
 * Vandar's answers when something is wrong (specs/vandar.md §0.6). Two hosts, two styles:
 *  - ipg.vandar.io: `{"status":0,"errors":["<Persian message>", ...]}` (E5), every failure at once;
 *  - api.vandar.io: Laravel — 401 `{"status":0,"error":"Unauthenticated"}` (E1), validation
 *    `{"message":"The given data was invalid.","errors":{field:[..]}}` (E3), tool errors
 *    `{"status":0,"errors":{"error":".."}}` (E2), 429 `{"message":"Too Many Attempts."}`.
 * Vandar validates in its handlers (no schema rejects a request before them), so the sandbox does
 * the same: route schemas document, handlers judge; a body Laravel cannot parse is an empty one.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ProviderStyle } from '../../core/provider.js'
import { VANDAR_TEXT } from './text.js'

export const LARAVEL_INVALID = 'The given data was invalid.'

export type FieldErrors = Record<string, string[]>

/** Thrown by handlers and operations; rendered by the scope's style. */
export class VandarError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: unknown
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body))
  }
}

/** E5: the IPG's list of messages. `status` is 0, or 2 / 3 for verify's "already" and "expired". */
export const ipgError = (messages: string[], status = 0, httpStatus = 422) => new VandarError(httpStatus, { status, errors: messages })

/** E3: Laravel's validation body. */
export const laravel422 = (errors: FieldErrors, message = LARAVEL_INVALID) => new VandarError(422, { message, errors })

/** E2: `{"status":0,"errors":{"error":msg}}` (cash-in tool errors). */
export const toolError = (message: string, httpStatus = 422) => new VandarError(httpStatus, { status: 0, errors: { error: message } })

/** E4: `{"status":0,"errors":{field:[msg]}}` (business-rule failures such as insufficient balance). */
export const fieldRuleError = (field: string, message: string, httpStatus = 422) => new VandarError(httpStatus, { status: 0, errors: { [field]: [message] } })

export const UNAUTHENTICATED = { status: 0, error: 'Unauthenticated' } as const

export const unauthenticated = (reply: FastifyReply) => reply.code(401).send(UNAUTHENTICATED)

/** Laravel's ThrottleRequests answer. */
export const tooManyAttempts = (reply: FastifyReply, retryAfter: number, limit: number, nowSeconds: number) =>
  reply
    .code(429)
    .headers({
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(nowSeconds + retryAfter)
    })
    .send({ message: 'Too Many Attempts.' })

const EMPTY_BODY_CODES = new Set(['SANDBOX_JSON_PARSE', 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'])

/**
 * Laravel reads a body it cannot parse (bad JSON, a content type it ignores) as no input at all,
 * then validates that: run the route's handler with an empty body.
 */
const asEmptyBody = (err: FastifyError, req: FastifyRequest, reply: FastifyReply): unknown => {
  if (!EMPTY_BODY_CODES.has(err.code) || !req.routeOptions?.handler) return undefined
  req.body = {}
  return (req.routeOptions.handler as (this: unknown, req: FastifyRequest, reply: FastifyReply) => unknown).call(null, req, reply)
}

const renderCommon = (err: FastifyError, req: FastifyRequest, reply: FastifyReply, serverError: () => unknown): unknown => {
  if (err instanceof VandarError) return reply.code(err.httpStatus).send(err.body)
  const replay = asEmptyBody(err, req, reply)
  if (replay !== undefined) return Promise.resolve(replay).catch((e: FastifyError) => renderCommon(e, req, reply, serverError))
  const status = err.statusCode ?? 500
  if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ message: 'Payload Too Large' })
  if (status >= 400 && status < 500) return reply.code(400).send({ message: 'Bad Request' })
  req.log.error({ err }, 'vandar handler failed')
  return serverError()
}

const methodNotAllowed = (req: FastifyRequest, reply: FastifyReply, allowed: string[]) => {
  const methods = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed
  return reply
    .code(405)
    .header('allow', methods.join(', '))
    .send({ message: `The ${req.method} method is not supported for this route. Supported methods: ${methods.join(', ')}.` })
}

/** api.vandar.io */
export const vandarApiStyle: ProviderStyle = {
  notFound: (_req, reply) => reply.code(404).send({ message: 'Not Found' }),
  methodNotAllowed,
  error: (err, req, reply) => renderCommon(err, req, reply, () => reply.code(500).send({ message: 'Server Error' }))
}

/** ipg.vandar.io */
export const vandarIpgStyle: ProviderStyle = {
  notFound: (_req, reply) => reply.code(404).send({ message: 'Not Found' }),
  methodNotAllowed,
  error: (err, req, reply) => renderCommon(err, req, reply, () => reply.code(500).send({ status: 0, errors: [VANDAR_TEXT.TRANSACTION_FAILED] }))
}
