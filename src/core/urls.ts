/**
 * Every absolute URL the sandbox hands out (a payment page, a contract page, an uploaded file, a
 * receipt, the next page of a list, the servers of the docs UI) is built here, from the request it
 * answers, so that following it reaches this sandbox the way the caller reached it:
 *
 * - path-prefix mode, the request's Host is the sandbox itself (`127.0.0.1:4100`, `localhost:8080`):
 *   `http://127.0.0.1:4100/cafebazaar.ir/bazaar-pay/payment?token=...`;
 * - Host-header mode, the request's Host is a provider host (`curl --resolve`, a hosts-file entry):
 *   `http://cafebazaar.ir:4100/bazaar-pay/payment?token=...`, the target host on the port the request
 *   came in on, reached through the same kind of name resolution. A Host without a port (the sandbox
 *   on port 80, or behind a proxy that answers for the real names) gives a URL without one: the
 *   scheme's default port, as the caller used.
 */
import type { FastifyRequest } from 'fastify'

/** The sandbox's own address when the request names none (HTTP/1.0 without Host). */
const ownAddress = (req: FastifyRequest): string => {
  const { localAddress, localPort } = req.raw.socket ?? {}
  const address = (localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.)/, '')
  const host = address.includes(':') ? `[${address}]` : address
  return localPort ? `${host}:${localPort}` : host
}

/** A Host header usable in a URL we hand back; anything else is replaced by the address the request came in on. */
const USABLE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/** The sandbox's own origin as this request reached it (`http://127.0.0.1:4100`). */
export const sandboxOrigin = (req: FastifyRequest): string => {
  const host = req.host
  return `${req.protocol}://${host && USABLE_HOST.test(host) ? host : ownAddress(req)}`
}

/** The URL at which `host` serves `path` (a path with its query, or '' for the host's root), as this request's caller reaches it. */
export const publicUrl = (req: FastifyRequest, host: string, path: string): string => {
  if (req.host && req.server.sandbox.hosts.fromHostHeader(req.host)) {
    const port = req.port
    return `${req.protocol}://${host}${port === null ? '' : `:${port}`}${path}`
  }
  return `${sandboxOrigin(req)}/${host}${path}`
}

/** This request's own provider resource, with `search` (`?cursor=...`) for its query: a list's next page. */
export const requestUrl = (req: FastifyRequest, search: string): string => {
  const where = req.server.sandbox.hosts.classify(req.url)
  if (!where) throw new Error(`requestUrl: ${req.url} is not a provider URL`)
  return publicUrl(req, where.host, where.path + search)
}

/** Where `npm start` serves by default: the sandbox entry of the committed OpenAPI documents. */
export const DEFAULT_SANDBOX_ORIGIN = 'http://127.0.0.1:4100'

/**
 * The `servers` of a committed OpenAPI document: the real host first (a generated client's
 * default is the real service) and the sandbox at its default address. The docs UI replaces them
 * with the running sandbox (src/sandbox/openapi.ts).
 */
export const documentServers = (host: string, production = { url: `https://${host}`, description: 'production: the real service, real credentials only' }) => [
  production,
  { url: `${DEFAULT_SANDBOX_ORIGIN}/${host}`, description: 'pardakht-sandbox at its default address (npm start)' }
]
