import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { TEXT_401 } from '../../helpers/bazaarpay.js'

// §1.0: every merchant route, on both API hosts, with its trailing slash; without a token each
// answers the documented 401 (v1 {detail}, v2/v3 {detail, code}), except the routes where auth is optional.
const ROUTES: Array<[string, string, 'v1' | 'v2' | 'optional']> = [
  ['POST', '/badje/v1/checkout/init/', 'optional'],
  ['POST', '/badje/v1/commit/', 'optional'],
  ['POST', '/badje/v1/trace/', 'optional'],
  ['POST', '/badje/v1/refund/', 'v1'],
  ['POST', '/badje/v1/get-checkouts-status/', 'v1'],
  ['POST', '/badje/v3/bank-refund/', 'v2'],
  ['GET', '/badje/v3/bank-refund/?checkout_token=1', 'v2'],
  ['GET', '/badje/v3/bank-refund/1/', 'v2'],
  ['GET', '/badje/v1/get-balance/?user_phone_number=09120000000', 'v1'],
  ['POST', '/badje/v1/direct-pay/contract/init/', 'v1'],
  ['GET', '/badje/v1/direct-pay/contract/trace/?contract_token=x', 'v1'],
  ['POST', '/badje/v1/direct-pay/contract/cancel/', 'v1'],
  ['POST', '/badje/v1/direct-pay/', 'v1'],
  ['POST', '/badje/v2/direct-pay/', 'v2'],
  ['POST', '/badje/v1/direct-pay/contract/payable-amount/', 'v1'],
  ['POST', '/badje/v1/merchant/create-user-access-token/', 'v1'],
  ['GET', '/badje/v1/user/info/', 'v1'],
  ['POST', '/badje/v1/pockets/sandbox-pocket/charge/', 'v1'],
  ['GET', '/badje/v1/pockets/sandbox-pocket/charge/x/', 'v1']
]

t.test('every route of the index on both hosts: 401 without a token, never Fastify bodies', async (t) => {
  const app = await sandbox(t)
  for (const prefix of ['/api.bazaar-pay.ir', '/pardakht.cafebazaar.ir/pardakht']) {
    for (const [method, path, auth] of ROUTES) {
      const res = await app.inject({ method: method as 'GET', url: prefix + path, ...(method === 'POST' ? { payload: {} } : {}) })
      if (auth === 'optional') {
        t.not(res.statusCode, 401, `${method} ${prefix}${path}`)
        t.not(res.statusCode, 404, `${method} ${prefix}${path}`)
        continue
      }
      t.equal(res.statusCode, 401, `${method} ${prefix}${path}`)
      t.same(json(res), auth === 'v1' ? { detail: TEXT_401 } : { detail: TEXT_401, code: 'not_authenticated' }, `${method} ${prefix}${path}`)
      // and the wrong method is DRF's 405, the missing slash a 301
      const other = await app.inject({ method: method === 'GET' ? 'DELETE' : 'PUT', url: prefix + path })
      t.equal(other.statusCode, 405, `${prefix}${path} wrong method`)
      t.match(json(other), { detail: /^متد "(DELETE|PUT)" مجاز نیست\.$/ })
      const [p, q] = path.split('?')
      const noSlash = await app.inject({ method: method as 'GET', url: prefix + p.slice(0, -1) + (q ? '?' + q : '') })
      t.equal(noSlash.statusCode, 301, `${prefix}${p} without its slash`)
    }
  }
})

t.test('the web pages answer on both web hosts and base paths', async (t) => {
  const app = await sandbox(t)
  for (const base of ['/cafebazaar.ir/bazaar-pay', '/app.bazaar-pay.ir', '/app.bazaar-pay.ir/bazaar-pay']) {
    for (const page of ['/payment?token=1&redirect_url=x', '/increase-balance?redirect_url=x', '/contract/direct-pay?contract_token=1&redirect_url=x']) {
      const res = await app.inject({ url: base + page })
      t.not(res.statusCode, 500, base + page)
      t.match(res.headers['content-type'], /text\/html/, base + page)
    }
  }
  const host = await app.inject({ url: '/bazaar-pay/increase-balance?redirect_url=x', headers: { host: 'cafebazaar.ir' } })
  t.equal(host.statusCode, 200)
})
