import t from 'tap'
import fc from 'fast-check'
import { sandbox } from '../../helpers/sandbox.js'
import { newCheckout } from '../../helpers/bazaarpay.js'

const POSTS = [
  '/badje/v1/checkout/init/',
  '/badje/v1/commit/',
  '/badje/v1/trace/',
  '/badje/v1/refund/',
  '/badje/v1/get-checkouts-status/',
  '/badje/v3/bank-refund/',
  '/badje/v1/direct-pay/contract/init/',
  '/badje/v1/direct-pay/contract/cancel/',
  '/badje/v1/direct-pay/',
  '/badje/v2/direct-pay/',
  '/badje/v1/direct-pay/contract/payable-amount/',
  '/badje/v1/merchant/create-user-access-token/',
  '/badje/v1/pockets/sandbox-pocket/charge/'
]
const FIELDS = ['amount', 'destination', 'service_name', 'checkout_token', 'contract_token', 'start_datetime', 'end_datetime', 'end_time', 'filter_date_by', 'type', 'amount_limit', 'period', 'redirect_url', 'owner_phone_number', 'user_phone_number', 'scope', 'charges', '__proto__', 'constructor']

t.test('random bodies never crash a route nor leak Fastify error bodies', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await newCheckout(app)
  const value = fc.oneof(
    fc.constant(token),
    fc.constant('sandbox_destination'),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.constant(null),
    fc.boolean(),
    fc.array(fc.oneof(fc.string(), fc.integer(), fc.record({ token: fc.uuid(), phone_number: fc.string(), amount: fc.integer() })), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 2 })
  )
  const body = fc.oneof(
    fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }),
    fc.string().map((s) => ({ raw: s })),
    fc.constantFrom('[]', '"x"', '1', 'null', '{', '{"a":')
  )
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...POSTS), body, fc.boolean(), async (path, payload, asForm) => {
      const raw = typeof payload === 'string' ? payload : 'raw' in payload ? String(payload.raw) : JSON.stringify(payload)
      const res = await app.inject({
        method: 'POST',
        url: '/api.bazaar-pay.ir' + path,
        headers: { authorization: 'Token merchant_token', 'content-type': asForm ? 'application/x-www-form-urlencoded' : 'application/json' },
        payload: raw
      })
      if (res.statusCode >= 500) throw new Error(`${path} ${raw} → ${res.statusCode} ${res.body}`)
      if (res.body && /"statusCode"|FST_/.test(res.body)) throw new Error(`${path} ${raw} → Fastify body ${res.body}`)
    }),
    { numRuns: 400 }
  )
  t.pass('no crash')
})
