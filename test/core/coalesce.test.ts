import t from 'tap'
import Fastify from 'fastify'
import { connect } from 'node:net'
import { answerCoalescing } from '../../src/core/coalesce.js'

/**
 * A Fastify wired as the sandbox wires it: the coalescing plugin first, then a root onSend hook
 * that counts (the sandbox's journal); without `coalesce`, no plugin (how Fastify behaves on its own).
 */
const build = async (coalesce = true) => {
  const app = Fastify({ logger: false })
  if (coalesce) await app.register(answerCoalescing)
  const seen: string[] = []
  app.addHook('onSend', (req, reply, payload, done) => {
    seen.push(`${req.url} ${reply.statusCode}`)
    done(null, payload)
  })
  app.setErrorHandler((err, req, reply) => reply.code(500).send({ error: 'internal_error', message: 'internal error' }))
  app.get('/echo/:id', async (req) => ({ id: (req.params as { id: string }).id }))
  // answered through a helper, then `return` with nothing: a second send of the same reply
  app.get('/twice', async (req, reply) => {
    reply.code(404).send({ detail: 'first' })
    return
  })
  // Node refuses the header when the head is written, which is now in the check phase
  app.get('/bad-header', async (req, reply) => {
    reply.header('x-bad', 'a\nb')
    return { ok: true }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return { app, url, seen }
}

t.test('a reply sent twice answers once, with the first answer, and passes the hook once', async (t) => {
  const { app, url, seen } = await build()
  t.teardown(() => app.close())
  const res = await fetch(`${url}/twice`)
  t.equal(res.status, 404)
  t.same(await res.json(), { detail: 'first' })
  t.same(seen, ['/twice 404'])
  t.equal((await fetch(`${url}/echo/after`)).status, 200, 'still serving')
})

t.test('an answer Node refuses to write in the check phase gets the 500 Fastify gives when it writes at once, and the server keeps serving', async (t) => {
  const [queued, direct] = await Promise.all([build(), build(false)])
  t.teardown(() => Promise.all([queued.app.close(), direct.app.close()]))
  const [a, b] = await Promise.all([fetch(`${queued.url}/bad-header`), fetch(`${direct.url}/bad-header`)])
  t.equal(a.status, 500)
  t.equal(a.status, b.status)
  t.same(await a.json(), await b.json())
  t.same(await (await fetch(`${queued.url}/echo/x`)).json(), { id: 'x' })
})

t.test('answers queued in one turn each reach their own request', async (t) => {
  const { app, url } = await build()
  t.teardown(() => app.close())
  const ids = Array.from({ length: 300 }, (_, i) => String(i))
  const got = await Promise.all(ids.map(async (id) => ((await (await fetch(`${url}/echo/${id}`)).json()) as { id: string }).id))
  t.same(got, ids)
})

t.test('pipelined requests on one connection are answered in order', async (t) => {
  const { app, url } = await build()
  t.teardown(() => app.close())
  const port = Number(new URL(url).port)
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let out = ''
    socket.on('data', (d) => {
      out += d
      if ((out.match(/HTTP\/1\.1 /g) ?? []).length === 3 && out.endsWith('}')) {
        socket.end()
        resolve(out)
      }
    })
    socket.on('error', reject)
    socket.write(['a', 'b', 'c'].map((id) => `GET /echo/${id} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''))
  })
  t.same([...text.matchAll(/\{"id":"(\w)"\}/g)].map((m) => m[1]), ['a', 'b', 'c'])
})

t.test('the sandbox journals one record per answer with and without coalescing', async (t) => {
  const { buildSandbox } = await import('../../src/server.js')
  for (const coalesceAnswers of [true, false]) {
    const app = await buildSandbox({ logLevel: 'silent', coalesceAnswers })
    t.teardown(() => app.close())
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    // a wrong login (a helper answers) and an unknown route under a provider
    const a = await fetch(`${url}/api.baloan.ir/api/v2/merchant/token/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"x","password":"y"}' })
    t.equal(a.status, 401, `coalesceAnswers ${coalesceAnswers}`)
    const b = await fetch(`${url}/ipg.vandar.io/api/v4/nothing`, { method: 'POST' })
    t.equal(b.status, 404)
    const journal = (await (await fetch(`${url}/__sandbox/requests`)).json()) as { count: number; requests: Array<{ status: number }> }
    t.same(journal.requests.map((r) => r.status), [401, 404], `coalesceAnswers ${coalesceAnswers}: one record each`)
  }
})
