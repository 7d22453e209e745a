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

  /** The known host nearest to `name` by edit distance, if it is close enough to be a typo. */
  nearest(name: string): HostEntry | undefined {
    const lower = name.toLowerCase()
    let best: HostEntry | undefined
    let bestDistance = Infinity
    for (const entry of this.byHost.values()) {
      const d = editDistance(lower, entry.host)
      if (d < bestDistance) [best, bestDistance] = [entry, d]
    }
    // a quarter of the host's letters (at least 1, at most 3): `api.balon.ir`, not `api`
    return best && bestDistance <= Math.min(3, Math.max(1, Math.floor(best.host.length / 4))) ? best : undefined
  }

  /**
   * A path as a user may write it for a fault or a journal filter: the provider's own path
   * (`/api/v2/x`), or with the sandbox host prefix (`/api.baloan.ir/api/v2/x`, `api.baloan.ir/...`)
   * or the real URL (`https://api.baloan.ir/api/v2/x`). Answers the provider's own path and the
   * provider the prefix named, if any.
   */
  ownPath(path: string): { path: string; provider?: string; host?: string } {
    let rest = path
    const scheme = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)(.*)$/i.exec(rest)
    if (scheme) {
      const entry = this.fromHostHeader(scheme[1])
      if (entry) return { path: scheme[2] || '/', provider: entry.provider, host: entry.host }
      rest = scheme[2] || '/'
    }
    const where = this.classify(rest.startsWith('/') ? rest : '/' + rest)
    if (where) return { path: where.path, provider: where.provider, host: where.host }
    return { path: rest }
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

/** Levenshtein distance (short strings: host names). */
export const editDistance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    prev = row
  }
  return prev[b.length]
}

/** `*` at the end of a filter path matches a prefix; anything else matches exactly. */
export const pathMatches = (pattern: string | undefined, path: string): boolean => {
  if (!pattern) return true
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1))
  return pattern === path
}
