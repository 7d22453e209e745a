/**
 * How a provider renders what no handler answers: the routes under its host (to tell 404 from
 * 405) and its style of not-found, method-not-allowed and error answers. Apart from
 * provider.ts so that the context, which holds every host's style, does not import the scope
 * that reads the context.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import FindMyWay from 'find-my-way'

/** The routes under one provider host, for telling 404 from 405 and finding a slash-redirect. */
export class RouteTable {
  /** built on the first unknown path: inserting every route into a second router took start-up time */
  private router: ReturnType<typeof FindMyWay> | undefined
  private readonly routes: Array<[string, string]> = []
  private static readonly METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

  add(method: string | string[], url: string): void {
    for (const m of Array.isArray(method) ? method : [method]) if (m !== 'HEAD' && m !== 'OPTIONS') this.routes.push([m, url])
    this.router = undefined
  }

  /** The methods some route answers for this URL path, in a stable order. */
  allowedMethods(path: string): string[] {
    const router = (this.router ??= this.build())
    return RouteTable.METHODS.filter((m) => router.find(m, path) !== null)
  }

  private build(): ReturnType<typeof FindMyWay> {
    const router = FindMyWay({ ignoreTrailingSlash: false, ignoreDuplicateSlashes: false })
    for (const [m, url] of this.routes) {
      try {
        router.on(m as 'GET', url, () => undefined)
      } catch {
        /* the same route registered twice (aliases): already known */
      }
    }
    return router
  }
}

export interface ProviderStyle {
  /** No route matches the path at all. */
  notFound(req: FastifyRequest, reply: FastifyReply, routes: RouteTable, path: string): unknown
  /** The path exists, but not for this method. */
  methodNotAllowed(req: FastifyRequest, reply: FastifyReply, allowed: string[]): unknown
  /** Anything thrown: body parsing, validation, limits, a fault in a handler. */
  error(err: FastifyError, req: FastifyRequest, reply: FastifyReply): unknown
}
