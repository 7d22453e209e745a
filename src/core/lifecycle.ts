/**
 * Lifecycles: records that wait on the sandbox clock for a transition (a payment's verify window
 * running out, a deposit landing, a refund settling). A service registers one lifecycle per kind of
 * wait, `{ kind, provider, pending(data), dueAt(item, data), settle(ctx, tenant, item, now) }`, and
 * says `waiting(tenant, lifecycle, item)` when a record starts waiting. The registry keeps, per
 * tenant, a heap of what falls due (core/due-queue.ts) and performs what is due when the provider
 * sweeps the tenant it is about to read (`sweep(tenant)`) and on the scheduler's timer (`sweepAll`),
 * so webhooks fire even when nobody asks.
 *
 * The heap is not part of the state. It is built from `pending(data)` of every registered
 * lifecycle the first time a tenant is swept: after a start (a restart from a state file), a state
 * import, a snapshot restore or a tenant reset (each gives new tenant objects), after a lifecycle
 * is added, and after `reschedule(tenant)` (a settings change that moves due times). No service
 * writes code for any of these; it only has to return from `pending` every record that may wait.
 *
 * Which lifecycle style a service uses:
 * - A new service registers a lifecycle here (due heap on the sandbox clock). A transition that
 *   moves money between records, writes a statement row, sends a webhook or must be visible
 *   without reading that one record (a list, the state file, a webhook receiver) needs it: the
 *   transition happens once, at its time, whoever reads first or the timer.
 * - Refresh-on-read (BazaarPay's `refreshCheckout` / `refreshContract`, card-to-card's
 *   `isExpired`, Baloan's token sweep) stays for what only changes a record's own status from its
 *   own timestamps, with no other effect, read through one accessor (a token, an OTP, a checkout
 *   timing out). It needs no registration and costs nothing when nobody reads. Both stay because
 *   moving those providers to the heap would change working code for no observable gain, and
 *   refresh-on-read cannot serve the other cases: a list would have to refresh every record it
 *   shows on each request (the scan the heap replaced) and a webhook would wait for a read.
 */
import { DueQueue } from './due-queue.js'
import type { SandboxContext } from './context.js'
import type { Tenant } from '../state/model.js'

declare module './context.js' {
  interface SandboxContext {
    /** what waits on the sandbox clock: services register, providers sweep a tenant before reading it */
    lifecycles: Lifecycles
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Lifecycle<Data = any, Item = any> {
  /** unique among the registered lifecycles, e.g. `vandar:refund` */
  kind: string
  /** whose tenant data the records live in (`tenant[provider]`, passed as `data`) */
  provider: string
  /** every record that may be waiting (a rebuilt heap starts from these); others may be included */
  pending(data: Data): Iterable<Item>
  /** when `item` falls due on the sandbox clock (ms); null once it no longer waits */
  dueAt(item: Item, data: Data): number | null
  /** the transition, performed once `dueAt` has come; `now` is the sweep's moment */
  settle(ctx: SandboxContext, tenant: Tenant, item: Item, now: number): void
}

interface Waiting {
  lifecycle: Lifecycle
  item: unknown
}

interface TenantDue {
  queue: DueQueue<Waiting>
  /** the soonest moment in the heap: most sweeps stop at this comparison */
  next: number | null
}

export class Lifecycles {
  private readonly registered: Lifecycle[] = []
  private due = new WeakMap<Tenant, TenantDue>()
  private sweeping = false

  constructor(private readonly ctx: SandboxContext) {}

  /** Registers lifecycles; ties in a rebuilt heap go in registration order. */
  add(...lifecycles: Lifecycle[]): void {
    for (const l of lifecycles) {
      if (this.registered.some((r) => r.kind === l.kind)) throw new Error(`lifecycle "${l.kind}" is registered twice`)
      this.registered.push(l)
    }
    // heaps built before miss the new kinds' records
    this.reschedule()
  }

  kinds(): string[] {
    return this.registered.map((l) => l.kind)
  }

  /** `item` starts waiting (or waits until a new time): the sweep after its due time settles it. */
  waiting<Data, Item>(tenant: Tenant, lifecycle: Lifecycle<Data, Item>, item: Item): void {
    if (!this.registered.includes(lifecycle)) throw new Error(`lifecycle "${lifecycle.kind}" is not registered`)
    // no heap yet: the first sweep builds it from pending(), this record included
    const d = this.due.get(tenant)
    if (!d) return
    const data = dataOf(tenant, lifecycle)
    const at = data === undefined ? null : lifecycle.dueAt(item, data as Data)
    if (at === null) return
    d.queue.push(at, { lifecycle, item })
    if (d.next === null || at < d.next) d.next = at
  }

  /** Drops the heaps (one tenant's, or all): the next sweep rebuilds them from the records. */
  reschedule(tenant?: Tenant): void {
    if (tenant) this.due.delete(tenant)
    else this.due = new WeakMap()
  }

  /**
   * Performs every transition of `tenant` due at `now`. A provider calls it before it reads the
   * tenant's state; calls made from inside a transition are ignored.
   */
  sweep(tenant: Tenant, now = this.ctx.clock.now()): void {
    let d = this.due.get(tenant)
    if (d && (d.next === null || d.next > now)) return
    if (this.sweeping) return
    d ??= this.build(tenant)
    if (d.next === null || d.next > now) return
    this.sweeping = true
    const taken = d.queue.takeDue(now)
    let settled = 0
    let i = 0
    try {
      for (; i < taken.length; i++) {
        const w = taken[i]
        const data = dataOf(tenant, w.lifecycle)
        const at = data === undefined ? null : w.lifecycle.dueAt(w.item, data)
        if (at === null) continue
        if (at > now) d.queue.push(at, w)
        else {
          w.lifecycle.settle(this.ctx, tenant, w.item, now)
          settled++
        }
      }
    } catch (e) {
      // the transition that threw is dropped (it would throw on every sweep); the rest still wait
      for (let j = i + 1; j < taken.length; j++) d.queue.push(now, taken[j])
      throw e
    } finally {
      d.next = d.queue.peek()
      this.sweeping = false
      // transitions the timer performs are writes too (the state file must see them)
      if (settled > 0) this.ctx.store.changed()
    }
  }

  /** Every tenant's due transitions (the scheduler's timer). */
  sweepAll(now = this.ctx.clock.now()): void {
    for (const id of this.ctx.store.tenantIds()) {
      const t = this.ctx.store.tenant(id)
      if (t) this.sweep(t, now)
    }
  }

  private build(tenant: Tenant): TenantDue {
    const d: TenantDue = { queue: new DueQueue<Waiting>(), next: null }
    for (const lifecycle of this.registered) {
      const data = dataOf(tenant, lifecycle)
      if (data === undefined) continue
      for (const item of lifecycle.pending(data)) {
        const at = lifecycle.dueAt(item, data)
        if (at !== null) d.queue.push(at, { lifecycle, item })
      }
    }
    d.next = d.queue.peek()
    this.due.set(tenant, d)
    return d
  }
}

/** The tenant's data of the lifecycle's provider; undefined when the tenant has none. */
const dataOf = (tenant: Tenant, lifecycle: Lifecycle): unknown => (tenant as unknown as Record<string, unknown>)[lifecycle.provider] ?? undefined
