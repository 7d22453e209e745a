import t from 'tap'
import { createServer } from 'node:http'
import { json, sandbox } from '../../helpers/sandbox.js'
import { BIZ, KEY, api, ipgPost, paidPayment, verified } from '../../helpers/vandar.js'

t.test('exported state imports with working tokens, payments and refresh tokens', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await paidPayment(app)
  const pair = json(await app.inject({ method: 'POST', url: '/api.vandar.io/v3/refreshtoken', payload: { refreshtoken: 'sandbox-vandar-refresh-token' } }))
  const state = json(await app.inject({ method: 'GET', url: '/__sandbox/state' }))

  const other = await sandbox(t, { rateLimits: false })
  t.equal((await other.inject({ method: 'PUT', url: '/__sandbox/state', payload: state })).statusCode, 200)
  t.equal((await ipgPost(other, 'verify', { api_key: KEY, token })).statusCode, 200, 'the payment is found by its token')
  t.equal((await api(other, 'GET', `/v2/business/${BIZ}/balance`, undefined, pair.access_token)).statusCode, 200, 'a runtime access token still works')
  t.equal((await other.inject({ method: 'POST', url: '/api.vandar.io/v3/refreshtoken', payload: { refreshtoken: pair.refresh_token } })).statusCode, 200)
})

t.test('snapshots restore verify-once state', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const token = await paidPayment(app)
  await app.inject({ method: 'POST', url: '/__sandbox/snapshots', payload: { name: 'paid' } })
  t.equal((await ipgPost(app, 'verify', { api_key: KEY, token })).statusCode, 200)
  t.equal((await ipgPost(app, 'verify', { api_key: KEY, token })).statusCode, 422)
  await app.inject({ method: 'POST', url: '/__sandbox/snapshots/paid/restore' })
  t.equal((await ipgPost(app, 'verify', { api_key: KEY, token })).statusCode, 200)
})

t.test('the timer settles due refunds and posts the webhook without any read', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const hooks: string[] = []
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      hooks.push(body)
      res.end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  t.teardown(() => new Promise<void>((r) => receiver.close(() => r())))
  const { transId } = await verified(app, { amount: 20000 })
  const res = await api(app, 'POST', `/v3/business/${BIZ}/transaction/${transId}/refund`, { notify_url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/` })
  t.equal(res.statusCode, 200)
  app.sandbox.clock.advance(60)
  for (let i = 0; i < 100 && hooks.length === 0; i++) await new Promise((r) => setTimeout(r, 50))
  t.equal(hooks.length, 1)
  t.equal(new URLSearchParams(hooks[0]).get('status'), 'DONE')
})
