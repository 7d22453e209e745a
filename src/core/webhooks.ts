/**
 * Outgoing webhooks: posted from the server with fetch, fire-and-forget with a short timeout,
 * never awaited by the request that caused them. The outcome is reported to `onResult` so a
 * provider can keep a delivery log for the control plane.
 */
export interface WebhookResult {
  url: string
  status: number | null
  error?: string
  at: string
}

export interface WebhookOptions {
  timeoutMs?: number
  onResult?: (result: Omit<WebhookResult, 'at'>) => void
}

/** POSTs `fields` as application/x-www-form-urlencoded; null/undefined values are sent empty. */
export const postFormWebhook = (url: string, fields: Record<string, string | number | null | undefined>, options: WebhookOptions = {}): void => {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) body.append(k, v === null || v === undefined ? '' : String(v))
  let target: URL
  try {
    target = new URL(url)
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('not http(s)')
  } catch (e) {
    options.onResult?.({ url, status: null, error: `invalid url: ${(e as Error).message}` })
    return
  }
  fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'pardakht-sandbox-webhook' },
    body: body.toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 3000)
  })
    .then(async (res) => {
      await res.arrayBuffer().catch(() => undefined)
      options.onResult?.({ url, status: res.status })
    })
    .catch((e: Error) => options.onResult?.({ url, status: null, error: e.message }))
}
