/** SandboxClient: the control plane (`/__sandbox`), as tests and QA scripts use it. */
import { ProviderError, request, sandboxRoot, type HttpOptions } from './http.js'
import type { FaultSpec as CoreFaultSpec, Fault as CoreFault } from '../core/faults.js'
import type { JournalEntry, JournalFilter as CoreJournalFilter } from '../core/journal.js'
import { BaloanActions } from './sandbox-baloan.js'
import { CardToCardActions } from './sandbox-card-to-card.js'
import { BazaarPayActions } from './sandbox-bazaarpay.js'
import { VandarActions } from './sandbox-vandar.js'
import { tenantOf, type TenantOption } from './sandbox-call.js'

export type { JournalEntry }
export type { BaloanCustomer, BaloanSettings, BaloanSettlement } from './sandbox-baloan.js'
export type { BaloanActions, CardToCardActions, BazaarPayActions, VandarActions, TenantOption }

/** The providers' names, as faults, the journal and `/__sandbox/<name>/...` use them. */
export type ProviderName = 'baloan' | 'vandar' | 'bazaarpay' | 'card-to-card'

/**
 * A fault to inject. `path` is the provider's own path (`/api/v2/merchant/check-credit/`, a
 * trailing `*` for a prefix); written with the host prefix (`/api.baloan.ir/api/...`) or as the
 * real URL it is reduced to that path, and the host sets `provider`.
 */
export type FaultSpec = Omit<CoreFaultSpec, 'provider'> & { provider?: ProviderName }
export type Fault = Omit<CoreFault, 'provider'> & { provider?: ProviderName }
export type JournalFilter = Omit<CoreJournalFilter, 'provider'> & { provider?: ProviderName }

export interface TenantCredentialsView {
  id: string
  created_at: string
  vandar: { business: string; access_token: string; refresh_token: string; ipg_api_key: string }
  baloan: { username: string; password: string; store_uuid: string }
  bazaarpay: { merchant_token: string; destination: string; merchant_token_without_balance_permission: string }
  card_to_card: { token: string }
}

export interface SmsView {
  tenant: string
  to: string
  provider: string
  purpose: string
  code?: string
  text: string
  created_at: string
}

export interface ClockView {
  now: string
  unix: number
  offset_seconds: number
}

export class SandboxError extends ProviderError {}

export interface SandboxClientOptions {
  /** the sandbox root, e.g. http://127.0.0.1:4100 (the default) */
  sandboxUrl?: string
  /** @deprecated the same as `sandboxUrl` */
  baseUrl?: string
  /** the `--admin-token` the sandbox was started with, if any */
  adminToken?: string
  fetch?: typeof fetch
}

/** Where `pardakht-sandbox start` listens by default. */
export const DEFAULT_SANDBOX_URL = 'http://127.0.0.1:4100'

const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? `?${s}` : ''
}

export class SandboxClient {
  private readonly http: HttpOptions

  /** the sandbox root this client talks to */
  readonly sandboxUrl: string

  constructor(options: SandboxClientOptions = {}) {
    this.sandboxUrl = sandboxRoot(options.sandboxUrl ?? options.baseUrl ?? DEFAULT_SANDBOX_URL)
    this.http = {
      baseUrl: this.sandboxUrl + '/__sandbox',
      sandboxUrl: this.sandboxUrl,
      fetch: options.fetch,
      headers: options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {}
    }
  }

  private async call<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await request('sandbox', this.http, method, path, json === undefined ? undefined : { json })
    if (res.status >= 300) throw new SandboxError('sandbox', res.status, res.body, method, path)
    return res.body as T
  }

  health() {
    return this.call<{ status: 'ok'; version: string; providers: string[] }>('GET', '/health')
  }

  /** Resets everything (state, clock, journal, faults), or only one tenant's data. */
  reset(options?: TenantOption): Promise<{ status: 'ok'; tenant?: string }>
  /** @deprecated use `reset({ tenant })` */
  reset(tenant: string): Promise<{ status: 'ok'; tenant?: string }>
  reset(options?: TenantOption | string) {
    return this.call<{ status: 'ok'; tenant?: string }>('POST', `/reset${qs({ tenant: tenantOf(options).tenant })}`)
  }

  createTenant() {
    return this.call<TenantCredentialsView>('POST', '/tenants')
  }

  tenant(id = 'default') {
    return this.call<TenantCredentialsView>('GET', `/tenants/${encodeURIComponent(id)}`)
  }

  async sms(filter: { to?: string; provider?: string; tenant?: string } = {}): Promise<SmsView[]> {
    return (await this.call<{ messages: SmsView[] }>('GET', `/sms${qs(filter)}`)).messages
  }

  /** The newest OTP texted to `to` (Baloan's credit OTP, for example). */
  async lastOtp(to: string, filter: { provider?: string; tenant?: string } = {}): Promise<string | undefined> {
    return (await this.sms({ to, ...filter })).find((m) => m.code)?.code
  }

  clock() {
    return this.call<ClockView>('GET', '/clock')
  }

  advanceClock(seconds: number) {
    return this.call<ClockView>('POST', '/clock/advance', { seconds })
  }

  setClock(now: string | number | Date) {
    return this.call<ClockView>('POST', '/clock', { now: now instanceof Date ? now.toISOString() : now })
  }

  addFault(spec: FaultSpec) {
    return this.call<Fault>('POST', '/faults', spec)
  }

  async faults(): Promise<Fault[]> {
    return (await this.call<{ faults: Fault[] }>('GET', '/faults')).faults
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults')
  }

  async requests(filter: JournalFilter & { limit?: number } = {}): Promise<JournalEntry[]> {
    return (await this.call<{ requests: JournalEntry[] }>('GET', `/requests${qs({ ...filter })}`)).requests
  }

  clearRequests(filter: JournalFilter = {}) {
    return this.call<{ deleted: number }>('DELETE', `/requests${qs({ ...filter })}`)
  }

  exportState() {
    return this.call<Record<string, unknown>>('GET', '/state')
  }

  importState(state: unknown) {
    return this.call<{ status: 'ok' }>('PUT', '/state', state)
  }

  saveSnapshot(name: string) {
    return this.call<{ name: string; created_at: string }>('POST', '/snapshots', { name })
  }

  restoreSnapshot(name: string) {
    return this.call<{ status: 'ok' }>('POST', `/snapshots/${encodeURIComponent(name)}/restore`)
  }

  readonly baloan = new BaloanActions(<T>(method: string, path: string, json?: unknown) => this.call<T>(method, path, json))
  readonly cardToCard = new CardToCardActions(<T>(method: string, path: string, json?: unknown) => this.call<T>(method, path, json))
  readonly bazaarpay = new BazaarPayActions(<T>(method: string, path: string, json?: unknown) => this.call<T>(method, path, json))
  readonly vandar = new VandarActions(<T>(method: string, path: string, json?: unknown) => this.call<T>(method, path, json))
}
