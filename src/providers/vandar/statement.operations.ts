/**
 * The rows of صورت حساب (specs/vandar.md §24) every service writes when money moves, their ids,
 * and the chunks large movements are split into. Operations run from check to write without an
 * await, so wallet moves hold under concurrency. Amounts are rials.
 */
import { randomUUID } from 'node:crypto'
import type { SandboxContext } from '../../core/context.js'
import type { StatementEntry, VandarTenant } from './model.js'

/** 12-digit transaction ids: unix seconds * 100 + n, strictly increasing per business (§0.8). */
export const nextTransactionId = (ctx: SandboxContext, v: VandarTenant): number => {
  const id = Math.max(ctx.clock.nowSeconds() * 100, v.last_txn_id + 1)
  v.last_txn_id = id
  return id
}

/** A row with every field empty; services fill in theirs. `wallet` is the wallet now. */
export const emptyRow = (ctx: SandboxContext, v: VandarTenant, id: number): StatementEntry => {
  const now = ctx.clock.now()
  return {
    id,
    uuid: randomUUID(),
    kind: 'ipg',
    amount: 0,
    wage: 0,
    status: 1,
    verified: 0,
    ref_id: null,
    tracking_code: null,
    card_number: null,
    cid: null,
    payment_date: null,
    payment_number: null,
    created_at: now,
    updated_at: now,
    wallet: v.wallet,
    description: null,
    factor_number: null,
    mobile: null,
    callback_url: null,
    api_token: null,
    port: null,
    track_id: null,
    iban: null,
    refund: null,
    result_code: null,
    result_message: null,
    payer_ip: null,
    receipt_url: null
  }
}

/** Rows keep id order (newest last); a row for an id already present replaces it. */
export const addStatement = (_ctx: SandboxContext, v: VandarTenant, row: StatementEntry): void => {
  const rows = v.statement
  if (rows.length === 0 || rows[rows.length - 1].id < row.id) {
    rows.push(row)
    return
  }
  // first index with id >= row.id
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (rows[mid].id < row.id) lo = mid + 1
    else hi = mid
  }
  for (let i = lo; i < rows.length && rows[i].id === row.id; i++)
    if (rows[i].kind === row.kind) {
      rows[i] = row
      return
    }
  rows.splice(lo, 0, row)
}

/** Splits a movement into chunks of at most `chunk` (seed 003: 1,200,000,000 -> 1e9 + 2e8). */
export const splitAmount = (amount: number, configuredChunk: number): number[] => {
  // A sandbox-configured tiny chunk must not produce millions of entries.
  const chunk = Math.max(configuredChunk, Math.ceil(amount / 1000))
  const out: number[] = []
  let rest = amount
  while (rest > chunk) {
    out.push(chunk)
    rest -= chunk
  }
  if (rest > 0) out.push(rest)
  return out
}
