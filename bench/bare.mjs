// A bare Fastify with the same routes' JSON-schema validation and response schemas as the
// sandbox's benchmarked endpoints, answering fixed bodies: the baseline the sandbox is measured against.
import Fastify from 'fastify'
import { NationalIdRequest, CheckCreditV2Response, TokenRequest, TokenPair } from '../dist/providers/baloan/schemas.js'

const app = Fastify({ logger: false, ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } } })
const pair = { refresh: 'x'.repeat(280), access: 'y'.repeat(280) }
app.post('/check-credit/', { schema: { body: NationalIdRequest, response: { 200: CheckCreditV2Response } } }, async (req) => ({
  status: 'ok', message: '', message_code: '', data: { national_identifier: req.body.national_identifier, user_credit: 40000000 }
}))
app.post('/token/', { schema: { body: TokenRequest, response: { 200: TokenPair } } }, async () => pair)
for (const extra of (process.env.BARE_ROUTES ?? '').split(',').filter(Boolean)) {
  // later providers add their hottest endpoints' schemas: module:requestExport:responseExport:path[:GET]
  // (a GET validates the querystring instead of the body); the answer echoes the input through the response schema.
  const [mod, request, response, path, method = 'POST'] = extra.split(':')
  const m = await import(mod)
  if (method === 'GET') app.get(path, { schema: { querystring: m[request], response: { 200: m[response] } } }, async (req) => ({ status: true, code: 200, msg: 'Payment is complete.', ...req.query }))
  else app.post(path, { schema: { body: m[request], response: { 200: m[response] } } }, async (req) => req.body)
}
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
process.stdout.write(`ready ${app.server.address().port}\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
