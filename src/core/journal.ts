import { pathMatches } from './hosts.js'

export interface JournalEntry {
  id: number
  at: string
  tenant: string | null
  provider: string
  method: string
  path: string
  query: Record<string, unknown>
  status: number
  duration_ms: number
  request: { headers: Record<string, unknown>; body: unknown }
  response: { body: unknown }
  fault?: string
}

export interface JournalFilter {
  provider?: string
  method?: string
  path?: string
  tenant?: string
}

/** Bodies bigger than this are journaled as a note, so a stream of uploads cannot grow memory. */
const MAX_BODY_CHARS = 16_384

/**
 * The request journal: every provider request, bounded (oldest dropped first), for assertions
 * such as "verify was called once".
 */
export class Journal {
  private entries: JournalEntry[] = []
  private nextId = 1

  constructor(private readonly limit = 5000) {}

  record(entry: Omit<JournalEntry, 'id'>): void {
    const full = { id: this.nextId++, ...entry }
    this.entries.push(full)
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit)
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const method = filter.method?.toUpperCase()
    return this.entries.filter(
      (e) =>
        (!filter.provider || e.provider === filter.provider) &&
        (!method || e.method === method) &&
        (!filter.tenant || e.tenant === filter.tenant) &&
        pathMatches(filter.path, e.path)
    )
  }

  clear(filter: JournalFilter = {}): number {
    const drop = new Set(this.list(filter))
    const before = this.entries.length
    this.entries = this.entries.filter((e) => !drop.has(e))
    return before - this.entries.length
  }

  get size(): number {
    return this.entries.length
  }
}

/** A body as the journal keeps it: JSON parsed when possible, files summarised, long text cut. */
export const journalBody = (body: unknown): unknown => {
  if (body === undefined || body === null) return null
  if (Buffer.isBuffer(body)) return { bytes: body.length }
  if (typeof body === 'string') {
    if (body.length > MAX_BODY_CHARS) return { truncated: true, chars: body.length, head: body.slice(0, 256) }
    const c = body.charCodeAt(0)
    if (c === 123 /* { */ || c === 91 /* [ */) {
      try {
        return JSON.parse(body)
      } catch {
        return body
      }
    }
    return body
  }
  if (typeof body === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (v && typeof v === 'object' && 'data' in v && Buffer.isBuffer((v as { data: unknown }).data)) {
        const f = v as { filename?: string; mimetype?: string; data: Buffer }
        out[k] = { filename: f.filename, mimetype: f.mimetype, bytes: f.data.length }
      } else if (typeof v === 'string' && v.length > MAX_BODY_CHARS) {
        out[k] = { truncated: true, chars: v.length }
      } else out[k] = v
    }
    return out
  }
  return body
}
