/** The answers of the card-to-card script's simulation actions (/__sandbox/card-to-card/...). */
import { Type, type Static } from '@sinclair/typebox'
import type { CardToCardCard, CardToCardDeposit, CardToCardSettings } from '../../providers/card-to-card/model.js'
import { Nullable, OneOf, RedirectUrl, agrees, type Agrees } from './common.js'

export const CardToCardPaymentAnswer = Type.Object(
  {
    pay_id: Type.Integer(),
    fid: Type.String(),
    price: Type.Integer({ description: 'rial' }),
    amount: Type.Integer({ description: 'what the payer must transfer, rial' }),
    phone: Nullable(Type.String()),
    card: Nullable(Type.String({ description: 'the payer card registered by create or setCard' })),
    callback: Nullable(Type.String()),
    created_at: Type.Number({ description: 'unix seconds' }),
    expire: Type.Number({ description: 'unix seconds' }),
    state: OneOf(['pending', 'paid', 'card_mismatch', 'voided', 'expired']),
    deposit_id: Nullable(Type.Integer()),
    paid_at: Nullable(Type.Number()),
    verified_at: Nullable(Type.Number({ description: 'when check first answered 201' }))
  },
  { description: 'a payment, its state judged now' }
)
export const CardToCardPaymentsAnswer = Type.Object({ payments: Type.Array(CardToCardPaymentAnswer) }, { description: 'payments, newest first' })

export const CardToCardDepositAnswer = Type.Object({
  id: Type.Integer(),
  amount: Type.Integer({ description: 'rial' }),
  card: Nullable(Type.String({ description: "the depositor's card as the SMS shows it (maybe masked with *)" })),
  dest: Nullable(Type.String({ description: 'the merchant card that received it' })),
  bank: Nullable(Type.String()),
  text: Type.String({ description: 'the bank SMS' }),
  received_at: Type.Number(),
  pay_id: Nullable(Type.Integer({ description: 'the payment it settled' })),
  outcome: OneOf(['paid', 'card_mismatch', 'voided', 'unmatched'])
})
agrees<Agrees<Static<typeof CardToCardDepositAnswer>, CardToCardDeposit>>()
export const CardToCardDepositsAnswer = Type.Object({ deposits: Type.Array(CardToCardDepositAnswer) }, { description: 'deposits, newest first' })

/** A deposit ends the payer's visit to the payment page when it settles a payment that has one. */
export const CardToCardDepositResultAnswer = Type.Object(
  {
    deposit: CardToCardDepositAnswer,
    payment: Nullable(CardToCardPaymentAnswer, { description: 'the payment it settled; null when nothing pending matched' }),
    redirect_url: RedirectUrl(
      "where the payment page now sends the payer's browser: the payment's callback with pay_id and fid added; null when no payment was settled or it has no callback"
    )
  },
  { description: 'the deposit as the script recorded it and the payment it settled' }
)

const Card = Type.Object({ number: Type.String(), name: Type.String({ description: 'card holder' }), bank: Type.String() })
agrees<Agrees<Static<typeof Card>, CardToCardCard>>()
export const CardToCardCardsAnswer = Type.Object({ cards: Type.Array(Card) }, { description: "the merchant's destination cards" })

export const CardToCardSettingsAnswer = Type.Object(
  {
    expire_seconds: Type.Integer(),
    min_price: Type.Integer(),
    unique_amount: Type.Boolean(),
    unique_amount_max_offset: Type.Integer(),
    strict_card_match: Type.Boolean(),
    card_numbers: OneOf(['full', 'masked']),
    card_luhn_check: Type.Boolean(),
    waiting_status: Type.Boolean(),
    mismatch_status: Type.Boolean(),
    merchant_phone: Type.String()
  },
  { description: "the tenant's card-to-card settings, after the change" }
)
agrees<Agrees<Static<typeof CardToCardSettingsAnswer>, CardToCardSettings>>()
