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

export interface HttpOptions {
  baseUrl: string
  fetch?: typeof fetch
  headers?: Record<string, string>
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
  const res = await (opts.fetch ?? fetch)(url, { method, headers: h, body: payload, redirect: 'manual' })
  const text = await res.text()
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
