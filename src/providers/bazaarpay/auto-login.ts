/**
 * ورود خودکار (auto-login.md, §1.5.11–1.5.12): a merchant creates a user access token for one
 * scope; the pages take it as `auto_login_token`, and user/info answers with its phone number.
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { controlRoute, sandboxHint } from '../../core/hints.js'
import type { BazaarPayAuth } from './auth.js'
import { BazaarPayError, DRF, FieldErrors, languageOf, type Lang } from './errors.js'
import { createUserToken, internationalPhone, normalizePhone } from './operations.js'
import type { AutoLoginScope } from './model.js'
import { TEXT } from './texts.js'
import { AccessTokenResponse, CreateUserAccessTokenRequest, UserInfoResponse, v1Responses } from './schemas.js'

/** The documented 403 names the purchase feature; the other scopes name theirs [I]. */
const FEATURE: Record<AutoLoginScope, { fa: string; en: string }> = {
  purchase: { fa: 'خرید', en: 'purchase' },
  increase_balance: { fa: 'افزایش موجودی', en: 'increase balance' },
  direct_pay: { fa: 'پرداخت مستقیم', en: 'direct pay' }
}
export const autoLoginDenied = (scope: AutoLoginScope, lang: Lang) =>
  lang === 'en'
    ? TEXT.auto_login_purchase_en.replace('purchase', FEATURE[scope].en)
    : TEXT.auto_login_purchase.replace('خرید', FEATURE[scope].fa)

export const autoLoginRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: BazaarPayAuth, base: string) => {
  const v1 = { bp_version: 'v1' as const }
  const tags = ['auto-login']

  app.post(
    `${base}/badje/v1/merchant/create-user-access-token/`,
    {
      config: v1,
      onRequest: auth.requireMerchant,
      schema: { tags, summary: 'ایجاد توکن ورود خودکار کاربر', body: CreateUserAccessTokenRequest, response: v1Responses(200, AccessTokenResponse) }
    },
    async (req, reply) => {
      const lang = languageOf(req)
      const body = req.body as { user_phone_number: string; scope: AutoLoginScope }
      const tenant = req.tenant!
      const phone = normalizePhone(body.user_phone_number)
      if (!phone) throw new FieldErrors([{ param: 'user_phone_number', code: 'invalid', detail: DRF.phone(lang) }])
      const scopes = tenant.bazaarpay.settings.auto_login_scopes
      if (!scopes.includes(body.scope)) {
        sandboxHint(
          reply,
          `auto-login scope ${body.scope} is not enabled for this merchant (auto_login_scopes: ${scopes.join(', ') || 'none'}); ` +
            `enable it with ${controlRoute('PATCH', '/bazaarpay/settings', tenant.id, { auto_login_scopes: [...scopes, body.scope] })}`
        )
        throw new BazaarPayError(403, autoLoginDenied(body.scope, lang), 'permission_denied')
      }
      return { access_token: createUserToken(ctx, tenant, phone, body.scope).token }
    }
  )

  app.get(
    `${base}/badje/v1/user/info/`,
    {
      config: v1,
      onRequest: auth.requireUser,
      schema: { tags, summary: 'اطلاعات کاربر (Authorization: Bearer <user access token>)', response: v1Responses(200, UserInfoResponse) }
    },
    async (req) => ({ phone_number: internationalPhone(req.bazaarpay!.userToken!.phone_number) })
  )
}
