/**
 * BazaarPay (seed 000, specs/bazaarpay.md): the merchant API on the current host
 * `api.bazaar-pay.ir/badje/v{1,2,3}` and the legacy `pardakht.cafebazaar.ir/pardakht/badje/v{1,2}`
 * (the seed's), and the user-facing pages on `cafebazaar.ir/bazaar-pay/...` and `app.bazaar-pay.ir/...`.
 */
import { parse as parseQuery } from 'node:querystring'
import type { FastifyInstance } from 'fastify'
import sjson from 'secure-json-parse'
import type { SandboxContext } from '../../core/context.js'
import { BodyParseError, providerScope } from '../../core/provider.js'
import type { ProviderModule } from '../../core/provider-module.js'
import { documentServers } from '../../core/urls.js'
import { bazaarpayActions } from '../../sandbox/bazaarpay.js'
import { bazaarpayPages, bazaarpayWebStyle } from '../../pages/bazaarpay-pages.js'
import { createBazaarPayAuth, peekBazaarPayTenant } from './auth.js'
import { NGINX_503, bazaarpayStyle } from './errors.js'
import { TEXT } from './texts.js'
import { createBazaarPayCredentials, createBazaarPayTenant, type BazaarPayFixtures } from './model.js'
import { INDEX } from './operations.js'
import { paymentRoutes } from './payment.js'
import { walletRoutes } from './wallet.js'
import { directPayRoutes } from './direct-pay.js'
import { autoLoginRoutes } from './auto-login.js'
import { pocketRoutes } from './pockets.js'

export const BAZAARPAY_API_HOST = 'api.bazaar-pay.ir'
export const BAZAARPAY_LEGACY_HOST = 'pardakht.cafebazaar.ir'
export const BAZAARPAY_WEB_HOST = 'cafebazaar.ir'
export const BAZAARPAY_APP_HOST = 'app.bazaar-pay.ir'

/**
 * §1.2: some documented curls send JSON without a JSON Content-Type (curl then says form):
 * a body that looks like JSON is read as JSON whatever the header says [I].
 */
const jsonOrForm = (scope: FastifyInstance) => {
  scope.removeContentTypeParser('application/x-www-form-urlencoded')
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const text = (body as string).trim()
    if (text === '') return done(null, undefined)
    if (text.startsWith('{') || text.startsWith('[')) {
      try {
        return done(null, sjson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' }))
      } catch (e) {
        return done(new BodyParseError((e as Error).message), undefined)
      }
    }
    done(null, { ...parseQuery(text) })
  })
}

export const bazaarpay: ProviderModule<BazaarPayFixtures> = {
  name: 'bazaarpay',
  title: 'BazaarPay (بازارپی)',
  hosts: [BAZAARPAY_API_HOST, BAZAARPAY_LEGACY_HOST, BAZAARPAY_WEB_HOST, BAZAARPAY_APP_HOST],
  credentials: createBazaarPayCredentials,
  createTenantData: (fixtures) => createBazaarPayTenant(fixtures),
  index(tenant, set) {
    const c = tenant.credentials.bazaarpay
    set(INDEX.token, c.merchant_token)
    if (c.merchant_token_without_balance_permission) set(INDEX.token, c.merchant_token_without_balance_permission)
    set(INDEX.destination, c.destination)
    const bp = tenant.bazaarpay
    if (!bp) return
    for (const token of Object.keys(bp.checkouts)) set(INDEX.checkout, token)
    for (const token of Object.keys(bp.contracts)) set(INDEX.contract, token)
    for (const token of Object.keys(bp.user_tokens)) set(INDEX.userToken, token)
  },
  actions: bazaarpayActions,
  async register(app: FastifyInstance, ctx: SandboxContext) {
    ctx.peekTenant.set('bazaarpay', peekBazaarPayTenant(ctx))
    // A 503 fault without a body is nginx's page in front of BazaarPay (§1.4); a 500 the documented detail.
    ctx.faultBodies.set('bazaarpay', (status) => (status === 503 ? NGINX_503 : status === 500 ? { detail: TEXT.server_error } : undefined))
    const api = (host: string, base: string, openapi: boolean) =>
      providerScope(
        app,
        ctx,
        {
          provider: 'bazaarpay',
          host,
          style: bazaarpayStyle,
          bodyLimit: 64 * 1024,
          ...(openapi
            ? {
                openapi: {
                  title: 'BazaarPay merchant API (بازارپی)',
                  description:
                    'BazaarPay\'s merchant API (its wallet document and its public docs at docs.bazaar-pay.ir) emulated by pardakht-sandbox: checkout, ' +
                    'wallet, DirectPay, auto-login and pockets. `Authorization: Token <merchant_token>`. The same routes are served under ' +
                    `the legacy host ${BAZAARPAY_LEGACY_HOST}/pardakht/badje/... . v1 errors are {detail} or DRF field maps; v2/v3 add a code.`,
                  version: '1.0.0',
                  servers: documentServers(BAZAARPAY_API_HOST)
                }
              }
            : {})
        },
        (scope) => {
          jsonOrForm(scope)
          const auth = createBazaarPayAuth(ctx)
          paymentRoutes(scope, ctx, auth, base)
          walletRoutes(scope, ctx, auth, base)
          directPayRoutes(scope, ctx, auth, base)
          autoLoginRoutes(scope, ctx, auth, base)
          pocketRoutes(scope, ctx, auth, base)
        }
      )
    await api(BAZAARPAY_API_HOST, '', true)
    await api(BAZAARPAY_LEGACY_HOST, '/pardakht', false)
    await providerScope(app, ctx, { provider: 'bazaarpay', host: BAZAARPAY_WEB_HOST, style: bazaarpayWebStyle }, (scope) =>
      bazaarpayPages(scope, ctx, ['/bazaar-pay'])
    )
    await providerScope(app, ctx, { provider: 'bazaarpay', host: BAZAARPAY_APP_HOST, style: bazaarpayWebStyle }, (scope) =>
      bazaarpayPages(scope, ctx, ['', '/bazaar-pay'])
    )
  }
}
