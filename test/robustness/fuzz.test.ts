/**
 * Fuzzing every documented route of every provider (quick profile; `npm run fuzz` runs the long
 * one with FUZZ_RUNS=500). Invariants: no crash, no undocumented 5xx, no stack trace, never
 * Fastify's default error body, errors in the provider's documented shape, and the server still
 * serves afterwards.
 */
import t from 'tap'
import fc from 'fast-check'
import { sandbox } from '../helpers/sandbox.js'
import { PROFILES } from '../helpers/fuzz-profiles.js'
import { bodyFor, encoded, safePathSegment, operations, runs, toFuzzResponse, universalProblem, urlFor, type RawRequest } from '../helpers/fuzz-harness.js'

for (const profile of PROFILES) {
  t.test(`${profile.provider}: every route under fuzzed input`, async (t) => {
    const app = await sandbox(t, { rateLimits: false })
    const doc = app.sandbox.openapi.get(profile.provider)!() as { paths: Record<string, Record<string, unknown>> }
    const auth = await profile.auth(app)
    const credentials = profile.withCredentials?.(app) ?? ((body: unknown) => fc.constant(body))
    const authVariants = fc.constantFrom<Record<string, string>>(auth, auth, {}, { authorization: 'Bearer x.y.z' }, { authorization: 'Token abc' })

    for (const op of operations(doc)) {
      await t.test(`${op.method} ${op.path}`, async (t) => {
        const failures: string[] = []
        await fc.assert(
          fc.asyncProperty(urlFor(profile, op), bodyFor(op).chain(credentials).chain(encoded), authVariants, async (url, enc, authHeaders) => {
            const req: RawRequest = { method: op.method, url, headers: { ...authHeaders, ...enc.headers }, payload: enc.payload }
            const res = toFuzzResponse(await app.inject(req as never))
            const problem = universalProblem(profile, res)
            if (problem) failures.push(`${problem}\n  ${req.method} ${req.url.slice(0, 200)} ${JSON.stringify(req.headers)}\n  -> ${res.status} ${res.body.slice(0, 300)}`)
            return problem === undefined
          }),
          { numRuns: runs(30), endOnFailure: true }
        ).catch((e: Error) => failures.push(`fast-check: ${e.message.split('\n').slice(0, 3).join(' ')}`))
        t.same(failures, [], 'every answer keeps the invariants')

        // oversized bodies: JSON past the JSON limit, multipart past the upload limit
        for (const [ct, payload] of [
          ['application/json', JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) })],
          ['application/x-www-form-urlencoded', 'x=' + 'a'.repeat(2 * 1024 * 1024)],
          ['multipart/form-data; boundary=b', Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-'), Buffer.alloc(11 * 1024 * 1024, 0x41), Buffer.from('\r\n--b--\r\n')])]
        ] as const) {
          const res = toFuzzResponse(await app.inject({ method: op.method as 'POST', url: (op.prefix ?? profile.prefix) + op.path.replace(/\{[^}]+\}/g, 'x'), headers: { ...auth, 'content-type': ct }, payload }))
          t.equal(universalProblem(profile, res), undefined, `oversized ${ct} -> ${res.status}`)
        }
      })
    }

    for (const prefix of profile.prefixes ?? [profile.prefix]) await t.test(`unknown paths and methods under ${prefix}`, async (t) => {
      const failures: string[] = []
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('api', 'v1', 'v2', 'v3', 'v4', 'merchant', 'business', '..', '%', '')), { maxLength: 5 }),
          async (method, segments) => {
            const url = prefix + '/' + segments.map(safePathSegment).join('/')
            const res = toFuzzResponse(await app.inject({ method: method as 'GET', url, headers: auth }))
            const problem = method === 'HEAD' ? (res.status >= 500 ? 'HEAD 5xx' : undefined) : universalProblem(profile, res)
            if (problem) failures.push(`${problem}: ${method} ${url} -> ${res.status} ${res.body.slice(0, 200)}`)
            return problem === undefined
          }
        ),
        { numRuns: runs(100), endOnFailure: true }
      ).catch((e: Error) => failures.push(`fast-check: ${e.message.split('\n').slice(0, 3).join(' ')}`))
      t.same(failures, [])
    })

    const health = await app.inject('/__sandbox/health')
    t.equal(health.statusCode, 200, 'still serving')
    t.ok(Object.keys(await profile.auth(app)).length > 0, 'still authenticating')
  })
}
