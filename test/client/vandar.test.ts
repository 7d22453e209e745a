import t from 'tap'
import { createServer } from 'node:http'
import { startSandbox } from '../../src/index.js'
import { SandboxClient, VandarClient, VandarError } from '../../src/client/index.js'
import { VANDAR_TEXT as T } from '../../src/providers/vandar/text.js'

const CARD = '6037990000057899'

const setup = async (t: { teardown: (fn: () => unknown) => void }) => {
  const sb = await startSandbox({ rateLimits: false })
  t.teardown(() => sb.close())
  const control = new SandboxClient({ sandboxUrl: sb.url })
  const tenant = await control.createTenant()
  const tokens: string[] = []
  const vandar = new VandarClient({
    business: tenant.vandar.business,
    accessToken: tenant.vandar.access_token,
    refreshToken: tenant.vandar.refresh_token,
    apiKey: tenant.vandar.ipg_api_key,
    sandboxUrl: sb.url,
    onTokens: (p) => tokens.push(p.refreshToken!)
  })
  return { sb, control, tenant, vandar, tokens }
}

t.test('IPG over HTTP: send, pay (control plane), transaction, verify once', async (t) => {
  const { vandar, control } = await setup(t)
  const token = await vandar.ipg.send({ amount: 50000, callback_url: 'https://example.com/cb', factorNumber: 'INV-9' })
  t.match(token, /^[A-Z0-9]{15}$/)
  t.match(vandar.ipg.paymentUrl(token), new RegExp(`/ipg\\.vandar\\.io/v4/${token}$`))
  const { redirect_url } = await control.vandar.pay(token, { card_number: CARD })
  t.equal(redirect_url, `https://example.com/cb?token=${token}&payment_status=OK`)
  const info = await vandar.ipg.transaction(token)
  t.equal(info.code, 1)
  t.equal(info.cardNumber, '603799******7899')
  const receipt = await vandar.ipg.verify(token)
  t.equal(receipt.realAmount, 49500)
  t.equal(receipt.factorNumber, 'INV-9')
  const err = await vandar.ipg.verify(token).catch((e: unknown) => e)
  t.ok(err instanceof VandarError)
  t.equal((err as VandarError).status, 422)
  t.equal((err as VandarError).ipgStatus, 2)
  t.same((err as VandarError).messages, [T.ALREADY_ANNOUNCED])

  const bad = await vandar.ipg.send({ amount: 10, callback_url: 'https://evil.com/x' }).catch((e: unknown) => e as VandarError)
  t.same((bad as VandarError).messages, [T.AMOUNT_MIN, T.CALLBACK_DOMAIN])
})

t.test('business API: automatic refresh when the access token has expired', async (t) => {
  const { sb, vandar, control, tenant, tokens } = await setup(t)
  t.same(await vandar.statement.balance(), { status: 1, data: { wallet: 1050, currency: 'Toman' } })
  await control.advanceClock(432001)
  // the old access token is refused; the client rotates the pair and retries
  const balance = await vandar.statement.balance()
  t.equal(balance.status, 1)
  t.equal(tokens.length, 1)
  t.not(vandar.tokens!.refreshToken, tenant.vandar.refresh_token)
  // the rotated-away refresh token is dead
  const stale = new VandarClient({ sandboxUrl: sb.url, business: tenant.vandar.business, refreshToken: tenant.vandar.refresh_token })
  const e = await stale.auth.refresh().catch((x: unknown) => x as VandarError)
  t.equal((e as VandarError).status, 401)
  const out = await vandar.auth.logout()
  t.same(out, { status: 1 })
})

t.test('cash-in, statement, business and refund through the client', async (t) => {
  const { vandar, control, tenant } = await setup(t)
  const accounts = await vandar.cashIn.accounts()
  t.equal(accounts.data.length, 2)
  t.equal(accounts.data[0].bank_name, 'آینده')
  const dep = await vandar.cashIn.deposit({ iban: 'IR880620000000302956142002', amount: 1200000000, track_id: 'trk-1' })
  t.same(dep.data.cash_in.map((c) => c.amount), [1000000000, 200000000])
  await control.advanceClock(60)
  t.same((await control.vandar.deposits({ tenant: tenant.id })).map((d) => d.status), ['DONE', 'DONE'])
  const wallet = (await vandar.statement.balance()).data.wallet
  t.equal(wallet, 1050 + 120000000)

  const token = await vandar.ipg.send({ amount: 20000, callback_url: 'https://example.com/cb' })
  await control.vandar.pay(token)
  const { transId } = await vandar.ipg.verify(token)
  const rows = await vandar.statement.all({ per_page: 1 })
  t.equal(rows.length, 3, 'the cursor walks every row')
  t.equal(rows[0].id, transId)
  t.same((await vandar.statement.meta({ per_page: 2 })).data, { total: 3, pages: 2 })

  const refund = await vandar.refund(transId, { amount: 5000 })
  t.equal(refund.data.results[0].status, 'PENDING')
  t.equal(refund.data.results[0].amount, '5000')
  const info = await vandar.business.info()
  t.equal(info.data.business_name, tenant.vandar.business)
  t.equal((await vandar.business.iam()).data.users[0].role_id, 0)
})
