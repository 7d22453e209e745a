/** The answers of BazaarPay's simulation actions (/__sandbox/bazaarpay/...). */
import { Type, type Static } from '@sinclair/typebox'
import type { BazaarPaySettings } from '../../providers/bazaarpay/model.js'
import { DIRECT_PAY_ERRORS, type DirectPayScenario } from '../../providers/bazaarpay/texts.js'
import { Nullable, NullableOneOf, OneOf, RedirectUrl, agrees, type Agrees } from './common.js'

const Iso = Nullable(Type.String({ description: 'ISO 8601, Django style (microseconds)' }))

export const BazaarPayCheckoutAnswer = Type.Object(
  {
    checkout_token: Type.String(),
    status: OneOf(['unpaid', 'paid_not_committed', 'paid_not_committed_refunded', 'paid_committed', 'refunded', 'timed_out']),
    amount: Type.Integer({ description: 'rial' }),
    destination: Type.String(),
    service_name: Type.String(),
    paid_via: NullableOneOf(['wallet', 'bank', 'direct_pay']),
    payer_phone: Nullable(Type.String()),
    contract_token: Nullable(Type.String()),
    created_at: Iso,
    payment_at: Iso,
    commit_at: Iso,
    refund_at: Iso,
    refund_amount: Nullable(Type.Integer()),
    bank_refund: Nullable(Type.Object({ refunded_to: OneOf(['wallet', 'bank']), started_at: Iso }))
  },
  { description: 'a checkout as the sandbox keeps it' }
)
export const BazaarPayCheckoutsAnswer = Type.Object({ checkouts: Type.Array(BazaarPayCheckoutAnswer) }, { description: "the tenant's checkouts" })

/** pay and cancel end the payer's visit to the payment page. */
export const BazaarPayVisitAnswer = (outcome: 'done' | 'failed') =>
  Type.Object(
    {
      ...BazaarPayCheckoutAnswer.properties,
      redirect_url: RedirectUrl(
        `where the payment page sends the browser: the redirect_url sent with status=${outcome} added; null when none was sent (the page takes it from its own URL)`
      ),
      redirect: Type.Optional(Type.String({ description: 'deprecated: the same as redirect_url, present only when one was sent' }))
    },
    { description: `the checkout after the payer's choice, and the redirect (status=${outcome})` }
  )

export const BazaarPayUserAnswer = Type.Object(
  {
    phone_number: Type.String({ examples: ['09120000000'] }),
    balance: Type.Integer({ description: 'rial' }),
    balance_string: Type.String({ examples: ['۷,۹۷۱ تومان'] }),
    disabled: Type.Boolean(),
    pockets: Type.Record(Type.String(), Type.Integer(), { description: 'pocket balances per pocket-group slug, rial' })
  },
  { description: "a BazaarPay user's wallet" }
)
export const BazaarPayUsersAnswer = Type.Object({ users: Type.Array(BazaarPayUserAnswer) }, { description: "the tenant's users" })

const Scenario = Type.Unsafe<DirectPayScenario>(Type.String({ enum: Object.keys(DIRECT_PAY_ERRORS) }))

export const BazaarPayContractAnswer = Type.Object(
  {
    contract_token: Type.String(),
    state: OneOf(['new', 'active', 'declined', 'cancelled', 'expired']),
    type: OneOf(['direct_debit', 'wallet']),
    period: OneOf(['daily', 'weekly', 'monthly', 'quarterly', 'semiannual', 'yearly']),
    amount_limit: Type.Integer(),
    limit_remaining_amount: Type.Integer(),
    owner_phone_number: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: 'the user who signed it' })),
    expiration_time: Iso,
    payments: Type.Array(Type.Object({ checkout_token: Type.String(), amount: Type.Integer(), at: Iso })),
    fail: Nullable(Type.Object({ scenario: Scenario, remaining: Nullable(Type.Integer({ description: 'null: every call until cleared' })) }), {
      description: 'the failure injected into the next direct-pay calls'
    })
  },
  { description: 'a DirectPay contract as the sandbox keeps it' }
)

/** accept and decline end the user's visit to the contract page. */
export const BazaarPayContractVisitAnswer = Type.Object(
  {
    ...BazaarPayContractAnswer.properties,
    redirect_url: RedirectUrl(
      "where the contract page sends the browser: the redirect_url sent here, else the contract's own (from contract/init), with status=done (accepted) or status=failed; null when there is neither"
    )
  },
  { description: "the contract after the user's decision, and the redirect" }
)

const Rial = Type.Integer()
export const BazaarPaySettingsAnswer = Type.Object(
  {
    payment_window_seconds: Type.Integer(),
    commit_window_seconds: Type.Integer(),
    require_auth_on_init_commit: Type.Boolean(),
    web_base: OneOf(['cafebazaar.ir/bazaar-pay', 'app.bazaar-pay.ir']),
    cancel_outcome: OneOf(['unpaid', 'timed_out']),
    page_size: Type.Integer(),
    max_window_days: Type.Integer(),
    user_token_ttl_seconds: Type.Integer(),
    auto_login_scopes: Type.Array(OneOf(['purchase', 'increase_balance', 'direct_pay'])),
    contract_lifetime_days: Type.Integer(),
    bank_refund_seconds: Type.Integer(),
    direct_debit: Type.Object({
      min_amount: Rial,
      max_per_transaction: Rial,
      max_count_per_day: Type.Integer(),
      max_amount_per_day: Rial,
      max_count_per_month: Type.Integer(),
      max_amount_per_month: Rial
    }),
    rate_limit_per_minute: Type.Integer()
  },
  { description: "the tenant's BazaarPay settings, after the change" }
)
agrees<Agrees<Static<typeof BazaarPaySettingsAnswer>, BazaarPaySettings>>()
