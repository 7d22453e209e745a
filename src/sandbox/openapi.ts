/**
 * A provider's OpenAPI document as the docs UI gets it (`/__sandbox/openapi/<provider>.json`): its
 * `servers` (top level, per path, per operation) become the running sandbox alone, as the caller
 * reaches it, so "Try it out" never sends sandbox credentials to a real provider and works on any
 * port. The committed documents (`npm run openapi`) keep the real host and the default sandbox
 * address (src/core/urls.ts `documentServers`).
 */
import type { FastifyRequest } from 'fastify'
import { DEFAULT_SANDBOX_ORIGIN, publicUrl } from '../core/urls.js'

interface Server {
  url: string
  description?: string
}
type Operation = { servers?: Server[] } & Record<string, unknown>
type PathItem = { servers?: Server[] } & Record<string, Operation | Server[] | unknown>
interface Document {
  servers?: Server[]
  paths?: Record<string, PathItem>
  [key: string]: unknown
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

/** The sandbox host a document's server entry stands for: its sandbox entry's prefix, or a real host the sandbox serves. */
const hostOf = (req: FastifyRequest, server: Server): string | undefined => {
  const hosts = req.server.sandbox.hosts
  if (server.url.startsWith(DEFAULT_SANDBOX_ORIGIN + '/')) return hosts.classify(server.url.slice(DEFAULT_SANDBOX_ORIGIN.length))?.host
  try {
    return hosts.fromHostHeader(new URL(server.url).hostname)?.host
  } catch {
    return undefined
  }
}

const thisSandbox = (req: FastifyRequest, servers: Server[]): Server[] => {
  const found = [...new Set(servers.map((s) => hostOf(req, s)).filter((h) => h !== undefined))]
  return found.map((host) => ({ url: publicUrl(req, host, ''), description: `this pardakht-sandbox (${host})` }))
}

/** A copy of `doc` whose servers are this sandbox; the document itself (shared, cached) is left alone. */
export const servedDocument = (req: FastifyRequest, doc: unknown): unknown => {
  const d = doc as Document
  const out: Document = { ...d }
  if (d.servers) out.servers = thisSandbox(req, d.servers)
  if (d.paths) {
    out.paths = {}
    for (const [path, item] of Object.entries(d.paths)) {
      const copy: PathItem = { ...item }
      if (item.servers) copy.servers = thisSandbox(req, item.servers)
      for (const [method, op] of Object.entries(item)) {
        const servers = (op as Operation | undefined)?.servers
        if (METHODS.has(method) && servers) copy[method] = { ...(op as Operation), servers: thisSandbox(req, servers) }
      }
      out.paths[path] = copy
    }
  }
  return out
}
