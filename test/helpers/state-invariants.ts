/**
 * Money invariants of a tenant, for state files written while requests move money: a file that
 * holds one moment of the state keeps them, a torn one (a wallet from before a verify beside the
 * verify's statement row) does not.
 * - Vandar: the wallet is the fixture wallet plus what every statement row moved (a paid IPG or
 *   cash-in row adds amount - wage; a pending or done refund row takes amount + wage).
 * - Baloan: a customer's credit plus the totals of their settlements is their fixture credit.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Tenant } from '../../src/state/model.js'
import type { StatementEntry } from '../../src/providers/vandar/model.js'
import { verified } from './vandar.js'

export interface MoneyAtStart {
  wallet: number
  credits: Record<string, number>
}

/** The balances of a tenant before anything moved money. */
export const moneyAtStart = (t: Tenant): MoneyAtStart => ({
  wallet: t.vandar.wallet,
  credits: Object.fromEntries(Object.values(t.baloan.customers).map((c) => [c.national_identifier, c.credit]))
})

const moved = (r: StatementEntry): number => {
  if (r.status === 1) return r.amount - r.wage
  if (r.status === 2 || r.status === -2) return -(r.amount + r.wage)
  return 0
}

/** What breaks the invariants in `t` (a tenant as a state file holds it); empty when none does. */
export const moneyProblems = (t: Tenant, start: MoneyAtStart): string[] => {
  const problems: string[] = []
  const expected = t.vandar.statement.reduce((wallet, r) => wallet + moved(r), start.wallet)
  if (t.vandar.wallet !== expected)
    problems.push(`Vandar wallet ${t.vandar.wallet} but its ${t.vandar.statement.length} statement rows make ${expected}`)
  const settled: Record<string, number> = {}
  for (const s of t.baloan.settlements) settled[s.national_identifier] = (settled[s.national_identifier] ?? 0) + s.total
  for (const [nid, credit] of Object.entries(start.credits)) {
    const c = t.baloan.customers[nid]
    const sum = (c?.credit ?? NaN) + (settled[nid] ?? 0)
    if (sum !== credit) problems.push(`Baloan ${nid}: credit ${c?.credit} + settlements ${settled[nid] ?? 0} = ${sum}, not the ${credit} it started with`)
  }
  return problems
}

/**
 * Makes the default tenant's state large and money-consistent, as a long-running sandbox's would
 * be: `settlements` Baloan settlements of 0012345678 (its credit lowered by their totals) and
 * `payments` verified Vandar payments (copies of one made through the API, each with its
 * statement row, the wallet raised by what each moved).
 */
export const seedMoney = async (app: FastifyInstance, n: { settlements: number; payments: number }): Promise<void> => {
  const t = app.sandbox.store.defaultTenant
  const customer = t.baloan.customers['0012345678']
  for (let i = 0; i < n.settlements; i++) {
    const code = `SEED-${i}`
    customer.credit -= 1000
    const id = t.baloan.settlements.length + 1
    t.baloan.settlements.push({
      id, version: 'v2', national_identifier: '0012345678', code, total: 1000, credit_after: customer.credit,
      invoice: { bytes: 48, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      data: { code, bill: { total: 1000 } }, created_at: '2026-11-22T08:00:00.000Z'
    } as never)
    t.baloan.settled_codes[code] = id
  }
  const { token } = await verified(app, { amount: 120000 })
  const v = t.vandar
  const payment = v.payments[token]
  const row = v.statement.find((r) => r.api_token === token)!
  for (let i = 0; i < n.payments; i++) {
    const trans_id = v.last_txn_id + 1
    const copy = `SEED${String(i).padStart(11, '0')}`
    v.last_txn_id = trans_id
    v.payments[copy] = { ...payment, token: copy, trans_id }
    v.payment_by_trans_id[String(trans_id)] = copy
    v.wallet += row.amount - row.wage
    v.statement.push({ ...row, id: trans_id, uuid: randomUUID(), api_token: copy, wallet: v.wallet })
  }
}
