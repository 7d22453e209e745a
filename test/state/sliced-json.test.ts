import t, { type Test } from 'tap'
import fc from 'fast-check'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jsonPieces } from '../../src/state/sliced-json.js'
import { StatePersistence } from '../../src/state/persistence.js'
import { sandbox } from '../helpers/sandbox.js'

const whole = (v: unknown) => [...jsonPieces(v)].join('')

/** A sandbox whose default tenant holds `n` more Baloan settlements, and a state file path beside it. */
const seeded = async (t: Test, n: number) => {
  const d = mkdtempSync(join(tmpdir(), 'pardakht-sliced-'))
  const app = await sandbox(t)
  const settlements = app.sandbox.store.defaultTenant.baloan.settlements as unknown[]
  for (let i = 0; i < n; i++) settlements.push({ id: i + 1, code: `SEED-${i}`, total: 1000, created_at: '2026-11-22T08:00:00.000Z' })
  return { d, file: join(d, 'state.json'), app, settlements }
}

t.test('the pieces join to exactly what JSON.stringify gives', async (t) => {
  // containers of every size around the walk/batch threshold, with the values JSON.stringify skips or converts
  const odd = fc.constantFrom(undefined, () => 1, Symbol('s'), new Date(0), NaN, -0, Infinity, null)
  const leaf = fc.oneof(fc.jsonValue(), odd)
  const big = fc.integer({ min: 250, max: 700 }).chain((n) =>
    fc.oneof(
      fc.array(leaf, { minLength: n, maxLength: n }),
      fc.uniqueArray(fc.string(), { minLength: n, maxLength: n }).map((keys) => Object.fromEntries(keys.map((k, i) => [k, i % 7 === 0 ? undefined : { i, k }])))
    )
  )
  const tree = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf, big, fc.array(tie('node'), { maxLength: 5 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 5 }))
  })).node
  fc.assert(fc.property(tree, (v) => whole(v) === (JSON.stringify(v) ?? '')), { numRuns: 300 })
  t.equal(whole({ a: [undefined, () => 1], b: undefined, c: new Date(0) }), JSON.stringify({ a: [undefined, () => 1], b: undefined, c: new Date(0) }))
})

t.test('a container changed while it is walked: nothing listed before is skipped or repeated', async (t) => {
  const records = Array.from({ length: 1000 }, (_, i) => ({ id: i }))
  const state = { records, index: Object.fromEntries(records.map((r) => [`k${r.id}`, r.id])) }
  const pieces = jsonPieces(state)
  const out: string[] = []
  for (const p of pieces) {
    out.push(p)
    // handlers run between two slices: insert at the front, remove, change in place
    if (p === '[') {
      records.unshift({ id: -1 })
      records.splice(500, 1)
      records[999].id = 4242
    }
    if (p.startsWith('"k0"')) {
      delete state.index.k999
      state.index.knew = 1
    }
  }
  const written = JSON.parse(out.join('')) as { records: Array<{ id: number }>; index: Record<string, number> }
  t.equal(written.records.length, 1000, 'the entries listed when the walk reached the array')
  t.same(written.records.slice(0, 3).map((r) => r.id), [0, 1, 2])
  t.equal(written.records[999].id, 4242, 'an entry changed in place is written as it is now')
  t.notOk('knew' in written.index, 'a key added after the object was listed waits for the next write')
  t.notOk('k999' in written.index, 'a key removed before its piece is not written')
  t.equal(Object.keys(written.index).length, 999)
})

t.test('the writer gives the event loop back between slices and the file is the state', async (t) => {
  const { d, file, app, settlements } = await seeded(t, 50_000)
  const persistence = new StatePersistence(file, app.sandbox.store, { sliceMs: 1, share: 0.5 })
  let turns = 0
  let writing = true
  const tick = () => {
    turns++
    if (writing) setImmediate(tick)
  }
  setImmediate(tick)
  await persistence.flush()
  writing = false
  t.ok(turns > 3, `other work ran while the state was written (${turns} turns of the event loop)`)
  t.same(JSON.parse(readFileSync(file, 'utf8')), JSON.parse(JSON.stringify(app.sandbox.store.persistedView())))
  t.same(readdirSync(d), ['state.json'], 'the temporary file was renamed over the state file')
  t.equal(persistence.status().pending, false)
  t.ok(persistence.status().durable_at)
})

t.test('a slice buffer smaller than the pieces: pieces wait for the next slice or are written whole, and the file is the state', async (t) => {
  const { file, app } = await seeded(t, 5_000)
  // Persian text (3 bytes per character in UTF-8) and pieces of ~64 records, most larger than 2 KB
  app.sandbox.store.state.tenants.default.baloan.customers['0000000000'] = { national_identifier: '0000000000', credit: 1, phone: '09120000000', first_name: 'آزمایش'.repeat(400) } as never
  const persistence = new StatePersistence(file, app.sandbox.store, { sliceMs: 1, share: 0.5, chunkBytes: 2048 })
  await persistence.flush()
  t.equal(readFileSync(file, 'utf8'), JSON.stringify(app.sandbox.store.persistedView()))
})

t.test('a write that fails keeps the server up, reports the error, and stays pending', async (t) => {
  const app = await sandbox(t)
  const persistence = new StatePersistence(join(tmpdir(), 'no-such-dir-' + process.pid, 'state.json'), app.sandbox.store)
  await persistence.flush()
  const status = persistence.status()
  t.match(status, { durable_at: null, pending: true, error: /ENOENT/ })
})

/** Requests keeping the event loop busy: every turn works `ms` synchronously, until stopped. */
const busyLoop = (ms: number) => {
  let on = true
  let busy = 0
  const turn = () => {
    if (!on) return
    const end = performance.now() + ms
    while (performance.now() < end);
    busy += ms
    setImmediate(turn)
  }
  setImmediate(turn)
  return { stop: () => void (on = false), busyMs: () => busy }
}

t.test('closing stops the pauses of a write under way', async (t) => {
  const { d, file, app, settlements } = await seeded(t, 50_000)
  // a share this small pauses >= 10 s after every 1 ms slice of a busy server: closing must end
  // the pause under way, not only skip the ones after it
  const persistence = new StatePersistence(file, app.sandbox.store, { sliceMs: 1, share: 0.0001 })
  const load = busyLoop(2)
  t.teardown(load.stop)
  void persistence.flush()
  await new Promise((r) => setTimeout(r, 50))
  const closed = await Promise.race([persistence.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still pausing'), 5_000))])
  load.stop()
  t.equal(closed, 'closed')
  t.equal(JSON.parse(readFileSync(file, 'utf8')).state.tenants.default.baloan.settlements.length, settlements.length)
})

t.test('a busy server gives the writer its share of the time; an idle one lets it write at full speed', async (t) => {
  const { file, app } = await seeded(t, 50_000)
  // busy: the loop works 2 ms a turn without end, as under saturating load
  const busy = new StatePersistence(file, app.sandbox.store, { sliceMs: 1, share: 0.05 })
  const load = busyLoop(2)
  t.teardown(load.stop)
  const t0 = performance.now()
  await busy.flush()
  const wall = performance.now() - t0
  load.stop()
  const writer = (wall - load.busyMs()) / wall
  // at full speed the writer would take about half (a slice, a turn, a slice...)
  t.ok(writer < 0.2, `the writer took ${(writer * 100).toFixed(1)}% of a busy server's time (share 5%)`)
  // idle: a share this small would pause ~1000 times each slice's length, ~100 s for this state
  const idle = new StatePersistence(file, app.sandbox.store, { sliceMs: 1, share: 0.001 })
  const done = await Promise.race([idle.flush().then(() => 'written'), new Promise((r) => setTimeout(() => r('still pausing'), 10_000))])
  t.equal(done, 'written', 'pauses end when no request wants the time')
  t.equal(readFileSync(file, 'utf8'), JSON.stringify(app.sandbox.store.persistedView()))
})

t.test('changes during a write ask for one more write, not one per change', async (t) => {
  const { d, file, app, settlements } = await seeded(t, 20_000)
  const persistence = new StatePersistence(file, app.sandbox.store, { sliceMs: 1, share: 0.5 })
  let writes = 0
  const write = (persistence as unknown as { write(): Promise<void> }).write.bind(persistence)
  ;(persistence as unknown as { write(): Promise<void> }).write = () => (writes++, write())
  const first = persistence.flush()
  const during = [persistence.flush(), persistence.flush(), persistence.flush()]
  settlements.push({ id: 0, code: 'LAST', total: 1, created_at: '2026-11-22T08:00:00.000Z' })
  await Promise.all([first, ...during])
  t.equal(writes, 2, 'the write under way, then one more for everything asked during it')
  t.equal(JSON.parse(readFileSync(file, 'utf8')).state.tenants.default.baloan.settlements.at(-1).code, 'LAST')
  await persistence.flush()
  t.equal(writes, 3, 'a flush after the loop ended starts a new write')
})
