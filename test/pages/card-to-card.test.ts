import t from 'tap'
import { createServer } from 'node:http'
import { startSandbox, CardToCartClient, SandboxClient } from '../../src/index.js'
import { json, sandbox } from '../helpers/sandbox.js'
import { createPayment, deposit } from '../helpers/card-to-card.js'
import { launchBrowser } from '../helpers/browser.js'

t.test('the hosted page: cards, amount, countdown; status endpoint; no page without a callback', async (t) => {
  const app = await sandbox(t)
  const p = await createPayment(app, { price: 11385, callback: 'https://shop.example/back?order=9' })
  const res = await app.inject({ method: 'GET', url: `/card-to-card/payment/${p.pay_id}` })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html/)
  t.match(res.body, /<html lang="fa" dir="rtl">/)
  t.match(res.body, /۱۱,۳۸۵<\/span> ریال/)
  t.match(res.body, /6219-8612-3456-7898/)
  t.match(res.body, /6104-3398-7654-3210/)
  t.match(res.body, /شاهین محسنی/)
  t.match(res.body, /data-remaining="900"/)
  const status = async () => json(await app.inject({ method: 'GET', url: `/card-to-card/payment/${p.pay_id}/status` }))
  t.same(await status(), { pay_id: p.pay_id, state: 'pending', expire: p.expire, remaining: 900, redirect: null })
  await deposit(app, { amount: 11385 })
  t.same(await status(), { pay_id: p.pay_id, state: 'paid', expire: p.expire, remaining: 900, redirect: `https://shop.example/back?order=9&pay_id=${p.pay_id}&fid=${(await app.inject({ method: 'GET', url: `/__sandbox/card-to-card/payments/${p.pay_id}` }).then(json)).fid}` })

  const late = await createPayment(app, { callback: 'https://shop.example/back' })
  app.sandbox.clock.advance(901)
  t.equal(json(await app.inject({ method: 'GET', url: `/card-to-card/payment/${late.pay_id}/status` })).state, 'expired')
  t.match((await app.inject({ method: 'GET', url: `/card-to-card/payment/${late.pay_id}` })).body, /مهلت پرداخت به پایان رسیده است/)

  const noLink = await createPayment(app)
  t.equal((await app.inject({ method: 'GET', url: `/card-to-card/payment/${noLink.pay_id}` })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/card-to-card/payment/99999' })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/card-to-card/payment/abc/status' })).statusCode, 404)
})

t.test('headless Chromium: create with callback, open the link, deposit via the control plane, land on the callback', async (t) => {
  const merchant = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><title>merchant</title><h1 id="back">back at the shop: ${req.url}</h1>`)
  })
  await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', () => r()))
  t.teardown(() => merchant.close())
  const merchantUrl = `http://127.0.0.1:${(merchant.address() as { port: number }).port}`

  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const sandboxClient = new SandboxClient({ baseUrl: sb.url })
  const c2c = new CardToCartClient({ baseUrl: `${sb.url}/card-to-card/api`, token: (await sandboxClient.tenant()).card_to_card.token })
  const p = await c2c.create({ price: 250000, fid: 4242, callback: `${merchantUrl}/return?order=77` })
  t.ok(p.link)

  const browser = await launchBrowser(t)
  const page = await browser.newPage()
  await page.goto(p.link!)
  t.equal(await page.textContent('#amount'), '۲۵۰,۰۰۰')
  t.same(await page.locator('[data-testid=card-number]').allTextContents(), ['6219-8612-3456-7898', '6104-3398-7654-3210'])
  await page.waitForFunction(() => /^[۰-۹]+:[۰-۹]{2}$/.test(document.getElementById('countdown')!.textContent ?? ''))
  t.match(await page.textContent('#countdown'), /^۱۴:[۵۰][۰-۹]$|^۱۵:۰۰$/)
  t.equal(await page.getAttribute('#status', 'data-state'), 'pending')

  const dep = await sandboxClient.cardToCard.deposit({ amount: p.amount, card: null })
  t.equal(dep.deposit.pay_id, p.pay_id)
  await page.waitForURL((u) => u.toString().startsWith(`${merchantUrl}/return`), { timeout: 15000 })
  const landed = new URL(page.url())
  t.equal(landed.searchParams.get('order'), '77')
  t.equal(landed.searchParams.get('pay_id'), String(p.pay_id))
  t.equal(landed.searchParams.get('fid'), '4242')
  t.match(await page.textContent('#back'), /back at the shop/)
  // the merchant verifies: first check 201
  t.equal((await c2c.check(p.pay_id)).code, 201)
})

t.test('headless Chromium: the countdown runs out when the sandbox clock passes expire', async (t) => {
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  const sandboxClient = new SandboxClient({ baseUrl: sb.url })
  const c2c = new CardToCartClient({ baseUrl: `${sb.url}/card-to-card/api`, token: (await sandboxClient.tenant()).card_to_card.token })
  const p = await c2c.create({ price: 30000, fid: 1, callback: 'http://127.0.0.1:9/never' })
  const browser = await launchBrowser(t)
  const page = await browser.newPage()
  await page.goto(p.link!)
  t.equal(await page.getAttribute('#status', 'data-state'), 'pending')
  await sandboxClient.advanceClock(901)
  await page.waitForSelector('#status[data-state=expired]', { timeout: 15000 })
  t.equal(await page.textContent('#status'), 'مهلت پرداخت به پایان رسیده است.')
  t.equal(await page.textContent('#countdown'), '۰:۰۰')
  t.equal(new URL(page.url()).pathname, `/card-to-card/payment/${p.pay_id}`, 'no redirect for an expired payment')
  // a late deposit settles nothing
  t.equal((await sandboxClient.cardToCard.deposit({ amount: 30000 })).deposit.outcome, 'unmatched')
})
