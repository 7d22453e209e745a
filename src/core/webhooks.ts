/**
 * Outgoing webhooks: one delivery queue for every provider. A service enqueues what the real
 * provider would send; the queue sends it after the request that caused it (never inside it),
 * with the provider's signing hook, and retries a failed attempt (a non-2xx answer, a network
 * error or a timeout) with backoff on the sandbox clock, so advancing the clock brings the next
 * attempt. Every delivery keeps its attempts (status, the start of the answer, error, time) for
 * the control plane (`/__sandbox/webhooks`), up to a bound.
 *
 * Kept in memory, like the request journal: a restart forgets the deliveries and any retry still
 * waiting [I]. Success is any 2xx (Miando documents "answer 200, otherwise retried"; the others
 * say nothing) [I]; redirects are not followed and count as failures [I].
 */
import { randomUUID } from 'node:crypto'
import type { Clock } from './clock.js'
import { DueQueue } from './due-queue.js'

export type WebhookEncoding = 'form' | 'json'

export interface WebhookRequest {
  tenant: string
  provider: string
  /** what the webhook reports, e.g. `refund`: lets a provider's hooks tell its webhooks apart */
  event: string
  url: string
  /** default POST */
  method?: string
  /** beyond content-type, accept and user-agent */
  headers?: Record<string, string>
  /** form: application/x-www-form-urlencoded, null and undefined sent empty; json: the body as JSON */
  encoding: WebhookEncoding
  body: Record<string, unknown>
}

export interface DeliveryAttempt {
  n: number
  /** when it started, on the sandbox clock */
  at: string
  status: number | null
  /** the start of the receiver's answer */
  answer: string | null
  error?: string
  duration_ms: number
}

export interface Delivery {
  id: string
  tenant: string
  provider: string
  event: string
  url: string
  method: string
  encoding: WebhookEncoding
  body: Record<string, unknown>
  /** the headers of the last attempt, signature included */
  headers: Record<string, string>
  state: 'pending' | 'delivered' | 'failed'
  created_at: string
  next_attempt_at: string | null
  attempts: DeliveryAttempt[]
  /** set on a delivery made by `redeliver` */
  redelivery_of?: string
}

export interface RetryPolicy {
  /** attempts in all, the first included */
  attempts: number
  /** wait after the 1st, 2nd, ... failed attempt; the last value repeats */
  backoff_seconds: number[]
  /** real time an attempt may take */
  timeout_ms: number
}

/** 5 attempts, the retries 1 min, 5 min, 30 min and 2 h after the failure before [I]. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoff_seconds: [60, 300, 1800, 7200], timeout_ms: 3000 }

/** What a provider adds to the deliveries of its services. */
export interface ProviderWebhooks {
  /** headers added to each attempt, e.g. a signature over the exact body sent */
  sign?(delivery: Delivery, body: string): Record<string, string> | undefined
  /** told of every finished attempt (e.g. the provider's own delivery log) */
  attempted?(delivery: Delivery, attempt: DeliveryAttempt): void
  /** the provider's documented retry schedule, where it has one */
  retry?: Partial<RetryPolicy>
}

export interface DeliveryFilter {
  tenant?: string
  provider?: string
}

const ANSWER_LIMIT = 2048
const IN_FLIGHT_LIMIT = 32

interface Entry {
  delivery: Delivery
  /** ms on the sandbox clock; null while an attempt runs or once final */
  nextAt: number | null
  text: string
}

export class WebhookQueue {
  private readonly entries = new Map<string, Entry>()
  private readonly due = new DueQueue<Entry>()
  private readonly providers = new Map<string, ProviderWebhooks>()
  private readonly inFlight = new Set<Promise<void>>()
  private override: Partial<RetryPolicy> = {}
  private kicked = false
  private closed = new AbortController()

  constructor(
    private readonly clock: Clock,
    private readonly limit = 1000
  ) {}

  /** A provider's signing hook, attempt observer and retry schedule. */
  provider(name: string, hooks: ProviderWebhooks): void {
    this.providers.set(name, hooks)
  }

  /** The schedule a provider's deliveries follow: the control plane's override, the provider's, the default. */
  policy(provider?: string): RetryPolicy {
    return { ...DEFAULT_RETRY, ...(provider ? this.providers.get(provider)?.retry : undefined), ...this.override }
  }

  /** Overrides the schedule of every provider (`{}` clears the override). */
  setPolicy(override: Partial<RetryPolicy>): RetryPolicy {
    this.override = { ...override }
    return this.policy()
  }

  /** Queues a delivery; its first attempt starts right after the current request. */
  enqueue(req: WebhookRequest, redeliveryOf?: string): Delivery {
    const delivery: Delivery = {
      id: `whd_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
      tenant: req.tenant,
      provider: req.provider,
      event: req.event,
      url: req.url,
      method: req.method ?? 'POST',
      encoding: req.encoding,
      body: req.body,
      headers: {
        'content-type': req.encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
        accept: 'application/json',
        'user-agent': 'pardakht-sandbox-webhook',
        ...req.headers
      },
      state: 'pending',
      created_at: this.clock.iso(),
      next_attempt_at: null,
      attempts: [],
      ...(redeliveryOf ? { redelivery_of: redeliveryOf } : {})
    }
    const entry: Entry = { delivery, nextAt: null, text: encode(req.encoding, req.body) }
    this.entries.set(delivery.id, entry)
    this.trim()
    this.schedule(entry, this.clock.now())
    return delivery
  }

  /** The same webhook again as a new delivery (with its own attempts). */
  redeliver(id: string): Delivery | undefined {
    const d = this.entries.get(id)?.delivery
    if (!d) return undefined
    const { tenant, provider, event, url, method, encoding, body } = d
    return this.enqueue({ tenant, provider, event, url, method, encoding, body }, d.id)
  }

  get(id: string): Delivery | undefined {
    return this.entries.get(id)?.delivery
  }

  /** Newest first. */
  list(filter: DeliveryFilter = {}): Delivery[] {
    const out: Delivery[] = []
    for (const { delivery: d } of this.entries.values())
      if ((!filter.tenant || d.tenant === filter.tenant) && (!filter.provider || d.provider === filter.provider)) out.push(d)
    return out.reverse()
  }

  /** Forgets deliveries (and cancels their retries); returns how many. */
  clear(filter: DeliveryFilter = {}): number {
    let n = 0
    for (const [id, { delivery: d }] of this.entries)
      if ((!filter.tenant || d.tenant === filter.tenant) && (!filter.provider || d.provider === filter.provider)) {
        this.entries.delete(id)
        n++
      }
    return n
  }

  /** Back to the start: no deliveries, the default schedules. */
  reset(): void {
    this.clear()
    this.override = {}
  }

  /** Starts every attempt due at `now` (the scheduler's timer, and right after an enqueue). */
  drain(now = this.clock.now()): void {
    if (this.closed.signal.aborted) return
    const due = this.due.takeDue(now)
    for (let i = 0; i < due.length; i++) {
      const e = due[i]
      if (this.entries.get(e.delivery.id) !== e || e.nextAt === null) continue
      if (e.nextAt > now) this.due.push(e.nextAt, e)
      else if (this.inFlight.size >= IN_FLIGHT_LIMIT) this.due.push(e.nextAt, e)
      else this.attempt(e)
    }
  }

  /** Resolves once no attempt runs and none is due now (tests await it instead of polling). */
  async idle(): Promise<void> {
    for (;;) {
      this.drain()
      if (this.inFlight.size === 0) return
      await Promise.allSettled([...this.inFlight])
    }
  }

  /** Stops sending: running attempts are aborted, nothing new starts. */
  close(): void {
    this.closed.abort()
  }

  private schedule(e: Entry, at: number): void {
    e.nextAt = at
    e.delivery.next_attempt_at = new Date(at).toISOString()
    this.due.push(at, e)
    if (at <= this.clock.now()) this.kick()
  }

  /** One drain after the current request's handler has returned. */
  private kick(): void {
    if (this.kicked) return
    this.kicked = true
    setImmediate(() => {
      this.kicked = false
      this.drain()
    })
  }

  private attempt(e: Entry): void {
    const d = e.delivery
    const hooks = this.providers.get(d.provider)
    const policy = this.policy(d.provider)
    const n = d.attempts.length + 1
    const at = this.clock.iso()
    const started = performance.now()
    e.nextAt = null
    d.next_attempt_at = null
    /** `permanent`: no retry can succeed (a URL that cannot be fetched) */
    const done = (status: number | null, answer: string | null, error?: string, permanent = false) => {
      // cut short by the sandbox closing: not the receiver's answer, and nothing is recorded now
      if (this.closed.signal.aborted) return
      const attempt: DeliveryAttempt = { n, at, status, answer, ...(error ? { error } : {}), duration_ms: Math.round((performance.now() - started) * 100) / 100 }
      d.attempts.push(attempt)
      const ok = status !== null && status >= 200 && status < 300
      const final = ok || permanent || n >= policy.attempts
      if (final) d.state = ok ? 'delivered' : 'failed'
      else if (this.entries.get(d.id) === e) {
        const wait = policy.backoff_seconds[Math.min(n - 1, policy.backoff_seconds.length - 1)] ?? 0
        this.schedule(e, this.clock.now() + wait * 1000)
      }
      try {
        hooks?.attempted?.(d, attempt)
      } catch {
        /* a provider's log must not stop the queue */
      }
    }
    let target: URL
    try {
      target = new URL(d.url)
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('not http(s)')
    } catch (err) {
      done(null, null, `invalid url: ${(err as Error).message}`, true)
      return
    }
    try {
      d.headers = { ...d.headers, ...hooks?.sign?.(d, e.text) }
    } catch (err) {
      done(null, null, `signing failed: ${(err as Error).message}`)
      return
    }
    const run = fetch(target, {
      method: d.method,
      headers: d.headers,
      body: d.method === 'GET' || d.method === 'HEAD' ? undefined : e.text,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(policy.timeout_ms), this.closed.signal])
    })
      .then(async (res) => done(res.status, await readAnswer(res)))
      .catch((err: Error) => done(null, null, err.message))
      .finally(() => {
        this.inFlight.delete(run)
        this.kick()
      })
    this.inFlight.add(run)
  }

  /** Past the bound, the oldest finished deliveries go first. */
  private trim(): void {
    if (this.entries.size <= this.limit) return
    for (const [id, e] of this.entries) {
      if (this.entries.size <= this.limit) return
      if (e.delivery.state !== 'pending') this.entries.delete(id)
    }
  }
}

const encode = (encoding: WebhookEncoding, body: Record<string, unknown>): string => {
  if (encoding === 'json') return JSON.stringify(body)
  const form = new URLSearchParams()
  for (const [k, v] of Object.entries(body)) form.append(k, v === null || v === undefined ? '' : String(v))
  return form.toString()
}

/** The start of an answer; the rest is not read. */
const readAnswer = async (res: Response): Promise<string> => {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.length
      if (size >= ANSWER_LIMIT) {
        await reader.cancel().catch(() => undefined)
        break
      }
    }
  } catch {
    /* an answer cut short still has a status */
  }
  return Buffer.concat(chunks).subarray(0, ANSWER_LIMIT).toString('utf8')
}
