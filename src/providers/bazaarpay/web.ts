/**
 * Where BazaarPay's web pages live for a caller: the real host as the first path segment of the
 * sandbox URL the API was reached at (the URL rule), or the bare host when the caller routes
 * provider hosts by Host header.
 */
import type { FastifyRequest } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { Tenant } from '../../state/model.js'

export const WEB_HOSTS = ['cafebazaar.ir', 'app.bazaar-pay.ir'] as const

export const webUrl = (ctx: SandboxContext, req: FastifyRequest, t: Tenant, path: string, query: Record<string, string>): string => {
  const base = t.bazaarpay.settings.web_base
  const qs = new URLSearchParams(query).toString()
  const hostRouted = ctx.hosts.fromHostHeader(req.headers.host) !== undefined
  const origin = hostRouted ? `${req.protocol}://` : `${req.protocol}://${req.headers.host ?? '127.0.0.1'}/`
  return `${origin}${base}${path}${qs ? '?' + qs : ''}`
}

/** `redirect_url` with `extra` added to its query, its own query and fragment kept. */
export const withQuery = (redirectUrl: string, extra: Record<string, string>): string => {
  try {
    const u = new URL(redirectUrl)
    for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v)
    return u.toString()
  } catch {
    const hash = redirectUrl.indexOf('#')
    const [head, frag] = hash === -1 ? [redirectUrl, ''] : [redirectUrl.slice(0, hash), redirectUrl.slice(hash)]
    return head + (head.includes('?') ? '&' : '?') + new URLSearchParams(extra).toString() + frag
  }
}
