/** Vandar's part in the robustness suite. */
import type { FastifyInstance } from 'fastify'
import fc from 'fast-check'
import type { FuzzResponse, ProviderProfile } from './fuzz-harness.js'

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string')
const fieldMap = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' || strings(x))

/** Vandar's documented error envelopes (specs/vandar.md §0.6) and the payment page's HTML. */
export const vandarShapeProblem = (res: FuzzResponse): string | undefined => {
  const ct = String(res.headers['content-type'] ?? '')
  if (ct.startsWith('text/html') && (res.status === 404 || res.status === 403) && res.body.includes('dir="rtl"')) return undefined
  const b = parse(res.body) as Record<string, unknown> | undefined
  if (!b || typeof b !== 'object') return `not JSON: ${res.body.slice(0, 80)}`
  if (b.status === 0 && typeof b.error === 'string') return undefined // E1 / E7
  if (typeof b.status === 'number' && strings(b.errors)) return undefined // E5 (IPG)
  if (typeof b.message === 'string' && fieldMap(b.errors)) return undefined // E3 (Laravel 422)
  if (b.status === 0 && fieldMap(b.errors)) return undefined // E2 / E4
  if (b.status === 0 && typeof b.message === 'string') return undefined // E6
  if (typeof b.message === 'string' && Object.keys(b).length === 1) return undefined // Laravel 404/405/429/500
  return `not a Vandar error body: ${res.body.slice(0, 120)}`
}

/**
 * Vandar answers on two hosts; each operation's own `servers` names its host, so one profile
 * covers both (the harness takes the prefix from the operation).
 */
export const VANDAR_PROFILE: ProviderProfile = {
  provider: 'vandar',
  prefix: '/api.vandar.io',
  prefixes: ['/api.vandar.io', '/ipg.vandar.io'],
  async auth(app: FastifyInstance, tenant?: string) {
    const t = tenant ? app.sandbox.store.tenant(tenant)! : app.sandbox.store.defaultTenant
    return { authorization: `Bearer ${t.credentials.vandar.access_token}` }
  },
  shapeProblem: vandarShapeProblem,
  // bodies sometimes carry the tenant's real IPG api_key, so the IPG's deeper checks are reached too
  withCredentials(app: FastifyInstance, tenant?: string) {
    const key = (tenant ? app.sandbox.store.tenant(tenant)! : app.sandbox.store.defaultTenant).credentials.vandar.ipg_api_key
    return (body: unknown) =>
      fc.oneof(fc.constant(body), fc.constant(body && typeof body === 'object' && !Array.isArray(body) ? { ...body, api_key: key } : body))
  },
  aimAt: (url: string, app: FastifyInstance, victim: string) =>
    url.replace(/\/business\/[^/?]+/, `/business/${app.sandbox.store.tenant(victim)!.credentials.vandar.business}`)
}
