/** BazaarPay test helpers: the API under the sandbox prefix, the default merchant, quick flows. */
import type { FastifyInstance } from 'fastify'
import { json } from './sandbox.js'

export const API = '/api.bazaar-pay.ir/badje'
export const LEGACY = '/pardakht.cafebazaar.ir/pardakht/badje'
export const TOKEN = 'merchant_token'
export const NO_BALANCE_TOKEN = 'merchant_token_without_balance_permission'
export const DESTINATION = 'sandbox_destination'

export const TEXT_401 = 'اطلاعات برای اعتبارسنجی ارسال نشده است.'
export const TEXT_403 = 'شما دسترسی لازم را ندارید.'

export const bp = (
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  payload?: unknown,
  token: string | null = TOKEN,
  headers: Record<string, string> = {}
) =>
  app.inject({
    method,
    url: path.startsWith('/') && !path.startsWith('/badje') && !path.startsWith('/v') ? path : `${API}${path.startsWith('/') ? path : '/' + path}`,
    headers: { ...(token ? { authorization: `Token ${token}` } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as never })
  })

/** checkout/init for the default merchant (or `opts`) → the checkout token. */
export const newCheckout = async (app: FastifyInstance, amount = 50000, opts: { token?: string | null; destination?: string } = {}): Promise<string> => {
  const res = await bp(app, 'POST', '/v1/checkout/init/', { amount, destination: opts.destination ?? DESTINATION, service_name: 'اشتراک ویژه' }, opts.token === undefined ? TOKEN : opts.token)
  if (res.statusCode !== 200) throw new Error(`init failed: ${res.statusCode} ${res.body}`)
  return json(res).checkout_token
}

export const pay = async (app: FastifyInstance, token: string, body: { phone?: string; method?: 'wallet' | 'bank' } = {}, tenant?: string) => {
  const res = await app.inject({ method: 'POST', url: `/__sandbox/bazaarpay/checkouts/${token}/pay${tenant ? `?tenant=${tenant}` : ''}`, payload: body })
  if (res.statusCode !== 200) throw new Error(`pay failed: ${res.statusCode} ${res.body}`)
  return json(res)
}

export const trace = async (app: FastifyInstance, token: string, auth: string | null = null) => json(await bp(app, 'POST', '/v1/trace/', { checkout_token: token }, auth)).status as string

export const balance = (app: FastifyInstance, phone: string, tenant = 'default') => app.sandbox.store.tenant(tenant)!.bazaarpay.users[phone]?.balance

export const advance = (app: FastifyInstance, seconds: number) => app.sandbox.clock.advance(seconds)

/** A fresh tenant's bazaarpay credentials. */
export const newTenant = async (app: FastifyInstance) => {
  const res = await app.inject({ method: 'POST', url: '/__sandbox/tenants' })
  return json(res) as { id: string; bazaarpay: { merchant_token: string; destination: string; merchant_token_without_balance_permission: string } }
}
