/**
 * Card-to-card simulation actions: what the payer's bank and the merchant's phone do in real
 * life. A deposit is a bank SMS forwarded to the script; it lands in the SMS outbox and settles
 * the pending payment it matches (by amount, then card).
 */
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import type { SandboxContext } from '../core/context.js'
import { toEnglishDigits } from '../core/validators.js'

import type { CardToCardPayment } from '../providers/card-to-card/model.js'
import { dataOf, isExpired, paymentOf, receiveDeposit } from '../providers/card-to-card/operations.js'
import { parseDepositSms, SmsParseError } from '../providers/card-to-card/sms.js'
import { problem, targetTenant } from './helpers.js'
import { callbackUrl, pageState } from '../pages/card-to-card-payment.js'
import { agrees, answers, type Agrees } from './answers/common.js'
import * as A from './answers/card-to-card.js'
import { CONTROL_PLANE_DOCS } from './descriptions.js'

const TenantQuery = Type.Object({ tenant: Type.Optional(Type.String()) })
const tags = ['card-to-card']
const DOC = CONTROL_PLANE_DOCS.cardToCard

/** A payment as the control plane shows it, with its state judged now (expiry is lazy). */
export const paymentView = (ctx: SandboxContext, p: CardToCardPayment) => ({ ...p, state: isExpired(ctx, p) ? ('expired' as const) : p.state })

const DepositBody = Type.Object(
  {
    amount: Type.Optional(Type.Integer({ minimum: 1, description: 'rials deposited' })),
    card: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "the depositor's card as the SMS shows it (16 digits, `*` for masked digits); omit when the bank's SMS has none" })),
    dest: Type.Optional(Type.String({ description: "the merchant card it landed on: its number or its index in the card list (default the first)" })),
    sms: Type.Optional(Type.String({ minLength: 1, description: 'a raw bank deposit SMS instead of amount/card: parsed for amount, depositor card and bank' })),
    text: Type.Optional(Type.String({ minLength: 1, description: 'the same as `sms`' }))
  },
  { additionalProperties: false, examples: DOC.depositExamples }
)

const CardBody = Type.Object({ number: Type.String({ pattern: '^[0-9]{16}$' }), name: Type.String({ minLength: 1 }), bank: Type.String({ minLength: 1 }) }, { additionalProperties: false })

export const cardToCardActions = (app: FastifyInstance, ctx: SandboxContext) => {
  /** A bank deposit SMS reaches the script (simulated, or a raw text to parse). */
  app.post('/card-to-card/deposits', { schema: { tags, ...DOC.deposit, response: answers(A.CardToCardDepositResultAnswer, 201, [400, 404, 422]), querystring: TenantQuery, body: DepositBody } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (!t) return
    const raw = req.body as { amount?: number; card?: string | null; dest?: string; sms?: string; text?: string }
    const body = { ...raw, sms: raw.sms ?? raw.text }
    let input
    if (body.sms !== undefined) {
      if (body.amount !== undefined || body.card !== undefined) return problem(reply, 400, 'bad_request', 'send either `sms` or `amount` (with `card`), not both')
      try {
        const parsed = parseDepositSms(body.sms, dataOf(t).cards)
        input = { amount: parsed.amount, card: parsed.card, dest: body.dest ?? parsed.dest, bank: parsed.bank, text: body.sms }
      } catch (e) {
        if (e instanceof SmsParseError) return problem(reply, 422, 'sms_not_understood', e.message)
        throw e
      }
    } else {
      if (body.amount === undefined) return problem(reply, 400, 'bad_request', '`amount` (rials) or `sms` is required')
      const card = body.card ? toEnglishDigits(body.card).replace(/[\s-]/g, '') : null
      if (card !== null && !/^[0-9*]{16}$/.test(card)) return problem(reply, 400, 'bad_request', '`card` must be 16 digits (`*` for masked digits)')
      const dest = body.dest === undefined ? undefined : toEnglishDigits(body.dest).replace(/[\s-]/g, '')
      if (dest !== undefined && /^\d{1,2}$/.test(dest) && !dataOf(t).cards[Number(dest)]) return problem(reply, 400, 'bad_request', `no merchant card at index ${dest}`)
      input = { amount: body.amount, card, dest }
    }
    const deposit = receiveDeposit(ctx, t, input)
    ctx.store.changed()
    const settled = deposit.pay_id === null ? undefined : paymentOf(t, deposit.pay_id)!
    const payment = settled ? paymentView(ctx, settled) : null
    // The payment page polls its status and, once settled, sends the payer to the callback.
    const redirect_url = settled && pageState(ctx, settled) === 'paid' ? callbackUrl(settled) : null
    return reply.code(201).send({ deposit, payment, redirect_url })
  })

  app.get('/card-to-card/deposits', { schema: { tags, ...DOC.deposits, response: answers(A.CardToCardDepositsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return { deposits: [...dataOf(t).deposits].reverse() }
  })

  app.get('/card-to-card/payments', { schema: { tags, ...DOC.payments, response: answers(A.CardToCardPaymentsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return { payments: Object.values(dataOf(t).payments).sort((a, b) => b.pay_id - a.pay_id).map((p) => paymentView(ctx, p)) }
  })

  app.get(
    '/card-to-card/payments/:pay_id',
    { schema: { tags, ...DOC.payment, response: answers(A.CardToCardPaymentAnswer, 200, [404]), querystring: TenantQuery, params: Type.Object({ pay_id: Type.String() }) } },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      const id = (req.params as { pay_id: string }).pay_id
      const p = /^\d{1,15}$/.test(id) ? paymentOf(t, Number(id)) : undefined
      return p ? paymentView(ctx, p) : problem(reply, 404, 'payment_not_found', `no card-to-card payment ${id}`)
    }
  )

  app.get('/card-to-card/cards', { schema: { tags, ...DOC.cards, response: answers(A.CardToCardCardsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return { cards: dataOf(t).cards }
  })

  /** Replace the merchant's destination cards (the script's settings page). */
  app.put(
    '/card-to-card/cards',
    {
      schema: {
        tags,
        ...DOC.setCards, response: answers(A.CardToCardCardsAnswer, 200, [404]),
        querystring: TenantQuery,
        body: Type.Object({ cards: Type.Array(CardBody, { maxItems: 20 }) }, { additionalProperties: false, examples: [DOC.setCardsExample] })
      }
    },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      dataOf(t).cards = (req.body as { cards: Array<{ number: string; name: string; bank: string }> }).cards.map((c) => ({ ...c }))
      ctx.store.changed()
      return { cards: dataOf(t).cards }
    }
  )

  app.get('/card-to-card/settings', { schema: { tags, ...DOC.settings, response: answers(A.CardToCardSettingsAnswer, 200, [404]), querystring: TenantQuery } }, async (req, reply) => {
    const t = targetTenant(ctx, req.query, reply)
    if (t) return dataOf(t).settings
  })

  app.patch(
    '/card-to-card/settings',
    {
      schema: {
        tags,
        ...DOC.setSettings, response: answers(A.CardToCardSettingsAnswer, 200, [404]),
        querystring: TenantQuery,
        body: Type.Object(
          {
            expire_seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 86400 })),
            min_price: Type.Optional(Type.Integer({ minimum: 0 })),
            unique_amount: Type.Optional(Type.Boolean()),
            unique_amount_max_offset: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
            strict_card_match: Type.Optional(Type.Boolean()),
            card_numbers: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('masked')])),
            card_luhn_check: Type.Optional(Type.Boolean()),
            waiting_status: Type.Optional(Type.Boolean()),
            mismatch_status: Type.Optional(Type.Boolean()),
            merchant_phone: Type.Optional(Type.String({ minLength: 1 }))
          },
          { additionalProperties: false, examples: [DOC.setSettingsExample] }
        )
      }
    },
    async (req, reply) => {
      const t = targetTenant(ctx, req.query, reply)
      if (!t) return
      Object.assign(dataOf(t).settings, req.body)
      ctx.store.changed()
      return dataOf(t).settings
    }
  )
}



// The view the handlers build agrees with the answer schema (checked by tsc).
agrees<Agrees<Static<typeof A.CardToCardPaymentAnswer>, ReturnType<typeof paymentView>>>()
