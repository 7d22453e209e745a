/**
 * پاکت‌ها (pockets.md, 2025-08, §1.5.13): charge users' pockets of a pocket group in a batch
 * (one result per item, the client's UUIDv7 token as the idempotency key), and look a charge up.
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { BazaarPayAuth } from './auth.js'
import { BazaarPayError, DRF, languageOf, type Lang } from './errors.js'
import { normalizePhone, userOf } from './operations.js'
import { TEXT } from './texts.js'
import {
  PocketChargeLookupResponse,
  PocketChargeParams,
  PocketChargeRequest,
  PocketChargeResponse,
  PocketSlugParams,
  v1Responses,
  type PocketChargeResult
} from './schemas.js'

/** Per-item texts the docs do not give [I]. */
const ITEM_TEXT = {
  invalid_token: { fa: 'توکن باید یک UUID نسخه ۷ باشد.', en: 'Token must be a UUIDv7.' },
  invalid_phone: { fa: 'شماره تلفن نامعتبر است.', en: 'Invalid phone number.' },
  account_disabled: { fa: 'حساب غیرفعال است.', en: 'Account is disabled.' }
}
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

const notFound = (lang: Lang) => new BazaarPayError(404, DRF.notFound(lang), 'not_found')

export const pocketRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: BazaarPayAuth, base: string) => {
  const v1 = { bp_version: 'v1' as const }
  const tags = ['pockets']

  app.post(
    `${base}/badje/v1/pockets/:pocket_group_slug/charge/`,
    {
      config: v1,
      onRequest: auth.requireMerchant,
      schema: {
        tags,
        summary: 'شارژ پاکت کاربران (one result per item)',
        params: PocketSlugParams,
        body: PocketChargeRequest,
        response: { ...v1Responses(200, PocketChargeResponse), 404: v1Responses(200, PocketChargeResponse)[401] }
      }
    },
    async (req) => {
      const lang = languageOf(req)
      const tenant = req.tenant!
      const { pocket_group_slug: slug } = req.params as { pocket_group_slug: string }
      if (!tenant.bazaarpay.pocket_groups.includes(slug)) throw notFound(lang)
      const { charges } = req.body as { charges: Array<{ token: string; phone_number: string; amount: number }> }
      const now = ctx.clock.now()
      const results: PocketChargeResult[] = charges.map((ch) => {
        const echo = { token: ch.token, phone_number: ch.phone_number, amount: ch.amount }
        const error = (message: string): PocketChargeResult => ({ ...echo, status: 'error', message })
        if (!UUID_V7.test(ch.token)) return error(ITEM_TEXT.invalid_token[lang])
        if (Object.hasOwn(tenant.bazaarpay.pocket_charges, ch.token)) return error(lang === 'en' ? 'Duplicate token.' : TEXT.pocket_duplicate)
        const phone = normalizePhone(ch.phone_number)
        if (!phone) return error(ITEM_TEXT.invalid_phone[lang])
        const user = userOf(tenant.bazaarpay, phone, true)!
        if (user.disabled) return error(ITEM_TEXT.account_disabled[lang])
        user.pockets[slug] = (user.pockets[slug] ?? 0) + ch.amount
        tenant.bazaarpay.pocket_charges[ch.token] = { token: ch.token, slug, phone_number: ch.phone_number, amount: ch.amount, created_at: now }
        return { ...echo, status: 'success', message: lang === 'en' ? 'Charge was successful.' : TEXT.pocket_success }
      })
      return { results }
    }
  )

  app.get(
    `${base}/badje/v1/pockets/:pocket_group_slug/charge/:token/`,
    {
      config: v1,
      onRequest: auth.requireMerchant,
      schema: {
        tags,
        summary: 'استعلام شارژ پاکت',
        params: PocketChargeParams,
        response: { ...v1Responses(200, PocketChargeLookupResponse), 404: v1Responses(200, PocketChargeLookupResponse)[401] }
      }
    },
    async (req) => {
      const lang = languageOf(req)
      const tenant = req.tenant!
      const { pocket_group_slug: slug, token } = req.params as { pocket_group_slug: string; token: string }
      if (!tenant.bazaarpay.pocket_groups.includes(slug)) throw notFound(lang)
      const ch = Object.hasOwn(tenant.bazaarpay.pocket_charges, token) ? tenant.bazaarpay.pocket_charges[token] : undefined
      if (!ch || ch.slug !== slug) throw notFound(lang)
      return { results: [{ token: ch.token, phone_number: ch.phone_number, amount: ch.amount }] }
    }
  )
}
