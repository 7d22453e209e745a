/**
 * کیف پول (seed 000, wallet.md, §1.5.8): دریافت موجودی کاربر. The increase-balance page is in
 * src/pages/bazaarpay-pages.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { BazaarPayAuth } from './auth.js'
import { DRF, FieldErrors, languageOf } from './errors.js'
import { normalizePhone, tomanString, userOf } from './operations.js'
import { BalanceResponse, GetBalanceQuery, v1Responses } from './schemas.js'

export const walletRoutes = (app: FastifyInstance, _ctx: SandboxContext, auth: BazaarPayAuth, base: string) => {
  app.get(
    `${base}/badje/v1/get-balance/`,
    {
      config: { bp_version: 'v1' },
      onRequest: auth.requireBalancePermission,
      schema: {
        tags: ['wallet'],
        summary: 'دریافت موجودی کاربر (needs the special permission)',
        querystring: GetBalanceQuery,
        response: v1Responses(200, BalanceResponse)
      }
    },
    async (req) => {
      const lang = languageOf(req)
      const phone = normalizePhone((req.query as { user_phone_number: string }).user_phone_number)
      if (!phone) throw new FieldErrors([{ param: 'user_phone_number', code: 'invalid', detail: DRF.phone(lang) }])
      // [I] a phone number without a wallet has a zero balance
      const balance = userOf(req.tenant!.bazaarpay, phone)?.balance ?? 0
      return { balance, balance_string: tomanString(balance, lang) }
    }
  )
}
