/** SandboxClient: the control plane (`/__sandbox`), as tests and QA scripts use it. */
import { ProviderError, request, type HttpOptions } from './http.js'
import type { FaultSpec as CoreFaultSpec, Fault as CoreFault } from '../core/faults.js'
import type { JournalEntry, JournalFilter as CoreJournalFilter } from '../core/journal.js'
import type { BaloanCustomer, BaloanSettings, BaloanSettlement } from '../providers/baloan/model.js'
import { cardToCardSandbox } from './sandbox-card-to-card.js'
import { bazaarpaySandbox } from './sandbox-bazaarpay.js'
import { vandarActions } from './sandbox-vandar.js'

export type { JournalEntry, BaloanCustomer, BaloanSettings, BaloanSettlement }

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
  /** the sandbox root, e.g. http://127.0.0.1:4100 */
  baseUrl: string
  adminToken?: string
  fetch?: typeof fetch
}

const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? `?${s}` : ''
}

export class SandboxClient {
  private readonly http: HttpOptions

  constructor(options: SandboxClientOptions) {
    this.http = {
      baseUrl: options.baseUrl.replace(/\/+$/, '') + '/__sandbox',
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

  reset(tenant?: string) {
    return this.call<{ status: 'ok' }>('POST', `/reset${qs({ tenant })}`)
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

  readonly baloan = {
    setCustomer: (nationalIdentifier: string, body: Partial<Omit<BaloanCustomer, 'national_identifier'>>, tenant?: string) =>
      this.call<BaloanCustomer>('PUT', `/baloan/customers/${encodeURIComponent(nationalIdentifier)}${qs({ tenant })}`, body),
    customer: (nationalIdentifier: string, tenant?: string) =>
      this.call<BaloanCustomer>('GET', `/baloan/customers/${encodeURIComponent(nationalIdentifier)}${qs({ tenant })}`),
    settlements: async (tenant?: string) => (await this.call<{ settlements: BaloanSettlement[] }>('GET', `/baloan/settlements${qs({ tenant })}`)).settlements,
    settings: (patch: Partial<BaloanSettings>, tenant?: string) => this.call<BaloanSettings>('PATCH', `/baloan/settings${qs({ tenant })}`, patch)
  }

  readonly cardToCard = cardToCardSandbox((method, path, json) => this.call(method, path, json))
  readonly bazaarpay = bazaarpaySandbox(<T>(method: string, path: string, json?: unknown) => this.call<T>(method, path, json))
  readonly vandar = vandarActions(<T>(method: string, path: string, json?: unknown) => this.call<T>(method, path, json))
}
