/**
 * BazaarPay's authentication (§1.3): DRF TokenAuthentication, `Authorization: Token <merchant_token>`
 * for merchants, `Authorization: Bearer <user access token>` for user/info. DRF authenticates
 * before it parses the body, so these run as onRequest hooks (401 comes before 400).
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { Tenant } from '../../state/model.js'
import { BazaarPayError, DRF, languageOf, notAuthenticated, permissionDenied } from './errors.js'
import { INDEX, findUserToken } from './operations.js'
import type { BazaarPayUserToken } from './model.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the BazaarPay auth hooks: the merchant token's permissions */
    bazaarpay?: { balancePermission: boolean; userToken?: BazaarPayUserToken }
  }
}

/** `Token <key>` → key; null for another scheme or no header (unauthenticated); '' for a malformed one. */
const tokenOf = (req: FastifyRequest): string | null => {
  const header = req.headers.authorization
  if (typeof header !== 'string' || header.trim() === '') return null
  const parts = header.trim().split(/\s+/)
  if (parts[0].toLowerCase() !== 'token') return null
  // DRF: "Invalid token header" for `Token` alone or with spaces in the key (the docs' 401 text is used [I])
  return parts.length === 2 ? parts[1] : ''
}

export const createBazaarPayAuth = (ctx: SandboxContext) => {
  const identify = (req: FastifyRequest, tenant: Tenant, token: string) => {
    req.tenant = tenant
    if (req.sandbox) req.sandbox.tenant = tenant.id
    req.bazaarpay = { balancePermission: tenant.credentials.bazaarpay.merchant_token === token }
    const rule = { max: tenant.bazaarpay.settings.rate_limit_per_minute, windowSeconds: 60 }
    const verdict = ctx.limiter.hit(`bazaarpay:token:${token}`, rule)
    if (!verdict.allowed) throw new BazaarPayError(429, DRF.throttled(languageOf(req), verdict.retryAfter), 'throttled', { 'retry-after': String(verdict.retryAfter) })
  }

  /** The merchant behind a `Token` header; throws the documented 401 when missing or unknown. */
  const authenticate = (req: FastifyRequest): Tenant => {
    const token = tokenOf(req)
    const tenant = token ? ctx.store.findTenant(INDEX.token, token) : undefined
    if (!tenant || !token) throw notAuthenticated(languageOf(req))
    identify(req, tenant, token)
    return tenant
  }

  /** onRequest: the merchant token is required. */
  const requireMerchant = async (req: FastifyRequest, _reply: FastifyReply) => {
    authenticate(req)
  }

  /** onRequest: the token is optional (checkout/init, commit, trace) but checked whenever a header is sent. */
  const optionalMerchant = async (req: FastifyRequest, _reply: FastifyReply) => {
    if (tokenOf(req) !== null) authenticate(req)
  }

  /** onRequest: get-balance needs the special permission (§1.3): 403 for a token without it. */
  const requireBalancePermission = async (req: FastifyRequest, _reply: FastifyReply) => {
    authenticate(req)
    if (!req.bazaarpay?.balancePermission) throw permissionDenied(languageOf(req))
  }

  /** onRequest: `Authorization: Bearer <user access token>` (user/info). */
  const requireUser = async (req: FastifyRequest, _reply: FastifyReply) => {
    const header = req.headers.authorization
    const m = typeof header === 'string' ? /^\s*Bearer\s+(\S+)\s*$/i.exec(header) : null
    const found = findUserToken(ctx, m?.[1])
    if (!found) throw notAuthenticated(languageOf(req))
    req.tenant = found.tenant
    if (req.sandbox) req.sandbox.tenant = found.tenant.id
    req.bazaarpay = { balancePermission: false, userToken: found.ut }
  }

  return { authenticate, requireMerchant, optionalMerchant, requireBalancePermission, requireUser }
}

export type BazaarPayAuth = ReturnType<typeof createBazaarPayAuth>

/** The tenant a request names by its merchant or user token, unverified (fault matching). */
export const peekBazaarPayTenant = (ctx: SandboxContext) => (req: FastifyRequest): string | undefined => {
  const header = req.headers.authorization
  if (typeof header !== 'string') return undefined
  const [scheme, value] = header.trim().split(/\s+/)
  if (!value) return undefined
  if (scheme.toLowerCase() === 'token') return ctx.store.findTenant(INDEX.token, value)?.id
  if (scheme.toLowerCase() === 'bearer') return ctx.store.findTenant(INDEX.userToken, value)?.id
  return undefined
}
