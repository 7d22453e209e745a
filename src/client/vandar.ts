/**
 * VandarClient: Vandar's business API (api.vandar.io) and payment gateway (ipg.vandar.io).
 * The business API uses a bearer access token and refreshes it by itself (POST /v3/refreshtoken,
 * rotating the refresh token) when it is about to expire or when a call answers 401.
 *
 *   const vandar = new VandarClient({ sandboxUrl: 'http://127.0.0.1:4100', business: 'my-shop', accessToken, refreshToken, apiKey })
 *   const token = await vandar.ipg.send({ amount: 10000, callback_url: 'https://example.com/cb' })
 *   redirect(vandar.ipg.paymentUrl(token))  // ... then, on the callback:
 *   const receipt = await vandar.ipg.verify(token)
 */
import { ProviderError, request, resolveBase, type HttpOptions, type RequestBody } from './http.js'
import type {
  BalanceResponse,
  CashInAccountsResponse,
  CashInBalanceResponse,
  CashInDepositRequest,
  CashInDepositResponse,
  IamResponse,
  IpgSendRequest,
  IpgSendResponse,
  IpgTransactionResponse,
  IpgVerifyResponse,
  MetaResponse,
  RefundRequest,
  RefundResponse,
  StatementQuery,
  StatementResponse,
  TokenResponse
} from '../providers/vandar/schemas.js'

// The request and response types clients see are the server's own schemas' types.
export type * from '../providers/vandar/schemas.js'

export interface VandarTokens {
  accessToken: string
  refreshToken?: string
  /** ms since epoch (client clock); unknown for tokens given to the constructor */
  expiresAt?: number
}

export interface VandarClientOptions {
  /** the business's English slug */
  business?: string
  accessToken?: string
  refreshToken?: string
  /** the IPG gateway key */
  apiKey?: string
  /**
   * the sandbox root (e.g. http://127.0.0.1:4100): the API is then `{sandboxUrl}/api.vandar.io`
   * and the gateway `{sandboxUrl}/ipg.vandar.io`. Without it (and without the base URLs below)
   * the client talks to Vandar itself.
   */
  sandboxUrl?: string
  /** the business API's base; overrides sandboxUrl (default https://api.vandar.io) */
  apiBaseUrl?: string
  /** the payment gateway's base; overrides sandboxUrl (default https://ipg.vandar.io) */
  ipgBaseUrl?: string
  /** IPG API version in paths: v4 (default) or v3 */
  ipgVersion?: 'v4' | 'v3'
  /** called with every new token pair, to persist them (the old refresh token stops working) */
  onTokens?: (tokens: VandarTokens) => void
  fetch?: typeof fetch
  /** the clock the client judges token expiry by (default Date.now) */
  now?: () => number
}

/** A non-2xx answer. `messages` flattens Vandar's error shapes (IPG list, Laravel map, `error`). */
export class VandarError extends ProviderError {
  get messages(): string[] {
    const b = this.body as { errors?: unknown; error?: unknown; message?: unknown } | undefined
    if (!b || typeof b !== 'object') return typeof this.body === 'string' && this.body ? [this.body] : []
    if (Array.isArray(b.errors)) return b.errors.map(String)
    if (b.errors && typeof b.errors === 'object')
      return Object.values(b.errors as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]))
    if (typeof b.error === 'string') return [b.error]
    if (typeof b.message === 'string') return [b.message]
    return []
  }

  /** IPG verify's status: 0 bad input, 2 already verified, 3 expired. */
  get ipgStatus(): number | undefined {
    const s = (this.body as { status?: unknown } | undefined)?.status
    return typeof s === 'number' ? s : undefined
  }
}

const qs = (q: Record<string, unknown> = {}) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? `?${s}` : ''
}

class Session {
  private tokens: VandarTokens | undefined
  private pending: Promise<void> | undefined

  constructor(
    private readonly http: HttpOptions,
    private readonly options: VandarClientOptions,
    private readonly now: () => number
  ) {
    if (options.accessToken) this.tokens = { accessToken: options.accessToken, refreshToken: options.refreshToken }
    else if (options.refreshToken) this.tokens = { accessToken: '', refreshToken: options.refreshToken }
  }

  get current(): VandarTokens | undefined {
    return this.tokens ? { ...this.tokens } : undefined
  }

  /** POST /v3/refreshtoken: a new pair; the old refresh token stops working. */
  async refresh(): Promise<TokenResponse> {
    const refreshToken = this.tokens?.refreshToken
    if (!refreshToken) throw new Error('VandarClient: no refresh token to refresh with')
    const res = await request('vandar', this.http, 'POST', '/v3/refreshtoken', { json: { refreshtoken: refreshToken } })
    if (res.status !== 200) throw new VandarError('vandar', res.status, res.body, 'POST', '/v3/refreshtoken')
    const pair = res.body as TokenResponse
    this.tokens = { accessToken: pair.access_token, refreshToken: pair.refresh_token, expiresAt: this.now() + pair.expires_in * 1000 }
    this.options.onTokens?.({ ...this.tokens })
    return pair
  }

  private refreshOnce(): Promise<void> {
    this.pending ??= this.refresh()
      .then(() => undefined)
      .finally(() => (this.pending = undefined))
    return this.pending
  }

  private async access(): Promise<string> {
    if (this.pending) await this.pending
    const t = this.tokens
    if (!t) throw new Error('VandarClient: give accessToken (and refreshToken) for the business API')
    const stale = !t.accessToken || (t.expiresAt !== undefined && t.expiresAt <= this.now() + 60_000)
    if (stale && t.refreshToken) await this.refreshOnce()
    return this.tokens!.accessToken
  }

  async call<T>(method: string, path: string, body?: RequestBody): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.access()
      const res = await request('vandar', this.http, method, path, body, { authorization: `Bearer ${token}` })
      if (res.status === 401 && attempt === 0 && this.tokens?.refreshToken) {
        // Another caller may have refreshed already; otherwise rotate now and retry once.
        if (this.tokens.accessToken === token) await this.refreshOnce()
        continue
      }
      if (res.status < 200 || res.status >= 300) throw new VandarError('vandar', res.status, res.body, method, path)
      return res.body as T
    }
  }
}

export class VandarClient {
  private readonly session: Session
  private readonly api: HttpOptions
  private readonly ipgHttp: HttpOptions
  private readonly ipgVersion: 'v4' | 'v3'

  constructor(private readonly options: VandarClientOptions = {}) {
    this.api = { ...resolveBase(options.apiBaseUrl, options.sandboxUrl, 'api.vandar.io', 'https://api.vandar.io'), fetch: options.fetch }
    this.ipgHttp = { ...resolveBase(options.ipgBaseUrl, options.sandboxUrl, 'ipg.vandar.io', 'https://ipg.vandar.io'), fetch: options.fetch }
    this.ipgVersion = options.ipgVersion ?? 'v4'
    this.session = new Session(this.api, options, options.now ?? Date.now)
  }

  /** The current token pair (after automatic refreshes). */
  get tokens(): VandarTokens | undefined {
    return this.session.current
  }

  private get b(): string {
    if (!this.options.business) throw new Error('VandarClient: give `business` (the English slug) for the business API')
    return encodeURIComponent(this.options.business)
  }

  readonly auth = {
    refresh: () => this.session.refresh(),
    logout: () => this.session.call<{ status: 1 }>('GET', '/v3/logout')
  }

  readonly ipg = {
    /** ارسال اطلاعات: the payment token. */
    send: async (input: Omit<IpgSendRequest, 'api_key'> & { api_key?: string }): Promise<string> => {
      const res = await this.ipgCall<IpgSendResponse>('send', { ...input })
      return res.token
    },
    /** Where to send the payer's browser. */
    paymentUrl: (token: string): string => `${this.ipgHttp.baseUrl.replace(/\/+$/, '')}/${this.ipgVersion}/${encodeURIComponent(token)}`,
    transaction: (token: string) => this.ipgCall<IpgTransactionResponse>('transaction', { token }),
    /** Succeeds once per payment; a second call throws VandarError with ipgStatus 2. */
    verify: (token: string) => this.ipgCall<IpgVerifyResponse>('verify', { token })
  }

  readonly cashIn = {
    accounts: () => this.session.call<CashInAccountsResponse>('GET', `/v3/business/${this.b}/cash-in/account`),
    balance: (iban: string) => this.session.call<CashInBalanceResponse>('POST', `/v3/business/${this.b}/cash-in/account/balance`, { json: { iban } }),
    deposit: (input: CashInDepositRequest) => this.session.call<CashInDepositResponse>('POST', `/v3/business/${this.b}/cash-in/account/deposit`, { json: input })
  }

  readonly statement = {
    /** Wallet balance, Toman. */
    balance: () => this.session.call<BalanceResponse>('GET', `/v2/business/${this.b}/balance`),
    transactions: (query: StatementQuery = {}) => this.session.call<StatementResponse>('GET', `/v3/business/${this.b}/transaction${qs(query)}`),
    meta: (query: StatementQuery & { page?: number } = {}) => this.session.call<MetaResponse>('GET', `/v3/business/${this.b}/meta${qs(query)}`),
    /** Every row matching `query`, following the `start_after` cursor. */
    all: async (query: Omit<StatementQuery, 'start_after'> = {}) => {
      const rows: StatementResponse['data'] = []
      let after: string | undefined
      for (;;) {
        const page = await this.statement.transactions({ ...query, per_page: query.per_page ?? 100, ...(after ? { start_after: after } : {}) })
        rows.push(...page.data)
        if (!page.has_more || page.data.length === 0) return rows
        after = String(page.data[page.data.length - 1].id)
      }
    }
  }

  readonly business = {
    info: () => this.session.call<{ status: 1; data: Record<string, unknown> }>('GET', `/v2/business/${this.b}`),
    iam: (query: { page?: number; per_page?: number } = {}) => this.session.call<IamResponse>('GET', `/v2/business/${this.b}/iam${qs(query)}`)
  }

  /** بازگشت وجه of an IPG payment (its transId); omit amount for the whole refundable amount. */
  refund(transactionId: number | string, input: RefundRequest = {}) {
    return this.session.call<RefundResponse>('POST', `/v3/business/${this.b}/transaction/${encodeURIComponent(String(transactionId))}/refund`, { json: input })
  }

  private async ipgCall<T>(op: 'send' | 'transaction' | 'verify', body: Record<string, unknown>): Promise<T> {
    const apiKey = (body.api_key as string | undefined) ?? this.options.apiKey
    if (!apiKey) throw new Error('VandarClient: give `apiKey` for the IPG')
    const path = `/api/${this.ipgVersion}/${op}`
    const res = await request('vandar', this.ipgHttp, 'POST', path, { json: { ...body, api_key: apiKey } })
    if (res.status !== 200) throw new VandarError('vandar', res.status, res.body, 'POST', path)
    return res.body as T
  }
}
