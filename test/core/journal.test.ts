import t from 'tap'
import { Journal, type JournalRecord } from '../../src/core/journal.js'

const rec = (over: Partial<JournalRecord> = {}): JournalRecord => ({
  atMs: Date.UTC(2026, 11, 3),
  tenant: 'default',
  provider: 'baloan',
  method: 'POST',
  path: '/api/v2/merchant/check-credit/',
  url: '/api.baloan.ir/api/v2/merchant/check-credit/?x=1',
  status: 200,
  duration_ms: 1.25,
  rawHeaders: ['Host', 'api.baloan.ir', 'Content-Type', 'application/json'],
  requestBody: undefined,
  responseBody: '{"status":"ok"}',
  fault: undefined,
  ...over
})

t.test('an entry reads back as recorded', async (t) => {
  const j = new Journal(10)
  j.record(rec({ requestText: '{"national_identifier":"۴۳۱۱"}', requestJson: true, fault: 'flt_1' }))
  t.same(j.list(), [
    {
      id: 1,
      at: '2026-12-03T00:00:00.000Z',
      tenant: 'default',
      provider: 'baloan',
      method: 'POST',
      path: '/api/v2/merchant/check-credit/',
      query: { x: '1' },
      status: 200,
      duration_ms: 1.25,
      request: { headers: { host: 'api.baloan.ir', 'content-type': 'application/json' }, body: { national_identifier: '۴۳۱۱' } },
      response: { body: { status: 'ok' } },
      fault: 'flt_1'
    }
  ])
})

t.test('bodies: malformed JSON as text, objects and files summarised, long text cut, HTML as text, Buffers as sizes', async (t) => {
  const j = new Journal(10)
  j.record(rec({ requestText: '{"a":', requestJson: false, responseBody: '<html>ok</html>' }))
  j.record(rec({ requestBody: { a: '1', file: { filename: 'x.pdf', mimetype: 'application/pdf', data: Buffer.alloc(3) } }, responseBody: Buffer.alloc(7) }))
  j.record(rec({ requestText: JSON.stringify({ s: 'x'.repeat(20_000) }), requestJson: true, responseBody: null }))
  const [a, b, c] = j.list()
  t.equal(a.request.body, '{"a":')
  t.equal(a.response.body, '<html>ok</html>')
  t.same(b.request.body, { a: '1', file: { filename: 'x.pdf', mimetype: 'application/pdf', bytes: 3 } })
  t.same(b.response.body, { bytes: 7 })
  t.match(c.request.body, { truncated: true, chars: 20_008, head: /^\{"s":"xxx/ })
  t.equal(c.response.body, null)
})

t.test('repeated header lines fold as Node folds them', async (t) => {
  const j = new Journal(10)
  j.record(rec({ rawHeaders: ['X-A', '1', 'x-a', '2', 'Cookie', 'a=1', 'cookie', 'b=2', 'Content-Type', 'a/b', 'content-type', 'c/d', 'Set-Cookie', 's=1'] }))
  t.same(j.list()[0].request.headers, { 'x-a': '1, 2', cookie: 'a=1; b=2', 'content-type': 'a/b', 'set-cookie': ['s=1'] })
})

t.test('bounded by count: oldest first out, ids keep counting', async (t) => {
  const j = new Journal(3)
  for (let i = 0; i < 10; i++) j.record(rec({ status: 200 + i }))
  t.equal(j.size, 3)
  t.same(j.list().map((e) => [e.id, e.status]), [[8, 207], [9, 208], [10, 209]])
})

t.test('bounded by bytes: large records push out old ones, every kept record intact', async (t) => {
  // 300 slots get the 1 MB floor; each record reserves ~3 × 16 KB
  const j = new Journal(300)
  for (let i = 0; i < 200; i++) j.record(rec({ status: 200 + (i % 300), responseBody: `{"n":${i},"pad":"${String(i % 10).repeat(16_000)}"}` }))
  t.ok(j.size > 5 && j.size < 200, `kept ${j.size}`)
  const list = j.list()
  t.equal(list.at(-1)!.id, 200)
  list.forEach((e, k) => {
    const n = e.id - 1
    t.same(e.response.body, { n, pad: String(n % 10).repeat(16_000) })
    if (k > 0) t.equal(e.id, list[k - 1].id + 1)
  })
  // and small records afterwards fill the ring up to the count again
  for (let i = 0; i < 400; i++) j.record(rec())
  t.equal(j.size, 300)
})

t.test('clear with a filter keeps the others, in order, and recording goes on', async (t) => {
  const j = new Journal(4)
  j.record(rec({ provider: 'vandar', path: '/api/v4/send' }))
  j.record(rec())
  j.record(rec({ provider: 'vandar', path: '/api/v4/verify' }))
  j.record(rec({ method: 'GET' }))
  t.equal(j.clear({ provider: 'vandar' }), 2)
  t.same(j.list().map((e) => e.id), [2, 4])
  j.record(rec())
  j.record(rec())
  t.same(j.list().map((e) => e.id), [2, 4, 5, 6], 'no room lost to the cleared records')
  j.record(rec())
  t.same(j.list().map((e) => e.id), [4, 5, 6, 7])
  t.equal(j.clear({ method: 'get' }), 1)
  t.equal(j.clear(), 3)
  t.equal(j.size, 0)
  t.same(j.list(), [])
})

t.test('a limit of 0 keeps nothing', async (t) => {
  const j = new Journal(0)
  j.record(rec())
  t.equal(j.size, 0)
  t.same(j.list(), [])
})

t.test('a note is shown only on the entry that has one, and survives a filtered clear', async (t) => {
  const j = new Journal(10)
  j.record(rec({ provider: 'vandar', note: 'callback_url host x is not a terminal domain' }))
  j.record(rec())
  j.record(rec({ provider: 'bazaarpay', note: 'scope y is not enabled' }))
  t.same(j.list().map((e) => e.note), ['callback_url host x is not a terminal domain', undefined, 'scope y is not enabled'])
  t.notOk('note' in j.list()[1], 'no note field on an ordinary entry')
  t.equal(j.clear({ provider: 'vandar' }), 1)
  t.same(j.list().map((e) => e.note), [undefined, 'scope y is not enabled'])
})
