/** Each provider's part in the robustness suite: how to authenticate and its documented error shapes. */
import type { FastifyInstance } from 'fastify'
import type { FuzzResponse, ProviderProfile } from './fuzz-harness.js'
import { baloanLogin } from './sandbox.js'

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** DRF's field-error map: every value a list of strings or a nested map of the same. */
const isFieldMap = (v: unknown): boolean =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 &&
  Object.values(v).every((x) => (Array.isArray(x) && x.every((m) => typeof m === 'string')) || isFieldMap(x))

const baloan: ProviderProfile = {
  provider: 'baloan',
  prefix: '/api.baloan.ir',
  async auth(app: FastifyInstance, tenant?: string) {
    const t = tenant ? app.sandbox.store.tenant(tenant)! : app.sandbox.store.defaultTenant
    const c = t.credentials.baloan
    return { authorization: `Bearer ${await baloanLogin(app, 'v2', { username: c.store_uuid, password: c.password })}` }
  },
  shapeProblem(res: FuzzResponse) {
    const ct = String(res.headers['content-type'] ?? '')
    if (res.status === 404 && ct.startsWith('text/html') && res.body.includes('<title>Not Found</title>')) return undefined
    const b = parse(res.body) as Record<string, unknown> | undefined
    if (!b) return `not JSON: ${res.body.slice(0, 80)}`
    if (typeof b.detail === 'string') return undefined
    if (b.status === 'error' && typeof b.message === 'string' && typeof b.message_code === 'string' && b.message_code !== '') return undefined
    if (res.status === 400 && isFieldMap(b)) return undefined
    return `not a Baloan/DRF error body: ${res.body.slice(0, 120)}`
  }
}

export const PROFILES: ProviderProfile[] = [baloan]
