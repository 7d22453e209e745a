/**
 * CardToCardClient: the card-to-card ("CartToCart") payment script's API (the script's API
 * document). The script is self-hosted, so there is no default host: `baseUrl` is the install's
 * API root (`https://shop.example/CartToCart/api`), or `sandboxUrl` the sandbox root (the API is
 * then `{sandboxUrl}/card-to-card/api`).
 *
 *   const c2c = new CardToCardClient({ sandboxUrl: 'http://127.0.0.1:4100', token })
 *   const p = await c2c.create({ price: 11385, fid: 1001, callback: 'https://shop.example/back' })
 *   const r = await c2c.check(p.pay_id)   // r.code: 7 waiting, 201 paid (first check), 200, 199
 *
 * `CardToCartClient` (the script's own spelling) is the same class under its older name.
 */
import { ProviderError, request, resolveBase, type HttpOptions } from './http.js'
import type { CardToCardCardView, CartsResponse, CheckResponse, CreateResponse, ErrorResponse, MessageResponse } from '../providers/card-to-card/schemas.js'

export type { CardToCardCardView, CartsResponse, CheckResponse, CreateResponse, ErrorResponse, MessageResponse }

export interface CardToCardClientOptions {
  /** the sandbox root (e.g. http://127.0.0.1:4100): the API is then `{sandboxUrl}/card-to-card/api` */
  sandboxUrl?: string
  /** the install's API root, e.g. https://shop.example/CartToCart/api; overrides sandboxUrl. One of the two is needed. */
  baseUrl?: string
  /** the script's API token (the `token` header) */
  token: string
  /** how POST fields are sent; PHP reads forms natively (default `form`) */
  encoding?: 'form' | 'json' | 'multipart'
  fetch?: typeof fetch
}

export interface CreatePaymentInput {
  /** rials, at least 10,000 */
  price: number
  /** the merchant's invoice number; unique */
  fid: number | string
  phone?: string
  /** the payer's 16-digit card, only when the bank's SMS shows the depositor card */
  card?: string
  /** return URL; makes `link` the hosted payment page */
  callback?: string
}

/** A non-200 answer: `code` is the script's code (403, 404, 405, 0, 1, 2, 3, -3, -2, -1, 4, 5, 6). */
export class CardToCardError extends ProviderError<ErrorResponse | unknown> {
  get code(): number | undefined {
    const b = this.body as { code?: unknown }
    return typeof b === 'object' && b !== null && typeof b.code === 'number' ? b.code : undefined
  }

  get msg(): string | undefined {
    const b = this.body as { msg?: unknown }
    return typeof b === 'object' && b !== null && typeof b.msg === 'string' ? b.msg : undefined
  }
}

export class CardToCardClient {
  private readonly http: HttpOptions
  private readonly encoding: 'form' | 'json' | 'multipart'

  constructor(options: CardToCardClientOptions) {
    if (!options.baseUrl && !options.sandboxUrl) throw new TypeError('CardToCardClient: give `sandboxUrl` (the sandbox root) or `baseUrl` (the install\'s API root)')
    this.http = { ...resolveBase(options.baseUrl, options.sandboxUrl, 'card-to-card/api', ''), fetch: options.fetch, headers: { token: options.token } }
    this.encoding = options.encoding ?? 'form'
  }

  private async call<T>(method: 'GET' | 'POST', path: string, fields?: Record<string, string | number | undefined>): Promise<T> {
    let body
    if (fields) {
      const clean: Record<string, string> = {}
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) clean[k] = String(v)
      body = this.encoding === 'json' ? { json: fields } : this.encoding === 'multipart' ? { multipart: clean } : { form: clean }
    }
    const res = await request('card-to-card', this.http, method, path, body)
    if (res.status !== 200) throw new CardToCardError('card-to-card', res.status, res.body, method, path)
    return res.body as T
  }

  /** ایجاد پرداخت: a payment to be paid by card-to-card transfer of exactly `amount` before `expire`. */
  create(input: CreatePaymentInput): Promise<CreateResponse> {
    return this.call('POST', '/create', { price: input.price, fid: input.fid, phone: input.phone, card: input.card, callback: input.callback })
  }

  /** ثبت شماره کارت پرداخت کننده: the payer's card for a payment created without one. */
  setCard(pay_id: number, options: { card: string }): Promise<MessageResponse>
  /** @deprecated use `setCard(pay_id, { card })` */
  setCard(pay_id: number, card: string): Promise<MessageResponse>
  setCard(pay_id: number, options: { card: string } | string): Promise<MessageResponse> {
    return this.call('POST', '/setCard', { pay_id, card: typeof options === 'string' ? options : options.card })
  }

  /**
   * بررسی پرداخت. Resolves for every HTTP 200 outcome (7 waiting, 201 paid and first checked,
   * 200 paid and checked before, 199 paid with another card); throws CardToCardError for 4, 5
   * and 6 (expired).
   */
  check(pay_id: number): Promise<CheckResponse> {
    return this.call('GET', `/check?pay_id=${encodeURIComponent(String(pay_id))}`)
  }

  /** مشاهده لیست کارت ها: the merchant's destination cards. */
  carts(): Promise<CartsResponse> {
    return this.call('GET', '/carts')
  }

  /** Whether a check outcome means the money arrived (201 or 200; 199 only when `status` is true). */
  static isPaid(r: CheckResponse): boolean {
    return r.code === 201 || r.code === 200 || (r.code === 199 && r.status)
  }
}

/** @deprecated the same class as CardToCardClient (its older name, in the script's spelling) */
export const CardToCartClient = CardToCardClient
/** @deprecated use CardToCardClient */
export type CardToCartClient = CardToCardClient
/** @deprecated the same class as CardToCardError */
export const CardToCartError = CardToCardError
/** @deprecated use CardToCardError */
export type CardToCartError = CardToCardError
/** @deprecated use CardToCardClientOptions */
export type CardToCartClientOptions = CardToCardClientOptions
