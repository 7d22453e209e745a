/**
 * CardToCartClient: the card-to-card ("CartToCart") payment script's API (seed 002). The script
 * is self-hosted, so `baseUrl` is the install's API root (`https://shop.example/CartToCart/api`;
 * in the sandbox `http://127.0.0.1:4100/card-to-card/api`).
 *
 *   const c2c = new CardToCartClient({ baseUrl: 'http://127.0.0.1:4100/card-to-card/api', token })
 *   const p = await c2c.create({ price: 11385, fid: 1001, callback: 'https://shop.example/back' })
 *   const r = await c2c.check(p.pay_id)   // r.code: 7 waiting, 201 paid (first check), 200, 199
 *
 * The class name follows the (and the script's) spelling "Cart".
 */
import { ProviderError, request, type HttpOptions } from './http.js'
import type { CardToCardCardView, CartsResponse, CheckResponse, CreateResponse, ErrorResponse, MessageResponse } from '../providers/card-to-card/schemas.js'

export type { CardToCardCardView, CartsResponse, CheckResponse, CreateResponse, ErrorResponse, MessageResponse }

export interface CardToCartClientOptions {
  /** the install's API root, e.g. https://test.com/api */
  baseUrl: string
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
export class CardToCartError extends ProviderError<ErrorResponse | unknown> {
  get code(): number | undefined {
    const b = this.body as { code?: unknown }
    return typeof b === 'object' && b !== null && typeof b.code === 'number' ? b.code : undefined
  }

  get msg(): string | undefined {
    const b = this.body as { msg?: unknown }
    return typeof b === 'object' && b !== null && typeof b.msg === 'string' ? b.msg : undefined
  }
}

export class CardToCartClient {
  private readonly http: HttpOptions
  private readonly encoding: 'form' | 'json' | 'multipart'

  constructor(options: CardToCartClientOptions) {
    this.http = { baseUrl: options.baseUrl, fetch: options.fetch, headers: { token: options.token } }
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
    if (res.status !== 200) throw new CardToCartError('card-to-card', res.status, res.body, method, path)
    return res.body as T
  }

  /** ایجاد پرداخت: a payment to be paid by card-to-card transfer of exactly `amount` before `expire`. */
  create(input: CreatePaymentInput): Promise<CreateResponse> {
    return this.call('POST', '/create', { price: input.price, fid: input.fid, phone: input.phone, card: input.card, callback: input.callback })
  }

  /** ثبت شماره کارت پرداخت کننده: the payer's card for a payment created without one. */
  setCard(payId: number, card: string): Promise<MessageResponse> {
    return this.call('POST', '/setCard', { pay_id: payId, card })
  }

  /**
   * بررسی پرداخت. Resolves for every HTTP 200 outcome (7 waiting, 201 paid and first checked,
   * 200 paid and checked before, 199 paid with another card); throws CardToCartError for 4, 5
   * and 6 (expired).
   */
  check(payId: number): Promise<CheckResponse> {
    return this.call('GET', `/check?pay_id=${encodeURIComponent(String(payId))}`)
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
