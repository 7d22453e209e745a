/**
 * بازگشت وجه — the IPG refund's rules (specs/vandar.md §3): the wallet is debited at once, in
 * PENDING entries that settle on the sandbox clock; then `notify_url` gets the form-encoded
 * webhook of §0.9 through the core delivery queue. Synchronous from check to write, so a payment
 * is refunded at most its amount under concurrency. Amounts are rials.
 */
import { randomInt } from 'node:crypto'
import type { SandboxContext } from '../../core/context.js'
import { random } from '../../core/ids.js'
import type { Lifecycle } from '../../core/lifecycle.js'
import type { Tenant } from '../../state/model.js'
import { gregorianDate, jalaliDate, jalaliDateTime } from './dates.js'
import type { StatementEntry, VandarPayment, VandarRefund, VandarTenant } from './model.js'
import { addStatement, emptyRow, nextTransactionId, splitAmount } from './statement.operations.js'
import { VANDAR_TEXT } from './text.js'

export interface RefundInput {
  amount: number
  payment_number: string | null
  description: string | null
  comment: string | null
  notify_url: string | null
}

/** بازگشت وجه: debits the wallet now, PENDING entries that settle later. Checks are the caller's. */
export const refund = (ctx: SandboxContext, tenant: Tenant, p: VandarPayment, input: RefundInput): VandarRefund[] => {
  const v = tenant.vandar
  const now = ctx.clock.now()
  p.refunded += input.amount
  if (input.payment_number) v.payment_numbers[input.payment_number] = String(p.trans_id)
  const entries = splitAmount(input.amount, v.settings.refund_chunk_rial).map((amount) => {
    const wage = v.settings.refund_wage_rial
    v.wallet -= amount + wage
    const r: VandarRefund = {
      id: uuidV1Like(now),
      retry_count: '01',
      gateway_transaction_id: nextTransactionId(ctx, v),
      transaction_id: p.trans_id,
      amount,
      wage,
      payment_number: input.payment_number,
      status: 'PENDING',
      description: input.description ?? `${VANDAR_TEXT.REFUND_DESCRIPTION_PREFIX} ${p.trans_id}`,
      comment: input.comment,
      notify_url: input.notify_url,
      wallet: v.wallet,
      created_at: now,
      due_at: now + v.settings.refund_done_after_seconds * 1000,
      done_at: null,
      ref_code: null
    }
    addStatement(ctx, v, refundRow(ctx, v, r))
    return r
  })
  v.refunds.push(...entries)
  for (const r of entries) ctx.lifecycles.waiting(tenant, refundSettling, r)
  return entries
}

/** A refund's statement row: pending (-2), done (2) or failed (-3), like an outgoing settlement. */
const refundRow = (ctx: SandboxContext, v: VandarTenant, r: VandarRefund): StatementEntry => ({
  ...emptyRow(ctx, v, r.gateway_transaction_id),
  kind: 'refund',
  amount: r.amount,
  wage: r.wage,
  status: r.status === 'PENDING' ? -2 : r.status === 'DONE' ? 2 : -3,
  verified: r.status === 'DONE' ? 1 : 0,
  payment_number: r.payment_number,
  ref_id: r.ref_code,
  created_at: r.created_at,
  updated_at: r.done_at ?? r.created_at,
  wallet: r.wallet,
  description: r.description,
  refund: String(r.transaction_id),
  payment_date: r.done_at
})

const settleRefund = (ctx: SandboxContext, tenant: Tenant, r: VandarRefund): void => {
  const v = tenant.vandar
  r.status = v.settings.refund_final_status
  r.done_at = r.due_at
  if (r.status === 'DONE') r.ref_code = String(randomInt(100000000, 999999999)) + String(randomInt(100, 999))
  else {
    // The bank refused it: the wallet gets the amount back.
    v.wallet += r.amount + r.wage
    const p = Object.hasOwn(v.payment_by_trans_id, String(r.transaction_id)) ? v.payments[v.payment_by_trans_id[String(r.transaction_id)]] : undefined
    if (p) p.refunded -= r.amount
  }
  addStatement(ctx, v, refundRow(ctx, v, r))
  if (r.notify_url) sendRefundWebhook(ctx, tenant, r)
}

/** Refunds in PENDING, final at their `due_at`. */
export const refundSettling: Lifecycle<VandarTenant, VandarRefund> = {
  kind: 'vandar:refund',
  provider: 'vandar',
  pending: (v) => v.refunds,
  dueAt: (r) => (r.status === 'PENDING' ? r.due_at : null),
  settle: (ctx, tenant, r) => settleRefund(ctx, tenant, r)
}

/** §0.9: the settlement/refund notify_url, POSTed as form data after the final state; unsigned. */
const sendRefundWebhook = (ctx: SandboxContext, tenant: Tenant, r: VandarRefund): void => {
  const at = r.done_at ?? ctx.clock.now()
  ctx.webhooks.enqueue({
    tenant: tenant.id,
    provider: 'vandar',
    event: 'refund',
    url: r.notify_url!,
    encoding: 'form',
    body: {
      id: r.id,
      iban_id: null,
      transaction_id: r.gateway_transaction_id,
      amount: r.amount,
      payment_number: r.payment_number,
      status: r.status,
      settlement_date: gregorianDate(at),
      settlement_date_jalali: jalaliDate(at),
      revised_transaction_id: null,
      ref_code: r.ref_code
    }
  })
}

export const refundDate = (r: VandarRefund): string => jalaliDateTime(r.created_at)

/** A time-based (v1-style) UUID like Vandar's entity ids. */
const uuidV1Like = (ms: number): string => {
  const t = BigInt(ms) * 10000n + 0x01b21dd213814000n
  const hex = t.toString(16).padStart(15, '0')
  const low = hex.slice(-8)
  const mid = hex.slice(-12, -8)
  const high = '1' + hex.slice(-15, -12)
  const rest = random(8).toString('hex')
  return `${low}-${mid}-${high}-${((parseInt(rest.slice(0, 4), 16) & 0x3fff) | 0x8000).toString(16)}-${rest.slice(4, 16)}`
}
