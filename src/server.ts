/**
 * buildSandbox(options): the one place where the sandbox is wired — the shared context, the
 * hooks every provider request passes (fault injection, journal), the providers, the control
 * plane and the dashboard.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { Clock } from './core/clock.js'
import { Journal, type JournalRecord } from './core/journal.js'
import { Faults } from './core/faults.js'
import { RateLimiter } from './core/rate-limit.js'
import { HostTable } from './core/hosts.js'
import { RouteTable } from './core/provider.js'
import { lazyCompilersFactory } from './core/lazy-compilers.js'
import { answerCoalescing } from './core/coalesce.js'
import { notFoundAnswer } from './core/not-found.js'
import { Lifecycles } from './core/lifecycle.js'
import { Scheduler } from './core/scheduler.js'
import { WebhookQueue } from './core/webhooks.js'
import type { SandboxContext, SandboxRequestInfo } from './core/context.js'
import { defaultConfig, type SandboxConfig } from './config.js'
import { Store } from './state/store.js'
import { loadFixtures } from './state/fixtures.js'
import { PROVIDERS } from './providers/registry.js'
import { controlPlane } from './sandbox/routes.js'
import { validationMessage } from './sandbox/validation.js'
import { dashboard } from './pages/dashboard.js'

declare module 'fastify' {
  interface FastifyInstance {
    sandbox: SandboxContext
  }
}

/** Sends an injected fault's answer: JSON for objects, HTML or text for strings. */
const sendFaultBody = (reply: FastifyReply, status: number, body: unknown, headers: Record<string, string> = {}) => {
  reply.code(status).headers(headers)
  if (body === undefined || body === null) return reply.send('')
  if (typeof body === 'string') {
    if (!reply.hasHeader('content-type')) reply.type(/^\s*</.test(body) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8')
    return reply.send(body)
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body))
}

export const buildSandbox = async (options: Partial<SandboxConfig> = {}): Promise<FastifyInstance> => {
  const config: SandboxConfig = { ...defaultConfig(), ...options }
  const clock = new Clock()
  const fixtures = loadFixtures(PROVIDERS.map((p) => p.name), config.fixtures)
  if (config.seed !== undefined) fixtures.seed = config.seed
  const store = new Store(fixtures, clock, PROVIDERS)
  const hosts = new HostTable()
  for (const p of PROVIDERS) for (const host of p.hosts) hosts.add({ host, provider: p.name })

  const ctx: SandboxContext = {
    config,
    clock,
    store,
    journal: new Journal(config.journalLimit),
    faults: new Faults(),
    limiter: new RateLimiter(clock, config.rateLimits),
    hosts,
    lifecycles: undefined as never, // below: it needs the context it belongs to
    webhooks: new WebhookQueue(clock),
    openapi: new Map(),
    styles: new Map(),
    routes: new Map(),
    peekTenant: new Map(),
    faultBodies: new Map()
  }
  ctx.lifecycles = new Lifecycles(ctx)

  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // Host-header routing: `Host: api.baloan.ir` serves `/api/...` as `/api.baloan.ir/api/...`.
    rewriteUrl: (req) => hosts.rewrite(req.url ?? '/', req.headers.host),
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    schemaController: { compilersFactory: lazyCompilersFactory() as never },
    // The control plane may take whole exported states (its state import raises this per route).
    bodyLimit: 1024 * 1024,
    // a request that arrives while the server closes gets a 503, not a reset connection
    return503OnClosing: true,
    forceCloseConnections: true,
    // A URL Fastify cannot decode never reaches a route: the provider still answers, in its style.
    frameworkErrors: (err, req, reply) => {
      const where = hosts.classify(req.url)
      const style = where && ctx.styles.get(where.host)
      if (style) return style.notFound(req, reply, new RouteTable(), where.path)
      return (reply as FastifyReply).code(400).send({ error: 'bad_request', message: err.message })
    }
  })
  app.decorate('sandbox', ctx)
  app.decorateRequest('sandbox', null)
  app.decorateRequest('tenant', null)

  // ---- every provider request: classify, inject faults, journal -------------------------
  // Callback-style hooks: they run on every request, and an async hook costs a promise each.
  app.addHook('onRequest', (req, reply, done) => {
    const where = hosts.classify(req.url)
    if (!where) return done()
    // every field written here, so all requests' info objects share one shape
    const info: SandboxRequestInfo = (req.sandbox = {
      provider: where.provider,
      path: where.path,
      started: performance.now(),
      tenant: null,
      fault: undefined,
      bodyText: undefined,
      bodyJson: false,
      note: undefined
    })
    if (ctx.faults.size === 0) return done()
    const tenant = ctx.peekTenant.get(where.provider)?.(req)
    const fault = ctx.faults.take({ provider: where.provider, method: req.method, path: where.path, tenant })
    if (!fault) return done()
    info.fault = fault.id
    info.tenant = tenant ?? null
    const act = () => {
      if (fault.drop) {
        ctx.journal.record(journalRecord(req, 0, null))
        req.sandbox = null
        reply.hijack()
        req.raw.socket?.destroy()
        return
      }
      if (fault.status !== undefined) {
        // A fault naming only a status gets the provider's own body for it (BazaarPay's nginx 503).
        const body = fault.body === undefined ? ctx.faultBodies.get(where.provider)?.(fault.status) : fault.body
        return void sendFaultBody(reply, fault.status, body, fault.headers)
      }
      done()
    }
    if (fault.delay_ms) setTimeout(act, fault.delay_ms)
    else act()
  })

  const journalRecord = (req: FastifyRequest, status: number, body: unknown): JournalRecord => {
    const info = req.sandbox!
    return {
      atMs: clock.now(),
      tenant: info.tenant,
      provider: info.provider,
      method: req.method,
      path: info.path,
      url: req.url,
      status,
      duration_ms: Math.round((performance.now() - info.started) * 100) / 100,
      rawHeaders: req.raw.rawHeaders,
      requestText: info.bodyText,
      requestJson: info.bodyJson,
      requestBody: req.body,
      responseBody: body,
      fault: info.fault,
      note: info.note
    }
  }

  // Registered first, so the hooks below run once per answer when its bytes leave.
  if (config.coalesceAnswers) await app.register(answerCoalescing)
  // The journal entry is recorded when the answer is ready (it has the payload and the status);
  // an onResponse as well would cost every request another hook run.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.sandbox) {
      ctx.journal.record(journalRecord(req, reply.statusCode, payload))
      // Every provider write goes through a request: mark the store for the debounced write,
      // unless the route declares itself read-only (`config: { readOnly: true }`).
      if (req.method !== 'GET' && req.method !== 'HEAD' && !req.routeOptions.config.readOnly) store.changed()
    }
    done(null, payload)
  })

  // Before any plugin: an awaited register copies the error handler its context has then.
  // Providers answer in their own styles; this one is the control plane's (and the dashboard's).
  app.setErrorHandler((err: { statusCode?: number; message: string; validation?: unknown; validationContext?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500
    if (status >= 500) req.log.error({ err }, 'sandbox error')
    const message = status >= 500 ? 'internal error' : (validationMessage(req, err) ?? err.message)
    return reply.code(status).send({ error: status >= 500 ? 'internal_error' : 'bad_request', message })
  })

  for (const p of PROVIDERS) await p.register(app, ctx)
  // What falls due on the sandbox clock happens even when nobody asks.
  const scheduler = new Scheduler(clock)
  scheduler.add((now) => ctx.lifecycles.sweepAll(now))
  scheduler.add((now) => ctx.webhooks.drain(now))
  scheduler.start(1000)
  app.addHook('onClose', async () => {
    scheduler.stop()
    ctx.webhooks.close()
  })
  await app.register(controlPlane(ctx), { prefix: '/__sandbox' })
  await app.register(dashboard(ctx))

  // Outside every provider host: most often a mistake with the URL rule, so the answer teaches it.
  app.setNotFoundHandler((req, reply) => reply.code(404).send(notFoundAnswer(ctx, req)))

  if (config.stateFile) {
    // loaded only with --state-file: lowdb and node:fs/promises were ~6 ms of every start
    const { StatePersistence } = await import('./state/persistence.js')
    const persistence = new StatePersistence(config.stateFile, store)
    await persistence.start()
    ctx.persistence = persistence
    app.addHook('onClose', async () => persistence.close())
  }
  return app
}
