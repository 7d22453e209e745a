/** The answers of Vandar's simulation actions (/__sandbox/vandar/...). */
import { Type, type Static } from '@sinclair/typebox'
import type { CashInAccount, CashInDeposit, VandarPayment, VandarRefund, VandarSettings, WebhookDelivery } from '../../providers/vandar/model.js'
import { Nullable, OneOf, agrees, type Agrees } from './common.js'

const Str = Nullable(Type.String())
const Ms = Type.Number({ description: 'ms since epoch, sandbox clock' })

export const VandarPaymentAnswer = Type.Object(
  {
    token: Type.String(),
    trans_id: Type.Integer(),
    amount: Type.Integer({ description: 'what the merchant asked for, rial' }),
    wage: Type.Integer(),
    callback_url: Type.String(),
    mobile_number: Str,
    factor_number: Str,
    description: Str,
    national_code: Str,
    valid_card_numbers: Nullable(Type.Array(Type.String())),
    comment: Str,
    port: Str,
    status: OneOf(['CREATED', 'REDIRECTED', 'PAID', 'FAILED', 'VERIFIED', 'EXPIRED']),
    created_at: Ms,
    redirected_at: Nullable(Ms),
    paid_at: Nullable(Ms),
    verified_at: Nullable(Ms),
    closed_at: Nullable(Ms),
    card_number: Str,
    ref_number: Str,
    tracking_code: Str,
    refunded: Type.Integer(),
    payer_ip: Str
  },
  { description: 'an IPG payment as the sandbox keeps it' }
)
agrees<Agrees<Static<typeof VandarPaymentAnswer>, VandarPayment>>()

export const VandarPayAnswer = Type.Object(
  {
    redirect_url: Type.String({
      description: "where the payment page sends the payer's browser: callback_url with token and payment_status (OK or FAILED)",
      examples: ['https://shop.example/callback?token=AB12CD34EF56GH7&payment_status=OK']
    })
  },
  { description: 'the payment is PAID (OK) or FAILED' }
)

export const VandarPaymentWithTenant = Type.Object({ tenant: Type.String(), ...VandarPaymentAnswer.properties }, { description: 'the payment and its tenant' })
export const VandarPaymentsAnswer = Type.Object({ payments: Type.Array(VandarPaymentAnswer) }, { description: "the tenant's IPG payments" })

const Seconds = Type.Integer()
const Final = OneOf(['DONE', 'FAILED'])
export const VandarSettingsAnswer = Type.Object(
  {
    access_token_ttl_seconds: Seconds,
    refresh_token_ttl_seconds: Seconds,
    revoke_access_on_refresh: Type.Boolean(),
    callback_domains: Type.Array(Type.String()),
    allowed_ips: Type.Array(Type.String()),
    require_referer: Type.Boolean(),
    verify_window_seconds: Seconds,
    wage_payer: OneOf(['merchant', 'payer']),
    ipg_wage_percent: Type.Number(),
    ipg_wage_max_rial: Type.Integer(),
    shaparak_wage_rial: Type.Integer(),
    cash_in_enabled: Type.Boolean(),
    cash_in_chunk_rial: Type.Integer(),
    cash_in_done_after_seconds: Seconds,
    cash_in_final_status: Final,
    refund_enabled: Type.Boolean(),
    refund_chunk_rial: Type.Integer(),
    refund_wage_rial: Type.Integer(),
    refund_done_after_seconds: Seconds,
    refund_final_status: Final
  },
  { description: "the tenant's Vandar settings, after the change" }
)
agrees<Agrees<Static<typeof VandarSettingsAnswer>, VandarSettings>>()

export const VandarDomainsAnswer = Type.Object({ callback_domains: Type.Array(Type.String()) }, { description: "the terminal's domains, the new one included" })
export const VandarWalletAnswer = Type.Object({ wallet_rial: Type.Integer(), blocked_rial: Type.Integer() }, { description: 'the business wallet, rial' })
export const VandarCardOwnerAnswer = Type.Object(
  { card_number: Type.String(), national_code: Type.String(), mobile: Type.Optional(Type.String()) },
  { description: "the card's owner as the PSP knows it" }
)

export const CashInAccountAnswer = Type.Object(
  {
    account_number: Type.String(),
    IBAN: Type.String(),
    account_owner: Type.Array(Type.Object({ firstName: Type.String(), lastName: Type.String() })),
    bank_name: Type.String(),
    active: Type.Boolean(),
    balance: Type.Integer({ description: 'rial' }),
    available_balance: Type.Integer({ description: 'rial' })
  },
  { description: 'an Ayandeh account of the cash-in tool, bank side' }
)
agrees<Agrees<Static<typeof CashInAccountAnswer>, CashInAccount>>()
export const CashInAccountsAnswer = Type.Object({ accounts: Type.Array(CashInAccountAnswer) }, { description: "the tenant's cash-in accounts" })

const CashInDepositAnswer = Type.Object({
  gateway_transaction_id: Type.Integer(),
  amount: Type.Integer(),
  wage: Type.Integer(),
  status: OneOf(['INIT', 'DONE', 'FAILED']),
  iban: Type.String(),
  track_id: Type.String(),
  description: Str,
  comment: Str,
  receipt_url: Type.String(),
  created_at: Ms,
  due_at: Ms
})
agrees<Agrees<Static<typeof CashInDepositAnswer>, CashInDeposit>>()
export const CashInDepositsAnswer = Type.Object({ deposits: Type.Array(CashInDepositAnswer) }, { description: 'cash-in deposit entries' })

const RefundAnswer = Type.Object({
  id: Type.String(),
  retry_count: Type.String(),
  gateway_transaction_id: Type.Integer(),
  transaction_id: Type.Integer(),
  amount: Type.Integer(),
  wage: Type.Integer(),
  payment_number: Str,
  status: OneOf(['PENDING', 'DONE', 'FAILED']),
  description: Type.String(),
  comment: Str,
  notify_url: Str,
  wallet: Type.Integer({ description: 'wallet after the debit, rial' }),
  created_at: Ms,
  due_at: Ms,
  done_at: Nullable(Ms),
  ref_code: Str
})
agrees<Agrees<Static<typeof RefundAnswer>, VandarRefund>>()
export const VandarRefundsAnswer = Type.Object({ refunds: Type.Array(RefundAnswer) }, { description: 'refund entries' })

const WebhookAnswer = Type.Object({
  url: Type.String(),
  body: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])),
  status: Nullable(Type.Integer(), { description: "the receiver's HTTP status; null when it could not be reached" }),
  error: Type.Optional(Type.String()),
  at: Type.String()
})
agrees<Agrees<Static<typeof WebhookAnswer>, WebhookDelivery>>()
export const VandarWebhooksAnswer = Type.Object({ webhooks: Type.Array(WebhookAnswer) }, { description: 'webhook deliveries, newest first' })
