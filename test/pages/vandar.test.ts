/**
 * The IPG payment page in a real browser: a merchant page links to the page from `send`, the
 * payer enters a card and pays, the browser lands on the merchant's callback with
 * payment_status=OK, and the merchant verifies through VandarClient.
 */
import t from 'tap'
import { createServer, type Server } from 'node:http'
import { startSandbox } from '../../src/index.js'
import { VandarClient } from '../../src/client/index.js'
import { launchBrowser } from '../helpers/browser.js'

t.test('pay on the hosted page and verify', async (t) => {
  const sb = await startSandbox({ rateLimits: false })
  t.teardown(() => sb.close())
  const creds = sb.app.sandbox.store.defaultTenant.credentials.vandar
  const vandar = new VandarClient({
    business: creds.business,
    accessToken: creds.access_token,
    refreshToken: creds.refresh_token,
    apiKey: creds.ipg_api_key,
    apiBaseUrl: `${sb.url}/api.vandar.io`,
    ipgBaseUrl: `${sb.url}/ipg.vandar.io`
  })

  // the merchant's site: a checkout page linking to the payment page, and the callback
  const callbacks: URLSearchParams[] = []
  let merchantUrl = ''
  const merchant: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', merchantUrl)
    if (url.pathname === '/checkout') {
      vandar.ipg
        .send({ amount: 120000, callback_url: `${merchantUrl}/callback?order=42`, description: 'خرید تست' })
        .then((token) => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          res.end(`<!doctype html><meta charset="utf-8"><a id="go" href="${vandar.ipg.paymentUrl(token)}">پرداخت</a>`)
        })
        .catch((e: Error) => {
          res.writeHead(500)
          res.end(e.message)
        })
      return
    }
    if (url.pathname === '/callback') {
      callbacks.push(url.searchParams)
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end('<!doctype html><meta charset="utf-8"><p id="done">thanks</p>')
      return
    }
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve))
  const address = merchant.address()
  merchantUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  t.teardown(() => new Promise<void>((resolve) => merchant.close(() => resolve())))

  const browser = await launchBrowser(t)
  const page = await browser.newPage()
  await page.goto(`${merchantUrl}/checkout`)
  await Promise.all([page.waitForURL(/\/ipg\.vandar\.io\/v4\//), page.click('#go')])
  t.match(await page.textContent('#amount'), /۱۲۰,۰۰۰/)
  await page.fill('#card_number', '6037 9900 0005 7899')
  await Promise.all([page.waitForURL(/\/callback\?/), page.click('#pay')])
  t.equal(await page.textContent('#done'), 'thanks')

  t.equal(callbacks.length, 1)
  const cb = callbacks[0]
  t.equal(cb.get('order'), '42', 'the callback keeps its own query')
  t.equal(cb.get('payment_status'), 'OK')
  const token = cb.get('token')!
  t.match(token, /^[A-Z0-9]{15}$/)

  const receipt = await vandar.ipg.verify(token)
  t.equal(receipt.status, 1)
  t.equal(receipt.cardNumber, '603799******7899')
  t.equal(receipt.realAmount, 118800)

  // the one-time URL is spent
  const again = await page.goto(vandar.ipg.paymentUrl(token), { referer: `${merchantUrl}/checkout` })
  t.equal(again?.status(), 404)
})
