/**
 * The card-to-card ("CartToCart") payment script (seed 002, specs/card-to-card.md): a PHP script
 * the merchant installs on their own site (`https://test.com/api` in the document). In the
 * sandbox it lives under the host segment `card-to-card`: the API at
 * `http://127.0.0.1:4100/card-to-card/api/...`, the hosted page at `/card-to-card/payment/{pay_id}`.
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { providerScope } from '../../core/provider.js'
import type { ProviderModule } from '../../core/provider-module.js'
import { documentServers } from '../../core/urls.js'
import { cardToCardActions } from '../../sandbox/card-to-card.js'
import { paymentPageRoutes } from '../../pages/card-to-card-payment.js'
import { apiRoutes, peekCardToCardTenant, TOKEN_INDEX } from './api.js'
import { cardToCardStyle, phpJson } from './errors.js'
import { createCardToCardCredentials, createCardToCardTenant, type CardToCardFixtures } from './model.js'

export const CARD_TO_CARD_HOST = 'card-to-card'
export const CARD_TO_CARD = 'card-to-card'

export const cardToCard: ProviderModule<CardToCardFixtures> = {
  name: CARD_TO_CARD,
  title: 'Card-to-card payment script (CartToCart)',
  // the key TenantCredentials already uses for its token
  dataKey: 'card_to_card',
  hosts: [CARD_TO_CARD_HOST],
  credentials: createCardToCardCredentials,
  createTenantData: (fixtures) => createCardToCardTenant(fixtures),
  index(tenant, set) {
    set(TOKEN_INDEX, tenant.credentials.card_to_card.token)
  },
  actions: cardToCardActions,
  async register(app: FastifyInstance, ctx: SandboxContext) {
    ctx.peekTenant.set(CARD_TO_CARD, peekCardToCardTenant(ctx))
    await providerScope(
      app,
      ctx,
      {
        provider: CARD_TO_CARD,
        host: CARD_TO_CARD_HOST,
        style: cardToCardStyle,
        bodyLimit: 64 * 1024,
        unreadableBodyIsEmptyForm: true,
        multipart: { fileSize: 64 * 1024, files: 1 },
        openapi: {
          title: 'Card-to-card payment script (CartToCart)',
          description:
            "The self-hosted PHP card-to-card payment verification script (the merchant installs it on its own server; its document writes https://test.com/api), emulated by pardakht-sandbox. Every request carries the `token` header. " +
            'Errors are `{"status":false,"code":N,"msg":"..."}` with the HTTP status of the code table (HTTP 500 for the business codes), written as PHP\'s json_encode writes JSON (`\\/`, raw UTF-8).',
          version: '1.0.0',
          servers: documentServers(CARD_TO_CARD_HOST, { url: 'https://test.com', description: "the merchant's own install (the document's placeholder)" })
        }
      },
      (scope) => {
        // A JSON array or scalar is no $_POST either: the script then reports the missing fields.
        scope.addHook('preValidation', (req, _reply, done) => {
          if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) req.body = {}
          done()
        })
        // Every JSON answer as PHP's json_encode(JSON_UNESCAPED_UNICODE) writes it.
        scope.setSerializerCompiler(() => (data) => phpJson(data))
        scope.setReplySerializer((payload) => phpJson(payload))
        apiRoutes(scope, ctx, CARD_TO_CARD_HOST)
        paymentPageRoutes(scope, ctx, CARD_TO_CARD_HOST)
      }
    )
  }
}
