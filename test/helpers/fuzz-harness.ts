/**
 * The robustness harness, shared by every provider: requests generated from the provider's
 * OpenAPI document (fast-check) — wrong types, missing and extra fields, huge strings and
 * numbers, invalid UTF-8, wrong and missing content types, malformed JSON and multipart,
 * oversized bodies, path and query junk — and the invariants every answer must keep.
 * A provider takes part by adding a profile to profiles.ts.
 */
import fc from 'fast-check'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

export interface FuzzResponse {
  status: number
  headers: Record<string, unknown>
  body: string
}

export interface ProviderProfile {
  provider: string
  /** the sandbox path prefix of the provider's documented routes, e.g. `/api.baloan.ir` */
  prefix: string
  /** headers that authenticate as the given tenant (default tenant when omitted) */
  auth(app: FastifyInstance, tenant?: string): Promise<Record<string, string>>
  /** why this error answer is not in the provider's documented shape, or undefined if it is */
  shapeProblem(res: FuzzResponse): string | undefined
  /** 5xx answers this provider documents for bad input (the card-to-card script's code table) */
  documented5xx?(res: FuzzResponse): boolean
  /** every host prefix the provider answers on, for the unknown-path probes (default: [prefix]) */
  prefixes?: string[]
  /** variants of a generated body that carry the tenant's own credentials (Vandar's IPG api_key), so deeper checks are reached */
  withCredentials?(app: FastifyInstance, tenant?: string): (body: unknown) => fc.Arbitrary<unknown>
  /** the URL aimed at another tenant's identifiers (Vandar's business slug), for the isolation matrix */
  aimAt?(url: string, app: FastifyInstance, victim: string): string
}

export interface Operation {
  method: string
  path: string
  /** the sandbox host prefix the operation's own `servers` name, for providers on several hosts */
  prefix?: string
  body?: JsonSchema
  contentTypes: string[]
  params: string[]
  query: Array<{ name: string; schema: JsonSchema }>
}

export type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; anyOf?: JsonSchema[]; enum?: unknown[] }

/** Every operation of an OpenAPI 3 document. */
export const operations = (doc: { paths: Record<string, Record<string, any>> }): Operation[] => {
  const out: Operation[] = []
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {}
      const contentTypes = Object.keys(content)
      const params = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name)
      const query = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, schema: p.schema ?? {} }))
      const sandboxServer = (op.servers ?? []).find((sv: { url: string }) => sv.url.startsWith('http://127.0.0.1:'))
      const prefix = sandboxServer ? new URL(sandboxServer.url).pathname.replace(/\/$/, '') : undefined
      out.push({ method: method.toUpperCase(), path, prefix, body: contentTypes.length ? content[contentTypes[0]].schema : undefined, contentTypes, params, query })
    }
  }
  return out
}

// ---- value generators -------------------------------------------------------------------

const hugeString = fc.integer({ min: 10_000, max: 100_000 }).map((n) => 'ی'.repeat(n))
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' ', '0', '-1', 'null', 'true', '[]', '{}', '../../etc/passwd', '%00', '\u0000', '\ud800', '۰۱۲۳۴۵۶۷۸۹', "' OR 1=1 --", '<script>alert(1)</script>', '1e309', 'NaN', '__proto__'),
  hugeString
)
const nastyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1e21, 0.1))

/** Any JSON value, biased toward what breaks parsers and validators. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 20 }) }
)

/** A value that fits the schema, to make the other fields of a mutated body plausible. */
const fitting = (s: JsonSchema | undefined): fc.Arbitrary<unknown> => {
  const type = Array.isArray(s?.type) ? s!.type[0] : s?.type
  if (s?.enum) return fc.constantFrom(...s.enum)
  if (s?.anyOf?.length) return fc.oneof(...s.anyOf.map(fitting))
  switch (type) {
    case 'integer':
      return fc.integer({ min: 0, max: 2_000_000_000 })
    case 'number':
      return fc.double({ min: 0, max: 1e12, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'array':
      return fc.array(fitting(s?.items), { maxLength: 3 })
    case 'object':
      return objectFor(s!)
    default:
      return fc.oneof(fc.stringMatching(/^[0-9]{10}$/), fc.string({ maxLength: 40 }), fc.constantFrom('0012345678', '4311204302', 'https://example.com/cb'))
  }
}

const objectFor = (s: JsonSchema): fc.Arbitrary<Record<string, unknown>> => {
  const props = Object.entries(s.properties ?? {})
  if (props.length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), nastyValue, { maxKeys: 4 })
  return fc.record(Object.fromEntries(props.map(([k, v]) => [k, fc.oneof({ weight: 3, arbitrary: fitting(v) }, { weight: 2, arbitrary: nastyValue })])), { requiredKeys: [] })
}

/** A body for the operation: mostly its own fields with wrong or right values, plus extras. */
export const bodyFor = (op: Operation): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.tuple(objectFor(op.body ?? {}), fc.dictionary(fc.string({ maxLength: 12 }), nastyValue, { maxKeys: 3 })).map(([a, b]) => ({ ...b, ...a })) },
    { weight: 1, arbitrary: nastyValue }
  )

// ---- encodings ----------------------------------------------------------------------------

const flat = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')

export interface RawRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer | FormData
}

const multipartBody = (body: unknown, boundary: string): Buffer => {
  const parts: Buffer[] = []
  const entries: Array<[string, unknown]> = body && typeof body === "object" && !Array.isArray(body) ? Object.entries(body as object) : [["value", body]]
  for (const [k, v] of entries) {
    const isFile = k === 'file'
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, '')}"${isFile ? '; filename="f.pdf"' : ''}\r\n${isFile ? 'Content-Type: application/pdf\r\n' : ''}\r\n`))
    parts.push(isFile && typeof v === 'string' && v.length % 2 === 0 ? Buffer.from('%PDF-1.4 ' + v) : Buffer.from(flat(v)))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(parts)
}

/** How the body goes on the wire: every encoding, right or wrong for the route. */
export const encoded = (body: unknown): fc.Arbitrary<{ headers: Record<string, string>; payload?: string | Buffer }> =>
  fc.oneof(
    fc.constant({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) ?? 'null' }),
    fc.constant({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body && typeof body === 'object' && !Array.isArray(body) ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, flat(v)])).toString() : flat(body)
    }),
    fc.constant({ headers: { 'content-type': 'multipart/form-data; boundary=fuzzbound' }, payload: multipartBody(body, 'fuzzbound') }),
    // malformed multipart: truncated, wrong boundary, no boundary
    fc.constant({ headers: { 'content-type': 'multipart/form-data; boundary=fuzzbound' }, payload: multipartBody(body, 'fuzzbound').subarray(0, 40) }),
    fc.constant({ headers: { 'content-type': 'multipart/form-data; boundary=other' }, payload: multipartBody(body, 'fuzzbound') }),
    fc.constant({ headers: { 'content-type': 'multipart/form-data' }, payload: 'x' }),
    // malformed JSON, invalid UTF-8, wrong or missing content types
    fc.string().map((s) => ({ headers: { 'content-type': 'application/json' }, payload: '{' + s })),
    fc.constant({ headers: { 'content-type': 'application/json; charset=utf-8' }, payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) }),
    fc.constant({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: Buffer.from([0x61, 0x3d, 0xff, 0xfe, 0x25, 0x7a, 0x7a]) }),
    fc.constantFrom('text/plain', 'application/xml', 'application/octet-stream', 'image/png', 'application/json-patch+json', 'x/y; a=b').map((ct) => ({ headers: { 'content-type': ct }, payload: flat(body) })),
    fc.constant({ headers: {}, payload: flat(body) }),
    fc.constant({ headers: {}, payload: undefined })
  )

const junkSegment = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('..', '%', '%zz', '%00', '?', '#', 'ا', '\u200c', 'a'.repeat(3000)))
/** Percent-encoded, keeping deliberate escapes; a bare `..` (or %2e%2e) is resolved away by every client's URL parser. */
export const safePathSegment = (s: string) => (s === '..' || s === '.' ? s + 'x' : encodeURIComponent(s).replace(/%25(?=[0-9a-fA-F]{2})/g, '%'))

/** The URL of the operation with fuzzed path parameters and query junk. */
export const urlFor = (profile: ProviderProfile, op: Operation): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.array(junkSegment, { minLength: op.params.length, maxLength: op.params.length }),
      fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(nastyString.filter((s) => s.length < 2000), fc.constant('')), { maxKeys: 4 }), { nil: undefined }),
      fc.option(junkSegment, { nil: undefined, freq: 6 })
    )
    .map(([params, query, extra]) => {
      let path = op.path
      op.params.forEach((p, i) => (path = path.replace(`{${p}}`, safePathSegment(params[i]))))
      if (extra !== undefined) path += safePathSegment(extra)
      const q = query ? new URLSearchParams(query).toString() : ''
      return (op.prefix ?? profile.prefix) + path + (q ? `?${q}` : '')
    })

// ---- invariants ---------------------------------------------------------------------------

const STACK = /\n\s+at .+:\d+:\d+|node_modules|\/work\/|file:\/\//

/** What no answer may ever be, whatever the provider. */
export const universalProblem = (profile: ProviderProfile, res: FuzzResponse): string | undefined => {
  if (res.status >= 500 && !(profile.documented5xx?.(res) ?? false)) return `undocumented ${res.status}`
  if (STACK.test(res.body)) return 'a stack trace or server path leaked'
  try {
    const b = JSON.parse(res.body)
    if (b && typeof b === 'object' && 'statusCode' in b && 'error' in b && 'message' in b) return "Fastify's default error body"
  } catch {
    /* not JSON */
  }
  if (res.status >= 400) return profile.shapeProblem(res)
  return undefined
}

export const toFuzzResponse = (r: LightMyRequestResponse): FuzzResponse => ({ status: r.statusCode, headers: r.headers, body: r.body })

export const runs = (quick: number) => Number(process.env.FUZZ_RUNS ?? quick)
