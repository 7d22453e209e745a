import t from 'tap'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { createHmac } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { json, sandbox } from '../helpers/sandbox.js'
import { BIZ, api, verified } from '../helpers/vandar.js'

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** A receiver on port 0 answering with the statuses given, then 200 "ok". */
const receiver = async (t: Test, statuses: number[] = []) => {
  const got: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      got.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      const status = statuses.shift() ?? 200
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : `no: ${'x'.repeat(5000)}`)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  t.teardown(() => new Promise<void>((r) => server.close(() => r())))
  return { got, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook` }
}

const list = async (app: FastifyInstance, query = '') => json(await app.inject({ method: 'GET', url: `/__sandbox/webhooks${query}` }))

t.test('a failed attempt is retried on the sandbox clock; every attempt and answer is listed; the signing hook signs', async (t) => {
  const app = await sandbox(t)
  const { got, url } = await receiver(t, [500])
  const signed: string[] = []
  app.sandbox.webhooks.provider('toy', {
    sign: (d, body) => {
      signed.push(d.id)
      return { 'x-toy-signature': createHmac('sha256', 'toy-secret').update(body).digest('hex') }
    }
  })
  const d = app.sandbox.webhooks.enqueue({ tenant: 'default', provider: 'toy', event: 'alarm', url, encoding: 'json', body: { id: 7, name: 'آزمایش' } })
  t.equal(d.attempts.length, 0, 'nothing is sent inside the call that enqueues')
  t.equal(got.length, 0)
  await app.sandbox.webhooks.idle()

  t.equal(got.length, 1)
  t.equal(got[0].method, 'POST')
  t.equal(got[0].headers['content-type'], 'application/json')
  t.equal(got[0].headers['user-agent'], 'pardakht-sandbox-webhook')
  t.same(JSON.parse(got[0].body), { id: 7, name: 'آزمایش' })
  t.equal(got[0].headers['x-toy-signature'], createHmac('sha256', 'toy-secret').update(got[0].body).digest('hex'), 'signed over the exact body sent')
  let [listed] = (await list(app, '?provider=toy')).webhooks
  t.match(listed, { id: d.id, tenant: 'default', provider: 'toy', event: 'alarm', url, method: 'POST', encoding: 'json', state: 'pending' })
  t.match(listed.attempts, [{ n: 1, status: 500 }])
  t.equal(listed.attempts[0].answer.length, 2048, 'the answer is kept up to a bound')
  const retryAt = Date.parse(listed.next_attempt_at)
  t.ok(retryAt >= Date.parse(listed.attempts[0].at) + 60_000 && retryAt <= app.sandbox.clock.now() + 60_000, 'first retry one minute after the failure, on the sandbox clock')

  app.sandbox.clock.advance(50)
  await app.sandbox.webhooks.idle()
  t.equal(got.length, 1, 'not before its time')
  await app.inject({ method: 'POST', url: '/__sandbox/clock/advance', payload: { seconds: 15 } })
  await app.sandbox.webhooks.idle()
  t.equal(got.length, 2)
  t.equal(got[1].body, got[0].body)
  t.equal(signed.length, 2, 'each attempt is signed')

  const all = await list(app)
  t.equal(all.count, 1)
  listed = all.webhooks[0]
  t.match(listed, { state: 'delivered', next_attempt_at: null, headers: { 'x-toy-signature': got[1].headers['x-toy-signature'] } })
  t.match(listed.attempts, [{ n: 1, status: 500 }, { n: 2, status: 200, answer: 'ok' }])
  t.same(json(await app.inject({ method: 'GET', url: `/__sandbox/webhooks/${d.id}` })), listed)
  t.equal((await list(app, '?tenant=someone-else')).count, 0)
  t.equal((await list(app, '?provider=vandar')).count, 0)
})

t.test('the retry schedule: attempts run out, the control plane overrides it, redelivery, forgetting', async (t) => {
  const app = await sandbox(t)
  const { got, url } = await receiver(t, [503, 503, 503])
  t.same(json(await app.inject({ method: 'GET', url: '/__sandbox/webhooks/policy' })), { attempts: 5, backoff_seconds: [60, 300, 1800, 7200], timeout_ms: 3000 })
  const set = await app.inject({ method: 'PUT', url: '/__sandbox/webhooks/policy', payload: { attempts: 2, backoff_seconds: [10] } })
  t.same(json(set), { attempts: 2, backoff_seconds: [10], timeout_ms: 3000 })
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/webhooks/policy', payload: { attempts: 0 } })).statusCode, 400)
  app.sandbox.webhooks.provider('slow', { retry: { timeout_ms: 9000, attempts: 3 } })
  t.same(json(await app.inject({ method: 'GET', url: '/__sandbox/webhooks/policy?provider=slow' })), { attempts: 2, backoff_seconds: [10], timeout_ms: 9000 }, "the override over the provider's own")

  const d = app.sandbox.webhooks.enqueue({ tenant: 'default', provider: 'toy', event: 'alarm', url, encoding: 'form', body: { a: 1, b: null } })
  await app.sandbox.webhooks.idle()
  app.sandbox.clock.advance(10)
  await app.sandbox.webhooks.idle()
  app.sandbox.clock.advance(3600)
  await app.sandbox.webhooks.idle()
  t.equal(got.length, 2, 'two attempts in all')
  t.equal(got[0].headers['content-type'], 'application/x-www-form-urlencoded')
  t.equal(got[0].body, 'a=1&b=')
  t.match(app.sandbox.webhooks.get(d.id), { state: 'failed', next_attempt_at: null, attempts: [{ status: 503 }, { status: 503 }] })

  const again = await app.inject({ method: 'POST', url: `/__sandbox/webhooks/${d.id}/redeliver` })
  t.equal(again.statusCode, 202)
  const copy = json(again)
  t.not(copy.id, d.id)
  t.equal(copy.redelivery_of, d.id)
  await app.sandbox.webhooks.idle()
  t.equal(got.length, 3)
  t.equal(got[2].body, 'a=1&b=')
  app.sandbox.clock.advance(10)
  await app.sandbox.webhooks.idle()
  t.match(app.sandbox.webhooks.get(copy.id), { state: 'delivered', attempts: [{ status: 503 }, { status: 200 }] })
  t.equal((await app.inject({ method: 'POST', url: '/__sandbox/webhooks/whd_nope/redeliver' })).statusCode, 404)
  t.same(json(await app.inject({ method: 'GET', url: '/__sandbox/webhooks/whd_nope' })), { error: 'delivery_not_found', message: 'no such webhook delivery' })

  // forgetting a delivery cancels its retries
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/webhooks/policy', payload: {} })).statusCode, 200)
  const dead = app.sandbox.webhooks.enqueue({ tenant: 'default', provider: 'toy', event: 'alarm', url: 'http://127.0.0.1:1/closed', encoding: 'json', body: {} })
  await app.sandbox.webhooks.idle()
  t.match(app.sandbox.webhooks.get(dead.id), { state: 'pending', attempts: [{ status: null, answer: null, error: String }] })
  t.same(json(await app.inject({ method: 'DELETE', url: '/__sandbox/webhooks?provider=toy' })), { deleted: 3 })
  t.equal((await list(app)).count, 0)
  app.sandbox.clock.advance(60)
  await app.sandbox.webhooks.idle()
  t.equal(dead.attempts.length, 1, 'no retry after it was forgotten')

  const invalid = app.sandbox.webhooks.enqueue({ tenant: 'default', provider: 'toy', event: 'alarm', url: 'ftp://example.com/', encoding: 'json', body: {} })
  await app.sandbox.webhooks.idle()
  t.match(invalid, { state: 'failed', attempts: [{ status: null, error: /^invalid url/ }] }, 'a URL that cannot be fetched is not retried')
  await app.inject({ method: 'POST', url: '/__sandbox/reset' })
  t.equal((await list(app)).count, 0, 'a reset forgets every delivery')
})

t.test("Vandar's refund webhook goes through the queue: listed with its form fields, in Vandar's log too", async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const { got, url } = await receiver(t, [500])
  const { transId } = await verified(app, { amount: 30000 })
  await api(app, 'POST', `/v3/business/${BIZ}/transaction/${transId}/refund`, { notify_url: url })
  await app.inject({ method: 'POST', url: '/__sandbox/clock/advance', payload: { seconds: 60 } })
  await api(app, 'GET', `/v2/business/${BIZ}/balance`)
  await app.sandbox.webhooks.idle()
  t.equal(got.length, 1)
  const [d] = (await list(app, '?provider=vandar&tenant=default')).webhooks
  t.match(d, { provider: 'vandar', tenant: 'default', event: 'refund', encoding: 'form', url, state: 'pending', body: { status: 'DONE', transaction_id: Number }, attempts: [{ status: 500 }] })
  t.same(Object.fromEntries(new URLSearchParams(got[0].body)), Object.fromEntries(Object.entries(d.body).map(([k, v]) => [k, v === null ? '' : String(v)])))

  app.sandbox.clock.advance(60)
  await app.sandbox.webhooks.idle()
  t.equal(got.length, 2)
  const log = json(await app.inject({ method: 'GET', url: '/__sandbox/vandar/webhooks' })).webhooks
  t.same(
    log.map((e: { status: number }) => e.status),
    [200, 500],
    "Vandar's own log lists every attempt, newest first"
  )
  t.same(log[0].body, d.body)
})
