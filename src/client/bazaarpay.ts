/**
 * BazaarPayClient: BazaarPay's merchant API (BazaarPay's merchant document and its public docs).
 * Types come from the server's schemas; a non-2xx answer throws BazaarPayError carrying the status
 * and BazaarPay's body.
 *
 *   const bp = new BazaarPayClient({ sandboxUrl: 'http://127.0.0.1:4100', merchantToken })
 *   const { checkout_token, payment_url } = await bp.initCheckout({ amount: 50000, destination, service_name: 'VIP' })
 *   redirect(BazaarPayClient.paymentPageUrl(payment_url, { redirect_url: 'https://shop.example/back' }))
 *
 * `baseUrl` is everything before `/badje/`: `https://api.bazaar-pay.ir` (default) or the legacy
 * `https://pardakht.cafebazaar.ir/pardakht`; with `sandboxUrl` it is `{sandboxUrl}/api.bazaar-pay.ir`.
 */
import { ProviderError, request, resolveBase, sandboxRoot, type HttpOptions, type RequestBody } from './http.js'
import type {
  CheckoutInitRequest,
  AccessTokenResponse,
  BalanceResponse,
  BankRefundResponse,
  BankStateResponse,
  CheckoutInitResponse,
  CheckoutItem,
  CheckoutStatusValue,
  ContractInitRequest,
  ContractInitResponse,
  ContractTraceResponse,
  GetCheckoutsStatusResponse,
  PayableAmountResponse,
  PocketChargeLookupResponse,
  PocketChargeRequest,
  PocketChargeResponse,
  UserInfoResponse
} from '../providers/bazaarpay/schemas.js'

// The request and response types clients see are the server's own schemas' types.
export type * from '../providers/bazaarpay/schemas.js'

export type AutoLoginScope = 'purchase' | 'increase_balance' | 'direct_pay'
export type FilterDateBy = 'creation_date' | 'payment_date' | 'refund_date'

export interface BazaarPayClientOptions {
  /**
   * the sandbox root (e.g. http://127.0.0.1:4100): the API is then `{sandboxUrl}/api.bazaar-pay.ir`
   * and the web pages `{sandboxUrl}/cafebazaar.ir/bazaar-pay`
   */
  sandboxUrl?: string
  /** everything before `/badje/`; overrides sandboxUrl (default https://api.bazaar-pay.ir; legacy https://pardakht.cafebazaar.ir/pardakht) */
  baseUrl?: string
  /** where the web pages (increase-balance) live; overrides sandboxUrl (default https://cafebazaar.ir/bazaar-pay) */
  webBaseUrl?: string
  /** `Authorization: Token <merchantToken>`; optional only for init/commit/trace of merchants without auth there */
  merchantToken?: string
  /** `en` for the English texts */
  language?: 'fa' | 'en'
  /** a meaningful User-Agent, as BazaarPay's best practices ask */
  userAgent?: string
  fetch?: typeof fetch
}

export class BazaarPayError extends ProviderError {
  /** `detail` of a `{detail}` body (a list is joined), if any */
  get detail(): string | undefined {
    const d = (this.body as { detail?: unknown } | null)?.detail
    return typeof d === 'string' ? d : Array.isArray(d) ? d.join(' ') : undefined
  }

  /** v2/v3 machine-readable `code` (e.g. `account.insufficient_balance`), if any */
  get code(): string | undefined {
    const c = (this.body as { code?: unknown } | null)?.code
    return typeof c === 'string' ? c : undefined
  }

  /** DRF field errors `{field: [messages]}` or v2 `invalid_params`, as a map */
  get fieldErrors(): Record<string, unknown> | undefined {
    const b = this.body as Record<string, unknown> | null
    if (!b || typeof b !== 'object') return undefined
    if (Array.isArray(b.invalid_params)) return Object.fromEntries((b.invalid_params as Array<{ param: string; detail: string }>).map((p) => [p.param, [p.detail]]))
    if ('detail' in b) return undefined
    return b
  }
}

/** checkout/init's fields as the client took them before the one-style change. */
interface LegacyCheckoutInit {
  amount: number
  destination: string
  serviceName: string
}

/** get-checkouts-status's window; datetimes may be Dates. */
export interface CheckoutsStatusInput {
  start_datetime: string | Date
  end_datetime: string | Date
  filter_date_by?: FilterDateBy
  /** the `cursor` of the previous page's `next` */
  cursor?: string
}
interface LegacyCheckoutsStatusInput {
  start: string | Date
  end: string | Date
  filterDateBy?: FilterDateBy
  cursor?: string
}

/** The query BazaarPay's web pages take. */
export interface PageQuery {
  /** where the page returns the user, with `status=done` or `status=failed` added */
  redirect_url: string
  /** from createUserAccessToken: the user arrives logged in */
  auto_login_token?: string
}

const withPageQuery = (u: URL, q: PageQuery & { phone?: string }) => {
  u.searchParams.set('redirect_url', q.redirect_url)
  if (q.phone) u.searchParams.set('phone', q.phone)
  if (q.auto_login_token) u.searchParams.set('auto_login_token', q.auto_login_token)
  return u.toString()
}

const iso = (d: string | Date) => (d instanceof Date ? d.toISOString() : d)
const windowOf = (input: CheckoutsStatusInput | LegacyCheckoutsStatusInput): CheckoutsStatusInput =>
  'start' in input ? { start_datetime: input.start, end_datetime: input.end, filter_date_by: input.filterDateBy, cursor: input.cursor } : input
const amountOf = (input?: { amount?: number } | number) => (typeof input === 'number' ? input : input?.amount)

export class BazaarPayClient {
  private readonly http: HttpOptions
  /** where the web pages live (increase-balance) */
  readonly webBaseUrl: string

  constructor(private readonly options: BazaarPayClientOptions = {}) {
    const sandbox = options.sandboxUrl ? sandboxRoot(options.sandboxUrl) : undefined
    this.webBaseUrl = options.webBaseUrl ?? (sandbox ? `${sandbox}/cafebazaar.ir/bazaar-pay` : 'https://cafebazaar.ir/bazaar-pay')
    this.http = {
      ...resolveBase(options.baseUrl, options.sandboxUrl, 'api.bazaar-pay.ir', 'https://api.bazaar-pay.ir'),
      fetch: options.fetch,
      headers: {
        ...(options.language ? { 'accept-language': options.language } : {}),
        'user-agent': options.userAgent ?? 'pardakht-sandbox-bazaarpay-client'
      }
    }
  }

  private async call<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }> {
    const auth: Record<string, string> = this.options.merchantToken ? { authorization: `Token ${this.options.merchantToken}` } : {}
    const res = await request('bazaarpay', this.http, method, path, body === undefined ? undefined : ({ json: body } as RequestBody), { ...auth, ...headers })
    if (res.status < 200 || res.status >= 300) throw new BazaarPayError('bazaarpay', res.status, res.body, method, path)
    return { status: res.status, body: res.body as T }
  }

  // ---- payment -------------------------------------------------------------------------

  initCheckout(input: CheckoutInitRequest): Promise<CheckoutInitResponse>
  /** @deprecated use `initCheckout({ amount, destination, service_name })` */
  initCheckout(input: LegacyCheckoutInit): Promise<CheckoutInitResponse>
  async initCheckout(input: CheckoutInitRequest | LegacyCheckoutInit): Promise<CheckoutInitResponse> {
    const body = 'serviceName' in input ? { amount: input.amount, destination: input.destination, service_name: input.serviceName } : input
    return (await this.call<CheckoutInitResponse>('POST', '/badje/v1/checkout/init/', body)).body
  }

  /** 204: the merchant delivered; retry it, and fall back to refund when it keeps failing. */
  async commit(checkout_token: string): Promise<void> {
    await this.call('POST', '/badje/v1/commit/', { checkout_token })
  }

  /** The checkout's status; `invalid_token` for an unknown token (still 200). */
  async trace(checkout_token: string): Promise<CheckoutStatusValue> {
    return (await this.call<{ status: CheckoutStatusValue }>('POST', '/badje/v1/trace/', { checkout_token })).body.status
  }

  /** Refund to the user's wallet: the whole amount, or `amount` rials. Once per checkout; repeating it changes nothing. */
  refund(checkout_token: string, options?: { amount?: number }): Promise<void>
  /** @deprecated use `refund(checkout_token, { amount })` */
  refund(checkout_token: string, amount: number): Promise<void>
  async refund(checkout_token: string, options?: { amount?: number } | number): Promise<void> {
    const amount = amountOf(options)
    await this.call('POST', '/badje/v1/refund/', { checkout_token, ...(amount !== undefined ? { amount } : {}) })
  }

  /** One page of checkouts in a window of at most 31 days; pass the previous page's `next` cursor as `cursor`. */
  getCheckoutsStatus(input: CheckoutsStatusInput): Promise<GetCheckoutsStatusResponse>
  /** @deprecated use `getCheckoutsStatus({ start_datetime, end_datetime, filter_date_by, cursor })` */
  getCheckoutsStatus(input: LegacyCheckoutsStatusInput): Promise<GetCheckoutsStatusResponse>
  async getCheckoutsStatus(input: CheckoutsStatusInput | LegacyCheckoutsStatusInput): Promise<GetCheckoutsStatusResponse> {
    const w = windowOf(input)
    const q = w.cursor ? `?cursor=${encodeURIComponent(w.cursor)}` : ''
    const body = { start_datetime: iso(w.start_datetime), end_datetime: iso(w.end_datetime), ...(w.filter_date_by ? { filter_date_by: w.filter_date_by } : {}) }
    return (await this.call<GetCheckoutsStatusResponse>('POST', `/badje/v1/get-checkouts-status/${q}`, body)).body
  }

  /** Every checkout of the window, following the cursor. */
  allCheckouts(input: Omit<CheckoutsStatusInput, 'cursor'>): AsyncGenerator<CheckoutItem>
  /** @deprecated use `allCheckouts({ start_datetime, end_datetime, filter_date_by })` */
  allCheckouts(input: Omit<LegacyCheckoutsStatusInput, 'cursor'>): AsyncGenerator<CheckoutItem>
  async *allCheckouts(input: Omit<CheckoutsStatusInput, 'cursor'> | Omit<LegacyCheckoutsStatusInput, 'cursor'>): AsyncGenerator<CheckoutItem> {
    const w = windowOf(input)
    let cursor: string | undefined
    for (;;) {
      const page = await this.getCheckoutsStatus({ ...w, cursor })
      yield* page.checkouts
      if (!page.next) return
      cursor = new URL(page.next).searchParams.get('cursor') ?? undefined
      if (!cursor) return
    }
  }

  /** v3: refund to the wallet, then the bank. `null` when this refund was already applied (204). */
  bankRefund(checkout_token: string, options?: { amount?: number }): Promise<BankRefundResponse | null>
  /** @deprecated use `bankRefund(checkout_token, { amount })` */
  bankRefund(checkout_token: string, amount: number): Promise<BankRefundResponse | null>
  async bankRefund(checkout_token: string, options?: { amount?: number } | number): Promise<BankRefundResponse | null> {
    const amount = amountOf(options)
    const res = await this.call<BankRefundResponse>('POST', '/badje/v3/bank-refund/', { checkout_token, ...(amount !== undefined ? { amount } : {}) })
    return res.status === 204 ? null : res.body
  }

  async bankRefundState(checkout_token: string): Promise<BankStateResponse['bank_state']> {
    return (await this.call<BankStateResponse>('GET', `/badje/v3/bank-refund/?checkout_token=${encodeURIComponent(checkout_token)}`)).body.bank_state
  }

  // ---- wallet ------------------------------------------------------------------------------

  /** Needs the special permission (403 without it). */
  async getBalance(user_phone_number: string): Promise<BalanceResponse> {
    return (await this.call<BalanceResponse>('GET', `/badje/v1/get-balance/?user_phone_number=${encodeURIComponent(user_phone_number)}`)).body
  }

  // ---- DirectPay -------------------------------------------------------------------------

  async initContract(input: ContractInitRequest): Promise<ContractInitResponse> {
    return (await this.call<ContractInitResponse>('POST', '/badje/v1/direct-pay/contract/init/', input)).body
  }

  async traceContract(contract_token: string): Promise<ContractTraceResponse> {
    return (await this.call<ContractTraceResponse>('GET', `/badje/v1/direct-pay/contract/trace/?contract_token=${encodeURIComponent(contract_token)}`)).body
  }

  async cancelContract(contract_token: string): Promise<void> {
    await this.call('POST', '/badje/v1/direct-pay/contract/cancel/', { contract_token })
  }

  async payableAmount(contract_token: string): Promise<PayableAmountResponse> {
    return (await this.call<PayableAmountResponse>('POST', '/badje/v1/direct-pay/contract/payable-amount/', { contract_token })).body
  }

  /** Pays a checkout from an active contract, committed at once (204). v2 (default) errors carry a `code`. */
  directPay(contract_token: string, options: { checkout_token: string; version?: 'v1' | 'v2' }): Promise<void>
  /** @deprecated use `directPay(contract_token, { checkout_token, version })` */
  directPay(contract_token: string, checkoutToken: string, version?: 'v1' | 'v2'): Promise<void>
  async directPay(contract_token: string, options: { checkout_token: string; version?: 'v1' | 'v2' } | string, version?: 'v1' | 'v2'): Promise<void> {
    const o = typeof options === 'string' ? { checkout_token: options, version } : options
    await this.call('POST', `/badje/${o.version ?? 'v2'}/direct-pay/`, { contract_token, checkout_token: o.checkout_token })
  }

  // ---- auto-login ------------------------------------------------------------------------

  /** An auto-login token for the user's visit to BazaarPay's pages. */
  createUserAccessToken(user_phone_number: string, options: { scope: AutoLoginScope }): Promise<string>
  /** @deprecated use `createUserAccessToken(user_phone_number, { scope })` */
  createUserAccessToken(user_phone_number: string, scope: AutoLoginScope): Promise<string>
  async createUserAccessToken(user_phone_number: string, options: { scope: AutoLoginScope } | AutoLoginScope): Promise<string> {
    const scope = typeof options === 'string' ? options : options.scope
    return (await this.call<AccessTokenResponse>('POST', '/badje/v1/merchant/create-user-access-token/', { user_phone_number, scope })).body.access_token
  }

  async userInfo(user_access_token: string): Promise<UserInfoResponse> {
    const res = await request('bazaarpay', this.http, 'GET', '/badje/v1/user/info/', undefined, { authorization: `Bearer ${user_access_token}` })
    if (res.status !== 200) throw new BazaarPayError('bazaarpay', res.status, res.body, 'GET', '/badje/v1/user/info/')
    return res.body as UserInfoResponse
  }

  // ---- pockets ---------------------------------------------------------------------------

  chargePockets(pocket_group_slug: string, options: PocketChargeRequest): Promise<PocketChargeResponse['results']>
  /** @deprecated use `chargePockets(pocket_group_slug, { charges })` */
  chargePockets(pocket_group_slug: string, charges: PocketChargeRequest['charges']): Promise<PocketChargeResponse['results']>
  async chargePockets(pocket_group_slug: string, options: PocketChargeRequest | PocketChargeRequest['charges']): Promise<PocketChargeResponse['results']> {
    const charges = Array.isArray(options) ? options : options.charges
    return (await this.call<PocketChargeResponse>('POST', `/badje/v1/pockets/${encodeURIComponent(pocket_group_slug)}/charge/`, { charges })).body.results
  }

  async pocketCharge(pocket_group_slug: string, token: string): Promise<PocketChargeLookupResponse['results']> {
    return (await this.call<PocketChargeLookupResponse>('GET', `/badje/v1/pockets/${encodeURIComponent(pocket_group_slug)}/charge/${encodeURIComponent(token)}/`)).body.results
  }

  // ---- web pages ---------------------------------------------------------------------------

  /** Where to send the user: checkout/init's payment_url with the page's query (redirect_url, and optional phone / auto-login token). */
  static paymentPageUrl(payment_url: string, options: PageQuery & { phone?: string }): string
  /** @deprecated use `paymentPageUrl(payment_url, { redirect_url, phone, auto_login_token })` */
  static paymentPageUrl(payment_url: string, redirectUrl: string, extra?: { phone?: string; autoLoginToken?: string }): string
  static paymentPageUrl(payment_url: string, options: (PageQuery & { phone?: string }) | string, extra: { phone?: string; autoLoginToken?: string } = {}): string {
    const o = typeof options === 'string' ? { redirect_url: options, phone: extra.phone, auto_login_token: extra.autoLoginToken } : options
    return withPageQuery(new URL(payment_url), o)
  }

  /** The increase-balance page of this client's web base (the sandbox's, with sandboxUrl). */
  increaseBalanceUrl(options: PageQuery): string {
    return withPageQuery(new URL(this.webBaseUrl.replace(/\/+$/, '') + '/increase-balance'), options)
  }

  /** @deprecated use the instance method `increaseBalanceUrl({ redirect_url, auto_login_token })` */
  static increaseBalanceUrl(redirectUrl: string, webBase = 'https://cafebazaar.ir/bazaar-pay', autoLoginToken?: string): string {
    return new BazaarPayClient({ webBaseUrl: webBase }).increaseBalanceUrl({ redirect_url: redirectUrl, auto_login_token: autoLoginToken })
  }
}
