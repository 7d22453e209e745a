/**
 * The card-to-card script's answers (specs/card-to-card.md §3.5): every error is
 * `{"status":false,"code":N,"msg":"..."}` with the HTTP status of the code table, written the
 * way PHP's `json_encode($x, JSON_UNESCAPED_UNICODE)` writes it.
 *
 * Only `"Payment is complete."` is known from the seed; the other English `msg` texts are the
 * sandbox's [I], written in the same style.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ProviderStyle } from '../../core/provider.js'

/**
 * PHP's json_encode with JSON_UNESCAPED_UNICODE (and without JSON_UNESCAPED_SLASHES): `/` is
 * written `\/`, Persian stays raw UTF-8, and U+2028/U+2029 stay escaped (PHP >= 7.1 escapes
 * them unless JSON_UNESCAPED_LINE_TERMINATORS). A `/` only ever occurs inside JSON strings, so
 * replacing it in the serialized text is exact.
 */
const PHP_ESCAPED = /[/\u2028\u2029]/g
const phpEscape = (c: string) => (c === '/' ? '\\/' : c === '\u2028' ? '\\u2028' : '\\u2029')
// one scan instead of three
export const phpJson = (value: unknown): string => JSON.stringify(value).replace(PHP_ESCAPED, phpEscape)

/** The code table: code → HTTP status and msg. */
export const CODES = {
  404: { http: 404, msg: 'The requested page or endpoint does not exist.' },
  405: { http: 405, msg: 'The request method is not valid.' },
  403: { http: 403, msg: 'Access denied: the token header is missing or not valid.' },
  0: { http: 500, msg: 'The price is not a number.' },
  1: { http: 500, msg: 'The price must be at least 1,000 Toman.' },
  2: { http: 500, msg: 'The invoice number (fid) was not sent.' },
  3: { http: 500, msg: 'The invoice number (fid) has already been used.' },
  [-3]: { http: 500, msg: 'The card number was not sent or is not a valid card number.' },
  [-2]: { http: 500, msg: 'A card number is already registered for this payment.' },
  [-1]: { http: 500, msg: 'The payment is already recorded; a card can no longer be registered.' },
  4: { http: 500, msg: 'pay_id was not sent.' },
  5: { http: 500, msg: 'pay_id is not valid.' },
  6: { http: 500, msg: 'The payment time has run out; the payment has expired.' }
} as const satisfies Record<number, { http: number; msg: string }>

export type CardToCardErrorCode = keyof typeof CODES

/** The outcomes `check` answers with HTTP 200. */
export const CHECK_MESSAGES = {
  7: 'The payment has not been made yet.',
  201: 'Payment is complete.',
  200: 'Payment is complete.',
  199: "Payment is complete, but the depositor's card does not match the registered card.",
  /** 199 in strict mode, where the mismatch voided the payment */
  void: "The payment was voided: the depositor's card does not match the registered card."
} as const

export const SET_CARD_OK = 'The card number was registered.'

export class CardToCardError extends Error {
  constructor(readonly tableCode: CardToCardErrorCode) {
    super(CODES[tableCode].msg)
  }
}

export const errorBody = (code: CardToCardErrorCode) => ({ status: false, code: Number(code), msg: CODES[code].msg })

export const sendError = (reply: FastifyReply, code: CardToCardErrorCode) =>
  reply.code(CODES[code].http).type('application/json; charset=utf-8').send(errorBody(code))

export const cardToCardStyle: ProviderStyle = {
  notFound: (_req, reply) => sendError(reply, 404),
  methodNotAllowed: (_req, reply, allowed) => {
    reply.header('allow', allowed.join(', '))
    return sendError(reply, 405)
  },
  error(err: FastifyError | CardToCardError, req: FastifyRequest, reply: FastifyReply) {
    if (err instanceof CardToCardError) return sendError(reply, err.tableCode)
    const status = err.statusCode ?? 500
    // The script's web server refuses bodies it will not read; the script never sees them.
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FIELDS_LIMIT') {
      return reply.code(413).type('application/json; charset=utf-8').send({ status: false, code: 413, msg: 'The request body is too large.' })
    }
    // A multipart body PHP cannot parse is an empty $_POST (PHP warns and goes on): the route
    // then reports its first missing field.
    if (err.code === 'SANDBOX_MULTIPART_PARSE') {
      const url = req.routeOptions.url ?? ''
      if (url.endsWith('/api/create')) return sendError(reply, 0)
      if (url.endsWith('/api/setCard')) return sendError(reply, 4)
    }
    if (status >= 500) req.log.error({ err }, 'card-to-card handler failed')
    return reply
      .code(status >= 400 && status < 600 ? status : 500)
      .type('application/json; charset=utf-8')
      .send({ status: false, code: status >= 400 && status < 600 ? status : 500, msg: status >= 500 ? 'Internal server error.' : 'Bad request.' })
  }
}
