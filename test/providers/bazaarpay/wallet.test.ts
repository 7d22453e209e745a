import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { LEGACY, NO_BALANCE_TOKEN, TEXT_401, TEXT_403, bp, newTenant } from '../../helpers/bazaarpay.js'

t.test('the seed curl: get-balance on the legacy host answers exactly', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject({
    method: 'GET',
    url: '/pardakht.cafebazaar.ir/pardakht/badje/v1/get-balance/?user_phone_number=09120000000',
    headers: { authorization: 'Token merchant_token' }
  })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /application\/json/)
  t.equal(res.body, '{"balance":79719,"balance_string":"۷,۹۷۱ تومان"}')
  // the current host and Host-header routing answer the same
  const current = await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000')
  t.same(json(current), { balance: 79719, balance_string: '۷,۹۷۱ تومان' })
  const routed = await app.inject({
    method: 'GET',
    url: '/pardakht/badje/v1/get-balance/?user_phone_number=09120000000',
    headers: { host: 'pardakht.cafebazaar.ir', authorization: 'Token merchant_token' }
  })
  t.same(json(routed), { balance: 79719, balance_string: '۷,۹۷۱ تومان' })
})

t.test('get-balance: phone formats, unknown users, English', async (t) => {
  const app = await sandbox(t)
  for (const phone of ['989120000000', '9120000000', '+989120000000', '۰۹۱۲۰۰۰۰۰۰۰']) {
    t.equal(json(await bp(app, 'GET', `/v1/get-balance/?user_phone_number=${encodeURIComponent(phone)}`)).balance, 79719, phone)
  }
  t.same(json(await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09351112233')), { balance: 0, balance_string: '۰ تومان' })
  const en = await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000', undefined, 'merchant_token', { 'accept-language': 'en' })
  t.same(json(en), { balance: 79719, balance_string: '7,971 TMN' })
  await app.inject({ method: 'PUT', url: '/__sandbox/bazaarpay/users/09120000000', payload: { balance: 123456789 } })
  t.same(json(await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000')), { balance: 123456789, balance_string: '۱۲,۳۴۵,۶۷۸ تومان' })
})

t.test('get-balance errors: 401, 403 without the permission, 400', async (t) => {
  const app = await sandbox(t)
  const none = await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000', undefined, null)
  t.equal(none.statusCode, 401)
  t.same(json(none), { detail: TEXT_401 })
  t.equal(none.headers['www-authenticate'], 'Token')
  const wrong = await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000', undefined, 'nope')
  t.equal(wrong.statusCode, 401)
  const bearer = await app.inject({ url: `${LEGACY}/v1/get-balance/?user_phone_number=09120000000`, headers: { authorization: 'Bearer merchant_token' } })
  t.equal(bearer.statusCode, 401)
  const forbidden = await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000', undefined, NO_BALANCE_TOKEN)
  t.equal(forbidden.statusCode, 403)
  t.same(json(forbidden), { detail: TEXT_403 })
  // the token without the permission still works elsewhere
  const init = await bp(app, 'POST', '/v1/checkout/init/', { amount: 1000, destination: 'sandbox_destination', service_name: 'x' }, NO_BALANCE_TOKEN)
  t.equal(init.statusCode, 200)
  const missing = await bp(app, 'GET', '/v1/get-balance/')
  t.equal(missing.statusCode, 400)
  t.same(json(missing), { user_phone_number: ['این مقدار لازم است.'] })
  const bad = await bp(app, 'GET', '/v1/get-balance/?user_phone_number=12345')
  t.equal(bad.statusCode, 400)
  t.same(Object.keys(json(bad)), ['user_phone_number'])
})

t.test('get-balance: tenants are isolated; a new tenant has the fixture wallets and two tokens', async (t) => {
  const app = await sandbox(t)
  const other = await newTenant(app)
  t.not(other.bazaarpay.merchant_token, other.bazaarpay.merchant_token_without_balance_permission)
  await app.inject({ method: 'PUT', url: `/__sandbox/bazaarpay/users/09120000000?tenant=${other.id}`, payload: { balance: 5 } })
  t.equal(json(await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000', undefined, other.bazaarpay.merchant_token)).balance, 5)
  t.equal(json(await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000')).balance, 79719)
  const forbidden = await bp(app, 'GET', '/v1/get-balance/?user_phone_number=09120000000', undefined, other.bazaarpay.merchant_token_without_balance_permission)
  t.equal(forbidden.statusCode, 403)
})

t.test('trailing slash, wrong method, unknown path, nginx 503 via faults', async (t) => {
  const app = await sandbox(t)
  const noSlash = await app.inject({ url: `${LEGACY}/v1/get-balance?user_phone_number=09120000000`, headers: { authorization: 'Token merchant_token' } })
  t.equal(noSlash.statusCode, 301)
  t.equal(noSlash.headers.location, `${LEGACY}/v1/get-balance/?user_phone_number=09120000000`)
  const post = await bp(app, 'POST', '/v1/get-balance/', {})
  t.equal(post.statusCode, 405)
  t.same(json(post), { detail: 'متد "POST" مجاز نیست.' })
  const unknown = await bp(app, 'GET', '/v1/nothing-here/')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.headers['content-type'], /text\/html/)

  const nginx = '<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>\n<center><h1>503 Service Temporarily Unavailable</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'
  const fault = await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { provider: 'bazaarpay', path: '/pardakht/badje/v1/get-balance/', status: 503, body: nginx } })
  t.equal(fault.statusCode, 201)
  const down = await app.inject({ url: `${LEGACY}/v1/get-balance/?user_phone_number=09120000000`, headers: { authorization: 'Token merchant_token' } })
  t.equal(down.statusCode, 503)
  t.match(down.headers['content-type'], /text\/html/)
  t.equal(down.body, nginx)
  const again = await app.inject({ url: `${LEGACY}/v1/get-balance/?user_phone_number=09120000000`, headers: { authorization: 'Token merchant_token' } })
  t.equal(again.statusCode, 200)
  // a 503 fault without a body is the same nginx page; a 500 the documented detail
  await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { provider: 'bazaarpay', status: 503 } })
  const bare = await app.inject({ method: 'POST', url: '/api.bazaar-pay.ir/badje/v1/trace/', payload: { checkout_token: '1' } })
  t.equal(bare.statusCode, 503)
  t.match(bare.headers['content-type'], /text\/html/)
  t.equal(bare.body, nginx)
  await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { provider: 'bazaarpay', status: 500 } })
  const err = await app.inject({ method: 'POST', url: '/api.bazaar-pay.ir/badje/v1/trace/', payload: { checkout_token: '1' } })
  t.equal(err.statusCode, 500)
  t.same(JSON.parse(err.body), { detail: 'خطایی سمت سرور رخ داده‌است' })
})

t.test('get-balance with the user\'s Bearer token (the SDK), and the journal', async (t) => {
  const app = await sandbox(t)
  const token = json(await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '989120000000', scope: 'increase_balance' })).access_token
  const res = await app.inject({ url: '/api.bazaar-pay.ir/badje/v1/get-balance/', headers: { authorization: `Bearer ${token}` } })
  t.equal(res.statusCode, 200)
  t.same(json(res), { balance: 79719, balance_string: '۷,۹۷۱ تومان' })
  const someoneElse = await app.inject({ url: '/api.bazaar-pay.ir/badje/v1/get-balance/?user_phone_number=09123456789', headers: { authorization: `Bearer ${token}` } })
  t.equal(someoneElse.statusCode, 403)
  t.equal((await app.inject({ url: '/api.bazaar-pay.ir/badje/v1/get-balance/', headers: { authorization: 'Bearer nope' } })).statusCode, 401)
  const journal = json(await app.inject({ url: '/__sandbox/requests?provider=bazaarpay&path=/badje/v1/get-balance/' })).requests
  t.equal(journal.length, 3)
  t.equal(journal[0].tenant, 'default')
  t.equal(journal[0].status, 200)
})
