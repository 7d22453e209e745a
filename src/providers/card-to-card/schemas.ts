/**
 * The card-to-card script's request and response shapes (seed 002, specs/card-to-card.md §3.4).
 * The server documents its routes with them and the typed client takes its types from them.
 *
 * Request fields are PHP `$_POST`/`$_GET` values: the script judges them itself and answers
 * with its own codes (0, 1, 2, -3, 4, 5), so the request schemas constrain nothing and only
 * describe; the handlers do the checks.
 */
import { Type, type Static } from '@sinclair/typebox'

const Field = (description: string, examples: unknown[]) => Type.Optional(Type.Unsafe<string | number>({ description, examples }))

export const TokenHeader = Type.Object({ token: Type.Optional(Type.String({ description: "the script's API token (the connection code from its settings)", examples: ['sandbox-card-to-card-token'] })) })

export const CreateRequest = Type.Object({
  price: Field('required. amount in rials (int), at least 10,000 rials (1,000 toman)', [11385]),
  fid: Field('required. the merchant invoice number (int); a used one is refused (code 3)', [1001]),
  phone: Field("the payer's mobile number", ['09121234567']),
  card: Field("the payer's 16-digit card number; only when the bank's deposit SMS shows the depositor's card", ['6037991122334455']),
  callback: Field('return URL; when sent, `link` is the hosted payment page (also accepted as `callbackUrl`)', ['https://shop.example/return'])
})

export const SetCardRequest = Type.Object({
  pay_id: Field('required. the payment id from create', [19]),
  card: Field("required. the payer's 16-digit card number", ['6037991122334455'])
})

export const CheckQuery = Type.Object({ pay_id: Field('required. the payment id from create', [19]) })

export const Card = Type.Object({
  number: Type.String({ description: 'card number (16 digits; `****` when the tenant masks numbers)' }),
  name: Type.String({ description: 'card holder' }),
  bank: Type.String({ description: 'bank name' })
})

export const CreateResponse = Type.Object({
  status: Type.Literal(true),
  code: Type.Literal(200),
  expire: Type.Integer({ description: 'unix time (seconds) after which the payment is dead' }),
  pay_id: Type.Integer({ description: 'unique payment id (auto-increment)' }),
  amount: Type.Integer({ description: 'rials the payer must transfer; equals price unless unique-amount mode is on' }),
  link: Type.Union([Type.String(), Type.Null()], { description: 'the hosted payment page; null when no callback was sent' }),
  cart: Type.Array(Card, { description: "the merchant's destination cards" })
})

export const MessageResponse = Type.Object({
  status: Type.Boolean(),
  code: Type.Integer(),
  msg: Type.String()
})

export const CheckResponse = Type.Object(
  {
    status: Type.Boolean({ description: 'true when paid (201, 200, 199 unless voided); false while waiting (7)' }),
    code: Type.Union([Type.Literal(7), Type.Literal(201), Type.Literal(200), Type.Literal(199)], {
      description: '7 not paid yet; 201 paid, first check; 200 paid, checked before; 199 paid but the depositing card differs from the registered one'
    }),
    msg: Type.String()
  },
  { examples: [{ status: true, code: 200, msg: 'Payment is complete.' }] }
)

export const CartsResponse = Type.Array(Card)

export const ErrorResponse = Type.Object(
  {
    status: Type.Literal(false),
    code: Type.Integer({ description: 'the code table: 404, 405, 403, 0, 1, 2, 3, -3, -2, -1, 4, 5, 6' }),
    msg: Type.String()
  },
  { description: 'an error of the code table' }
)

/** Every route's documented error answers. */
export const errorResponses = {
  403: ErrorResponse,
  404: ErrorResponse,
  405: ErrorResponse,
  500: ErrorResponse
}

export type CardToCardCardView = Static<typeof Card>
export type CreateResponse = Static<typeof CreateResponse>
export type MessageResponse = Static<typeof MessageResponse>
export type CheckResponse = Static<typeof CheckResponse>
export type CartsResponse = Static<typeof CartsResponse>
export type ErrorResponse = Static<typeof ErrorResponse>
