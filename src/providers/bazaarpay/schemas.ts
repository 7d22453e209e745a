/**
 * BazaarPay's request and response shapes (§1.5), in the order of the route index (§1.0). The
 * server validates with them and the typed client takes its types from them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'

/** A string enum rendered as JSON Schema `enum` (one AJV error, DRF's invalid_choice). */
const StringEnum = <T extends string[]>(values: [...T], description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: values, ...(description ? { description } : {}) })

// DRF CharFields: a JSON number is read as its string (coercion); blank is refused.
const Text = (description: string, extra: Record<string, unknown> = {}) => Type.String({ minLength: 1, description, ...extra })
const CheckoutToken = Text('checkout token from checkout/init (10 digits)', { examples: ['0123456789'] })
const ContractToken = Text('contract token (UUID) from direct-pay/contract/init', { examples: ['9bb790a3-44fd-486f-8ce8-38aa02cab069'] })
/** An Iranian mobile number in any of the accepted forms (the handler normalizes it to 09xxxxxxxxx). */
export const PHONE_PATTERN = '^\\s*(?:\\+98|0098|98|0|\\+۹۸|۹۸|۰)?[9۹][0-9۰-۹]{9}\\s*$'
const Phone = (description: string, examples: string[]) => Type.String({ minLength: 1, pattern: PHONE_PATTERN, description, examples })
const Rials = (description: string, min = 0, max = 1_000_000_000) => Type.Integer({ minimum: min, maximum: max, description })

export const CHECKOUT_STATUSES = ['invalid_token', 'unpaid', 'paid_not_committed', 'paid_not_committed_refunded', 'paid_committed', 'refunded', 'timed_out'] as const
export const CheckoutStatus = StringEnum([...CHECKOUT_STATUSES])

// ---- payment (checkout) --------------------------------------------------------------

export const CheckoutInitRequest = Type.Object({
  amount: Rials('rials, 0 … 1,000,000,000'),
  destination: Text("the merchant's unique slug", { examples: ['developers'] }),
  service_name: Text('what the user is buying, shown on the payment page', { maxLength: 512 })
})
export const CheckoutInitResponse = Type.Object({
  checkout_token: Type.String({ examples: ['0123456789'] }),
  payment_url: Type.String({ examples: ['https://cafebazaar.ir/bazaar-pay/payment?token=0123456789'] })
})
export const CheckoutTokenRequest = Type.Object({ checkout_token: CheckoutToken })
export const TraceResponse = Type.Object({ status: CheckoutStatus })
export const RefundRequest = Type.Object({
  checkout_token: CheckoutToken,
  amount: Type.Optional(Rials('partial refund, rials; leave out for the whole amount', 1))
})
export const FILTER_DATE_BY = ['creation_date', 'payment_date', 'refund_date'] as const
export const GetCheckoutsStatusRequest = Type.Object({
  start_datetime: Text('ISO-8601 window start', { examples: ['2022-11-15T00:00'] }),
  end_datetime: Type.Optional(Text('ISO-8601 window end (at most 31 days after the start)')),
  end_time: Type.Optional(Text('the schema\'s name for end_datetime; either is accepted')),
  filter_date_by: Type.Optional(StringEnum([...FILTER_DATE_BY], 'which date the window applies to (default creation_date)'))
})
export const CursorQuery = Type.Object({ cursor: Type.Optional(Type.String()) })
export const CheckoutItem = Type.Object({
  token: Type.String(),
  amount: Type.Integer(),
  service_name: Type.String(),
  created_datetime: Type.String(),
  status: CheckoutStatus,
  payment_datetime: Type.Union([Type.String(), Type.Null()]),
  commit_datetime: Type.Union([Type.String(), Type.Null()]),
  refund_datetime: Type.Union([Type.String(), Type.Null()]),
  is_committed: Type.Boolean()
})
export const GetCheckoutsStatusResponse = Type.Object({
  checkouts: Type.Array(CheckoutItem),
  next: Type.Union([Type.String(), Type.Null()]),
  previous: Type.Union([Type.String(), Type.Null()])
})
export const BankRefundResponse = Type.Object({ refunded_to: StringEnum(['wallet', 'bank']) })
export const BankRefundQuery = Type.Object({ checkout_token: CheckoutToken })
export const BankStateResponse = Type.Object({ bank_state: StringEnum(['in_progress', 'successful', 'failed', 'not_started']) })

// ---- wallet ----------------------------------------------------------------------------

export const GetBalanceQuery = Type.Object({
  user_phone_number: Type.Optional(Phone("the user's mobile number (required with a merchant token; the SDK's Bearer user token needs none)", ['09120000000']))
})
export const BalanceResponse = Type.Object({
  balance: Type.Integer({ description: 'rials', examples: [79719] }),
  balance_string: Type.String({ description: 'tomans, Persian digits', examples: ['۷,۹۷۱ تومان'] })
})

// ---- DirectPay ---------------------------------------------------------------------------

export const CONTRACT_PERIODS = ['daily', 'weekly', 'monthly', 'quarterly', 'semiannual', 'yearly'] as const
export const ContractInitRequest = Type.Object({
  type: StringEnum(['direct_debit', 'wallet'], 'debit the bank account, or the wallet'),
  amount_limit: Rials('the cap per period, rials', 100_000),
  period: StringEnum([...CONTRACT_PERIODS], 'calendar periods (Saturday weeks, Jalali months)'),
  redirect_url: Type.Optional(Type.String({ format: 'uri', description: 'where the user returns after signing' })),
  owner_phone_number: Type.Optional(Phone('only this user may sign', ['989123456789', '09123456789', '9123456789']))
})
export const ContractInitResponse = Type.Object({ contract_token: Type.String({ format: 'uuid' }), redirect_url: Type.String() })
export const ContractTokenQuery = Type.Object({ contract_token: ContractToken })
export const ContractCancelQuery = Type.Object({ contract_token: Type.Optional(Type.String()) })
export const ContractCancelRequest = Type.Object({ contract_token: Type.Optional(ContractToken) })
export const ContractTraceResponse = Type.Object({
  state: StringEnum(['new', 'active', 'declined', 'cancelled', 'expired']),
  expiration_time: Type.String(),
  amount_limit: Type.Integer(),
  limit_remaining_amount: Type.Integer(),
  limit_expiration_time: Type.String()
})
export const DirectPayRequest = Type.Object({ contract_token: ContractToken, checkout_token: CheckoutToken })
export const ContractTokenRequest = Type.Object({ contract_token: ContractToken })
export const PayableAmountResponse = Type.Object({
  payable_amount: Type.Integer({ description: 'what can still be charged this period, rials' }),
  payable_amount_string: Type.String(),
  user_balance: Type.Integer({ description: 'wallet balance, rials' }),
  user_balance_string: Type.String()
})

// ---- auto-login ----------------------------------------------------------------------

export const AUTO_LOGIN_SCOPES = ['purchase', 'increase_balance', 'direct_pay'] as const
export const CreateUserAccessTokenRequest = Type.Object({
  user_phone_number: Phone('the user', ['09123456789', '989123456789']),
  scope: StringEnum([...AUTO_LOGIN_SCOPES])
})
export const AccessTokenResponse = Type.Object({ access_token: Type.String() })
export const UserInfoResponse = Type.Object({ phone_number: Type.String({ examples: ['989123456789'] }) })

// ---- pockets -----------------------------------------------------------------------------

export const PocketSlugParams = Type.Object({ pocket_group_slug: Type.String() })
export const PocketChargeParams = Type.Object({ pocket_group_slug: Type.String(), token: Type.String() })
export const PocketChargeRequest = Type.Object({
  charges: Type.Array(
    Type.Object({
      token: Text('client-chosen UUIDv7, the idempotency key'),
      phone_number: Text('989120000000'),
      amount: Rials('rials', 1)
    }),
    { minItems: 1 }
  )
})
export const PocketChargeResult = Type.Object({
  token: Type.String(),
  phone_number: Type.String(),
  amount: Type.Integer(),
  status: StringEnum(['success', 'error']),
  message: Type.String()
})
export const PocketChargeResponse = Type.Object({ results: Type.Array(PocketChargeResult) })
export const PocketChargeLookupResponse = Type.Object({
  results: Type.Array(Type.Object({ token: Type.String(), phone_number: Type.String(), amount: Type.Integer() }))
})

// ---- errors ------------------------------------------------------------------------------

export const Detail = Type.Object({ detail: Type.Union([Type.String(), Type.Array(Type.String())]) }, { description: 'v1 error' })
export const DetailCode = Type.Object({ detail: Type.Union([Type.String(), Type.Array(Type.String())]), code: Type.String() }, { description: 'v2 error' })
export const FieldErrorMap = Type.Record(Type.String(), Type.Unknown(), { description: 'DRF field errors: {field: [messages]}' })
export const InvalidParams = Type.Object(
  {
    code: Type.Literal('invalid'),
    detail: Type.String(),
    invalid_params: Type.Array(Type.Object({ param: Type.String(), code: Type.String(), detail: Type.String() }))
  },
  { description: 'v2 validation error' }
)
export const Empty = Type.Null({ description: 'no body' })

/** OpenAPI response maps. */
export const v1Responses = <T extends TSchema>(status: number, ok: T) => ({
  [status]: ok,
  400: Type.Union([FieldErrorMap, Detail]),
  401: Detail,
  403: Detail,
  503: Type.String({ description: 'nginx HTML (text/html)' })
})
export const v2Responses = <T extends TSchema>(status: number, ok: T) => ({
  [status]: ok,
  400: Type.Union([InvalidParams, DetailCode]),
  401: DetailCode,
  403: DetailCode,
  500: DetailCode,
  503: Type.String({ description: 'nginx HTML (text/html)' })
})

export type CheckoutStatusValue = (typeof CHECKOUT_STATUSES)[number]
export type CheckoutInitRequest = Static<typeof CheckoutInitRequest>
export type CheckoutInitResponse = Static<typeof CheckoutInitResponse>
export type TraceResponse = Static<typeof TraceResponse>
export type RefundRequest = Static<typeof RefundRequest>
export type GetCheckoutsStatusRequest = Static<typeof GetCheckoutsStatusRequest>
export type CheckoutItem = Static<typeof CheckoutItem>
export type GetCheckoutsStatusResponse = Static<typeof GetCheckoutsStatusResponse>
export type BankRefundResponse = Static<typeof BankRefundResponse>
export type BankStateResponse = Static<typeof BankStateResponse>
export type BalanceResponse = Static<typeof BalanceResponse>
export type ContractInitRequest = Static<typeof ContractInitRequest>
export type ContractInitResponse = Static<typeof ContractInitResponse>
export type ContractTraceResponse = Static<typeof ContractTraceResponse>
export type PayableAmountResponse = Static<typeof PayableAmountResponse>
export type CreateUserAccessTokenRequest = Static<typeof CreateUserAccessTokenRequest>
export type AccessTokenResponse = Static<typeof AccessTokenResponse>
export type UserInfoResponse = Static<typeof UserInfoResponse>
export type PocketChargeRequest = Static<typeof PocketChargeRequest>
export type PocketChargeResult = Static<typeof PocketChargeResult>
export type PocketChargeResponse = Static<typeof PocketChargeResponse>
export type PocketChargeLookupResponse = Static<typeof PocketChargeLookupResponse>
