/**
 * The control plane (`/__sandbox`), the contract tests and QA rely on (DESIGN.md): health, reset,
 * tenants, SMS outbox, clock, faults, request journal, state and snapshots, OpenAPI documents and
 * the docs UI, and each provider's simulation actions.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import swagger from '@fastify/swagger'
import type { SandboxContext } from '../core/context.js'
import { FaultError, type FaultSpec } from '../core/faults.js'
import type { SandboxState } from '../state/model.js'
import { StateError } from '../state/store.js'
import { PROVIDERS } from '../providers/registry.js'
import { VERSION } from '../version.js'
import { TenantQuery, problem, tenantView } from './helpers.js'
import { CONTROL_PLANE_DOCS as DOC } from './descriptions.js'
import { lazyDocsUi } from './docs-ui.js'
import { webhookRoutes } from './webhooks.js'
import { servedDocument } from './openapi.js'

export const controlPlane =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    const { store, clock, journal, faults } = ctx
    // Postman and many fetch wrappers send `Content-Type: application/json` with an empty body on
    // a POST that has nothing to say: here that is `{}`, not a parse error. Only the control
    // plane: provider routes keep the provider's own answer to an empty JSON body.
    const parseJson = app.getDefaultJsonParser('error', 'error')
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
      (body as string).trim() === '' ? done(null, {}) : parseJson(req, body as string, done)
    )

    /**
     * A fault's or journal filter's `path` is the provider's own path; written with the sandbox's
     * host prefix or as the real URL it is taken as that path, and the host names the provider.
     * Answers false (after a 400) when it cannot be a provider path.
     */
    const normalisePath = (reply: FastifyReply, filter: { provider?: string; path?: string }): boolean => {
      if (filter.path === undefined || filter.path === '') return true
      const own = ctx.hosts.ownPath(filter.path)
      if (own.provider) {
        if (filter.provider && filter.provider !== own.provider) {
          problem(reply, 400, 'bad_request', `path names the host ${own.host}, which is ${own.provider}'s, but provider is "${filter.provider}"`)
          return false
        }
        filter.provider = own.provider
        filter.path = own.path
      }
      if (!filter.path.startsWith('/') && filter.path !== '*') {
        problem(reply, 400, 'bad_request', `path is the provider's own path and starts with "/", e.g. "/api/v2/merchant/check-credit/" or "/api/v2/*" (got "${filter.path}")`)
        return false
      }
      return true
    }
    // The control plane's own OpenAPI document (tagged routes), shown in the docs UI.
    await app.register(swagger, {
      openapi: { openapi: '3.0.3', info: { title: 'pardakht-sandbox control plane', version: VERSION } },
      hideUntagged: true
    })
    // Response schemas document the answers (sandbox/answers/); answers go out as built, never
    // trimmed or coerced by a serializer (the client tests check them against the schemas).
    app.setSerializerCompiler(() => (data) => JSON.stringify(data))

    if (ctx.config.adminToken) {
      const expected = `Bearer ${ctx.config.adminToken}`
      app.addHook('onRequest', async (req, reply) => {
        if (req.headers.authorization !== expected) return problem(reply, 401, 'unauthorized', 'the control plane needs Authorization: Bearer <admin token>')
      })
    }

    app.get('/health', { schema: { tags: ['sandbox'], ...DOC.health } }, async () => ({
      status: 'ok',
      version: VERSION,
      providers: PROVIDERS.map((p) => p.name),
      ...(ctx.persistence ? { state_file: ctx.persistence.status() } : {})
    }))

    app.post('/reset', { schema: { tags: ['sandbox'], ...DOC.reset, querystring: TenantQuery } }, async (req, reply) => {
      const { tenant } = req.query as { tenant?: string }
      if (tenant) {
        if (!store.resetTenant(tenant)) return problem(reply, 404, 'tenant_not_found', `no tenant "${tenant}"`)
        return { status: 'ok', tenant }
      }
      store.resetAll()
      journal.clear()
      ctx.webhooks.reset()
      faults.clear()
      ctx.limiter.reset()
      clock.reset()
      store.changed()
      return { status: 'ok' }
    })

    // ---- tenants ----------------------------------------------------------------------
    app.post('/tenants', { schema: { tags: ['sandbox'], ...DOC.createTenant } }, async (_req, reply) => reply.code(201).send(tenantView(store.createTenant())))
    app.get('/tenants', { schema: { tags: ['sandbox'], ...DOC.tenants } }, async () => ({
      tenants: store.tenantIds().map((id) => ({ id, created_at: store.tenant(id)!.created_at }))
    }))
    app.get('/tenants/:id', { schema: { tags: ['sandbox'], ...DOC.tenant, params: Type.Object({ id: Type.String() }) } }, async (req, reply) => {
      const t = store.tenant((req.params as { id: string }).id)
      return t ? tenantView(t) : problem(reply, 404, 'tenant_not_found', `no tenant "${(req.params as { id: string }).id}"`)
    })

    // ---- SMS outbox -------------------------------------------------------------------
    const SmsQuery = Type.Object({ to: Type.Optional(Type.String()), provider: Type.Optional(Type.String()), tenant: Type.Optional(Type.String()) })
    app.get('/sms', { schema: { tags: ['sandbox'], ...DOC.sms, querystring: SmsQuery } }, async (req) => {
      const q = req.query as { to?: string; provider?: string; tenant?: string }
      return { messages: store.sms(q).map(({ id: _id, ...m }) => m) }
    })
    app.delete('/sms', { schema: { tags: ['sandbox'], ...DOC.clearSms } }, async (_req, reply) => {
      store.state.outbox = []
      store.changed()
      return reply.code(204).send()
    })

    // ---- clock ------------------------------------------------------------------------
    app.get('/clock', { schema: { tags: ['sandbox'], ...DOC.clock } }, async () => clock.toJSON())
    app.post(
      '/clock/advance',
      {
        schema: {
          tags: ['sandbox'],
          ...DOC.advance,
          body: Type.Object({ seconds: Type.Number({ minimum: 0, maximum: 100 * 365 * 86400, description: 'at most 100 years' }) }, { examples: [{ seconds: 3600 }] })
        }
      },
      async (req) => {
        clock.advance((req.body as { seconds: number }).seconds)
        store.changed()
        return clock.toJSON()
      }
    )
    app.post(
      '/clock',
      {
        schema: {
          tags: ['sandbox'],
          ...DOC.setClock,
          // Number first: with the string first, Ajv's type coercion turned a unix time into a string Date.parse refused.
          body: Type.Object({ now: Type.Union([Type.Number(), Type.String({ minLength: 1 })]) }, { examples: [{ now: '2025-03-01T10:00:00Z' }, { now: 1740823200 }] })
        }
      },
      async (req, reply) => {
        const { now } = req.body as { now: string | number }
        const at = typeof now === 'number' ? (now < 1e12 ? now * 1000 : now) : Date.parse(now)
        if (!Number.isFinite(at)) return problem(reply, 400, 'bad_request', '`now` must be an ISO date-time or a unix time')
        clock.set(at)
        store.changed()
        return clock.toJSON()
      }
    )

    // ---- faults -----------------------------------------------------------------------
    const ProviderName = Type.Union(
      PROVIDERS.map((p) => Type.Literal(p.name)),
      { description: 'a provider name' }
    )
    const FaultBody = Type.Object(
      {
        provider: Type.Optional(ProviderName),
        method: Type.Optional(Type.String()),
        path: Type.Optional(
          Type.String({ description: "the provider's own path (`/api/v2/merchant/check-credit/`); a trailing `*` matches a prefix. A host prefix (`/api.baloan.ir/api/...`) or the real URL is accepted and reduced to it" })
        ),
        tenant: Type.Optional(Type.String()),
        times: Type.Optional(Type.Integer({ minimum: 0 })),
        status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
        body: Type.Optional(Type.Unknown()),
        headers: Type.Optional(Type.Record(Type.String(), Type.String())),
        delay_ms: Type.Optional(Type.Number({ minimum: 0, maximum: 600000 })),
        drop: Type.Optional(Type.Boolean())
      },
      { examples: DOC.faultExamples }
    )
    app.post('/faults', { schema: { tags: ['sandbox'], ...DOC.fault, body: FaultBody } }, async (req, reply) => {
      const spec = { ...(req.body as FaultSpec) }
      if (!normalisePath(reply, spec)) return reply
      try {
        return reply.code(201).send(faults.add(spec))
      } catch (e) {
        if (e instanceof FaultError) return problem(reply, 400, 'bad_request', e.message)
        throw e
      }
    })
    app.get('/faults', { schema: { tags: ['sandbox'], ...DOC.faults } }, async () => ({ faults: faults.list() }))
    app.delete('/faults', { schema: { tags: ['sandbox'], ...DOC.clearFaults } }, async (_req, reply) => {
      faults.clear()
      return reply.code(204).send()
    })
    app.delete('/faults/:id', { schema: { tags: ['sandbox'], ...DOC.deleteFault, params: Type.Object({ id: Type.String() }) } }, async (req, reply) =>
      faults.remove((req.params as { id: string }).id) ? reply.code(204).send() : problem(reply, 404, 'fault_not_found', 'no such fault')
    )

    // ---- request journal --------------------------------------------------------------
    const JournalQuery = Type.Object({
      provider: Type.Optional(ProviderName),
      method: Type.Optional(Type.String()),
      path: Type.Optional(Type.String({ description: "the provider's own path, a trailing `*` matching a prefix; a host prefix or the real URL is accepted" })),
      tenant: Type.Optional(Type.String()),
      limit: Type.Optional(Type.Integer({ minimum: 1 }))
    })
    app.get('/requests', { schema: { tags: ['sandbox'], ...DOC.journal, querystring: JournalQuery } }, async (req, reply) => {
      const q = { ...(req.query as { provider?: string; method?: string; path?: string; tenant?: string; limit?: number }) }
      if (!normalisePath(reply, q)) return reply
      const all = journal.list(q)
      const requests = q.limit ? all.slice(-q.limit) : all
      return { count: all.length, requests }
    })
    app.delete('/requests', { schema: { tags: ['sandbox'], ...DOC.clearJournal, querystring: JournalQuery } }, async (req, reply) => {
      const q = { ...(req.query as { provider?: string; path?: string }) }
      if (!normalisePath(reply, q)) return reply
      return { deleted: journal.clear(q) }
    })

    // ---- outgoing webhooks -------------------------------------------------------------
    webhookRoutes(app, ctx)

    // ---- state and snapshots ----------------------------------------------------------
    app.get('/state', { schema: { tags: ['sandbox'], ...DOC.exportState } }, async () => store.export())
    app.put('/state', { bodyLimit: 256 * 1024 * 1024, schema: { tags: ['sandbox'], ...DOC.importState } }, async (req, reply) => {
      try {
        store.import(req.body as SandboxState)
      } catch (e) {
        if (e instanceof StateError) return problem(reply, 400, 'invalid_state', e.message)
        throw e
      }
      return { status: 'ok', tenants: store.tenantIds().length }
    })
    const SnapshotName = Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })
    app.post('/snapshots', { schema: { tags: ['sandbox'], ...DOC.snapshot, body: Type.Object({ name: SnapshotName }, { examples: [{ name: 'before-checkout' }] }) } }, async (req, reply) =>
      reply.code(201).send(store.saveSnapshot((req.body as { name: string }).name))
    )
    app.get('/snapshots', { schema: { tags: ['sandbox'], ...DOC.snapshots } }, async () => ({ snapshots: store.listSnapshots() }))
    app.post('/snapshots/:name/restore', { schema: { tags: ['sandbox'], ...DOC.restoreSnapshot, params: Type.Object({ name: SnapshotName }) } }, async (req, reply) => {
      const { name } = req.params as { name: string }
      return store.restoreSnapshot(name) ? { status: 'ok', name } : problem(reply, 404, 'snapshot_not_found', `no snapshot "${name}"`)
    })
    app.delete('/snapshots/:name', { schema: { tags: ['sandbox'], ...DOC.deleteSnapshot, params: Type.Object({ name: SnapshotName }) } }, async (req, reply) =>
      store.deleteSnapshot((req.params as { name: string }).name) ? reply.code(204).send() : problem(reply, 404, 'snapshot_not_found', 'no such snapshot')
    )

    // ---- OpenAPI and docs ---------------------------------------------------------------
    app.get('/openapi/:file', { schema: { hide: true } }, async (req, reply) => {
      const name = (req.params as { file: string }).file.replace(/\.json$/, '')
      const doc = ctx.openapi.get(name)
      return doc ? servedDocument(req, doc()) : problem(reply, 404, 'not_found', `no OpenAPI document for "${name}"`)
    })
    // ---- provider simulation actions -------------------------------------------------
    for (const p of PROVIDERS) p.actions?.(app, ctx)

    // The docs UI lists every provider's document and the control plane's own.
    lazyDocsUi(app, {
      routePrefix: '/docs',
      uiConfig: {
        urls: [
          ...PROVIDERS.map((p) => ({ name: p.title, url: `/__sandbox/openapi/${p.name}.json` })),
          { name: 'control plane', url: '/__sandbox/docs/json' }
        ]
      } as never
    })
  }
