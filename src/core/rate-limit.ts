import type { Clock } from './clock.js'

export interface RateLimitRule {
  /** requests allowed per window */
  max: number
  /** window length in seconds */
  windowSeconds: number
}

export interface RateLimitVerdict {
  allowed: boolean
  limit: number
  remaining: number
  /** seconds until the window resets */
  retryAfter: number
}

/**
 * Fixed-window counters on the sandbox clock (advancing the clock opens a new window), one per
 * key. The mechanism is shared; each provider chooses its keys and rules and renders the 429 in
 * its own words. Windows that ended are swept so the table stays bounded by active keys.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>()
  private lastSweep = 0

  constructor(
    private readonly clock: Clock,
    public enabled = true
  ) {}

  hit(key: string, rule: RateLimitRule): RateLimitVerdict {
    if (!this.enabled) return { allowed: true, limit: rule.max, remaining: rule.max, retryAfter: rule.windowSeconds }
    const now = this.clock.now()
    const windowMs = rule.windowSeconds * 1000
    if (now - this.lastSweep > 60_000) this.sweep(now, 3_600_000)
    let w = this.windows.get(key)
    if (!w || now - w.start >= windowMs || now < w.start) {
      w = { start: now, count: 0 }
      this.windows.set(key, w)
    }
    const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000))
    if (w.count >= rule.max) return { allowed: false, limit: rule.max, remaining: 0, retryAfter }
    w.count++
    return { allowed: true, limit: rule.max, remaining: rule.max - w.count, retryAfter }
  }

  reset(): void {
    this.windows.clear()
  }

  get size(): number {
    return this.windows.size
  }

  private sweep(now: number, olderThanMs: number): void {
    this.lastSweep = now
    for (const [k, w] of this.windows) if (now - w.start > olderThanMs) this.windows.delete(k)
  }
}
