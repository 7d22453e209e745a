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
/**
 * What the hot path stores: raw bodies, turned into JournalEntry's JSON only when someone reads
 * the journal, so recording costs a few field copies per request.
 */
export interface JournalRecord extends Omit<JournalEntry, 'id' | 'request' | 'response' | 'query' | 'at'> {
  /** sandbox clock, ms */
  atMs: number
  url: string
  headers: Record<string, unknown>
  /** the request body as parsed (file parts already summarised) */
  requestBody: unknown
  /** the response payload as sent (a string for JSON answers) */
  responseBody: unknown
}

const toEntry = (id: number, r: JournalRecord): JournalEntry => {
  const q = r.url.indexOf('?')
  return {
    id,
    at: new Date(r.atMs).toISOString(),
    tenant: r.tenant,
    provider: r.provider,
    method: r.method,
    path: r.path,
    query: q === -1 ? {} : Object.fromEntries(new URLSearchParams(r.url.slice(q + 1))),
    status: r.status,
    duration_ms: r.duration_ms,
    request: { headers: r.headers, body: journalBody(r.requestBody) },
    response: { body: journalBody(r.responseBody) },
    ...(r.fault ? { fault: r.fault } : {})
  }
}

export class Journal {
  private records: Array<{ id: number; record: JournalRecord }> = []
  private nextId = 1

  constructor(private readonly limit = 5000) {}

  record(record: JournalRecord): void {
    this.records.push({ id: this.nextId++, record })
    // Trim in batches: one splice per tenth of the limit instead of one per request.
    if (this.records.length > this.limit + Math.ceil(this.limit / 10)) this.records.splice(0, this.records.length - this.limit)
  }

  private get entries(): JournalEntry[] {
    const from = Math.max(0, this.records.length - this.limit)
    return this.records.slice(from).map((r) => toEntry(r.id, r.record))
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
    const drop = new Set(this.list(filter).map((e) => e.id))
    const before = this.size
    this.records = this.records.slice(Math.max(0, this.records.length - this.limit)).filter((r) => !drop.has(r.id))
    return before - this.records.length
  }

  get size(): number {
    return Math.min(this.records.length, this.limit)
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
