/**
 * The docs UI (@fastify/swagger-ui) under `/__sandbox/docs`, loaded on its first request.
 * Registering it at start loads @fastify/static, send and yaml: a sixth of the sandbox's start-up
 * time, for a page most runs never open. So the sandbox keeps two catch-all routes and, on the
 * first request, builds the plugin in a small Fastify instance of its own whose answers pass
 * through unchanged; what it does not serve falls through to the sandbox's own 404.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui'

/** The control plane's `swagger()` (from @fastify/swagger), which `/docs/json` and `/docs/yaml` serve. */
type SwaggerDocument = (opts?: { yaml?: boolean }) => unknown

const NOT_FOUND = 'x-pardakht-sandbox-docs-not-found'
// Hop-by-hop and per-connection headers: the outer reply sets its own.
const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date'])

const buildUi = async (prefix: string, document: SwaggerDocument, options: FastifySwaggerUiOptions): Promise<FastifyInstance> => {
  const { default: swaggerUi } = await import('@fastify/swagger-ui')
  const ui = Fastify({ logger: false })
  // swagger-ui depends on a plugin named @fastify/swagger and reads `fastify.swagger()`: this one
  // answers with the control plane's document (skip-override: the decorator stays visible).
  const swaggerOfControlPlane = Object.assign(
    async (instance: FastifyInstance) => {
      instance.decorate('swagger', document as never)
    },
    { [Symbol.for('skip-override')]: true, [Symbol.for('plugin-meta')]: { name: '@fastify/swagger' } }
  )
  await ui.register(swaggerOfControlPlane)
  // Under the control plane's prefix, as it was registered in the sandbox. The page links its
  // assets relatively only when its URL ends in `/`; with a query (`?urls.primaryName=...`) it
  // links them from the route prefix, which must then include the control plane's.
  await ui.register(async (scope) => scope.register(swaggerUi, { ...options, indexPrefix: prefix }), { prefix })
  ui.setNotFoundHandler((_req, reply) => reply.code(404).header(NOT_FOUND, '1').send())
  await ui.ready()
  return ui
}

/**
 * Serves the docs UI at `routePrefix` within the control plane's plugin (`app`, which has
 * registered @fastify/swagger), so the control plane's hooks (the admin token) apply to it.
 */
export const lazyDocsUi = (app: FastifyInstance, options: FastifySwaggerUiOptions & { routePrefix: string }): void => {
  const document: SwaggerDocument = (opts) => (app as unknown as { swagger: SwaggerDocument }).swagger(opts)
  let ui: Promise<FastifyInstance> | undefined
  const page = app.prefix + options.routePrefix
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    // The page links its assets relatively (`./static/...`): without the trailing slash they
    // would resolve beside it and 404, so the bare path redirects to the page's own URL.
    const q = req.url.indexOf('?')
    if ((q === -1 ? req.url : req.url.slice(0, q)) === page) return reply.redirect(`${page}/${q === -1 ? '' : req.url.slice(q)}`, 302)
    ui ??= buildUi(app.prefix, document, options)
    // HEAD is asked as GET: the sandbox's own HEAD handling then drops the body, as before.
    const res = await (await ui).inject({ method: 'GET', url: req.url, headers: req.headers })
    if (res.headers[NOT_FOUND]) return reply.callNotFound()
    reply.code(res.statusCode)
    for (const [name, value] of Object.entries(res.headers)) if (!DROPPED.has(name) && value !== undefined) reply.header(name, value)
    return res.rawPayload.length > 0 || res.headers['content-type'] ? reply.send(res.rawPayload) : reply.send()
  }
  app.get(options.routePrefix, { schema: { hide: true } }, handler)
  app.get(`${options.routePrefix}/*`, { schema: { hide: true } }, handler)
  app.addHook('onClose', async () => {
    if (ui) await (await ui).close()
  })
}
