import { IncomingMessage } from 'node:http'
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
  /** a sandbox-only rule answered: which, and what changes it (the `x-sandbox-hint` header's text) */
  note?: string
}

export interface JournalFilter {
  provider?: string
  method?: string
  path?: string
  tenant?: string
}

/** Bodies bigger than this are journaled as a note, so a stream of uploads cannot grow memory. */
const MAX_BODY_CHARS = 16_384

/** What the hot path hands over: references it already holds, nothing built for the journal. */
export interface JournalRecord {
  /** sandbox clock, ms */
  atMs: number
  tenant: string | null
  provider: string
  method: string
  path: string
  url: string
  status: number
  duration_ms: number
  /** the request's header lines as received (`req.raw.rawHeaders`) */
  rawHeaders: string[]
  /** the request body as received, when the JSON parser saw its text */
  requestText?: string
  /** whether `requestText` parsed as JSON */
  requestJson?: boolean
  /** the request body as parsed, used when there is no text (form, multipart, no body) */
  requestBody: unknown
  /** the response payload as sent (a string for JSON answers) */
  responseBody: unknown
  fault?: string
  note?: string
}

/** How a stored body is read back: nothing, text (JSON when it parses), or JSON. */
const enum Kind {
  None = 0,
  Text = 1,
  Json = 2
}

/** Fields stored as bytes, in this order. */
const F_URL = 0
const F_PATH = 1
const F_HEADERS = 2
const F_REQUEST = 3
const F_RESPONSE = 4
const FIELDS = 5

/** A body as the journal shows it: JSON parsed when possible, files summarised, long text cut. */
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

/** A body reduced to the text the journal stores, and how to read it back. */
const bodyText = (body: unknown): [Kind, string] => {
  if (body === undefined || body === null) return [Kind.None, '']
  if (typeof body === 'string') return body.length > MAX_BODY_CHARS ? [Kind.Json, JSON.stringify(journalBody(body))] : [Kind.Text, body]
  try {
    return [Kind.Json, JSON.stringify(journalBody(body)) ?? 'null']
  } catch {
    // a body the journal cannot show (a stream, a cycle) is journaled as absent
    return [Kind.None, '']
  }
}

/** Buffer's UTF-8 writer without `write()`'s argument juggling (a measurable share of recording). */
const utf8Write = (Buffer.prototype as unknown as { utf8Write: (text: string, offset: number) => number }).utf8Write

/** Node's own rules for folding repeated header lines (set-cookie, cookie, first-wins fields). */
const addHeaderLine = (IncomingMessage.prototype as unknown as { _addHeaderLine?: (f: string, v: string, dst: object) => void })._addHeaderLine
/** the `this` _addHeaderLine reads: an http.Server's default (no joinDuplicateHeaders) */
const NODE_DEFAULTS = { joinDuplicateHeaders: false }
const headersOf = (joined: string): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  if (joined === '') return out
  const lines = joined.split('\n')
  for (let i = 0; i + 1 < lines.length; i += 2) {
    if (addHeaderLine) addHeaderLine.call(NODE_DEFAULTS, lines[i], lines[i + 1], out)
    else out[lines[i].toLowerCase()] ??= lines[i + 1]
  }
  return out
}

const readBody = (kind: Kind, text: string): unknown => {
  if (kind === Kind.None) return null
  if (kind === Kind.Json) return JSON.parse(text)
  return journalBody(text)
}

/**
 * The request journal: every provider request, bounded (oldest dropped first), for assertions
 * such as "verify was called once".
 *
 * Held off the JS heap on purpose: keeping each request's headers, bodies and URL as heap
 * objects for thousands of requests made every request pay for them in garbage collection
 * (measured: check-credit went from 0.74 to 0.62 of bare Fastify's throughput). So the text of
 * a record is written into one preallocated byte ring, the numbers into typed arrays, and only
 * strings the process holds anyway (provider, method, tenant id) are kept as references. A
 * record is decoded into a JournalEntry when someone reads the journal.
 *
 * Bounded by count (`limit`) and by bytes (`limit` × 4 KB, at least 1 MB, at most 64 MB):
 * records with large bodies may leave the ring before `limit` is reached.
 */
export class Journal {
  private readonly slots: number
  private readonly bytes: Buffer
  private readonly ids: Float64Array
  private readonly atMs: Float64Array
  private readonly durations: Float64Array
  private readonly statuses: Int32Array
  private readonly starts: Int32Array
  /** length of each stored field in UTF-16 units */
  private readonly lengths: Int32Array
  private readonly byteLengths: Int32Array
  private readonly kinds: Uint8Array
  private readonly tenants: Array<string | null>
  private readonly providers: string[]
  private readonly methods: string[]
  private readonly faults: Array<string | undefined>
  /** rare and short (only answers of sandbox-only rules have one): kept as references */
  private readonly notes: Array<string | undefined>
  private head = 0
  private count = 0
  private writeAt = 0
  private nextId = 1

  constructor(limit = 5000) {
    const slots = (this.slots = Math.max(0, limit))
    this.bytes = Buffer.allocUnsafeSlow(slots === 0 ? 0 : Math.min(64 << 20, Math.max(1 << 20, slots * 4096)))
    this.ids = new Float64Array(slots)
    this.atMs = new Float64Array(slots)
    this.durations = new Float64Array(slots)
    this.statuses = new Int32Array(slots)
    this.starts = new Int32Array(slots)
    this.lengths = new Int32Array(slots * FIELDS)
    this.byteLengths = new Int32Array(slots)
    this.kinds = new Uint8Array(slots * 2)
    this.tenants = new Array<string | null>(slots).fill(null)
    this.providers = new Array<string>(slots).fill('')
    this.methods = new Array<string>(slots).fill('')
    this.faults = new Array<string | undefined>(slots).fill(undefined)
    this.notes = new Array<string | undefined>(slots).fill(undefined)
  }

  record(r: JournalRecord): void {
    if (this.slots === 0) return
    let requestKind: Kind, request: string
    if (r.requestText === undefined) [requestKind, request] = bodyText(r.requestBody)
    else if (r.requestText.length > MAX_BODY_CHARS) [requestKind, request] = bodyText(r.requestText)
    else [requestKind, request] = [r.requestJson ? Kind.Json : Kind.Text, r.requestText]
    const [responseKind, response] = bodyText(r.responseBody)
    this.append(
      this.nextId++,
      r.atMs,
      r.duration_ms,
      r.status,
      r.tenant,
      r.provider,
      r.method,
      r.fault,
      r.note,
      r.url,
      r.path,
      r.rawHeaders.join('\n'),
      requestKind,
      request,
      responseKind,
      response
    )
  }

  private append(
    id: number,
    atMs: number,
    duration: number,
    status: number,
    tenant: string | null,
    provider: string,
    method: string,
    fault: string | undefined,
    note: string | undefined,
    url: string,
    path: string,
    headers: string,
    requestKind: Kind,
    request: string,
    responseKind: Kind,
    response: string
  ): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: reserve that, write, keep what was used.
    const need = 3 * (url.length + path.length + headers.length + request.length + response.length)
    if (need > this.bytes.length) return
    if (this.count === this.slots) this.evict()
    if (this.writeAt + need > this.bytes.length) {
      // the skipped tail of the ring holds the oldest records
      while (this.count > 0 && this.starts[this.head] >= this.writeAt) this.evict()
      this.writeAt = 0
    }
    // Records ahead of writeAt are the oldest; a record is never empty (its URL has a '/'), so
    // in the unwrapped case every start is below writeAt.
    const end = this.writeAt + need
    while (this.count > 0 && this.starts[this.head] >= this.writeAt && this.starts[this.head] < end) this.evict()

    const slot = (this.head + this.count) % this.slots
    this.count++
    this.ids[slot] = id
    this.atMs[slot] = atMs
    this.durations[slot] = duration
    this.statuses[slot] = status
    this.tenants[slot] = tenant
    this.providers[slot] = provider
    this.methods[slot] = method
    this.faults[slot] = fault
    this.notes[slot] = note
    this.kinds[slot * 2] = requestKind
    this.kinds[slot * 2 + 1] = responseKind
    // One write of the fields joined (one native call); their lengths in UTF-16 units split them again.
    const base = slot * FIELDS
    this.lengths[base + F_URL] = url.length
    this.lengths[base + F_PATH] = path.length
    this.lengths[base + F_HEADERS] = headers.length
    this.lengths[base + F_REQUEST] = request.length
    this.lengths[base + F_RESPONSE] = response.length
    this.starts[slot] = this.writeAt
    const n = utf8Write.call(this.bytes, url + path + headers + request + response, this.writeAt)
    this.byteLengths[slot] = n
    this.writeAt += n
  }

  private evict(): void {
    this.head = (this.head + 1) % this.slots
    this.count--
  }

  /** The stored texts of a slot, in field order. */
  private texts(slot: number): string[] {
    const start = this.starts[slot]
    const all = this.bytes.toString('utf8', start, start + this.byteLengths[slot])
    const out: string[] = []
    for (let f = 0, at = 0; f < FIELDS; f++) {
      const n = this.lengths[slot * FIELDS + f]
      out.push(all.slice(at, at + n))
      at += n
    }
    return out
  }

  private entry(slot: number, [url, path, headers, request, response]: string[]): JournalEntry {
    const q = url.indexOf('?')
    const fault = this.faults[slot]
    const note = this.notes[slot]
    return {
      id: this.ids[slot],
      at: new Date(this.atMs[slot]).toISOString(),
      tenant: this.tenants[slot],
      provider: this.providers[slot],
      method: this.methods[slot],
      path,
      query: q === -1 ? {} : Object.fromEntries(new URLSearchParams(url.slice(q + 1))),
      status: this.statuses[slot],
      duration_ms: this.durations[slot],
      request: { headers: headersOf(headers), body: readBody(this.kinds[slot * 2], request) },
      response: { body: readBody(this.kinds[slot * 2 + 1], response) },
      ...(fault ? { fault } : {}),
      ...(note ? { note } : {})
    }
  }

  /** Slots oldest first. */
  private *order(): Generator<number> {
    for (let i = 0; i < this.count; i++) yield (this.head + i) % this.slots
  }

  private matches(slot: number, filter: JournalFilter, method: string | undefined, path: string): boolean {
    return (
      (!filter.provider || this.providers[slot] === filter.provider) &&
      (!method || this.methods[slot] === method) &&
      (!filter.tenant || this.tenants[slot] === filter.tenant) &&
      pathMatches(filter.path, path)
    )
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const method = filter.method?.toUpperCase()
    const out: JournalEntry[] = []
    for (const slot of this.order()) {
      const texts = this.texts(slot)
      if (this.matches(slot, filter, method, texts[F_PATH])) out.push(this.entry(slot, texts))
    }
    return out
  }

  /** Drops the records matching `filter`; the others keep their order and ids. */
  clear(filter: JournalFilter = {}): number {
    const method = filter.method?.toUpperCase()
    const keep: Array<Parameters<Journal['append']>> = []
    let dropped = 0
    for (const slot of this.order()) {
      const [url, path, headers, request, response] = this.texts(slot)
      if (this.matches(slot, filter, method, path)) {
        dropped++
        continue
      }
      keep.push([
        this.ids[slot],
        this.atMs[slot],
        this.durations[slot],
        this.statuses[slot],
        this.tenants[slot],
        this.providers[slot],
        this.methods[slot],
        this.faults[slot],
        this.notes[slot],
        url,
        path,
        headers,
        this.kinds[slot * 2],
        request,
        this.kinds[slot * 2 + 1],
        response
      ])
    }
    this.head = this.count = this.writeAt = 0
    for (const args of keep) this.append(...args)
    return dropped
  }

  get size(): number {
    return this.count
  }
}
