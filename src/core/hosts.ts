/**
 * The URL rule: `https://api.baloan.ir/x` is served at `http://127.0.0.1:4100/api.baloan.ir/x`,
 * and a request whose Host header is a provider host is served without the prefix (so
 * `curl --resolve` or a hosts-file entry works as well). The absolute URLs the sandbox hands out
 * follow the same two forms (src/core/urls.ts).
 */
export interface HostEntry {
  /** the real host, e.g. `api.baloan.ir`; also the first path segment in the sandbox */
  host: string
  /** the provider that answers on it, e.g. `baloan` */
  provider: string
}

export class HostTable {
  private readonly byHost = new Map<string, HostEntry>()
  private lastHeader: string | undefined
  private lastEntry: HostEntry | undefined

  add(entry: HostEntry): void {
    this.byHost.set(entry.host, entry)
    this.lastHeader = undefined
  }

  get hosts(): HostEntry[] {
    return [...this.byHost.values()]
  }

  /** The provider host named by a Host header, if it is one (port and case ignored). */
  fromHostHeader(header: string | undefined): HostEntry | undefined {
    if (!header) return undefined
    // Clients send the same Host on every request: remember the last answer instead of lowering
    // and hashing a fresh string each time.
    if (header === this.lastHeader) return this.lastEntry
    const colon = header.lastIndexOf(':')
    const name = (colon > 0 && !header.endsWith(']') ? header.slice(0, colon) : header).toLowerCase()
    this.lastHeader = header
    return (this.lastEntry = this.byHost.get(name))
  }

  /**
   * Rewrites a URL for Host-header routing: `/x` arriving with `Host: api.baloan.ir` becomes
   * `/api.baloan.ir/x`. URLs that already carry the prefix are left alone.
   */
  rewrite(url: string, hostHeader: string | undefined): string {
    const entry = this.fromHostHeader(hostHeader)
    if (!entry) return url
    const prefix = '/' + entry.host
    if (url === prefix || url.startsWith(prefix + '/') || url.startsWith(prefix + '?')) return url
    return prefix + url
  }

  /** Splits a (rewritten) URL path into its provider and the provider's own path. */
  classify(url: string): { provider: string; host: string; path: string } | undefined {
    const q = url.indexOf('?')
    const path = q === -1 ? url : url.slice(0, q)
    const slash = path.indexOf('/', 1)
    const first = slash === -1 ? path.slice(1) : path.slice(1, slash)
    const entry = this.byHost.get(first)
    if (!entry) return undefined
    return { provider: entry.provider, host: entry.host, path: slash === -1 ? '/' : path.slice(slash) }
  }
}

/** `*` at the end of a filter path matches a prefix; anything else matches exactly. */
export const pathMatches = (pattern: string | undefined, path: string): boolean => {
  if (!pattern) return true
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1))
  return pattern === path
}
