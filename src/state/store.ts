import { randomBytes } from 'node:crypto'
import { Clock } from '../core/clock.js'
import { shortId } from '../core/ids.js'
import { DEFAULT_TENANT, type SandboxState, type SmsMessage, type Tenant, type TenantCredentials } from './model.js'
import { type Fixtures, seededFaker } from './fixtures.js'
import type { CredentialSource, TenantSlice } from './slice.js'

/** e.g. `baloan:user_id`: a provider's credential kind, mapped to tenant ids */
export type IndexKind = string

export interface SmsFilter {
  to?: string
  provider?: string
  tenant?: string
}

const OUTBOX_LIMIT = 1000

/**
 * The store: all tenants and their data, in memory. Handlers read and write it synchronously
 * (no await between a check and its write), so single-use and balance rules hold under
 * concurrency. Credential lookups go through indexes rebuilt whenever tenants change.
 */
export class Store {
  state: SandboxState
  private readonly indexes = new Map<string, Map<string, string>>()
  private readonly snapshots = new Map<string, { state: SandboxState; created_at: string }>()
  private readonly changeListeners: Array<() => void> = []

  constructor(
    readonly fixtures: Fixtures,
    readonly clock: Clock,
    private readonly providers: TenantSlice[]
  ) {
    this.state = this.initialState()
  }

  // ---- tenants --------------------------------------------------------------------------

  tenant(id: string): Tenant | undefined {
    return Object.hasOwn(this.state.tenants, id) ? this.state.tenants[id] : undefined
  }

  get defaultTenant(): Tenant {
    return this.state.tenants[DEFAULT_TENANT]
  }

  tenantIds(): string[] {
    return Object.keys(this.state.tenants)
  }

  createTenant(): Tenant {
    let id: string
    do id = shortId('tnt')
    while (this.tenant(id))
    const tenant = this.buildTenant(id, this.generateCredentials())
    this.state.tenants[id] = tenant
    this.indexTenant(tenant)
    this.changed()
    return tenant
  }

  /** Back to the loaded fixtures, keeping the tenant's id and credentials. */
  resetTenant(id: string): Tenant | undefined {
    const old = this.tenant(id)
    if (!old) return undefined
    const fresh = this.buildTenant(id, old.credentials)
    fresh.created_at = old.created_at
    this.state.tenants[id] = fresh
    this.changed()
    return fresh
  }

  /** Every tenant back to the fixtures (created tenants keep their credentials) and the outbox emptied. */
  resetAll(): void {
    for (const id of this.tenantIds()) this.resetTenant(id)
    this.state.outbox = []
    this.rebuildIndexes()
    this.changed()
  }

  // ---- credential indexes -------------------------------------------------------------

  findTenant(kind: IndexKind, value: string | number): Tenant | undefined {
    const id = this.indexes.get(kind)?.get(String(value))
    return id === undefined ? undefined : this.tenant(id)
  }

  setIndex(kind: IndexKind, value: string | number, tenantId: string): void {
    let m = this.indexes.get(kind)
    if (!m) this.indexes.set(kind, (m = new Map()))
    m.set(String(value), tenantId)
  }

  deleteIndex(kind: IndexKind, value: string | number): void {
    this.indexes.get(kind)?.delete(String(value))
  }

  private indexTenant(t: Tenant): void {
    for (const p of this.providers) p.index?.(t, (kind, value) => this.setIndex(kind, value, t.id))
  }

  private rebuildIndexes(): void {
    this.indexes.clear()
    for (const t of Object.values(this.state.tenants)) this.indexTenant(t)
  }

  // ---- SMS outbox ---------------------------------------------------------------------

  sendSms(msg: Omit<SmsMessage, 'id' | 'created_at'>): SmsMessage {
    const full: SmsMessage = { id: ++this.state.seq, ...msg, created_at: this.clock.iso() }
    this.state.outbox.unshift(full)
    if (this.state.outbox.length > OUTBOX_LIMIT) this.state.outbox.length = OUTBOX_LIMIT
    return full
  }

  /** Newest first. */
  sms(filter: SmsFilter = {}): SmsMessage[] {
    return this.state.outbox.filter(
      (m) =>
        (!filter.to || m.to === filter.to) &&
        (!filter.provider || m.provider === filter.provider) &&
        (!filter.tenant || m.tenant === filter.tenant)
    )
  }

  // ---- export, import, snapshots ------------------------------------------------------

  export(): SandboxState {
    this.state.clock_offset_ms = this.clock.offset
    return structuredClone(this.state)
  }

  import(state: SandboxState): void {
    const problem = checkState(state)
    if (problem) throw new StateError(problem)
    this.state = structuredClone(state)
    if (!this.tenant(DEFAULT_TENANT)) {
      this.state.tenants[DEFAULT_TENANT] = this.buildTenant(DEFAULT_TENANT, this.fixtures.default_tenant.credentials)
    }
    // A state saved before a provider existed (or exported by hand without it) gets that
    // provider's fixture data and credentials, instead of failing on the first request.
    for (const t of Object.values(this.state.tenants)) this.completeTenant(t)
    this.clock.offset = state.clock_offset_ms ?? 0
    this.rebuildIndexes()
    this.changed()
  }

  saveSnapshot(name: string): { name: string; created_at: string } {
    const created_at = this.clock.iso()
    this.snapshots.set(name, { state: this.export(), created_at })
    this.changed()
    return { name, created_at }
  }

  restoreSnapshot(name: string): boolean {
    const snap = this.snapshots.get(name)
    if (!snap) return false
    this.import(snap.state)
    return true
  }

  deleteSnapshot(name: string): boolean {
    const had = this.snapshots.delete(name)
    if (had) this.changed()
    return had
  }

  listSnapshots(): Array<{ name: string; created_at: string; tenants: number }> {
    return [...this.snapshots].map(([name, s]) => ({ name, created_at: s.created_at, tenants: Object.keys(s.state.tenants).length }))
  }

  /**
   * What the state file holds: the live state and the named snapshots, not copied (the writer
   * copies the state). A saved snapshot is never changed (saving and restoring copy), so the
   * writer need not copy those.
   */
  persistedView(): PersistedStore {
    this.state.clock_offset_ms = this.clock.offset
    return { state: this.state, snapshots: Object.fromEntries(this.snapshots) }
  }

  loadPersisted(data: PersistedStore): void {
    this.import(data.state)
    this.snapshots.clear()
    for (const [name, snap] of Object.entries(data.snapshots ?? {})) this.snapshots.set(name, snap)
  }

  // ---- change notification (persistence) ----------------------------------------------

  onChange(listener: () => void): void {
    this.changeListeners.push(listener)
  }

  changed(): void {
    for (const l of this.changeListeners) l()
  }

  // ---- construction -------------------------------------------------------------------

  private initialState(): SandboxState {
    const state: SandboxState = {
      version: 1,
      secret: randomBytes(32).toString('hex'),
      clock_offset_ms: 0,
      seq: 0,
      tenants: {},
      outbox: []
    }
    this.state = state
    state.tenants[DEFAULT_TENANT] = this.buildTenant(DEFAULT_TENANT, this.fixtures.default_tenant.credentials)
    this.rebuildIndexes()
    return state
  }

  private completeTenant(t: Tenant): void {
    // drawn for every tenant, needed or not, as earlier releases did: a load moves the state's
    // counter (user ids, SMS ids) the same way
    const generated = this.generateCredentials()
    const creds = t.credentials as unknown as Record<string, Record<string, unknown>>
    const defaults = (t.id === DEFAULT_TENANT ? this.fixtures.default_tenant.credentials : generated) as unknown as Record<string, Record<string, unknown>>
    for (const [k, v] of Object.entries(defaults)) creds[k] = { ...v, ...(creds[k] ?? {}) }
    for (const p of this.providers) {
      const key = p.dataKey ?? p.name
      const data = t as unknown as Record<string, unknown>
      if (data[key] === undefined || data[key] === null) data[key] = p.createTenantData(this.fixtures.providers[p.name], seededFaker(this.fixtures.seed), t)
      else p.loaded?.(data[key])
    }
  }

  private buildTenant(id: string, credentials: TenantCredentials): Tenant {
    const tenant = { id, created_at: this.clock.iso(), credentials: structuredClone(credentials) } as Tenant
    for (const p of this.providers) {
      // Each provider draws from its own identically seeded faker, so adding a provider never
      // changes another provider's generated data.
      ;(tenant as unknown as Record<string, unknown>)[p.dataKey ?? p.name] = p.createTenantData(this.fixtures.providers[p.name], seededFaker(this.fixtures.seed), tenant)
    }
    return tenant
  }

  /** Each provider's credentials for a new tenant, keyed as the fixture tenant's are and in their order. */
  private generateCredentials(): TenantCredentials {
    const source: CredentialSource = { nextSeq: () => ++this.state.seq, tenants: () => Object.values(this.state.tenants) }
    const order = Object.keys(this.fixtures.default_tenant.credentials)
    // a provider the fixture tenant lacks comes last
    const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length)
    const keyed = this.providers.map((p) => [p.dataKey ?? p.name, p] as const).sort(([a], [b]) => rank(a) - rank(b))
    const credentials: Record<string, object> = {}
    for (const [key, p] of keyed) credentials[key] = p.credentials(source)
    return credentials as unknown as TenantCredentials
  }
}

export interface PersistedStore {
  state: SandboxState
  snapshots?: Record<string, { state: SandboxState; created_at: string }>
}

export class StateError extends Error {}

/** A structural check of an imported state, enough to refuse what would crash handlers later. */
const checkState = (s: unknown): string | undefined => {
  if (!s || typeof s !== 'object') return 'state must be an object'
  const st = s as Partial<SandboxState>
  if (st.version !== 1) return 'state.version must be 1'
  if (typeof st.secret !== 'string' || st.secret.length < 16) return 'state.secret must be a string of at least 16 characters'
  if (!st.tenants || typeof st.tenants !== 'object') return 'state.tenants must be an object'
  if (!Array.isArray(st.outbox)) return 'state.outbox must be an array'
  for (const [id, t] of Object.entries(st.tenants)) {
    if (!t || typeof t !== 'object' || t.id !== id) return `state.tenants.${id} must be a tenant with id "${id}"`
    if (!t.credentials || typeof t.credentials !== 'object') return `state.tenants.${id} lacks credentials`
  }
  return undefined
}
