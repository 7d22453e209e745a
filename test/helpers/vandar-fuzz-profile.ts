/**
 * Vandar's part in the robustness suite. Vandar answers on two hosts, so a profile per host:
 * `profileFor(op)` picks the one an operation's `servers` names.
 */
import type { FastifyInstance } from 'fastify'
import type { FuzzResponse, Operation, ProviderProfile } from './fuzz-harness.js'

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

const base: Omit<ProviderProfile, 'prefix'> = {
  provider: 'vandar',
  async auth(app: FastifyInstance, tenant?: string) {
    const t = tenant ? app.sandbox.store.tenant(tenant)! : app.sandbox.store.defaultTenant
    return { authorization: `Bearer ${t.credentials.vandar.access_token}` }
  },
  shapeProblem: vandarShapeProblem
}

export const VANDAR_API_PROFILE: ProviderProfile = { ...base, prefix: '/api.vandar.io' }
export const VANDAR_IPG_PROFILE: ProviderProfile = { ...base, prefix: '/ipg.vandar.io' }

/** The profile of the host an operation lives on (its operation-level `servers`). */
export const profileFor = (doc: { paths: Record<string, Record<string, { servers?: Array<{ url: string }> }>> }, op: Operation): ProviderProfile =>
  doc.paths[op.path][op.method.toLowerCase()]?.servers?.[0]?.url.includes('ipg.vandar.io') ? VANDAR_IPG_PROFILE : VANDAR_API_PROFILE
