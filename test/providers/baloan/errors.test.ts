import t from 'tap'
import { B, PDF, PNG, JPG, baloanLogin, form, json, post, sandbox } from '../../helpers/sandbox.js'

const DJANGO_404 = /<title>Not Found<\/title>[\s\S]*The requested resource was not found on this server\./

t.test('unknown paths, wrong methods and a missing slash answer as Django/DRF do', async (t) => {
  const app = await sandbox(t)
  const unknown = await app.inject({ method: 'POST', url: `${B}/api/v3/merchant/nothing/` })
  t.equal(unknown.statusCode, 404)
  t.match(unknown.headers['content-type'], /text\/html/)
  t.match(unknown.body, DJANGO_404)
  const root = await app.inject(`${B}/`)
  t.equal(root.statusCode, 404)

  const wrong = await app.inject({ method: 'GET', url: `${B}/api/v2/merchant/check-credit/` })
  t.equal(wrong.statusCode, 405)
  t.same(json(wrong), { detail: 'Method "GET" not allowed.' })
  t.equal(wrong.headers.allow, 'POST, OPTIONS')
  t.equal((await app.inject({ method: 'DELETE', url: `${B}/api/v1/merchant/token/` })).statusCode, 405)

  const slash = await app.inject({ method: 'POST', url: `${B}/api/v2/merchant/check-credit?x=1` })
  t.equal(slash.statusCode, 301)
  t.equal(slash.headers.location, `${B}/api/v2/merchant/check-credit/?x=1`)
})

t.test('malformed bodies, wrong content types and oversized bodies', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app)
  const bad = await post(app, '/api/v2/merchant/check-credit/', token, '{"national_identifier":', { 'content-type': 'application/json' })
  t.equal(bad.statusCode, 400)
  t.match(json(bad), { detail: /^JSON parse error - / })

  const plain = await post(app, '/api/v2/merchant/check-credit/', token, 'national_identifier=4311204302', { 'content-type': 'text/plain' })
  t.equal(plain.statusCode, 415)
  t.same(json(plain), { detail: 'Unsupported media type "text/plain" in request.' })

  const xml = await post(app, '/api/v2/merchant/check-credit/', token, '<a/>', { 'content-type': 'application/xml' })
  t.equal(xml.statusCode, 415)

  const huge = await post(app, '/api/v2/merchant/check-credit/', token, JSON.stringify({ national_identifier: 'x'.repeat(200_000) }), { 'content-type': 'application/json' })
  t.equal(huge.statusCode, 413)
  t.same(json(huge), { detail: 'Request body is too large.' })

  const brokenMultipart = await post(app, '/api/v2/merchant/settle-confirm/', token, '--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', {
    'content-type': 'multipart/form-data; boundary=xx'
  })
  t.equal(brokenMultipart.statusCode, 400)
  t.match(json(brokenMultipart), { detail: /^Multipart form parse error - / })

  const noBoundary = await post(app, '/api/v2/merchant/settle-confirm/', token, 'abc', { 'content-type': 'multipart/form-data' })
  t.equal(noBoundary.statusCode, 400)
  t.match(json(noBoundary), { detail: /^Multipart form parse error/ })

  const emptyJson = await post(app, '/api/v2/merchant/check-credit/', token, '', { 'content-type': 'application/json' })
  t.equal(emptyJson.statusCode, 400)
  t.same(json(emptyJson), { national_identifier: ['This field is required.'] })

  const proto = await post(app, '/api/v2/merchant/check-credit/', token, '{"__proto__":{"x":1},"national_identifier":"4311204302"}', { 'content-type': 'application/json' })
  t.equal(proto.statusCode, 200)
})

t.test('file-upload: pdf/jpg/png by content, 10 MB limit, a URL that really serves the file and expires', async (t) => {
  const app = await sandbox(t)
  const token = await baloanLogin(app, 'v1')
  for (const [data, ext] of [[PDF, 'pdf'], [PNG, 'png'], [JPG, 'jpg']] as const) {
    const res = await post(app, '/api/v1/utility/file-upload/', token, form({ file: { data, filename: 'x.bin', type: 'application/x-sh' } }), { 'accept-language': 'en' })
    t.equal(res.statusCode, 200, ext)
    const body = json(res)
    t.same(Object.keys(body.data), ['uuid', 'file'])
    t.match(body.data.uuid, /^[0-9a-f-]{36}$/)
    t.match(body.data.file, new RegExp(`/s3\\.ir-thr-at1\\.arvanstorage\\.ir/staging-baloan-user-uploads/users/d4f2ea9d-b09a-47b6-b269-17a0b55af871/${body.data.uuid}\\.${ext}\\?AWSAccessKeyId=[^&]+&Signature=[^&]+&Expires=\\d+$`))
    const url = new URL(body.data.file)
    const got = await app.inject(url.pathname + url.search)
    t.equal(got.statusCode, 200)
    t.same(got.rawPayload, data)
  }
  const text = await post(app, '/api/v1/utility/file-upload/', token, form({ file: { data: Buffer.from('#!/bin/sh\necho hi'), filename: 'a.pdf', type: 'application/pdf' } }))
  t.equal(text.statusCode, 400)
  t.same(json(text), { status: 'error', message: 'فرمت فایل مجاز نیست. فرمت‌های مجاز: pdf، jpg و png.', message_code: 'invalid_file', data: {} })

  const big = await post(app, '/api/v1/utility/file-upload/', token, form({ file: { data: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), filename: 'big.pdf' } }))
  t.equal(big.statusCode, 400)
  t.equal(json(big).message_code, 'file_too_large')
  const exact = await post(app, '/api/v1/utility/file-upload/', token, form({ file: { data: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 - PDF.length)]), filename: 'ten.pdf' } }))
  t.equal(exact.statusCode, 200, 'exactly 10 MB is allowed')

  t.same(json(await post(app, '/api/v1/utility/file-upload/', token, form({}))), { file: ['No file was submitted.'] })
  t.equal((await post(app, '/api/v1/utility/file-upload/', undefined, form({ file: { data: PDF } }))).statusCode, 401)

  // the presigned URL: signature and expiry checked
  const ok = json(await post(app, '/api/v1/utility/file-upload/', token, form({ file: { data: PDF } }))).data.file
  const u = new URL(ok)
  const tampered = await app.inject(u.pathname + u.search.replace(/Expires=\d+/, 'Expires=9999999999'))
  t.equal(tampered.statusCode, 403)
  t.match(tampered.body, /<Code>SignatureDoesNotMatch<\/Code>/)
  t.equal((await app.inject(u.pathname)).statusCode, 403)
  app.sandbox.clock.advance(3601)
  const expired = await app.inject(u.pathname + u.search)
  t.equal(expired.statusCode, 403)
  t.match(expired.body, /Request has expired/)
  t.equal((await app.inject('/s3.ir-thr-at1.arvanstorage.ir/other/x')).statusCode, 404)
})

t.test('Host-header routing serves the provider without the prefix', async (t) => {
  const app = await sandbox(t)
  const res = await app.inject({ method: 'POST', url: '/api/v1/merchant/token/', headers: { host: 'api.baloan.ir' }, payload: { username: 'store_name', password: 'store_password' } })
  t.equal(res.statusCode, 200)
  const withPort = await app.inject({ method: 'POST', url: '/api/v1/merchant/token/', headers: { host: 'API.BALOAN.IR:443' }, payload: { username: 'store_name', password: 'store_password' } })
  t.equal(withPort.statusCode, 200)
  const slash = await app.inject({ method: 'POST', url: '/api/v1/merchant/token', headers: { host: 'api.baloan.ir' } })
  t.equal(slash.headers.location, '/api/v1/merchant/token/', 'the redirect names the path the client used')
  const journal = json(await app.inject('/__sandbox/requests'))
  t.equal(journal.requests[0].path, '/api/v1/merchant/token/')
  // sandbox paths stay reachable under a provider Host too
  t.equal((await app.inject({ url: '/api.baloan.ir/api/v1/merchant/token/', method: 'POST', headers: { host: 'api.baloan.ir' }, payload: {} })).statusCode, 400)
})

t.test('a dropped connection fault closes the socket without an answer', async (t) => {
  const { startSandbox } = await import('../../../src/index.js')
  const sb = await startSandbox()
  t.teardown(() => sb.close())
  await fetch(`${sb.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'baloan', drop: true }) })
  await t.rejects(fetch(`${sb.url}/api.baloan.ir/api/v1/merchant/token/`, { method: 'POST' }))
  const after = await fetch(`${sb.url}/api.baloan.ir/api/v1/merchant/token/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"store_name","password":"store_password"}' })
  t.equal(after.status, 200, 'the server still serves afterwards')
  const journal = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as { requests: Array<{ status: number; fault?: string }> }
  t.equal(journal.requests[0].status, 0)
  t.match(journal.requests[0].fault, /^flt_/)
})
