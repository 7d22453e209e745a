/**
 * The answer to a request no route serves, outside every provider host. Most such requests are
 * one of three mistakes with the URL rule (`https://api.baloan.ir/x` is served at
 * `<sandbox>/api.baloan.ir/x`): the host prefix left out, the host mistyped, or the scheme kept
 * (`/https://api.baloan.ir/x`, which clients also send encoded or with the slashes collapsed).
 * The answer names the host prefixes and, where it can tell, the URL that was meant.
 */
import type { FastifyRequest } from 'fastify'
import { sandboxOrigin } from './urls.js'
import type { SandboxContext } from './context.js'
import type { HostEntry } from './hosts.js'

export interface NotFoundAnswer {
  error: 'not_found'
  message: string
  hint: string
  /** the URL that serves this request, when one provider host does */
  did_you_mean?: string
  /** every provider host prefix, as URLs on this sandbox */
  hosts?: Array<{ provider: string; host: string; url: string }>
}

const decoded = (path: string): string => {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** A scheme kept in front of the host: `/https://h/x`, `/https:/h/x`, `/http:h/x` (after decoding). */
const KEPT_SCHEME = /^\/*https?:\/*(.*)$/i

interface Guess {
  kind: 'scheme' | 'written' | 'typo' | 'no_prefix'
  entry: HostEntry
  /** the provider's own path */
  path: string
  /** whether some route of that host serves the path (any method) */
  served: boolean
}

const served = (ctx: SandboxContext, host: string, path: string): boolean => (ctx.routes.get(host)?.allowedMethods(`/${host}${path}`).length ?? 0) > 0

/** What the request most likely meant, if anything. */
const guess = (ctx: SandboxContext, method: string, rawPath: string): Guess | Guess[] | undefined => {
  let path = decoded(rawPath)
  const scheme = KEPT_SCHEME.exec(path)
  if (scheme) path = '/' + scheme[1]
  const slash = path.indexOf('/', 1)
  const first = (slash === -1 ? path.slice(1) : path.slice(1, slash)).replace(/:\d*$/, '').toLowerCase()
  const rest = slash === -1 ? '/' : path.slice(slash)
  const known = ctx.hosts.fromHostHeader(first)
  // a known host reaching here was written in another form: with a port, encoded slashes
  if (known) return { kind: scheme ? 'scheme' : 'written', entry: known, path: rest, served: served(ctx, known.host, rest) }
  const near = first === '' ? undefined : ctx.hosts.nearest(first)
  if (near) return { kind: 'typo', entry: near, path: rest, served: served(ctx, near.host, rest) }

  // No host at all: the provider hosts that serve this path, those with this method first. A
  // single segment is no evidence: a page like a receipt link (`/<code>`) matches any of them.
  if (path.split('/').filter(Boolean).length < 2) return undefined
  const all = ctx.hosts.hosts.filter((e) => served(ctx, e.host, path))
  const withMethod = all.filter((e) => ctx.routes.get(e.host)!.allowedMethods(`/${e.host}${path}`).includes(method))
  const hits = withMethod.length > 0 ? withMethod : all
  // one provider on several hosts (BazaarPay's legacy host) is one answer: its first host
  const byProvider = [...new Map(hits.map((e) => [e.provider, e] as const)).values()]
  if (byProvider.length === 0) return undefined
  const guesses = byProvider.map((entry): Guess => ({ kind: 'no_prefix', entry, path, served: true }))
  return guesses.length === 1 ? guesses[0] : guesses
}

export const notFoundAnswer = (ctx: SandboxContext, req: FastifyRequest): NotFoundAnswer => {
  const q = req.url.indexOf('?')
  const rawPath = q === -1 ? req.url : req.url.slice(0, q)
  const query = q === -1 ? '' : req.url.slice(q)
  const message = `${req.method} ${rawPath} is not a sandbox route`
  const origin = sandboxOrigin(req)
  if (rawPath === '/__sandbox' || rawPath.startsWith('/__sandbox/'))
    return { error: 'not_found', message, hint: `control-plane routes are listed at ${origin}/__sandbox/docs` }

  const hosts = ctx.hosts.hosts.map((e) => ({ provider: e.provider, host: e.host, url: `${origin}/${e.host}` }))
  const headerRule = 'or send the request with the provider host in the Host header'
  const found = guess(ctx, req.method, rawPath)
  if (!found) {
    const hint = `No provider serves this path. A provider URL https://<host>/<path> is served at ${origin}/<host>/<path> (${headerRule}); the hosts are in \`hosts\`.`
    return { error: 'not_found', message, hint, hosts }
  }
  if (Array.isArray(found)) {
    const urls = found.map((g) => `${origin}/${g.entry.host}${g.path}${query}`)
    return { error: 'not_found', message, hint: `Several providers serve this path: ${urls.join(', ')}.`, hosts }
  }
  const url = `${origin}/${found.entry.host}${found.path}${query}`
  const unserved = found.served ? '' : ` (no ${found.entry.provider} route serves ${found.path} either)`
  const real = `https://${found.entry.host}${found.path}`
  const why =
    found.kind === 'scheme'
      ? `Leave out the scheme: ${real} is served at ${url}${unserved}.`
      : found.kind === 'written'
        ? `Write the host prefix as a plain path segment: ${url}${unserved}.`
        : found.kind === 'typo'
          ? `No provider host is named like that; the nearest is ${found.entry.host} (${found.entry.provider})${unserved}.`
          : `This path is ${found.entry.provider}'s: its URL starts with the host prefix /${found.entry.host}, ${url} (${headerRule}).`
  return { error: 'not_found', message, hint: why, did_you_mean: url, hosts }
}
