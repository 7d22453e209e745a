/**
 * Baloan credit gateway (seed 001, specs/baloan.md): https://api.baloan.ir, v1 and v2, plus the
 * S3 bucket its upload URLs point at.
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { providerScope } from '../../core/provider.js'
import type { ProviderModule } from '../../core/provider-module.js'
import { documentServers } from '../../core/urls.js'
import { authRoutes, createBaloanAuth, peekBaloanTenant } from './auth.js'
import { baloanStyle } from './errors.js'
import { fileUploadRoutes, s3Routes, s3Style, S3_HOST } from './file-upload.js'
import { MAX_UPLOAD_BYTES } from './files.js'
import { creditRoutes } from './credit.js'
import { createBaloanCredentials, createBaloanTenant, type BaloanFixtures, type BaloanTenant } from './model.js'
import { freezeThrough } from '../../state/sliced-json.js'
import { baloanActions } from '../../sandbox/baloan.js'

export const BALOAN_HOST = 'api.baloan.ir'

export const baloan: ProviderModule<BaloanFixtures> = {
  name: 'baloan',
  title: 'Baloan credit gateway',
  hosts: [BALOAN_HOST, S3_HOST],
  credentials: createBaloanCredentials,
  createTenantData: (fixtures, faker) => createBaloanTenant(fixtures, faker),
  // a settlement never changes once made (settle-confirm freezes it): a state-file write shares
  // frozen rows instead of copying them, also after a restart or an import
  loaded: (data) => void (data as BaloanTenant).settlements.forEach(freezeThrough),
  index(tenant, set) {
    const c = tenant.credentials.baloan
    set('baloan:username', c.username)
    set('baloan:store_uuid', c.store_uuid)
    set('baloan:user_id', c.user_id)
  },
  actions: baloanActions,
  async register(app: FastifyInstance, ctx: SandboxContext) {
    ctx.peekTenant.set('baloan', peekBaloanTenant(ctx))
    await providerScope(
      app,
      ctx,
      {
        provider: 'baloan',
        host: BALOAN_HOST,
        style: baloanStyle,
        bodyLimit: 64 * 1024,
        multipart: { fileSize: MAX_UPLOAD_BYTES, files: 2 },
        openapi: {
          title: 'Baloan credit gateway (درگاه اعتباری بالون)',
          description:
            'v1 and v2 of Baloan\'s merchant API as documented at docs.baloan.ir (version 1.0.0), emulated by pardakht-sandbox. ' +
            'Business errors use the {status:"error", message, message_code, data} envelope; validation errors are DRF field maps.',
          version: '1.0.0',
          servers: documentServers(BALOAN_HOST)
        }
      },
      (scope) => {
        const auth = createBaloanAuth(ctx)
        authRoutes(scope, ctx, auth)
        fileUploadRoutes(scope, ctx, auth)
        creditRoutes(scope, ctx, auth)
      }
    )
    await providerScope(app, ctx, { provider: 'baloan', host: S3_HOST, style: s3Style as never }, (scope) => s3Routes(scope, ctx))
  }
}
