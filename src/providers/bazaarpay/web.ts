/**
 * Where BazaarPay's web pages live for a caller: the web base (`cafebazaar.ir/bazaar-pay` or
 * `app.bazaar-pay.ir`, a tenant setting) as the caller reaches this sandbox (src/core/urls.ts).
 */
import type { FastifyRequest } from 'fastify'
import { publicUrl } from '../../core/urls.js'
import type { Tenant } from '../../state/model.js'

export const WEB_HOSTS = ['cafebazaar.ir', 'app.bazaar-pay.ir'] as const

export const webUrl = (req: FastifyRequest, t: Tenant, path: string, query: Record<string, string>): string => {
  const base = t.bazaarpay.settings.web_base
  const slash = base.indexOf('/')
  const [host, prefix] = slash === -1 ? [base, ''] : [base.slice(0, slash), base.slice(slash)]
  const qs = new URLSearchParams(query).toString()
  return publicUrl(req, host, `${prefix}${path}${qs ? '?' + qs : ''}`)
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
