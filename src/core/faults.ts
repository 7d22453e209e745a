import { pathMatches } from './hosts.js'

export interface FaultSpec {
  provider?: string
  method?: string
  path?: string
  tenant?: string
  /** how many matching requests it applies to; 0 means every one until deleted */
  times?: number
  status?: number
  body?: unknown
  headers?: Record<string, string>
  delay_ms?: number
  /** close the connection without answering */
  drop?: boolean
}

export interface Fault extends FaultSpec {
  id: string
  times: number
  remaining: number | null
  hits: number
}

export class FaultError extends Error {}

/**
 * Injected faults: the next `times` requests matching `{provider, method, path}` get a status and
 * body, a delay, or a dropped connection. Matching and counting happen in one synchronous step so
 * concurrent requests never take more than `times` between them.
 */
export class Faults {
  private faults: Fault[] = []
  private seq = 1

  add(spec: FaultSpec): Fault {
    const times = spec.times ?? 1
    if (!Number.isInteger(times) || times < 0) throw new FaultError('times must be a whole number >= 0')
    if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599))
      throw new FaultError('status must be an HTTP status (100-599)')
    if (spec.delay_ms !== undefined && (typeof spec.delay_ms !== 'number' || spec.delay_ms < 0 || spec.delay_ms > 600_000))
      throw new FaultError('delay_ms must be between 0 and 600000')
    if (spec.status === undefined && spec.delay_ms === undefined && !spec.drop)
      throw new FaultError('a fault needs status, delay_ms or drop')
    const fault: Fault = {
      id: `flt_${this.seq++}`,
      ...spec,
      method: spec.method?.toUpperCase(),
      times,
      remaining: times === 0 ? null : times,
      hits: 0
    }
    this.faults.push(fault)
    return fault
  }

  /** Takes one use of the first fault matching this request, if any. */
  take(req: { provider: string; method: string; path: string; tenant?: string | null }): Fault | undefined {
    for (const f of this.faults) {
      if (f.provider && f.provider !== req.provider) continue
      if (f.method && f.method !== req.method) continue
      if (f.tenant && f.tenant !== req.tenant) continue
      if (!pathMatches(f.path, req.path)) continue
      f.hits++
      if (f.remaining !== null) {
        f.remaining--
        if (f.remaining === 0) this.faults = this.faults.filter((x) => x !== f)
      }
      return f
    }
    return undefined
  }

  list(): Fault[] {
    return [...this.faults]
  }

  remove(id: string): boolean {
    const before = this.faults.length
    this.faults = this.faults.filter((f) => f.id !== id)
    return this.faults.length !== before
  }

  clear(): void {
    this.faults = []
  }

  get size(): number {
    return this.faults.length
  }
}
