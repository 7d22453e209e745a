/** Test helpers: an in-process sandbox for app.inject, and Baloan shortcuts. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { buildSandbox } from '../../src/server.js'
import type { SandboxConfig } from '../../src/config.js'

export const B = '/api.baloan.ir'

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)])
export const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32)])

export const sandbox = async (t: Test, options: Partial<SandboxConfig> = {}): Promise<FastifyInstance> => {
  const app = await buildSandbox({ logLevel: 'silent', ...options })
  t.teardown(() => app.close())
  await app.ready()
  return app
}

export const json = (res: LightMyRequestResponse) => JSON.parse(res.body) as any

/** Logs in with the default tenant (or given credentials) and returns the access token. */
export const baloanLogin = async (
  app: FastifyInstance,
  version: 'v1' | 'v2' = 'v2',
  creds?: { username: string; password: string }
): Promise<string> => {
  const t = app.sandbox.store.defaultTenant.credentials.baloan
  const body = creds ?? { username: version === 'v1' ? t.username : t.store_uuid, password: t.password }
  const res = await app.inject({ method: 'POST', url: `${B}/api/${version}/merchant/token/`, payload: body })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  return json(res).access
}

export const post = (app: FastifyInstance, path: string, token: string | undefined, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: `${B}${path}`,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    payload: payload as never
  })

export const form = (fields: Record<string, string | { data: Buffer; filename?: string; type?: string }>) => {
  const fd = new FormData()
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') fd.append(k, v)
    else fd.append(k, new Blob([new Uint8Array(v.data)], { type: v.type ?? 'application/octet-stream' }), v.filename ?? 'file.bin')
  }
  return fd
}

/** The newest OTP texted to a phone, from the outbox. */
export const lastOtp = (app: FastifyInstance, phone: string, tenant?: string): string =>
  app.sandbox.store.sms({ to: phone, tenant })[0]?.code ?? ''

/** send-credit-otp then validate-credit-otp: a fresh v2 transaction token. */
export const transactionToken = async (app: FastifyInstance, token: string, nid = '0012345678', phone = '09121234567'): Promise<string> => {
  const sent = await post(app, '/api/v2/merchant/send-credit-otp/', token, { national_identifier: nid })
  if (sent.statusCode !== 200) throw new Error(sent.body)
  const res = await post(app, '/api/v2/merchant/validate-credit-otp/', token, { national_identifier: nid, otp: lastOtp(app, phone) })
  if (res.statusCode !== 200) throw new Error(res.body)
  return json(res).data.token
}

export const settleV2 = (app: FastifyInstance, token: string, txn: string, total: number, code: string, nid = '0012345678') =>
  post(
    app,
    '/api/v2/merchant/settle-confirm/',
    token,
    form({ national_identifier: nid, data: JSON.stringify({ code, bill: { total } }), file: { data: PDF, filename: 'invoice.pdf', type: 'application/pdf' }, token: txn })
  )
