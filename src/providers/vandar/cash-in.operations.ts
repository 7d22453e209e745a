/**
 * واریز بانکی — cash-in's rules (seed 003; specs/vandar.md §7): a deposit debits the Ayandeh
 * account at once and lands on the wallet later, in INIT entries that become final on the sandbox
 * clock. Synchronous from check to write, so one track_id makes one deposit. Amounts are rials.
 */
import { random } from '../../core/ids.js'
import type { SandboxContext } from '../../core/context.js'
import type { Lifecycle } from '../../core/lifecycle.js'
import type { Tenant } from '../../state/model.js'
import type { CashInDeposit, VandarTenant } from './model.js'
import { addStatement, emptyRow, nextTransactionId, splitAmount } from './statement.operations.js'

/** The code of a `https://vand.ar/<code>` receipt link, from a stored receipt_url. */
export const receiptCode = (receiptUrl: string): string => receiptUrl.slice(receiptUrl.lastIndexOf('/') + 1)

/** A short receipt link (`https://vand.ar/qml22`), unique across tenants so the sandbox can serve it. */
const newReceiptUrl = (ctx: SandboxContext, tenant: Tenant): string => {
  for (;;) {
    const code = random(4).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 5)
    if (ctx.store.findTenant('vandar:receipt', code)) continue
    ctx.store.setIndex('vandar:receipt', code, tenant.id)
    return `https://vand.ar/${code}`
  }
}

export interface DepositInput {
  iban: string
  amount: number
  track_id: string
  description: string | null
  comment: string | null
}

/** واریز بانکی: debits the Ayandeh account now, INIT entries that land on the wallet later. */
export const deposit = (ctx: SandboxContext, tenant: Tenant, input: DepositInput): CashInDeposit[] => {
  const v = tenant.vandar
  const account = v.cash_in_accounts.find((a) => a.active && a.IBAN === input.iban)!
  const now = ctx.clock.now()
  account.available_balance -= input.amount
  account.balance -= input.amount
  const receipt = newReceiptUrl(ctx, tenant)
  const entries = splitAmount(input.amount, v.settings.cash_in_chunk_rial).map((amount) => ({
    gateway_transaction_id: nextTransactionId(ctx, v),
    amount,
    wage: 0,
    status: 'INIT' as const,
    iban: input.iban,
    track_id: input.track_id,
    description: input.description,
    comment: input.comment,
    receipt_url: receipt,
    created_at: now,
    due_at: now + v.settings.cash_in_done_after_seconds * 1000
  }))
  v.deposits.push(...entries)
  for (const d of entries) ctx.lifecycles.waiting(tenant, depositLanding, d)
  v.track_ids[input.track_id] = entries[0].gateway_transaction_id
  return entries
}

/** An INIT entry becomes final: DONE credits the wallet, FAILED gives the account its money back. */
const settleDeposit = (ctx: SandboxContext, v: VandarTenant, d: CashInDeposit): void => {
  d.status = v.settings.cash_in_final_status
  if (d.status === 'DONE') {
    v.wallet += d.amount - d.wage
  } else {
    // A failed deposit never left the bank: the account gets it back.
    const account = v.cash_in_accounts.find((a) => a.IBAN === d.iban)
    if (account) {
      account.balance += d.amount
      account.available_balance += d.amount
    }
  }
  addStatement(ctx, v, {
    ...emptyRow(ctx, v, d.gateway_transaction_id),
    kind: 'cash-in',
    amount: d.amount,
    wage: d.wage,
    status: d.status === 'DONE' ? 1 : -1,
    verified: d.status === 'DONE' ? 1 : 0,
    payment_date: d.status === 'DONE' ? d.due_at : null,
    created_at: d.created_at,
    description: d.description,
    track_id: d.track_id,
    iban: d.iban,
    receipt_url: d.receipt_url
  })
}

/** Deposits in INIT, landing at their `due_at`. */
export const depositLanding: Lifecycle<VandarTenant, CashInDeposit> = {
  kind: 'vandar:cash-in',
  provider: 'vandar',
  pending: (v) => v.deposits,
  dueAt: (d) => (d.status === 'INIT' ? d.due_at : null),
  settle: (ctx, tenant, d) => settleDeposit(ctx, tenant.vandar, d)
}
