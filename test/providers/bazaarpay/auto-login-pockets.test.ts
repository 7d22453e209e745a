import t from 'tap'
import { json, sandbox } from '../../helpers/sandbox.js'
import { TEXT_401, advance, bp, newTenant } from '../../helpers/bazaarpay.js'

const userInfo = (app: Parameters<typeof bp>[0], token: string) =>
  app.inject({ url: '/api.bazaar-pay.ir/badje/v1/user/info/', headers: { authorization: `Bearer ${token}` } })

t.test('create-user-access-token and user/info', async (t) => {
  const app = await sandbox(t)
  const res = await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '09123456789', scope: 'purchase' })
  t.equal(res.statusCode, 200)
  const { access_token } = json(res)
  t.same(Object.keys(json(res)), ['access_token'])
  t.type(access_token, 'string')
  const info = await userInfo(app, access_token)
  t.equal(info.statusCode, 200)
  t.same(json(info), { phone_number: '989123456789' })
  // the legacy host answers too
  const legacy = await app.inject({ url: '/pardakht.cafebazaar.ir/pardakht/badje/v1/user/info/', headers: { authorization: `Bearer ${access_token}` } })
  t.same(json(legacy), { phone_number: '989123456789' })
  const intl = json(await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '989120000000', scope: 'direct_pay' })).access_token
  t.same(json(await userInfo(app, intl)), { phone_number: '989120000000' })
  // errors
  t.same(json(await userInfo(app, 'nope')), { detail: TEXT_401 })
  t.equal((await app.inject({ url: '/api.bazaar-pay.ir/badje/v1/user/info/', headers: { authorization: 'Token merchant_token' } })).statusCode, 401)
  advance(app, 3601)
  t.equal((await userInfo(app, access_token)).statusCode, 401, 'tokens expire')
  const bad = await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '0912', scope: 'login' })
  t.same(json(bad), { user_phone_number: ['شماره تلفن همراه معتبر نیست.'], scope: ['"login" یک انتخاب معتبر نیست.'] })
  t.same(json(await bp(app, 'POST', '/v1/merchant/create-user-access-token/', {})), {
    user_phone_number: ['این مقدار لازم است.'],
    scope: ['این مقدار لازم است.']
  })
  t.same(json(await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '09123456789', scope: 'purchase' }, null)), { detail: TEXT_401 })
  // a scope BazaarPay did not grant
  await app.inject({ method: 'PATCH', url: '/__sandbox/bazaarpay/settings', payload: { auto_login_scopes: ['increase_balance'] } })
  const denied = await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '09123456789', scope: 'purchase' })
  t.equal(denied.statusCode, 403)
  t.same(json(denied), { detail: 'شما دسترسی لاگین اتوماتیک برای خرید را ندارید.' })
  const deniedEn = await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '09123456789', scope: 'purchase' }, 'merchant_token', { 'accept-language': 'en' })
  t.same(json(deniedEn), { detail: 'You cannot use auto-login for purchase.' })
  t.equal((await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '09123456789', scope: 'increase_balance' })).statusCode, 200)
})

t.test('increase-balance page with an auto-login token of another tenant', async (t) => {
  const app = await sandbox(t)
  const other = await newTenant(app)
  const token = json(
    await bp(app, 'POST', '/v1/merchant/create-user-access-token/', { user_phone_number: '09120000000', scope: 'increase_balance' }, other.bazaarpay.merchant_token)
  ).access_token
  const page = await app.inject({ url: `/app.bazaar-pay.ir/increase-balance?redirect_url=${encodeURIComponent('https://shop.test/w')}&auto_login_token=${encodeURIComponent(token)}` })
  t.equal(page.statusCode, 200)
  t.match(page.body, /value="09120000000" readonly/)
  t.match(page.body, `name="sandbox_tenant" value="${other.id}"`)
  const charged = await app.inject({
    method: 'POST',
    url: '/app.bazaar-pay.ir/increase-balance',
    payload: { redirect_url: 'https://shop.test/w', sandbox_tenant: other.id, phone: '09120000000', amount: '1000', action: 'charge' }
  })
  t.equal(charged.statusCode, 303)
  t.equal(charged.headers.location, 'https://shop.test/w?status=done')
  t.equal(app.sandbox.store.tenant(other.id)!.bazaarpay.users['09120000000'].balance, 80719)
  t.equal(app.sandbox.store.defaultTenant.bazaarpay.users['09120000000'].balance, 79719)
  const bad = await app.inject({ method: 'POST', url: '/cafebazaar.ir/bazaar-pay/increase-balance', payload: { redirect_url: 'https://shop.test/w', phone: '09120000000', amount: 'x', action: 'charge' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.body, 'مبلغ معتبر نیست.')
  const cancel = await app.inject({ method: 'POST', url: '/cafebazaar.ir/bazaar-pay/increase-balance', payload: { redirect_url: 'https://shop.test/w?a=b', action: 'cancel' } })
  t.equal(cancel.headers.location, 'https://shop.test/w?a=b&status=failed')
  t.equal((await app.inject({ url: '/cafebazaar.ir/bazaar-pay/increase-balance' })).statusCode, 400)
})

t.test('pockets: batch charge with per-item results, idempotent tokens, lookup', async (t) => {
  const app = await sandbox(t)
  const T1 = '01988f7a-d22b-7c3d-977f-27af99c2a5a5'
  const T2 = '01988f7a-d22b-7c3d-977f-27af99c2a5a6'
  const res = await bp(app, 'POST', '/v1/pockets/sandbox-pocket/charge/', {
    charges: [
      { token: T1, phone_number: '989120000000', amount: 10000 },
      { token: T1, phone_number: '989120000001', amount: 20000 },
      { token: T2, phone_number: '12', amount: 5 },
      { token: 'not-a-uuid', phone_number: '989120000000', amount: 5 }
    ]
  })
  t.equal(res.statusCode, 200)
  t.same(json(res), {
    results: [
      { token: T1, phone_number: '989120000000', amount: 10000, status: 'success', message: 'شارژ با موفقیت انجام شد.' },
      { token: T1, phone_number: '989120000001', amount: 20000, status: 'error', message: 'توکن تکراری است' },
      { token: T2, phone_number: '12', amount: 5, status: 'error', message: 'شماره تلفن نامعتبر است.' },
      { token: 'not-a-uuid', phone_number: '989120000000', amount: 5, status: 'error', message: 'توکن باید یک UUID نسخه ۷ باشد.' }
    ]
  })
  t.equal(app.sandbox.store.defaultTenant.bazaarpay.users['09120000000'].pockets['sandbox-pocket'], 10000)
  // a repeated request does not charge twice
  const again = json(await bp(app, 'POST', '/v1/pockets/sandbox-pocket/charge/', { charges: [{ token: T1, phone_number: '989120000000', amount: 10000 }] }))
  t.equal(again.results[0].status, 'error')
  t.equal(app.sandbox.store.defaultTenant.bazaarpay.users['09120000000'].pockets['sandbox-pocket'], 10000)
  const en = json(await bp(app, 'POST', '/v1/pockets/sandbox-pocket/charge/', { charges: [{ token: T1, phone_number: '989120000000', amount: 1 }] }, 'merchant_token', { 'accept-language': 'en' }))
  t.equal(en.results[0].message, 'Duplicate token.')

  const lookup = await bp(app, 'GET', `/v1/pockets/sandbox-pocket/charge/${T1}/`)
  t.equal(lookup.statusCode, 200)
  t.same(json(lookup), { results: [{ token: T1, phone_number: '989120000000', amount: 10000 }] })
  // errors
  t.same(json(await bp(app, 'GET', `/v1/pockets/sandbox-pocket/charge/${T2}/`)), { detail: 'یافت نشد.' })
  t.equal((await bp(app, 'GET', `/v1/pockets/sandbox-pocket/charge/${T2}/`)).statusCode, 404)
  const unknownSlug = await bp(app, 'POST', '/v1/pockets/nope/charge/', { charges: [{ token: T2, phone_number: '989120000000', amount: 1 }] })
  t.equal(unknownSlug.statusCode, 404)
  t.equal((await bp(app, 'POST', '/v1/pockets/sandbox-pocket/charge/', { charges: [] }, null)).statusCode, 401)
  const invalid = await bp(app, 'POST', '/v1/pockets/sandbox-pocket/charge/', { charges: [{ token: T2, phone_number: '989120000000', amount: 1 }, { token: T2, amount: 0 }] })
  t.equal(invalid.statusCode, 400)
  t.same(json(invalid), { charges: [{}, { phone_number: ['این مقدار لازم است.'], amount: ['مطمئن شوید این مقدار بزرگتر یا مساوی 1 است.'] }] })
  t.same(json(await bp(app, 'POST', '/v1/pockets/sandbox-pocket/charge/', {})), { charges: ['این مقدار لازم است.'] })
  // isolation: another tenant cannot see my charge
  const other = await newTenant(app)
  t.equal((await bp(app, 'GET', `/v1/pockets/sandbox-pocket/charge/${T1}/`, undefined, other.bazaarpay.merchant_token)).statusCode, 404)
})
