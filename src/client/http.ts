/** The clients' shared HTTP layer: fetch, JSON or multipart bodies, typed errors. */

export class ProviderError<B = unknown> extends Error {
  constructor(
    readonly provider: string,
    readonly status: number,
    readonly body: B,
    readonly method: string,
    readonly url: string
  ) {
    super(`${provider}: ${method} ${url} answered ${status}: ${typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)}`)
    this.name = 'ProviderError'
  }
}

export interface FileInput {
  data: Uint8Array
  filename?: string
  contentType?: string
}

export type RequestBody =
  | { json: unknown }
  | { form: Record<string, string> }
  | { multipart: Record<string, string | FileInput> }

/**
 * The request could not be sent or got no answer (connection refused, unknown host, reset):
 * `url` is the URL it tried, `code` the system error code when there is one (ECONNREFUSED, ENOTFOUND).
 */
export class ConnectionError extends Error {
  constructor(
    readonly provider: string,
    readonly method: string,
    readonly url: string,
    readonly code: string | undefined,
    /** the sandbox root the URL was derived from, when it was */
    readonly sandboxUrl: string | undefined,
    cause: unknown
  ) {
    const why = code ?? (cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause))
    const hint = sandboxUrl ? ` Is the sandbox running at ${sandboxUrl}? Start it with \`npx pardakht-sandbox start\` (or startSandbox() in a test).` : ''
    super(`${provider}: could not reach ${method} ${url} (${why}).${hint}`, { cause })
    this.name = 'ConnectionError'
  }
}

export interface HttpOptions {
  baseUrl: string
  fetch?: typeof fetch
  headers?: Record<string, string>
  /** set when baseUrl was derived from a sandboxUrl: connection errors then say the sandbox may be down */
  sandboxUrl?: string
}

/** The sandbox root without trailing slashes. */
export const sandboxRoot = (sandboxUrl: string) => sandboxUrl.replace(/\/+$/, '')

/**
 * A client's base URL: the explicit one, else the sandbox root plus the provider's host prefix
 * (the sandbox's URL rule: `http://127.0.0.1:4100/api.vandar.io/...`), else the real host.
 */
export const resolveBase = (explicit: string | undefined, sandboxUrl: string | undefined, prefix: string, real: string): { baseUrl: string; sandboxUrl?: string } => {
  if (explicit) return { baseUrl: explicit }
  if (sandboxUrl) return { baseUrl: `${sandboxRoot(sandboxUrl)}/${prefix}`, sandboxUrl: sandboxRoot(sandboxUrl) }
  return { baseUrl: real }
}

const errorCode = (e: unknown): string | undefined => {
  const c = (e as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } } | undefined)?.cause
  const code = c?.code ?? c?.errors?.[0]?.code
  return typeof code === 'string' ? code : undefined
}

export const joinUrl = (base: string, path: string) => base.replace(/\/+$/, '') + (path.startsWith('/') ? path : '/' + path)

/** One request; the answer parsed as JSON when it is JSON, else its text. */
export const request = async (
  provider: string,
  opts: HttpOptions,
  method: string,
  path: string,
  body?: RequestBody,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: unknown; headers: Headers }> => {
  const url = joinUrl(opts.baseUrl, path)
  const h: Record<string, string> = { accept: 'application/json', ...opts.headers, ...headers }
  let payload: BodyInit | undefined
  if (body && 'json' in body) {
    h['content-type'] = 'application/json'
    payload = JSON.stringify(body.json)
  } else if (body && 'form' in body) {
    h['content-type'] = 'application/x-www-form-urlencoded'
    payload = new URLSearchParams(body.form).toString()
  } else if (body && 'multipart' in body) {
    const fd = new FormData()
    for (const [k, v] of Object.entries(body.multipart)) {
      if (typeof v === 'string') fd.append(k, v)
      else fd.append(k, new Blob([v.data as Uint8Array<ArrayBuffer>], { type: v.contentType ?? 'application/octet-stream' }), v.filename ?? k)
    }
    payload = fd
  }
  let res: Response
  let text: string
  try {
    res = await (opts.fetch ?? fetch)(url, { method, headers: h, body: payload, redirect: 'manual' })
    text = await res.text()
  } catch (e) {
    // An abort is the caller's own doing; everything else is the network.
    if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) throw e
    throw new ConnectionError(provider, method, url, errorCode(e), opts.sandboxUrl, e)
  }
  let parsed: unknown = text
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') {
    try {
      parsed = JSON.parse(text)
    } catch {
      /* keep the text */
    }
  }
  return { status: res.status, body: parsed, headers: res.headers }
}
