import t, { type Test } from 'tap'
import fc from 'fast-check'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freezeThrough, jsonPieces, snapshot } from '../../src/state/sliced-json.js'
import { StatePersistence } from '../../src/state/persistence.js'
import { baloanLogin, sandbox, settleV2, transactionToken } from '../helpers/sandbox.js'
import { KEY, ipgPost, paidPayment } from '../helpers/vandar.js'
import { moneyAtStart, moneyProblems, seedMoney } from '../helpers/state-invariants.js'

const whole = (v: unknown) => [...jsonPieces(snapshot(v))].join('')

/** A sandbox whose default tenant holds `n` more Baloan settlements, and a state file path beside it. */
const seeded = async (t: Test, n: number) => {
  const d = mkdtempSync(join(tmpdir(), 'pardakht-sliced-'))
  const app = await sandbox(t)
  const settlements = app.sandbox.store.defaultTenant.baloan.settlements as unknown[]
  for (let i = 0; i < n; i++) settlements.push({ id: i + 1, code: `SEED-${i}`, total: 1000, created_at: '2026-11-22T08:00:00.000Z' })
  return { d, file: join(d, 'state.json'), app, settlements }
}

const odd = fc.constantFrom(undefined, () => 1, Symbol('s'), new Date(0), NaN, -0, Infinity, null)
const leaf = fc.oneof(fc.jsonValue(), odd)
// containers of every size around the walk/batch threshold
const big = fc.integer({ min: 250, max: 700 }).chain((n) =>
  fc.oneof(
    fc.array(leaf, { minLength: n, maxLength: n }),
    fc.uniqueArray(fc.string(), { minLength: n, maxLength: n }).map((keys) => Object.fromEntries(keys.map((k, i) => [k, i % 7 === 0 ? undefined : { i, k, tags: [k] }])))
  )
)
const deepFreeze = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}
const tree = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    big,
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(fc.string(), tie('node'), { maxKeys: 5 }),
    // frozen records: one frozen through (shared by a snapshot), one holding an object that is not
    fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 }).map(deepFreeze),
    fc.record({ id: fc.integer(), pockets: fc.dictionary(fc.string(), fc.integer(), { maxKeys: 3 }) }).map((r) => Object.freeze(r))
  )
})).node

/** What a handler might do to every part of a value: change in place, add, remove, move a Date. */
const changeEverything = (v: unknown): void => {
  if (typeof v !== 'object' || v === null) return
  if (v instanceof Date) return void v.setTime(v.getTime() + 1000)
  // what is frozen cannot change, but what it holds may
  const frozen = Object.isFrozen(v)
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] === 'object' && v[i] !== null) changeEverything(v[i])
      else if (!frozen) v[i] = 'changed'
    }
    if (!frozen) v.push('added')
    return
  }
  const o = v as Record<string, unknown>
  for (const k of Object.keys(o)) {
    const x = o[k]
    if (typeof x === 'object' && x !== null) changeEverything(x)
    else if (!frozen && k !== '__proto__') o[k] = 'changed'
  }
  if (frozen) return
  const first = Object.keys(o)[0]
  if (first !== undefined && first !== '__proto__') delete o[first]
  o['added-key'] = 'added'
}

t.test('the pieces join to exactly what JSON.stringify gives', async (t) => {
  fc.assert(fc.property(tree, (v) => whole(v) === (JSON.stringify(v) ?? '')), { numRuns: 300 })
  t.equal(whole({ a: [undefined, () => 1], b: undefined, c: new Date(0) }), JSON.stringify({ a: [undefined, () => 1], b: undefined, c: new Date(0) }))
})

t.test('a snapshot is the value of its moment: nothing changed after it, however deep, is in its pieces', async (t) => {
  fc.assert(
    fc.property(tree, (v) => {
      const before = JSON.stringify(v) ?? ''
      const taken = snapshot(v)
      changeEverything(v)
      return [...jsonPieces(taken)].join('') === before
    }),
    { numRuns: 300 }
  )
  // the cases by name: a record of a large collection changed in place, an object inside one (a
  // BazaarPay user's pockets), an entry added to and one removed from a large map
  const users = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`0912${i}`, { balance: i, pockets: { main: i } }]))
  const state = { users, ledger: Array.from({ length: 1000 }, (_, i) => Object.freeze({ id: i, total: 10 })) }
  const before = JSON.stringify(state)
  const taken = snapshot(state)
  users['09120'].balance = -1
  users['09121'].pockets.main = -1
  delete users['09122']
  users.new = { balance: 0, pockets: { main: 0 } }
  state.ledger.push(Object.freeze({ id: 1000, total: 10 }))
  t.equal([...jsonPieces(taken)].join(''), before)
})

t.test('freezeThrough freezes every level of what a request sent, however deep it nests', async (t) => {
  // settle-confirm freezes its `data`: a multipart field of 1 MB nests deeper than the call stack
  const depth = 50_000
  const data = JSON.parse('{"bill":{"total":1},"deep":' + '['.repeat(depth) + ']'.repeat(depth) + '}') as { deep: unknown[] }
  t.equal(freezeThrough(data), data)
  let level: unknown[] = data.deep
  while (level.length > 0) level = level[0] as unknown[]
  t.ok(Object.isFrozen(data) && Object.isFrozen(level), 'the top and the innermost level are frozen')
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

t.test('the file holds the state of the moment the write started: verifies and settlements between its slices wait for the next write', async (t) => {
  const d = mkdtempSync(join(tmpdir(), 'pardakht-sliced-'))
  const file = join(d, 'state.json')
  const app = await sandbox(t, { rateLimits: false })
  const store = app.sandbox.store
  const start = moneyAtStart(store.defaultTenant)
  // large enough that a write takes many 1 ms slices, Vandar's payments among them (between the wallet and the statement)
  await seedMoney(app, { settlements: 20_000, payments: 5_000 })
  const access = await baloanLogin(app)
  const work: Array<{ payment: string; txn: string }> = []
  // one at a time: a new OTP replaces the customer's last one
  for (let i = 0; i < 20; i++) work.push({ payment: await paidPayment(app), txn: await transactionToken(app, access) })
  const persistence = new StatePersistence(file, store, { sliceMs: 1, share: 0.5 })

  const expected = JSON.stringify(store.persistedView())
  const requests: Array<Promise<unknown>> = []
  let writing = true
  // a verify and a settle-confirm every few milliseconds of the write, so some land while Baloan's
  // part is written and some while Vandar's is
  const moveMoney = () => {
    if (!writing || requests.length === 2 * work.length) return
    const { payment, txn } = work[requests.length / 2]
    requests.push(ipgPost(app, 'verify', { api_key: KEY, token: payment }), settleV2(app, access, txn, 1000, `LIVE-${requests.length}`))
    setTimeout(moveMoney, 3)
  }
  setImmediate(moveMoney)
  await persistence.flush()
  writing = false
  const answers = await Promise.all(requests)
  t.ok(requests.length >= 4, `${requests.length / 2} verifies and settlements ran while the file was written`)
  t.ok(answers.every((r) => (r as { statusCode: number }).statusCode === 200), 'each of them succeeded')
  const last = store.defaultTenant.baloan.settlements.at(-1)!
  t.ok(Object.isFrozen(last) && Object.isFrozen((last.data as { bill: object }).bill), 'a settlement is stored frozen through, so writes share it instead of copying it')

  const written = readFileSync(file, 'utf8')
  t.ok(written === expected, 'the file is the state as it was when the write started, byte for byte')
  t.same(moneyProblems(JSON.parse(written).state.tenants.default, start), [], 'so wallet and statement, credit and settlements agree')
  await persistence.flush()
  const next = JSON.parse(readFileSync(file, 'utf8'))
  t.equal(next.state.tenants.default.baloan.settlements.length, 20_000 + requests.length / 2, 'the next write holds what moved during the first')
  t.same(moneyProblems(next.state.tenants.default, start), [])
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
