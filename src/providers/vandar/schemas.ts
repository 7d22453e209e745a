/**
 * Vandar's request and response shapes (seeds 003, 004; specs/vandar.md §1–3, 7, 24, 25). Routes
 * carry them for the OpenAPI document and the typed client takes its types from them; Vandar's
 * own validation (and its Persian messages) happens in the handlers.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const NumericString = (description: string) => Type.Union([Type.Integer(), Type.String({ pattern: '^[0-9]+$' })], { description })

// ---- auth ----------------------------------------------------------------------------

export const RefreshRequest = Type.Object({ refreshtoken: Type.String({ description: 'the refresh token (no underscore in the field name)' }) })
export const TokenResponse = Type.Object({
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds (432000 = 5 days)' }),
  access_token: Type.String(),
  refresh_token: Type.String()
})
export const Logout = Type.Object({ status: Type.Literal(1) })
export const Unauthenticated = Type.Object({ status: Type.Literal(0), error: Type.Literal('Unauthenticated') }, { description: 'E1' })
export const Unauthorized = Type.Object({ status: Type.Literal(0), error: Type.String() })
export const LaravelValidation = Type.Object(
  { message: Type.String(), errors: Type.Record(Type.String(), Type.Array(Type.String())) },
  { description: 'E3: Laravel validation' }
)
export const ToolError = Type.Object({ status: Type.Literal(0), errors: Type.Object({ error: Type.String() }) }, { description: 'E2' })
export const FieldRuleError = Type.Object({ status: Type.Literal(0), errors: Type.Record(Type.String(), Type.Array(Type.String())) }, { description: 'E4' })
export const TooManyAttempts = Type.Object({ message: Type.Literal('Too Many Attempts.') })

// ---- IPG -----------------------------------------------------------------------------

export const IpgSendRequest = Type.Object({
  api_key: Type.String({ description: 'gateway key from the dashboard' }),
  amount: NumericString('rial, >= 1000; a number or a numeric string'),
  callback_url: Type.String({ maxLength: 254, description: 'on a domain registered for the terminal (or a subdomain)' }),
  mobile_number: Type.Optional(Type.String({ pattern: '^09[0-9]{9}$' })),
  factorNumber: Type.Optional(Type.String()),
  description: Type.Optional(Type.String({ maxLength: 255 })),
  national_code: Type.Optional(Type.String({ description: 'valid national code; needs mobile_number' })),
  valid_card_number: Type.Optional(Type.Union([Type.Array(Type.String(), { maxItems: 10 }), Type.String()], { description: 'up to 10 cards allowed to pay' })),
  comment: Type.Optional(Type.String()),
  port: Type.Optional(Type.Union([Type.Literal('SAMAN'), Type.Literal('BEHPARDAKHT')]))
})
export const IpgSendResponse = Type.Object({ status: Type.Literal(1), token: Type.String({ description: '15 uppercase alphanumerics' }) })
export const IpgTokenRequest = Type.Object({ api_key: Type.String(), token: Type.String() })
export const IpgErrors = Type.Object(
  { status: Type.Integer({ description: '0; verify: 2 already verified, 3 expired' }), errors: Type.Array(Type.String()) },
  { description: 'E5: every failure at once, Persian' }
)
export const IpgTransactionResponse = Type.Object({
  status: Type.Literal(1),
  amount: Type.String({ description: 'rial; includes the wage when the payer bears it' }),
  wage: Type.String(),
  shaparakWage: Type.String(),
  transId: Type.Integer(),
  refnumber: Nullable(Type.String()),
  trackingCode: Nullable(Type.String()),
  factorNumber: Nullable(Type.String()),
  mobile: Nullable(Type.String()),
  description: Nullable(Type.String()),
  cardNumber: Nullable(Type.String({ description: 'masked: 603799******7899' })),
  CID: Nullable(Type.String({ description: 'uppercase hex SHA-256 of the card number' })),
  createdAt: Type.String(),
  paymentDate: Nullable(Type.String()),
  code: Type.Integer({ description: '0 not paid, 1 awaiting verify, 2 verified, 3 expired, 4 failed' }),
  message: Type.String()
})
export const IpgVerifyResponse = Type.Object({
  status: Type.Literal(1),
  amount: Type.String({ description: 'decimal string: "1000.00"' }),
  realAmount: Type.Integer({ description: 'what reached the wallet, rial' }),
  wage: Type.String(),
  shaparakWage: Type.String(),
  transId: Type.Integer(),
  factorNumber: Nullable(Type.String()),
  mobile: Nullable(Type.String()),
  description: Nullable(Type.String()),
  cardNumber: Nullable(Type.String()),
  paymentDate: Type.String(),
  cid: Nullable(Type.String()),
  message: Type.Literal('ok')
})

// ---- cash-in (seed 003) --------------------------------------------------------------

export const CashInAccount = Type.Object({
  account_number: Type.String(),
  account_description: Type.String(),
  id: Type.Null(),
  IBAN: Type.String(),
  account_owner: Type.Array(Type.Object({ firstName: Type.String(), lastName: Type.String() })),
  bank_name: Type.String()
})
export const CashInAccountsResponse = Type.Object({ data: Type.Array(CashInAccount) })
export const CashInBalanceRequest = Type.Object({ iban: Type.String() })
export const CashInBalanceResponse = Type.Object({ balance: Type.Integer({ description: 'rial' }), available_balance: Type.Integer({ description: 'rial' }) })
export const CashInDepositRequest = Type.Object({
  iban: Type.String(),
  amount: NumericString('rial'),
  track_id: Type.String({ description: 'unique per deposit, case-sensitive' }),
  description: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String())
})
export const CashInEntry = Type.Object({
  gateway_transaction_id: Type.Integer(),
  amount: Type.Integer(),
  amount_toman: Type.Integer(),
  wage: Type.Integer(),
  wage_toman: Type.Integer(),
  status: Type.String({ description: 'INIT, then DONE or FAILED' }),
  iban: Type.String(),
  receipt_url: Type.String()
})
export const CashInDepositResponse = Type.Object({
  status: Type.Literal(1),
  message: Type.String(),
  data: Type.Object({ cash_in: Type.Array(CashInEntry) })
})

// ---- statement, business (§24, §25) --------------------------------------------------

export const BalanceResponse = Type.Object({ status: Type.Literal(1), data: Type.Object({ wallet: Type.Integer({ description: 'Toman' }), currency: Type.Literal('Toman') }) })
export const StatementQuery = Type.Object({
  fromDate: Type.Optional(Type.String({ description: 'Jalali 14000102' })),
  toDate: Type.Optional(Type.String({ description: 'Jalali 14000102' })),
  statusKind: Type.Optional(Type.Union([Type.Literal('transactions'), Type.Literal('settlements')])),
  status: Type.Optional(Type.Union([Type.Literal('succeed'), Type.Literal('failed'), Type.Literal('pending'), Type.Literal('canceled')])),
  channel: Type.Optional(Type.String({ description: 'ipg|form|p2p|subscription|settlements|cash-in|cash-in-by-code' })),
  formId: Type.Optional(Type.String()),
  ref_id: Type.Optional(Type.String()),
  tracking_code: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  track_id: Type.Optional(Type.String()),
  factor_number: Type.Optional(Type.String()),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  start_after: Type.Optional(Type.String({ description: 'id of the last row of the previous page' })),
  q: Type.Optional(Type.String()),
  search_field: Type.Optional(Type.String())
})
export const StatementRow = Type.Object({
  id: Type.Integer(),
  uuid: Type.String(),
  amount: Type.Integer({ description: 'Toman' }),
  wage: Type.Integer({ description: 'Toman' }),
  status: Type.Integer(),
  ref_id: Nullable(Type.String()),
  tracking_code: Nullable(Type.String()),
  card_number: Nullable(Type.String()),
  cid: Nullable(Type.String()),
  verified: Type.Integer(),
  channel: Type.String(),
  payment_date: Nullable(Type.String()),
  payment_number: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  wallet: Type.Integer({ description: 'Toman, after this row' }),
  description: Nullable(Type.String()),
  factorNumber: Nullable(Type.String()),
  mobile: Nullable(Type.String()),
  callback_url: Nullable(Type.String())
}, { additionalProperties: true })
export const StatementResponse = Type.Object({ status: Type.Literal(1), has_more: Type.Boolean(), data: Type.Array(StatementRow) })
export const MetaQuery = Type.Object({ per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), page: Type.Optional(Type.Integer({ minimum: 1 })) })
export const MetaResponse = Type.Object({ status: Type.Literal(1), data: Type.Object({ total: Type.Integer(), pages: Type.Integer() }) })
export const BusinessResponse = Type.Object({ status: Type.Literal(1), data: Type.Record(Type.String(), Type.Unknown()) })
export const IamResponse = Type.Object({
  status: Type.Literal(1),
  data: Type.Object({
    users: Type.Array(Type.Object({ name: Type.String(), avatar: Type.String(), role: Type.String(), status: Type.Integer(), role_id: Type.Integer(), id: Nullable(Type.Integer()) }))
  })
})

// ---- IPG refund (§3) -----------------------------------------------------------------

export const RefundRequest = Type.Object({
  amount: Type.Optional(NumericString('rial; omitted: the whole refundable amount')),
  payment_number: Type.Optional(Type.String({ description: 'unique per request' })),
  description: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  notify_url: Type.Optional(Type.String({ description: 'form-encoded webhook on the final state' }))
})
export const RefundEntry = Type.Object({
  id: Type.String(),
  retry_count: Type.String(),
  gateway_transaction_id: Type.Integer(),
  amount: Type.String({ description: 'rial' }),
  wage: Type.Integer(),
  payment_number: Nullable(Type.String()),
  status: Type.String({ description: 'PENDING, then DONE or FAILED' }),
  description: Type.String(),
  wallet: Type.String({ description: 'rial, after the debit' }),
  refund_date: Type.String(),
  created_at: Type.String(),
  receipt_url: Nullable(Type.String())
})
export const RefundResponse = Type.Object({ status: Type.Literal(1), data: Type.Object({ message: Type.String(), results: Type.Array(RefundEntry) }) })
export const NotFoundMessage = Type.Object({ status: Type.Literal(0), message: Type.String() })

export type TokenResponse = Static<typeof TokenResponse>
export type IpgSendRequest = Static<typeof IpgSendRequest>
export type IpgSendResponse = Static<typeof IpgSendResponse>
export type IpgTransactionResponse = Static<typeof IpgTransactionResponse>
export type IpgVerifyResponse = Static<typeof IpgVerifyResponse>
export type CashInAccountsResponse = Static<typeof CashInAccountsResponse>
export type CashInBalanceResponse = Static<typeof CashInBalanceResponse>
export type CashInDepositRequest = Static<typeof CashInDepositRequest>
export type CashInDepositResponse = Static<typeof CashInDepositResponse>
export type CashInEntry = Static<typeof CashInEntry>
export type BalanceResponse = Static<typeof BalanceResponse>
export type StatementQuery = Static<typeof StatementQuery>
export type StatementRow = Static<typeof StatementRow>
export type StatementResponse = Static<typeof StatementResponse>
export type MetaResponse = Static<typeof MetaResponse>
export type BusinessResponse = Static<typeof BusinessResponse>
export type IamResponse = Static<typeof IamResponse>
export type RefundRequest = Static<typeof RefundRequest>
export type RefundEntry = Static<typeof RefundEntry>
export type RefundResponse = Static<typeof RefundResponse>
