/**
 * What Vandar adds to the core webhook queue (core/webhooks.ts): its own delivery log, kept in the
 * tenant's state and shown by `GET /__sandbox/vandar/webhooks` (one entry per attempt, newest
 * first). Refund and settlement webhooks are unsigned (§0.9); the direct-debit withdrawal webhook
 * signs with `X-Vandar-Signature` and Miando's with `X-Signature` (§13.5): those services add
 * a `sign` hook here for their events.
 */
import type { SandboxContext } from '../../core/context.js'
import type { ProviderWebhooks } from '../../core/webhooks.js'
import type { WebhookDelivery } from './model.js'

const LOG_LIMIT = 100

export const vandarWebhooks = (ctx: SandboxContext): ProviderWebhooks => ({
  attempted(delivery, attempt) {
    const log = ctx.store.tenant(delivery.tenant)?.vandar?.webhooks
    if (!log) return
    log.unshift({
      url: delivery.url,
      body: delivery.body as WebhookDelivery['body'],
      status: attempt.status,
      ...(attempt.error ? { error: attempt.error } : {}),
      at: ctx.clock.iso()
    })
    if (log.length > LOG_LIMIT) log.length = LOG_LIMIT
    ctx.store.changed()
  }
})
