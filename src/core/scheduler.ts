/**
 * Due state transitions (a payment expiring, a deposit landing, a refund settling) measured on the
 * sandbox clock. A provider registers a `sweep` that performs whatever is due at `now`; sweeps run
 * lazily (a provider calls `run()` before it reads state) and on a timer, so webhooks fire even
 * when nobody asks. The timer is unref'd (it never keeps the process alive) and stops on close.
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

  /** Performs every transition due now. Re-entrant calls (a sweep reading state) are ignored. */
  run(): void {
    if (this.running) return
    this.running = true
    try {
      const now = this.clock.now()
      for (const s of this.sweeps) s(now)
    } finally {
      this.running = false
    }
  }

  start(intervalMs = 1000): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      try {
        this.run()
      } catch {
        /* a sweep's failure must not kill the timer; the next read retries it */
      }
    }, intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }
}
