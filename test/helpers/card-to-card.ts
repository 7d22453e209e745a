/** Card-to-card test shortcuts over app.inject. */
import type { FastifyInstance } from 'fastify'
import { json } from './sandbox.js'

export const C = '/card-to-card/api'
export const TOKEN = 'sandbox-card-to-card-token'
export const SAMAN = '6219861234567898'
export const MELLAT = '6104339876543210'
export const PAYER = '6037991122334455'
export const OTHER = '6273535566778892'

export const c2cPost = (app: FastifyInstance, path: string, payload?: unknown, token: string | null = TOKEN) => {
  const headers: Record<string, string> = token === null ? {} : { token }
  // a string is a urlencoded form, as PHP forms post it
  if (typeof payload === 'string') headers['content-type'] = 'application/x-www-form-urlencoded'
  return app.inject({ method: 'POST', url: `${C}${path}`, headers, payload: payload as never })
}

export const c2cGet = (app: FastifyInstance, path: string, token: string | null = TOKEN) =>
  app.inject({ method: 'GET', url: `${C}${path}`, headers: token === null ? {} : { token } })

let fid = 1000
/** create with a fresh fid; returns the parsed body. */
export const createPayment = async (app: FastifyInstance, fields: Record<string, unknown> = {}, token = TOKEN) => {
  const res = await c2cPost(app, '/create', { price: 11385, fid: ++fid, ...fields }, token)
  if (res.statusCode !== 200) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return json(res) as { status: true; code: 200; expire: number; pay_id: number; amount: number; link: string | null; cart: unknown[] }
}

export const deposit = async (app: FastifyInstance, body: Record<string, unknown>, tenant?: string) => {
  const res = await app.inject({ method: 'POST', url: `/__sandbox/card-to-card/deposits${tenant ? `?tenant=${tenant}` : ''}`, payload: body })
  if (res.statusCode !== 201) throw new Error(`deposit failed: ${res.statusCode} ${res.body}`)
  return json(res)
}

export const check = async (app: FastifyInstance, payId: number | string, token = TOKEN) => {
  const res = await c2cGet(app, `/check?pay_id=${payId}`, token)
  return { status: res.statusCode, body: json(res) }
}
