/** Small pieces every control-plane module shares (kept apart from routes.ts to avoid an import cycle). */
import type { FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { SandboxContext } from '../core/context.js'
import { DEFAULT_TENANT, type Tenant } from '../state/model.js'

export const problem = (reply: FastifyReply, status: number, error: string, message: string) => reply.code(status).send({ error, message })

/** A tenant as `POST /__sandbox/tenants` shows it: its id and every provider's credentials. */
export const tenantView = (t: Tenant) => ({
  id: t.id,
  created_at: t.created_at,
  vandar: { ...t.credentials.vandar },
  baloan: { username: t.credentials.baloan.username, password: t.credentials.baloan.password, store_uuid: t.credentials.baloan.store_uuid },
  bazaarpay: { ...t.credentials.bazaarpay },
  card_to_card: { ...t.credentials.card_to_card }
})

export const TenantQuery = Type.Object({ tenant: Type.Optional(Type.String()) })

/** The tenant a control-plane action targets: `?tenant=ID`, default the fixture tenant. */
export const targetTenant = (ctx: SandboxContext, query: unknown, reply: FastifyReply): Tenant | undefined => {
  const id = (query as { tenant?: string } | undefined)?.tenant || DEFAULT_TENANT
  const t = ctx.store.tenant(id)
  if (!t) problem(reply, 404, 'tenant_not_found', `no tenant "${id}"`)
  return t
}

