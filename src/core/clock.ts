/**
 * The sandbox clock. Every lifetime (tokens, OTPs, payment windows) is measured on it, never on
 * Date.now() directly, so a test can move time forward instead of waiting.
 * It runs at real speed from an offset; advancing or setting it only moves the offset.
 */
export class Clock {
  private offsetMs = 0

  now(): number {
    return Date.now() + this.offsetMs
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000)
  }

  date(): Date {
    return new Date(this.now())
  }

  iso(): string {
    return this.date().toISOString()
  }

  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000)
  }

  set(at: number): void {
    this.offsetMs = at - Date.now()
  }

  reset(): void {
    this.offsetMs = 0
  }

  get offset(): number {
    return this.offsetMs
  }

  set offset(ms: number) {
    this.offsetMs = ms
  }

  toJSON() {
    return { now: this.iso(), unix: this.nowSeconds(), offset_seconds: Math.round(this.offsetMs / 1000) }
  }
}
