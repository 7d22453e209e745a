/**
 * BazaarPayClient: BazaarPay's merchant API (seed 000 and the public docs). Types come from the
 * server's schemas; a non-2xx answer throws BazaarPayError carrying the status and BazaarPay's body.
 *
 *   const bp = new BazaarPayClient({ baseUrl: 'http://127.0.0.1:4100/api.bazaar-pay.ir', merchantToken })
 *   const { checkout_token, payment_url } = await bp.initCheckout({ amount: 50000, destination, serviceName: 'VIP' })
 *
 * `baseUrl` is everything before `/badje/`: `https://api.bazaar-pay.ir` (default) or the legacy
 * `https://pardakht.cafebazaar.ir/pardakht`.
 */
import { ProviderError, request, type HttpOptions, type RequestBody } from './http.js'
import type {
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
  PocketChargeResponse,
  UserInfoResponse
} from '../providers/bazaarpay/schemas.js'

// The request and response types clients see are the server's own schemas' types.
export type * from '../providers/bazaarpay/schemas.js'

export type AutoLoginScope = 'purchase' | 'increase_balance' | 'direct_pay'
export type FilterDateBy = 'creation_date' | 'payment_date' | 'refund_date'

export interface BazaarPayClientOptions {
  /** default https://api.bazaar-pay.ir (the legacy host: https://pardakht.cafebazaar.ir/pardakht) */
  baseUrl?: string
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

export class BazaarPayClient {
  private readonly http: HttpOptions

  constructor(private readonly options: BazaarPayClientOptions = {}) {
    this.http = {
      baseUrl: options.baseUrl ?? 'https://api.bazaar-pay.ir',
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

  async initCheckout(input: { amount: number; destination: string; serviceName: string }): Promise<CheckoutInitResponse> {
    return (await this.call<CheckoutInitResponse>('POST', '/badje/v1/checkout/init/', { amount: input.amount, destination: input.destination, service_name: input.serviceName })).body
  }

  /** 204: the merchant delivered; retry it, and fall back to refund when it keeps failing. */
  async commit(checkoutToken: string): Promise<void> {
    await this.call('POST', '/badje/v1/commit/', { checkout_token: checkoutToken })
  }

  /** The checkout's status; `invalid_token` for an unknown token (still 200). */
  async trace(checkoutToken: string): Promise<CheckoutStatusValue> {
    return (await this.call<{ status: CheckoutStatusValue }>('POST', '/badje/v1/trace/', { checkout_token: checkoutToken })).body.status
  }

  /** Refund to the user's wallet: the whole amount, or `amount` rials. Once per checkout; repeating it changes nothing. */
  async refund(checkoutToken: string, amount?: number): Promise<void> {
    await this.call('POST', '/badje/v1/refund/', { checkout_token: checkoutToken, ...(amount !== undefined ? { amount } : {}) })
  }

  /** One page of checkouts in a window of at most 31 days; pass the previous page's `next` as `cursorUrl`. */
  async getCheckoutsStatus(input: { start: string | Date; end: string | Date; filterDateBy?: FilterDateBy; cursor?: string }): Promise<GetCheckoutsStatusResponse> {
    const iso = (d: string | Date) => (d instanceof Date ? d.toISOString() : d)
    const q = input.cursor ? `?cursor=${encodeURIComponent(input.cursor)}` : ''
    const body = { start_datetime: iso(input.start), end_datetime: iso(input.end), ...(input.filterDateBy ? { filter_date_by: input.filterDateBy } : {}) }
    return (await this.call<GetCheckoutsStatusResponse>('POST', `/badje/v1/get-checkouts-status/${q}`, body)).body
  }

  /** Every checkout of the window, following the cursor. */
  async *allCheckouts(input: { start: string | Date; end: string | Date; filterDateBy?: FilterDateBy }): AsyncGenerator<CheckoutItem> {
    let cursor: string | undefined
    for (;;) {
      const page = await this.getCheckoutsStatus({ ...input, cursor })
      yield* page.checkouts
      if (!page.next) return
      cursor = new URL(page.next).searchParams.get('cursor') ?? undefined
      if (!cursor) return
    }
  }

  /** v3: refund to the wallet, then the bank. `null` when this refund was already applied (204). */
  async bankRefund(checkoutToken: string, amount?: number): Promise<BankRefundResponse | null> {
    const res = await this.call<BankRefundResponse>('POST', '/badje/v3/bank-refund/', { checkout_token: checkoutToken, ...(amount !== undefined ? { amount } : {}) })
    return res.status === 204 ? null : res.body
  }

  async bankRefundState(checkoutToken: string): Promise<BankStateResponse['bank_state']> {
    return (await this.call<BankStateResponse>('GET', `/badje/v3/bank-refund/?checkout_token=${encodeURIComponent(checkoutToken)}`)).body.bank_state
  }

  // ---- wallet ------------------------------------------------------------------------------

  /** Needs the special permission (403 without it). */
  async getBalance(userPhoneNumber: string): Promise<BalanceResponse> {
    return (await this.call<BalanceResponse>('GET', `/badje/v1/get-balance/?user_phone_number=${encodeURIComponent(userPhoneNumber)}`)).body
  }

  // ---- DirectPay -------------------------------------------------------------------------

  async initContract(input: ContractInitRequest): Promise<ContractInitResponse> {
    return (await this.call<ContractInitResponse>('POST', '/badje/v1/direct-pay/contract/init/', input)).body
  }

  async traceContract(contractToken: string): Promise<ContractTraceResponse> {
    return (await this.call<ContractTraceResponse>('GET', `/badje/v1/direct-pay/contract/trace/?contract_token=${encodeURIComponent(contractToken)}`)).body
  }

  async cancelContract(contractToken: string): Promise<void> {
    await this.call('POST', '/badje/v1/direct-pay/contract/cancel/', { contract_token: contractToken })
  }

  async payableAmount(contractToken: string): Promise<PayableAmountResponse> {
    return (await this.call<PayableAmountResponse>('POST', '/badje/v1/direct-pay/contract/payable-amount/', { contract_token: contractToken })).body
  }

  /** Pays a checkout from an active contract, committed at once (204). v2 errors carry a `code`. */
  async directPay(contractToken: string, checkoutToken: string, version: 'v1' | 'v2' = 'v2'): Promise<void> {
    await this.call('POST', `/badje/${version}/direct-pay/`, { contract_token: contractToken, checkout_token: checkoutToken })
  }

  // ---- auto-login ------------------------------------------------------------------------

  async createUserAccessToken(userPhoneNumber: string, scope: AutoLoginScope): Promise<string> {
    return (await this.call<AccessTokenResponse>('POST', '/badje/v1/merchant/create-user-access-token/', { user_phone_number: userPhoneNumber, scope })).body.access_token
  }

  async userInfo(userAccessToken: string): Promise<UserInfoResponse> {
    const res = await request('bazaarpay', this.http, 'GET', '/badje/v1/user/info/', undefined, { authorization: `Bearer ${userAccessToken}` })
    if (res.status !== 200) throw new BazaarPayError('bazaarpay', res.status, res.body, 'GET', '/badje/v1/user/info/')
    return res.body as UserInfoResponse
  }

  // ---- pockets ---------------------------------------------------------------------------

  async chargePockets(slug: string, charges: Array<{ token: string; phone_number: string; amount: number }>): Promise<PocketChargeResponse['results']> {
    return (await this.call<PocketChargeResponse>('POST', `/badje/v1/pockets/${encodeURIComponent(slug)}/charge/`, { charges })).body.results
  }

  async pocketCharge(slug: string, token: string): Promise<PocketChargeLookupResponse['results']> {
    return (await this.call<PocketChargeLookupResponse>('GET', `/badje/v1/pockets/${encodeURIComponent(slug)}/charge/${encodeURIComponent(token)}/`)).body.results
  }

  // ---- web pages ---------------------------------------------------------------------------

  /** The payment page URL with its `redirect_url` (and optional phone / auto-login token). */
  static paymentPageUrl(paymentUrl: string, redirectUrl: string, extra: { phone?: string; autoLoginToken?: string } = {}): string {
    const u = new URL(paymentUrl)
    u.searchParams.set('redirect_url', redirectUrl)
    if (extra.phone) u.searchParams.set('phone', extra.phone)
    if (extra.autoLoginToken) u.searchParams.set('auto_login_token', extra.autoLoginToken)
    return u.toString()
  }

  /** The increase-balance page (web base default https://cafebazaar.ir/bazaar-pay). */
  static increaseBalanceUrl(redirectUrl: string, webBase = 'https://cafebazaar.ir/bazaar-pay', autoLoginToken?: string): string {
    const u = new URL(webBase.replace(/\/+$/, '') + '/increase-balance')
    u.searchParams.set('redirect_url', redirectUrl)
    if (autoLoginToken) u.searchParams.set('auto_login_token', autoLoginToken)
    return u.toString()
  }
}
