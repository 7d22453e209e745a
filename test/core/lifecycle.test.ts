import t from 'tap'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildSandbox } from '../../src/server.js'
import type { Lifecycle } from '../../src/core/lifecycle.js'
import type { Tenant } from '../../src/state/model.js'
import { json, sandbox } from '../helpers/sandbox.js'

/** A toy service: alarms that ring `delay` seconds after they are set, kept in the tenant's state. */
interface Alarm {
  id: string
  set_at: number
  rang_at: number | null
}
interface ToyData {
  delay_seconds: number
  alarms: Alarm[]
  rung: string[]
}

/** The toy's data, in the tenant beside the providers' (as a provider's would be). */
const toyOf = (tenant: Tenant) => (tenant as unknown as { toy?: ToyData }).toy

const alarms: Lifecycle<ToyData, Alarm> = {
  kind: 'toy:alarm',
  provider: 'toy',
  pending: (data) => data.alarms,
  dueAt: (a, data) => (a.rang_at === null ? a.set_at + data.delay_seconds * 1000 : null),
  settle: (_ctx, tenant, a, now) => {
    a.rang_at = now
    toyOf(tenant)!.rung.push(a.id)
  }
}

/** An alarm set now, in the default tenant's toy data (created on first use). */
const setAlarm = (app: FastifyInstance, id: string, tell = true): Alarm => {
  const tenant = app.sandbox.store.defaultTenant
  const toy = ((tenant as unknown as { toy?: ToyData }).toy ??= { delay_seconds: 60, alarms: [], rung: [] })
  const a: Alarm = { id, set_at: app.sandbox.clock.now(), rang_at: null }
  toy.alarms.push(a)
  if (tell) app.sandbox.lifecycles.waiting(tenant, alarms, a)
  return a
}

const advance = (app: FastifyInstance, seconds: number) => app.inject({ method: 'POST', url: '/__sandbox/clock/advance', payload: { seconds } })
const rung = (app: FastifyInstance, tenant: Tenant = app.sandbox.store.defaultTenant) => toyOf(tenant)?.rung ?? []

t.test('a registered lifecycle settles what waits once the sandbox clock reaches it, once', async (t) => {
  const app = await sandbox(t)
  app.sandbox.lifecycles.add(alarms)
  t.ok(app.sandbox.lifecycles.kinds().includes('toy:alarm'))
  const tenant = app.sandbox.store.defaultTenant
  setAlarm(app, 'before-heap')
  app.sandbox.lifecycles.sweep(tenant)
  setAlarm(app, 'into-heap')
  await advance(app, 30)
  setAlarm(app, 'later')
  app.sandbox.lifecycles.sweep(tenant)
  t.same(rung(app), [], 'nothing before its time')

  let writes = 0
  app.sandbox.store.onChange(() => writes++)
  // no await from here to the sweep: the timer cannot settle them first
  app.sandbox.clock.advance(30)
  app.sandbox.lifecycles.sweep(tenant)
  t.same(rung(app), ['before-heap', 'into-heap'], 'soonest first, each once')
  t.equal(writes, 1, 'the transitions mark the store changed')
  app.sandbox.lifecycles.sweep(tenant)
  t.same(rung(app), ['before-heap', 'into-heap'])

  // the timer performs it without any sweep from a request
  await advance(app, 30)
  for (let i = 0; i < 40 && rung(app).length < 3; i++) await new Promise((r) => setTimeout(r, 50))
  t.same(rung(app), ['before-heap', 'into-heap', 'later'], 'the timer settled it')
})

t.test('items that start waiting without telling the registry settle after a reschedule (a settings change)', async (t) => {
  const app = await sandbox(t)
  app.sandbox.lifecycles.add(alarms)
  const tenant = app.sandbox.store.defaultTenant
  setAlarm(app, 'a')
  app.sandbox.lifecycles.sweep(tenant)
  toyOf(tenant)!.delay_seconds = 10
  await advance(app, 10)
  app.sandbox.lifecycles.sweep(tenant)
  t.same(rung(app), [], 'the heap still holds the old due time')
  app.sandbox.lifecycles.reschedule(tenant)
  app.sandbox.lifecycles.sweep(tenant)
  t.same(rung(app), ['a'], 'rebuilt from pending()')
})

t.test('a lifecycle added after heaps were built still finds its records', async (t) => {
  const app = await sandbox(t)
  setAlarm(app, 'early', false)
  app.sandbox.lifecycles.sweep(app.sandbox.store.defaultTenant)
  app.sandbox.lifecycles.add(alarms)
  await advance(app, 60)
  app.sandbox.lifecycles.sweep(app.sandbox.store.defaultTenant)
  t.same(rung(app), ['early'])
  t.throws(() => app.sandbox.lifecycles.add({ ...alarms }), /registered twice/)
  t.throws(() => app.sandbox.lifecycles.waiting(app.sandbox.store.defaultTenant, { ...alarms, kind: 'toy:other' }, { id: 'x', set_at: 0, rang_at: null }), /not registered/)
})

t.test('pending items settle after a state import', async (t) => {
  const from = await sandbox(t)
  setAlarm(from, 'imported', false)
  const state = json(await from.inject({ method: 'GET', url: '/__sandbox/state' }))

  const app = await sandbox(t)
  app.sandbox.lifecycles.add(alarms)
  // a heap built before the import: the import must not keep it
  app.sandbox.lifecycles.sweep(app.sandbox.store.defaultTenant)
  t.equal((await app.inject({ method: 'PUT', url: '/__sandbox/state', payload: state })).statusCode, 200)
  app.sandbox.lifecycles.sweep(app.sandbox.store.defaultTenant)
  t.same(rung(app), [])
  await advance(app, 60)
  app.sandbox.lifecycles.sweep(app.sandbox.store.defaultTenant)
  t.same(rung(app), ['imported'])

  // and after a snapshot restore
  await app.inject({ method: 'POST', url: '/__sandbox/snapshots', payload: { name: 'rang' } })
  setAlarm(app, 'second')
  await app.inject({ method: 'POST', url: '/__sandbox/snapshots', payload: { name: 'set' } })
  await app.inject({ method: 'POST', url: '/__sandbox/snapshots/set/restore' })
  await advance(app, 60)
  app.sandbox.lifecycles.sweep(app.sandbox.store.defaultTenant)
  t.same(rung(app), ['imported', 'second'])
})

t.test('pending items settle after a restart from the state file', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'pardakht-lifecycle-')), 'state.json')
  const first = await buildSandbox({ logLevel: 'silent', stateFile: file })
  first.sandbox.lifecycles.add(alarms)
  setAlarm(first, 'across-restart')
  first.sandbox.lifecycles.sweep(first.sandbox.store.defaultTenant)
  first.sandbox.store.changed()
  await first.close()

  const second = await buildSandbox({ logLevel: 'silent', stateFile: file })
  t.teardown(() => second.close())
  second.sandbox.lifecycles.add(alarms)
  second.sandbox.lifecycles.sweep(second.sandbox.store.defaultTenant)
  t.same(rung(second), [])
  await advance(second, 60)
  second.sandbox.lifecycles.sweep(second.sandbox.store.defaultTenant)
  t.same(rung(second), ['across-restart'])
})

t.test('a transition that throws is dropped; the others due with it still settle', async (t) => {
  const app = await sandbox(t)
  const fragile: Lifecycle<ToyData, Alarm> = {
    ...alarms,
    settle: (ctx, tenant, a, now) => {
      if (a.id === 'bad') throw new Error('boom')
      alarms.settle(ctx, tenant, a, now)
    }
  }
  app.sandbox.lifecycles.add(fragile)
  const tenant = app.sandbox.store.defaultTenant
  app.sandbox.lifecycles.sweep(tenant)
  setAlarm(app, 'bad', false)
  app.sandbox.lifecycles.reschedule(tenant)
  setAlarm(app, 'good', false)
  app.sandbox.clock.advance(60)
  t.throws(() => app.sandbox.lifecycles.sweep(tenant), /boom/)
  app.sandbox.lifecycles.sweep(tenant)
  t.same(rung(app), ['good'])
})
