/**
 * The shared frame of a provider: a Fastify plugin context under `/<host>` with the body parsers
 * the provider accepts, a 404/405 for paths nobody serves, and one error handler, all rendering
 * in the provider's own style; plus the provider's OpenAPI document. A provider supplies the
 * style and its routes and never sees Fastify's default error body.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import formbody from '@fastify/formbody'
import swagger from '@fastify/swagger'
import sjson from 'secure-json-parse'
import type { SandboxContext } from './context.js'
import { multipartParser } from './multipart.js'
import { RouteTable, type ProviderStyle } from './style.js'

export { RouteTable, type ProviderStyle } from './style.js'

export interface ProviderScopeOptions {
  provider: string
  host: string
  style: ProviderStyle
  /** bytes for JSON and form bodies */
  bodyLimit?: number
  /**
   * PHP reads what it can: malformed JSON and any content type it does not parse are an empty
   * form ($_POST), not an error. Without this, malformed JSON is the style's parse error and an
   * unknown content type its 415, as Django and Laravel answer.
   */
  unreadableBodyIsEmptyForm?: boolean
  /** accept multipart/form-data (files buffered in memory up to `fileSize`) */
  multipart?: { fileSize: number; files?: number }
  /** produce this scope's OpenAPI document */
  openapi?: { title: string; description: string; version: string; servers: Array<{ url: string; description?: string }> }
}

export class BodyParseError extends Error {
  readonly statusCode = 400
  readonly code = 'SANDBOX_JSON_PARSE'
}

/** A provider's JSON parser hands the text it parsed to the journal, which shows bodies as sent (before schema coercion), malformed ones included. */
export const journalBodyText = (req: FastifyRequest, text: string, parsed: boolean): void => {
  const info = req.sandbox
  if (!info) return
  info.bodyText = text
  info.bodyJson = parsed
}

/**
 * Registers `routes` under `/<host>` with the provider's parsers, style and OpenAPI document.
 */
export const providerScope = async (
  app: FastifyInstance,
  ctx: SandboxContext,
  options: ProviderScopeOptions,
  routes: (scope: FastifyInstance) => Promise<void> | void
): Promise<void> => {
  const prefix = '/' + options.host
  ctx.styles.set(options.host, options.style)
  await app.register(
    async (scope) => {
      const table = new RouteTable()
      ctx.routes.set(options.host, table)
      scope.addHook('onRoute', (route) => table.add(route.method, route.url))

      const bodyLimit = options.bodyLimit ?? 64 * 1024
      // A tolerant JSON parser: an empty body is no body (as Django and Laravel read it), and a
      // parse error reaches the provider's error handler as its own kind.
      // Only the encodings the provider parses; anything else is its 415 (Fastify's built-in
      // text/plain parser would otherwise accept bodies Django and Laravel refuse).
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (req, body, done) => {
        const text = (body as string).trim()
        if (text === '') return done(null, undefined)
        try {
          const parsed = sjson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' })
          journalBodyText(req, body as string, true)
          done(null, parsed)
        } catch (e) {
          journalBodyText(req, body as string, false)
          if (options.unreadableBodyIsEmptyForm) done(null, {})
          else done(new BodyParseError((e as Error).message), undefined)
        }
      })
      if (options.unreadableBodyIsEmptyForm) scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, _body, done) => done(null, {}))
      await scope.register(formbody, { bodyLimit })
      // No body is an empty form: every required field is reported missing, as the providers do.
      // Only routes that validate a body need it, so it is added to those alone.
      const emptyBodyIsEmptyForm = (req: FastifyRequest, _reply: FastifyReply, done: () => void) => {
        if (req.body === undefined || req.body === null) req.body = {}
        done()
      }
      scope.addHook('onRoute', (route) => {
        if (!route.schema?.body) return
        const existing = route.preValidation
        route.preValidation = existing ? [emptyBodyIsEmptyForm, ...(Array.isArray(existing) ? existing : [existing])] : emptyBodyIsEmptyForm
      })
      if (options.multipart) {
        const { fileSize, files = 5 } = options.multipart
        scope.addContentTypeParser('multipart/form-data', multipartParser({ fileSize, files, fields: 50, fieldSize: 1024 * 1024, parts: 60 }))
      }

      if (options.openapi) {
        const info = options.openapi
        await scope.register(swagger, {
          openapi: {
            openapi: '3.0.3',
            info: { title: info.title, description: info.description, version: info.version },
            servers: info.servers
          },
          transform: ({ schema, url }) => ({ schema: schema as never, url: url.startsWith(prefix) ? url.slice(prefix.length) || '/' : url })
        })
        ctx.openapi.set(options.provider, () => (scope as unknown as { swagger(): unknown }).swagger())
      }

      scope.setErrorHandler((err: FastifyError, req, reply) => {
        if (reply.sent) return
        return options.style.error(err, req, reply)
      })
      scope.setNotFoundHandler((req, reply) => {
        const path = req.url.split('?')[0]
        const allowed = table.allowedMethods(path)
        if (allowed.length > 0) return options.style.methodNotAllowed(req, reply, allowed)
        return options.style.notFound(req, reply, table, path)
      })

      await routes(scope)
    },
    { prefix }
  )
}
