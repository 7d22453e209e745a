/**
 * The one timer of a sandbox: what falls due on the sandbox clock happens even when nobody asks
 * (a refund settles and its webhook goes out with no request in between). Each tick runs every
 * added sweep: the lifecycles of every tenant (`Lifecycles.sweepAll`), then the webhook queue's
 * due attempts. Requests never call `run()`: a provider sweeps only the tenant it is about to
 * read, with `ctx.lifecycles.sweep(tenant)`. The timer is unref'd (it never keeps the process
 * alive) and stops on close.
 */
import type { Clock } from './clock.js'

export type Sweep = (nowMs: number) => void

export class Scheduler {
  private readonly sweeps: Sweep[] = []
  private timer: NodeJS.Timeout | undefined
  private running = false

  constructor(private readonly clock: Clock) {}

  add(sweep: Sweep): void {
    this.sweeps.push(sweep)
  }

  /** Performs every transition due now. A tick that comes while one runs is skipped. */
  run(): void {
    if (this.running) return
    this.running = true
    try {
      const now = this.clock.now()
      for (const s of this.sweeps) {
        try {
          s(now)
        } catch {
          /* one sweep's failure must not keep the others from running; the next tick retries it */
        }
      }
    } finally {
      this.running = false
    }
  }

  start(intervalMs = 1000): void {
    if (this.timer) return
    this.timer = setInterval(() => this.run(), intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }
}
