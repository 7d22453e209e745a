/**
 * Baloan's rules as named store operations (specs/baloan.md §2.7). Each runs synchronously from
 * check to write, so concurrent requests cannot both pass a single-use or credit check.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { SandboxContext } from '../../core/context.js'
import { numericCode } from '../../core/ids.js'
import { isValidNationalId, isNationalIdFormat } from '../../core/validators.js'
import type { Tenant } from '../../state/model.js'
import { freezeThrough } from '../../state/sliced-json.js'
import type { BaloanCustomer, BaloanSettlement } from './model.js'
import { BaloanError } from './errors.js'
import type { SettleData } from './schemas.js'

/**
 * The customer behind a national identifier. Document customers (0012345678 fails the
 * checksum) are found as they are; an unknown id must be a well-formed national code.
 */
export const customerOf = (tenant: Tenant, nationalIdentifier: string): BaloanCustomer | undefined => {
  const nid = nationalIdentifier.trim()
  const known = Object.hasOwn(tenant.baloan.customers, nid) ? tenant.baloan.customers[nid] : undefined
  if (known) return known
  if (!isNationalIdFormat(nid) || !isValidNationalId(nid)) throw new BaloanError('invalid_national_identifier')
  return undefined
}

/** A customer with credit, or the `no_credit` error. */
const creditedCustomer = (tenant: Tenant, nid: string): BaloanCustomer => {
  const c = customerOf(tenant, nid)
  if (!c || c.credit <= 0) throw new BaloanError('no_credit')
  return c
}

/** استعلام اعتبار: the credit, or null when the customer has none. */
export const checkCredit = (tenant: Tenant, nid: string): number | null => {
  const c = customerOf(tenant, nid)
  return c && c.credit > 0 ? c.credit : null
}

/** ارسال otp: texts a new code to the customer's phone, replacing any earlier one. */
export const sendCreditOtp = (ctx: SandboxContext, tenant: Tenant, nid: string): void => {
  const customer = creditedCustomer(tenant, nid)
  const s = tenant.baloan.settings
  const code = ctx.config.fixedOtp ?? numericCode(s.otp_length)
  const now = ctx.clock.now()
  tenant.baloan.otps[customer.national_identifier] = { code, created_at: now, expires_at: now + s.otp_ttl_seconds * 1000, wrong_attempts: 0 }
  ctx.store.sendSms({
    tenant: tenant.id,
    to: customer.phone,
    provider: 'baloan',
    purpose: 'credit_otp',
    code,
    text: `بالون\nکد تایید خرید اعتباری شما: ${code}\nاین کد را فقط در اختیار فروشگاه قرار دهید.`
  })
}

/**
 * Checks an OTP and, when right, consumes it. A wrong code counts against the attempt limit;
 * the last allowed wrong attempt invalidates the code.
 */
const takeOtp = (ctx: SandboxContext, tenant: Tenant, nid: string, otp: string, consume: boolean): void => {
  const entry = tenant.baloan.otps[nid]
  if (!entry) throw new BaloanError('otp_not_requested')
  if (entry.expires_at <= ctx.clock.now()) {
    delete tenant.baloan.otps[nid]
    throw new BaloanError('otp_expired')
  }
  if (entry.code !== otp.trim()) {
    entry.wrong_attempts++
    if (entry.wrong_attempts >= tenant.baloan.settings.otp_max_wrong_attempts) {
      delete tenant.baloan.otps[nid]
      throw new BaloanError('otp_attempts_exceeded')
    }
    throw new BaloanError('otp_invalid')
  }
  if (consume) delete tenant.baloan.otps[nid]
}

/** اعتبارسنجی otp (v2): consumes the OTP and hands out a single-use transaction token. */
export const validateCreditOtp = (ctx: SandboxContext, tenant: Tenant, nid: string, otp: string): string => {
  const customer = creditedCustomer(tenant, nid)
  takeOtp(ctx, tenant, customer.national_identifier, otp, true)
  const now = ctx.clock.now()
  const tokens = tenant.baloan.transaction_tokens
  sweepTransactionTokens(tenant, now)
  const token = randomUUID()
  tokens[token] = {
    token,
    national_identifier: customer.national_identifier,
    created_at: now,
    expires_at: now + tenant.baloan.settings.transaction_token_ttl_seconds * 1000,
    used_at: null
  }
  return token
}

const lastSweep = new WeakMap<object, number>()

/**
 * Forgets transaction tokens past their lifetime (used or not: afterwards a used one reads as
 * invalid rather than used), at most once a minute of sandbox time per tenant, so the table
 * stays bounded under any load without a scan per request.
 */
const sweepTransactionTokens = (tenant: Tenant, now: number): void => {
  const tokens = tenant.baloan.transaction_tokens
  if (now - (lastSweep.get(tokens) ?? 0) < 60_000) return
  lastSweep.set(tokens, now)
  for (const [k, t] of Object.entries(tokens)) if (t.expires_at <= now) delete tokens[k]
}

export interface SettleInput {
  nid: string
  data: SettleData
  invoice: Buffer
  /** v1 proves the purchase with the OTP, v2 with the transaction token */
  proof: { otp: string } | { token: string }
}

/** تایید واریز اعتبار: deducts bill.total from the customer's credit once per order code. */
export const settleConfirm = (ctx: SandboxContext, tenant: Tenant, input: SettleInput): BaloanSettlement => {
  const customer = creditedCustomer(tenant, input.nid)
  const nid = customer.national_identifier
  const now = ctx.clock.now()
  if ('token' in input.proof) {
    const t = Object.hasOwn(tenant.baloan.transaction_tokens, input.proof.token) ? tenant.baloan.transaction_tokens[input.proof.token] : undefined
    if (!t || t.national_identifier !== nid) throw new BaloanError('invalid_token')
    if (t.used_at !== null) throw new BaloanError('token_used')
    if (t.expires_at <= now) throw new BaloanError('token_expired')
  } else {
    takeOtp(ctx, tenant, nid, input.proof.otp, false)
  }
  const code = String(input.data.code)
  if (Object.hasOwn(tenant.baloan.settled_codes, code)) throw new BaloanError('duplicate_code')
  const total = input.data.bill.total
  if (total > customer.credit) throw new BaloanError('insufficient_credit')

  // Every check passed: from here on the settlement happens, all in this one synchronous step.
  if ('token' in input.proof) tenant.baloan.transaction_tokens[input.proof.token].used_at = now
  else delete tenant.baloan.otps[nid]
  customer.credit -= total
  const settlement: BaloanSettlement = {
    id: tenant.baloan.settlements.length + 1,
    version: 'token' in input.proof ? 'v2' : 'v1',
    national_identifier: nid,
    code,
    total,
    credit_after: customer.credit,
    invoice: { bytes: input.invoice.length, sha256: createHash('sha256').update(input.invoice).digest('hex') },
    data: input.data,
    created_at: ctx.clock.iso()
  }
  // never changed once made: frozen, the state writer shares it rather than copying it per write
  tenant.baloan.settlements.push(freezeThrough(settlement))
  tenant.baloan.settled_codes[code] = settlement.id
  return settlement
}
