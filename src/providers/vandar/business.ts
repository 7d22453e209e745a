/**
 * کسب و کار — business (specs/vandar.md §25): the business's profile with its wallet, and its users.
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { VandarAuth } from './auth.js'
import { jalaliDayNumber } from './dates.js'
import { lastValues } from './statement.js'
import { BusinessResponse, IamResponse, Unauthenticated } from './schemas.js'

export const businessRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: VandarAuth) => {
  const common = { onRequest: auth.requireBusiness }

  app.get(
    '/v2/business/:business',
    { ...common, schema: { tags: ['business'], summary: 'اطلاعات کسب و کار', response: { 200: BusinessResponse, 401: Unauthenticated } } },
    async (req) => {
      const t = req.tenant!
      const v = t.vandar
      const today = jalaliDayNumber(ctx.clock.now())
      const isToday = (ms: number) => jalaliDayNumber(ms) === today
      const b = v.business
      return {
        status: 1,
        data: {
          id: b.id,
          active: 1,
          business_name: t.credentials.vandar.business,
          business_name_fa: b.business_name_fa,
          legal_business_name: b.legal_business_name,
          national_id: b.national_id,
          business_type: b.business_type,
          phone_number: b.phone_number,
          postal_code: b.postal_code,
          city_id: b.city_id,
          mcc_code: b.mcc_code,
          address: b.address,
          wallet: Math.floor(v.wallet / 10),
          deductible_amount: String(Math.max(0, v.wallet - v.blocked)),
          blocked_amount: v.blocked,
          avatar: b.avatar,
          statusBox: b.statusBox,
          status: 1,
          today_transactions: v.statement.filter((r) => r.kind !== 'refund' && r.status === 1 && isToday(r.created_at)).length,
          today_settlements: v.statement.filter((r) => r.kind === 'refund' && isToday(r.created_at)).length,
          role_name: b.role_name,
          role: b.role,
          permissions: b.permissions,
          tools: b.tools
        }
      }
    }
  )

  app.get(
    '/v2/business/:business/iam',
    { ...common, schema: { tags: ['business'], summary: 'کاربران کسب و کار (page, per_page)', response: { 200: IamResponse, 401: Unauthenticated } } },
    async (req) => {
      const q = lastValues(req.query)
      const perPage = Math.min(100, Math.max(1, Number(q.per_page) || 10))
      const page = Math.max(1, Number(q.page) || 1)
      return { status: 1, data: { users: req.tenant!.vandar.users.slice((page - 1) * perPage, page * perPage) } }
    }
  )
}
