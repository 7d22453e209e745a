/** Each provider's part in the robustness suite: how to authenticate and its documented error shapes. */
import type { FastifyInstance } from 'fastify'
import type { FuzzResponse, ProviderProfile } from './fuzz-harness.js'
import { baloanLogin } from './sandbox.js'
import { VANDAR_PROFILE } from './vandar-fuzz-profile.js'

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/**
 * DRF's field-error map: every value a list of strings, a nested map of the same, or, for a list
 * of nested objects (`many=True`), one map per item with `{}` for the items without errors.
 */
const isFieldMap = (v: unknown): boolean =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && Object.values(v).every(isFieldErrors)

const isEmptyMap = (m: unknown): boolean => !!m && typeof m === 'object' && !Array.isArray(m) && Object.keys(m).length === 0

const isFieldErrors = (x: unknown): boolean =>
  Array.isArray(x) ? x.every((m) => typeof m === 'string') || (x.some(isFieldMap) && x.every((m) => isFieldMap(m) || isEmptyMap(m))) : isFieldMap(x)

/** Django's own 404 page (DEBUG off), for paths no URL pattern matches. */
const isDjango404 = (res: FuzzResponse) =>
  res.status === 404 && String(res.headers['content-type'] ?? '').startsWith('text/html') && res.body.includes('<title>Not Found</title>')

const baloan: ProviderProfile = {
  provider: 'baloan',
  prefix: '/api.baloan.ir',
  async auth(app: FastifyInstance, tenant?: string) {
    const t = tenant ? app.sandbox.store.tenant(tenant)! : app.sandbox.store.defaultTenant
    const c = t.credentials.baloan
    return { authorization: `Bearer ${await baloanLogin(app, 'v2', { username: c.store_uuid, password: c.password })}` }
  },
  shapeProblem(res: FuzzResponse) {
    if (isDjango404(res)) return undefined
    const b = parse(res.body) as Record<string, unknown> | undefined
    if (!b) return `not JSON: ${res.body.slice(0, 80)}`
    if (typeof b.detail === 'string') return undefined
    if (b.status === 'error' && typeof b.message === 'string' && typeof b.message_code === 'string' && b.message_code !== '') return undefined
    if (res.status === 400 && isFieldMap(b)) return undefined
    return `not a Baloan/DRF error body: ${res.body.slice(0, 120)}`
  }
}

/** The card-to-card script (PHP): every answer `{"status", "code", "msg"}`, its code table's 500s documented. */
const CARD_TO_CARD_500_CODES = new Set([0, 1, 2, 3, -3, -2, -1, 4, 5, 6])
const cardToCardBody = (res: FuzzResponse) => parse(res.body) as { status?: unknown; code?: unknown; msg?: unknown } | undefined
const cardToCard: ProviderProfile = {
  provider: 'card-to-card',
  prefix: '/card-to-card',
  async auth(app: FastifyInstance, tenant?: string) {
    const t = tenant ? app.sandbox.store.tenant(tenant)! : app.sandbox.store.defaultTenant
    return { token: t.credentials.card_to_card.token }
  },
  shapeProblem(res: FuzzResponse) {
    const b = cardToCardBody(res)
    if (b && b.status === false && typeof b.code === 'number' && typeof b.msg === 'string') return undefined
    return `not the script's {"status":false,"code","msg"}: ${res.body.slice(0, 120)}`
  },
  documented5xx(res: FuzzResponse) {
    const b = cardToCardBody(res)
    return res.status === 500 && !!b && b.status === false && CARD_TO_CARD_500_CODES.has(b.code as number)
  }
}

/** BazaarPay (DRF): v1 `{detail}`, v2/v3 `{detail, code}` or `{code, detail, invalid_params}`, 400 field maps. */
const bazaarpay: ProviderProfile = {
  provider: 'bazaarpay',
  prefix: '/api.bazaar-pay.ir',
  async auth(app: FastifyInstance, tenant?: string) {
    const t = tenant ? app.sandbox.store.tenant(tenant)! : app.sandbox.store.defaultTenant
    return { authorization: `Token ${t.credentials.bazaarpay.merchant_token}` }
  },
  shapeProblem(res: FuzzResponse) {
    if (isDjango404(res)) return undefined
    const b = parse(res.body) as Record<string, unknown> | undefined
    if (!b || typeof b !== 'object') return `not JSON: ${res.body.slice(0, 80)}`
    const detail = b.detail
    if (typeof detail === 'string' || (Array.isArray(detail) && detail.every((d) => typeof d === 'string'))) return undefined
    if (res.status === 400 && isFieldMap(b)) return undefined
    return `not a BazaarPay error body: ${res.body.slice(0, 120)}`
  }
}

export const PROFILES: ProviderProfile[] = [baloan, VANDAR_PROFILE, bazaarpay, cardToCard]
