/**
 * Vandar under fuzzed input (the shared harness, one profile per host) and tenant isolation over
 * every Vandar route: no crash, no stack trace, never Fastify's default body, errors in Vandar's
 * documented shapes; B's requests leave A's data byte-identical.
 */
import t from 'tap'
import fc from 'fast-check'
import { sandbox } from '../helpers/sandbox.js'
import { bodyFor, encoded, operations, runs, safePathSegment, toFuzzResponse, universalProblem, urlFor, type RawRequest } from '../helpers/fuzz-harness.js'
import { VANDAR_API_PROFILE, VANDAR_IPG_PROFILE, profileFor } from '../helpers/vandar-fuzz-profile.js'

type Doc = { paths: Record<string, Record<string, { servers?: Array<{ url: string }> }>> }

t.test('vandar: every route under fuzzed input', async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const doc = app.sandbox.openapi.get('vandar')!() as Doc
  const auth = await VANDAR_API_PROFILE.auth(app)
  const key = app.sandbox.store.defaultTenant.credentials.vandar.ipg_api_key
  const authVariants = fc.constantFrom<Record<string, string>>(auth, auth, {}, { authorization: 'Bearer x.y.z' }, { authorization: 'Token abc' })
  // bodies sometimes carry the real api_key, so the IPG's deeper checks are reached too
  const withKey = (body: unknown) => fc.oneof(fc.constant(body), fc.constant(body && typeof body === 'object' && !Array.isArray(body) ? { ...body, api_key: key } : body))

  for (const op of operations(doc)) {
    const profile = profileFor(doc, op)
    await t.test(`${op.method} ${profile.prefix}${op.path}`, async (t) => {
      const failures: string[] = []
      await fc.assert(
        fc.asyncProperty(urlFor(profile, op), bodyFor(op).chain(withKey).chain(encoded), authVariants, async (url, enc, authHeaders) => {
          const req: RawRequest = { method: op.method, url, headers: { ...authHeaders, ...enc.headers }, payload: enc.payload }
          const res = toFuzzResponse(await app.inject(req as never))
          const problem = universalProblem(profile, res)
          if (problem) failures.push(`${problem}\n  ${req.method} ${req.url.slice(0, 200)}\n  -> ${res.status} ${res.body.slice(0, 300)}`)
          return problem === undefined
        }),
        { numRuns: runs(30), endOnFailure: true }
      ).catch(() => undefined)
      t.same(failures, [], 'every answer keeps the invariants')
      for (const [ct, payload] of [
        ['application/json', JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) })],
        ['application/x-www-form-urlencoded', 'x=' + 'a'.repeat(2 * 1024 * 1024)],
        ['multipart/form-data; boundary=b', Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'), Buffer.alloc(3 * 1024 * 1024, 0x41), Buffer.from('\r\n--b--\r\n')])]
      ] as const) {
        const res = toFuzzResponse(await app.inject({ method: op.method as 'POST', url: profile.prefix + op.path.replace(/\{[^}]+\}/g, 'x'), headers: { ...auth, 'content-type': ct }, payload }))
        t.equal(universalProblem(profile, res), undefined, `oversized ${ct} -> ${res.status}`)
      }
    })
  }

  for (const profile of [VANDAR_API_PROFILE, VANDAR_IPG_PROFILE]) {
    await t.test(`unknown paths and methods under ${profile.prefix}`, async (t) => {
      const failures: string[] = []
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('api', 'v3', 'v4', 'business', 'send', '..', '%', '')), { maxLength: 5 }),
          async (method, segments) => {
            const url = profile.prefix + '/' + segments.map(safePathSegment).join('/')
            const res = toFuzzResponse(await app.inject({ method: method as 'GET', url, headers: auth }))
            const problem = method === 'HEAD' ? (res.status >= 500 ? 'HEAD 5xx' : undefined) : universalProblem(profile, res)
            if (problem) failures.push(`${problem}: ${method} ${url} -> ${res.status} ${res.body.slice(0, 200)}`)
            return problem === undefined
          }
        ),
        { numRuns: runs(100), endOnFailure: true }
      ).catch(() => undefined)
      t.same(failures, [])
    })
  }
  t.equal((await app.inject('/__sandbox/health')).statusCode, 200, 'still serving')
})

t.test("vandar: B's requests on every route leave A's data untouched", async (t) => {
  const app = await sandbox(t, { rateLimits: false })
  const b = app.sandbox.store.createTenant()
  const authB = await VANDAR_API_PROFILE.auth(app, b.id)
  const keyB = b.credentials.vandar.ipg_api_key
  const snapshotA = () => JSON.stringify(app.sandbox.store.defaultTenant.vandar)
  const before = snapshotA()
  const doc = app.sandbox.openapi.get('vandar')!() as Doc
  for (const op of operations(doc)) {
    const profile = profileFor(doc, op)
    await fc.assert(
      fc.asyncProperty(urlFor(profile, op), bodyFor(op).map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? { ...x, api_key: keyB } : x)).chain(encoded), async (url, enc) => {
        // B aims at A's business slug too
        const aimed = url.replace(/\/business\/[^/?]+/, `/business/${app.sandbox.store.defaultTenant.credentials.vandar.business}`)
        await app.inject({ method: op.method as 'POST', url: aimed, headers: { ...authB, ...enc.headers }, payload: enc.payload as never })
        await app.inject({ method: op.method as 'POST', url, headers: { ...authB, ...enc.headers }, payload: enc.payload as never })
      }),
      { numRuns: runs(15) }
    )
  }
  t.equal(snapshotA(), before, "tenant A's data is byte-identical")
})
