import t from 'tap'
import Fastify from 'fastify'
import { once } from 'node:events'
import { connect } from 'node:net'
import { multipartParser, type UploadedFile } from '../../src/core/multipart.js'

const limits = { fileSize: 16, files: 1, fields: 3, fieldSize: 1024, parts: 4 }

const build = async () => {
  const app = Fastify()
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('multipart/form-data', multipartParser(limits))
  app.post('/', async (req) => {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(req.body as Record<string, string | UploadedFile>)) {
      out[k] = typeof v === 'string' ? v : { ...v, data: v.data.toString('utf8'), buffer: Buffer.isBuffer(v.data) }
    }
    return out
  })
  app.setErrorHandler((err: { code?: string; statusCode?: number; message: string }, _req, reply) =>
    reply.code(err.statusCode ?? 500).send({ code: err.code, message: err.message })
  )
  return app
}

const B = 'XyZ'
const field = (name: string, value: string, extra = '') => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n${extra}\r\n${value}\r\n`
const file = (name: string, filename: string, data: string, type = 'application/pdf') =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${data}\r\n`
const form = (...parts: string[]) => parts.join('') + `--${B}--\r\n`
const send = (app: Awaited<ReturnType<typeof build>>, payload: string, type = `multipart/form-data; boundary=${B}`) =>
  app.inject({ method: 'POST', url: '/', headers: { 'content-type': type }, payload })

t.test('fields are text, files are {filename, mimetype, data}, a repeated name keeps its last part', async (t) => {
  const app = await build()
  const r = await send(app, form(field('a', '1'), field('a', '2'), field('json', '{"x":1}', 'Content-Type: application/json\r\n'), file('f', 'inv.pdf', '%PDF-1')))
  t.equal(r.statusCode, 200)
  t.same(r.json(), { a: '2', json: '{"x":1}', f: { filename: 'inv.pdf', mimetype: 'application/pdf', data: '%PDF-1', buffer: true } })
})

t.test('an empty body is an empty form', async (t) => {
  const app = await build()
  const r = await send(app, '')
  t.equal(r.statusCode, 200)
  t.same(r.json(), {})
})

t.test('limits answer with the codes the provider styles map', async (t) => {
  const app = await build()
  const cases: Array<[string, string, number, string]> = [
    ['file over fileSize', form(file('f', 'a.pdf', 'x'.repeat(17))), 413, 'FST_REQ_FILE_TOO_LARGE'],
    ['two files', form(file('f', 'a.pdf', 'x'), file('g', 'b.pdf', 'y')), 413, 'FST_FILES_LIMIT'],
    ['four fields', form(field('a', '1'), field('b', '2'), field('c', '3'), field('d', '4')), 413, 'FST_FIELDS_LIMIT'],
    ['five parts', form(field('a', '1'), field('b', '2'), field('c', '3'), file('f', 'a.pdf', 'x'), file('g', 'b', 'y')), 413, 'FST_PARTS_LIMIT'],
    ['a prototype name', form(field('__proto__', '1')), 400, 'FST_PROTO_VIOLATION'],
    ['a prototype name on a file', form(file('constructor', 'a.pdf', 'x')), 400, 'FST_PROTO_VIOLATION']
  ]
  for (const [name, payload, status, code] of cases) {
    const r = await send(app, payload)
    t.equal(r.statusCode, status, name)
    t.equal(r.json().code, code, name)
  }
})

t.test('malformed bodies are a MultipartParseError with busboy\'s message', async (t) => {
  const app = await build()
  const noBoundary = await send(app, form(field('a', '1')), 'multipart/form-data')
  t.equal(noBoundary.statusCode, 400)
  t.same(noBoundary.json(), { code: 'SANDBOX_MULTIPART_PARSE', message: 'Multipart: Boundary not found' })
  const truncated = await send(app, field('a', '1') + `--${B}\r\nContent-Disposition: form-data; name="b"\r\n\r\nhalf`)
  t.equal(truncated.statusCode, 400)
  t.equal(truncated.json().code, 'SANDBOX_MULTIPART_PARSE')
  t.match(truncated.json().message, /Unexpected end of multipart data/)
})

t.test('a refused upload is answered whole (the rest of the body is read), the connection then closes, the server serves on', async (t) => {
  const app = await build()
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const { port } = app.server.address() as { port: number }
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let received = ''
  socket.on('data', (d) => (received += d))
  const big = form(file('f', 'a.pdf', 'x'.repeat(2_000_000)))
  // Fastify closes the connection after any body-parser error, as it does for JSON bodies
  socket.end(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${B}\r\nContent-Length: ${big.length}\r\n\r\n${big}`)
  await once(socket, 'close')
  t.match(received, /^HTTP\/1\.1 413 [^]*connection: close[^]*"FST_REQ_FILE_TOO_LARGE"/)
  const again = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${B}` }, body: form(field('a', 'again')) })
  t.same(await again.json(), { a: 'again' })
})
