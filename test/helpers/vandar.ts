/** Vandar test helpers: paths, the default tenant's credentials, and IPG shortcuts over app.inject. */
import type { FastifyInstance } from 'fastify'
import { json } from './sandbox.js'

export const API = '/api.vandar.io'
export const IPG = '/ipg.vandar.io'
export const KEY = 'sandbox-vandar-ipg-api-key'
export const ACCESS = 'sandbox-vandar-access-token'
export const REFRESH = 'sandbox-vandar-refresh-token'
export const BIZ = 'vandar-sandbox'
export const CARD = '6037990000057899'
export const CARD2 = '6219860000071234'
export const IBAN = 'IR880620000000302956142002'
export const IBAN2 = 'IR880620000000302956142004'

export const bearer = (token = ACCESS) => ({ authorization: `Bearer ${token}` })

export const api = (app: FastifyInstance, method: string, path: string, payload?: unknown, token: string | null = ACCESS, headers: Record<string, string> = {}) =>
  app.inject({ method: method as 'GET', url: `${API}${path}`, headers: { ...(token ? bearer(token) : {}), ...headers }, payload: payload as never })

export const ipgPost = (app: FastifyInstance, op: string, payload: unknown, version = 'v4', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `${IPG}/api/${version}/${op}`, payload: payload as never, headers })

export const sendPayment = async (app: FastifyInstance, body: Record<string, unknown> = {}, key = KEY): Promise<string> => {
  const res = await ipgPost(app, 'send', { api_key: key, amount: 100000, callback_url: 'https://example.com/callback', ...body })
  if (res.statusCode !== 200) throw new Error(`send failed: ${res.statusCode} ${res.body}`)
  return json(res).token
}

/** The control-plane action: the payer pays (or fails). */
export const payAction = (app: FastifyInstance, token: string, status: 'OK' | 'FAILED' = 'OK', card?: string) =>
  app.inject({ method: 'POST', url: `/__sandbox/vandar/ipg/${token}/pay`, payload: { status, ...(card ? { card_number: card } : {}) } })

/** send, pay, and return the token (a PAID payment awaiting verify). */
export const paidPayment = async (app: FastifyInstance, body: Record<string, unknown> = {}, key = KEY): Promise<string> => {
  const token = await sendPayment(app, body, key)
  const res = await payAction(app, token, 'OK')
  if (res.statusCode !== 200) throw new Error(`pay failed: ${res.body}`)
  return token
}

export const verified = async (app: FastifyInstance, body: Record<string, unknown> = {}, key = KEY) => {
  const token = await paidPayment(app, body, key)
  const res = await ipgPost(app, 'verify', { api_key: key, token })
  if (res.statusCode !== 200) throw new Error(`verify failed: ${res.body}`)
  return { token, ...json(res) } as { token: string; transId: number; realAmount: number; amount: string }
}

export const newTenant = async (app: FastifyInstance) => {
  const res = await app.inject({ method: 'POST', url: '/__sandbox/tenants' })
  return json(res) as { id: string; vandar: { business: string; access_token: string; refresh_token: string; ipg_api_key: string } }
}

export const advance = (app: FastifyInstance, seconds: number) => app.inject({ method: 'POST', url: '/__sandbox/clock/advance', payload: { seconds } })

export const settings = (app: FastifyInstance, patch: Record<string, unknown>, tenant?: string) =>
  app.inject({ method: 'PATCH', url: `/__sandbox/vandar/settings${tenant ? `?tenant=${tenant}` : ''}`, payload: patch })
