/**
 * احراز هویت — دریافت توکن (seed 001): POST /api/v1/merchant/token/ and /api/v2/merchant/token/.
 * v1 logs in with the store name, v2 with the store UUID; both accept form, JSON and multipart
 * bodies, as DRF's default parsers do. The refresh routes are simplejwt's TokenRefreshView [I].
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { Tenant } from '../../state/model.js'
import { AccessToken, Detail, FieldErrorMap, TokenPair, TokenRefreshRequest, TokenRequest } from './schemas.js'
import { BaloanJwt } from './jwt.js'
import { detail, throttled } from './errors.js'

/** Baloan publishes no limits; these are the sandbox's choice (README). */
export const BALOAN_RATE_LIMITS = {
  /** token endpoints, per client IP: DRF's AnonRateThrottle style */
  login: { max: 60, windowSeconds: 60 },
  /** business endpoints, per store (JWT user_id): DRF's UserRateThrottle style */
  store: { max: 600, windowSeconds: 60 }
}

const NOT_PROVIDED = 'Authentication credentials were not provided.'

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null
  }
}

/** simplejwt's 401 for a token it cannot accept as an access token. */
const tokenNotValid = (reply: FastifyReply, message: string) =>
  reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="api"')
    .send({
      detail: 'Given token not valid for any token type',
      code: 'token_not_valid',
      messages: [{ token_class: 'AccessToken', token_type: 'access', message }]
    })

const BEARER = /^Bearer [^\s]+$/

export const createBaloanAuth = (ctx: SandboxContext) => {
  const jwt = new BaloanJwt(ctx.clock, () => ctx.store.state.secret)

  const throttle = (reply: FastifyReply, key: string, rule: { max: number; windowSeconds: number }): boolean => {
    const verdict = ctx.limiter.hit(key, rule)
    if (verdict.allowed) return true
    throttled(reply, verdict.retryAfter)
    return false
  }

  /** onRequest of every business endpoint (DRF authenticates before it parses the body): JWTAuthentication, then the store's throttle. */
  const admit = (req: FastifyRequest, reply: FastifyReply, claims: Awaited<ReturnType<typeof jwt.check>>): boolean => {
    if (typeof claims === 'string') {
      tokenNotValid(reply, claims)
      return false
    }
    const tenant = ctx.store.findTenant('baloan:user_id', claims.user_id)
    if (!tenant) {
      // simplejwt: a valid token whose user no longer exists.
      reply.code(401).header('www-authenticate', 'Bearer realm="api"').send({ detail: 'User not found', code: 'user_not_found' })
      return false
    }
    req.tenant = tenant
    if (req.sandbox) req.sandbox.tenant = tenant.id
    return throttle(reply, `baloan:store:${tenant.id}`, BALOAN_RATE_LIMITS.store)
  }

  /**
   * JWTAuthentication then the store's throttle, as an onRequest hook (DRF authenticates before it
   * parses the body). Synchronous for tokens seen before, the hot path.
   */
  const requireStore = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const header = req.headers.authorization
    // `Bearer <token>` as clients send it is read without a split; anything else as simplejwt's
    // `header.split()` would read it.
    const parts = typeof header !== 'string' ? [] : BEARER.test(header) ? ['Bearer', header.slice(7)] : header.trim().split(/\s+/)
    // simplejwt ignores headers that are not `Bearer …`: the request is then unauthenticated.
    if (parts.length === 0 || parts[0] !== 'Bearer') {
      reply.code(401).header('www-authenticate', 'Bearer realm="api"').send({ detail: NOT_PROVIDED })
      return
    }
    if (parts.length !== 2) {
      reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="api"')
        .send({ detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' })
      return
    }
    const cached = jwt.checkCached(parts[1], 'access')
    // An answered request must not continue: a hook that replied does not call done().
    if (cached) {
      if (admit(req, reply, cached)) done()
      return
    }
    jwt.check(parts[1], 'access').then((claims) => {
      if (admit(req, reply, claims)) done()
    }, done)
  }

  const loginThrottle = (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (throttle(reply, `baloan:login:${req.ip}`, BALOAN_RATE_LIMITS.login)) done()
  }

  return { jwt, requireStore, loginThrottle }
}

export type BaloanAuth = ReturnType<typeof createBaloanAuth>

export const authRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: BaloanAuth) => {
  const { jwt } = auth

  for (const version of ['v1', 'v2'] as const) {
    app.post(
      `/api/${version}/merchant/token/`,
      {
        onRequest: auth.loginThrottle,
        config: { readOnly: true },
        schema: {
          tags: [version],
          summary: version === 'v1' ? 'دریافت توکن (store name)' : 'دریافت توکن نسخه ۲ (store UUID)',
          body: TokenRequest,
          response: { 200: TokenPair, 400: FieldErrorMap, 401: Detail, 429: Detail }
        }
      },
      async (req, reply) => {
        const { username, password } = req.body as TokenRequest
        const tenant =
          version === 'v1' ? ctx.store.findTenant('baloan:username', username) : ctx.store.findTenant('baloan:store_uuid', username)
        if (!tenant || tenant.credentials.baloan.password !== password) {
          return detail(reply, 401, 'No active account found with the given credentials')
        }
        req.tenant = tenant
        if (req.sandbox) req.sandbox.tenant = tenant.id
        return jwt.pair(tenant.credentials.baloan.user_id)
      }
    )

    app.post(
      `/api/${version}/merchant/token/refresh/`,
      {
        onRequest: auth.loginThrottle,
        config: { readOnly: true },
        schema: {
          tags: [version],
          summary: 'تمدید توکن (simplejwt TokenRefreshView; not in the published document)',
          body: TokenRefreshRequest,
          response: { 200: AccessToken, 400: FieldErrorMap, 401: Detail, 429: Detail }
        }
      },
      async (req, reply) => {
        const { refresh } = req.body as { refresh: string }
        const claims = await jwt.check(refresh, 'refresh')
        if (typeof claims === 'string') return reply.code(401).send({ detail: claims, code: 'token_not_valid' })
        const tenant = ctx.store.findTenant('baloan:user_id', claims.user_id)
        if (!tenant) return reply.code(401).send({ detail: 'User not found', code: 'user_not_found' })
        req.tenant = tenant
        if (req.sandbox) req.sandbox.tenant = tenant.id
        return { access: jwt.issue(claims.user_id, 'access') }
      }
    )
  }
}

/** The tenant a request claims by its bearer token, unverified (fault matching, journal). */
export const peekBaloanTenant = (ctx: SandboxContext) => (req: FastifyRequest): string | undefined => {
  const header = req.headers.authorization
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined
  const userId = BaloanJwt.peekUserId(header.slice(7).trim())
  return userId === undefined ? undefined : ctx.store.findTenant('baloan:user_id', userId)?.id
}
