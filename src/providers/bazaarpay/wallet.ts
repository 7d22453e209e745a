/**
 * کیف پول (seed 000, wallet.md, §1.5.8): دریافت موجودی کاربر. The increase-balance page is in
 * src/pages/bazaarpay-pages.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { BazaarPayAuth } from './auth.js'
import { DRF, FieldErrors, languageOf, permissionDenied } from './errors.js'
import { normalizePhone, tomanString, userOf } from './operations.js'
import { BalanceResponse, GetBalanceQuery, v1Responses } from './schemas.js'

export const walletRoutes = (app: FastifyInstance, _ctx: SandboxContext, auth: BazaarPayAuth, base: string) => {
  app.get(
    `${base}/badje/v1/get-balance/`,
    {
      config: { bp_version: 'v1' },
      // The merchant's Token with the special permission; the SDK calls it with the user's Bearer token instead [P SDK].
      onRequest: async (req, reply) => (/^\s*bearer\s/i.test(String(req.headers.authorization ?? '')) ? auth.requireUser(req, reply) : auth.requireBalancePermission(req, reply)),
      schema: {
        tags: ['wallet'],
        summary: 'دریافت موجودی کاربر (needs the special permission)',
        querystring: GetBalanceQuery,
        response: v1Responses(200, BalanceResponse)
      }
    },
    async (req) => {
      const lang = languageOf(req)
      const asked = (req.query as { user_phone_number?: string }).user_phone_number
      const userToken = req.bazaarpay?.userToken
      if (asked === undefined && !userToken) throw new FieldErrors([{ param: 'user_phone_number', code: 'required', detail: DRF.required(lang) }])
      const phone = asked === undefined ? userToken!.phone_number : normalizePhone(asked)
      if (userToken && phone !== userToken.phone_number) throw permissionDenied(lang)
      if (!phone) throw new FieldErrors([{ param: 'user_phone_number', code: 'invalid', detail: DRF.phone(lang) }])
      // [I] a phone number without a wallet has a zero balance
      const balance = userOf(req.tenant!.bazaarpay, phone)?.balance ?? 0
      return { balance, balance_string: tomanString(balance, lang) }
    }
  )
}
