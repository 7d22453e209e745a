/**
 * Vandar (seeds 003, 004; specs/vandar.md): https://api.vandar.io (business APIs: auth, cash-in,
 * statement, business, IPG refund) and https://ipg.vandar.io (IPG v4/v3 and its payment page).
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { providerScope } from '../../core/provider.js'
import { documentServers } from '../../core/urls.js'
import type { Tenant } from '../../state/model.js'
import type { ProviderModule } from '../../core/provider-module.js'
import { vandarPaymentPage } from '../../pages/vandar-ipg.js'
import { VANDAR_RECEIPT_HOST, vandarReceiptPage, vandarReceiptStyle } from '../../pages/vandar-receipt.js'
import { vandarActions } from '../../sandbox/vandar.js'
import { authRoutes, createVandarAuth, peekVandarTenant } from './auth.js'
import { businessRoutes } from './business.js'
import { cashInRoutes } from './cash-in.js'
import { vandarApiStyle, vandarIpgStyle } from './errors.js'
import { ipgRoutes } from './ipg.js'
import { createVandarCredentials, createVandarTenant, type VandarFixtures } from './model.js'
import { receiptCode } from './cash-in.operations.js'
import { refundRoutes } from './refund.js'
import { statementRoutes } from './statement.js'
import { vandarWebhooks } from './webhooks.js'

export const VANDAR_API_HOST = 'api.vandar.io'
export const VANDAR_IPG_HOST = 'ipg.vandar.io'

/** Vandar validates in its handlers; schemas only document (and type the client). */
const documentOnly = (scope: FastifyInstance) => {
  scope.setValidatorCompiler(() => () => true)
  scope.setSerializerCompiler(() => (data) => JSON.stringify(data))
}

/** One OpenAPI document for both hosts: each operation names its host in an operation-level `servers`. */
const mergeDocs = (docs: Array<{ host: string; doc: () => unknown }>) => () => {
  const [first] = docs.map((d) => d.doc() as { paths?: Record<string, Record<string, unknown>>; components?: Record<string, unknown> })
  const merged = { ...first, paths: {} as Record<string, unknown>, components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } }
  for (const { host, doc } of docs) {
    const d = doc() as { paths?: Record<string, Record<string, unknown>> }
    const servers = documentServers(host)
    for (const [path, item] of Object.entries(d.paths ?? {})) {
      merged.paths[path] = Object.fromEntries(Object.entries(item).map(([method, op]) => [method, { ...(op as object), servers }]))
    }
  }
  return merged
}

export const vandar: ProviderModule<VandarFixtures> = {
  name: 'vandar',
  title: 'Vandar',
  hosts: [VANDAR_API_HOST, VANDAR_IPG_HOST, VANDAR_RECEIPT_HOST],
  credentials: createVandarCredentials,
  createTenantData: (fixtures, _faker, tenant) => {
    const created = Date.parse((tenant as Tenant).created_at)
    return createVandarTenant(fixtures, tenant.credentials, Number.isFinite(created) ? created : Date.now())
  },
  index(tenant, set) {
    const c = tenant.credentials.vandar
    set('vandar:business', c.business)
    set('vandar:api_key', c.ipg_api_key)
    const v = tenant.vandar
    if (!v) return
    for (const token of Object.keys(v.access_tokens)) set('vandar:access', token)
    for (const token of Object.keys(v.refresh_tokens)) set('vandar:refresh', token)
    for (const token of Object.keys(v.payments)) set('vandar:ipg_token', token)
    for (const d of v.deposits) set('vandar:receipt', receiptCode(d.receipt_url))
    // The well-known pair is always findable, even after a rotation removed it from the tables.
    set('vandar:access', c.access_token)
    set('vandar:refresh', c.refresh_token)
  },
  actions: vandarActions,
  async register(app: FastifyInstance, ctx: SandboxContext) {
    ctx.peekTenant.set('vandar', peekVandarTenant(ctx))
    ctx.webhooks.provider('vandar', vandarWebhooks(ctx))
    const auth = createVandarAuth(ctx)

    const description =
      "Vandar's business API (api.vandar.io) and payment gateway (ipg.vandar.io), per its API documents (docs.vandar.io) and its cash-in (واریز بانکی) document, " +
      'emulated by pardakht-sandbox. Each operation lists its host in `servers`.'
    const docs: Array<{ host: string; doc: () => unknown }> = []
    for (const [host, style, routes] of [
      [
        VANDAR_API_HOST,
        vandarApiStyle,
        (scope: FastifyInstance) => {
          authRoutes(scope, ctx, auth)
          cashInRoutes(scope, ctx, auth)
          statementRoutes(scope, ctx, auth)
          businessRoutes(scope, ctx, auth)
          refundRoutes(scope, ctx, auth)
        }
      ],
      [
        VANDAR_IPG_HOST,
        vandarIpgStyle,
        (scope: FastifyInstance) => {
          ipgRoutes(scope, ctx)
          vandarPaymentPage(scope, ctx)
        }
      ]
    ] as const) {
      await providerScope(
        app,
        ctx,
        {
          provider: 'vandar',
          host,
          style,
          bodyLimit: 256 * 1024,
          multipart: { fileSize: 1024 * 1024, files: 2 },
          openapi: { title: 'Vandar (وندار)', description, version: '1.0.0', servers: [{ url: `https://${host}` }] }
        },
        (scope) => {
          documentOnly(scope)
          routes(scope)
        }
      )
      docs.push({ host, doc: ctx.openapi.get('vandar')! })
    }
    ctx.openapi.set('vandar', mergeDocs(docs))
    await providerScope(app, ctx, { provider: 'vandar', host: VANDAR_RECEIPT_HOST, style: vandarReceiptStyle }, (scope) => vandarReceiptPage(scope, ctx))
  }
}

