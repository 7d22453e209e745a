/**
 * احراز هویت (seed 004 «احراز هویت»; specs/vandar.md §0.2, §0.4, §1): dashboard-issued bearer
 * tokens (432000 s) with refresh tokens (10 days) rotated by POST /v3/refreshtoken, GET /v3/logout,
 * and the per-token rate limits (POST 30 / 3 s, other methods 100 / 3 s).
 */
import { random } from '../../core/ids.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { Tenant } from '../../state/model.js'
import { laravel422, tooManyAttempts, unauthenticated } from './errors.js'
import { LaravelValidation, Logout, RefreshRequest, TokenResponse, Unauthenticated, Unauthorized } from './schemas.js'

export const VANDAR_RATE_LIMITS = {
  post: { max: 30, windowSeconds: 3 },
  other: { max: 100, windowSeconds: 3 }
}

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null
  }
}

export const bearerOf = (req: FastifyRequest): string | undefined => {
  const h = req.headers.authorization
  if (typeof h !== 'string') return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h.trim())
  return m ? m[1] : undefined
}

/** A Passport-looking access token (a JWT of ~1000 characters) and a `def502…` refresh token. */
const newAccessToken = (nowSeconds: number, ttl: number): string => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const header = b64({ typ: 'JWT', alg: 'RS256' })
  const payload = b64({ aud: '1', jti: random(40).toString('hex'), iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + ttl, sub: '', scopes: [] })
  return `${header}.${payload}.${random(512).toString('base64url')}`
}
const newRefreshToken = (): string => 'def50200' + random(350).toString('hex')

export const createVandarAuth = (ctx: SandboxContext) => {
  const { store, clock } = ctx

  /** Laravel's throttle: fixed windows per key, X-RateLimit-* on every answer. */
  const throttle = (req: FastifyRequest, reply: FastifyReply, key: string): boolean => {
    const rule = req.method === 'POST' ? VANDAR_RATE_LIMITS.post : VANDAR_RATE_LIMITS.other
    const verdict = ctx.limiter.hit(`vandar:${req.method === 'POST' ? 'post' : 'other'}:${key}`, rule)
    if (!verdict.allowed) {
      tooManyAttempts(reply, verdict.retryAfter, verdict.limit, clock.nowSeconds())
      return false
    }
    reply.header('x-ratelimit-limit', String(verdict.limit)).header('x-ratelimit-remaining', String(verdict.remaining))
    return true
  }

  /** The business an access token belongs to, if the token is live. */
  const tenantOfAccessToken = (token: string): Tenant | undefined => {
    const t = store.findTenant('vandar:access', token)
    const rec = t && Object.hasOwn(t.vandar.access_tokens, token) ? t.vandar.access_tokens[token] : undefined
    if (!t || !rec) return undefined
    if (rec.expires_at <= clock.now()) return undefined
    return t
  }

  /**
   * onRequest of every bearer endpoint (Laravel authenticates before it validates): throttle per
   * token, then the token, then the `{business}` slug — a token works only for its own business.
   * A slug that is not the token's business answers like a bad token [I].
   */
  const requireBusiness = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearerOf(req)
    if (!throttle(req, reply, token ? `token:${token}` : `ip:${req.ip}`)) return reply
    const tenant = token ? tenantOfAccessToken(token) : undefined
    if (!tenant) return unauthenticated(reply)
    const slug = (req.params as { business?: string } | undefined)?.business
    if (slug !== undefined && slug !== tenant.credentials.vandar.business) return unauthenticated(reply)
    req.tenant = tenant
    if (req.sandbox) req.sandbox.tenant = tenant.id
    ctx.lifecycles.sweep(tenant)
  }

  /** Issues a new pair, indexed for lookups. */
  const issue = (tenant: Tenant) => {
    const s = tenant.vandar.settings
    const now = clock.now()
    const access = newAccessToken(clock.nowSeconds(), s.access_token_ttl_seconds)
    const refresh = newRefreshToken()
    tenant.vandar.access_tokens[access] = { expires_at: now + s.access_token_ttl_seconds * 1000, pair: refresh }
    tenant.vandar.refresh_tokens[refresh] = { expires_at: now + s.refresh_token_ttl_seconds * 1000, pair: access }
    store.setIndex('vandar:access', access, tenant.id)
    store.setIndex('vandar:refresh', refresh, tenant.id)
    return { token_type: 'Bearer' as const, expires_in: s.access_token_ttl_seconds, access_token: access, refresh_token: refresh }
  }

  /** Rotates a refresh token: the old one stops working (and, as Passport does, its access token). */
  const rotate = (refreshToken: string) => {
    const tenant = store.findTenant('vandar:refresh', refreshToken)
    const rec = tenant && Object.hasOwn(tenant.vandar.refresh_tokens, refreshToken) ? tenant.vandar.refresh_tokens[refreshToken] : undefined
    if (!tenant || !rec || rec.expires_at <= clock.now()) return undefined
    delete tenant.vandar.refresh_tokens[refreshToken]
    if (tenant.vandar.settings.revoke_access_on_refresh) delete tenant.vandar.access_tokens[rec.pair]
    return { tenant, pair: issue(tenant) }
  }

  const revokeAccess = (tenant: Tenant, token: string) => {
    delete tenant.vandar.access_tokens[token]
  }

  /** Drops expired tokens so the tables stay bounded. */
  const pruneTokens = (tenant: Tenant, now: number) => {
    for (const table of [tenant.vandar.access_tokens, tenant.vandar.refresh_tokens])
      for (const [k, r] of Object.entries(table)) if (r.expires_at + 86400_000 <= now) delete table[k]
  }

  return { throttle, requireBusiness, tenantOfAccessToken, issue, rotate, revokeAccess, pruneTokens }
}

export type VandarAuth = ReturnType<typeof createVandarAuth>

export const authRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: VandarAuth) => {
  app.post(
    '/v3/refreshtoken',
    {
      onRequest: async (req, reply) => {
        if (!auth.throttle(req, reply, `ip:${req.ip}`)) return reply
      },
      schema: {
        tags: ['auth'],
        summary: 'دریافت توکن جدید با رفرش توکن (refresh token; the old refresh token stops working)',
        body: RefreshRequest,
        response: { 200: TokenResponse, 401: Unauthorized, 422: LaravelValidation }
      }
    },
    async (req, reply) => {
      const raw = (req.body as { refreshtoken?: unknown }).refreshtoken
      if (raw === undefined || raw === null || raw === '') throw laravel422({ refreshtoken: ['The refreshtoken field is required.'] })
      if (typeof raw !== 'string') throw laravel422({ refreshtoken: ['The refreshtoken must be a string.'] })
      const rotated = auth.rotate(raw.trim())
      // specs §1: the documents print the body as `{"unauthorized"}`; the sandbox sends valid JSON [I].
      if (!rotated) return reply.code(401).send({ status: 0, error: 'Unauthorized' })
      req.tenant = rotated.tenant
      if (req.sandbox) req.sandbox.tenant = rotated.tenant.id
      return rotated.pair
    }
  )

  app.get(
    '/v3/logout',
    {
      onRequest: auth.requireBusiness,
      schema: {
        tags: ['auth'],
        summary: 'خروج (revokes the access token; response undocumented, inferred {"status":1})',
       
        response: { 200: Logout, 401: Unauthenticated }
      }
    },
    async (req) => {
      auth.revokeAccess(req.tenant!, bearerOf(req)!)
      return { status: 1 }
    }
  )
}

/** The tenant a request names (bearer token, IPG api_key in a JSON body is not parsed yet), for fault matching. */
export const peekVandarTenant = (ctx: SandboxContext) => (req: FastifyRequest): string | undefined => {
  const token = bearerOf(req)
  if (token) return ctx.store.findTenant('vandar:access', token)?.id
  const m = /^\/(?:api\.vandar\.io\/v[0-9.]+\/business\/)([^/?]+)/.exec(req.url)
  if (m) return ctx.store.findTenant('vandar:business', decodeURIComponent(m[1]))?.id
  const page = /^\/ipg\.vandar\.io\/v[34]\/([A-Z0-9]{15})/.exec(req.url)
  if (page) return ctx.store.findTenant('vandar:ipg_token', page[1])?.id
  return undefined
}
