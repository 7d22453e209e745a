/**
 * What every Django (REST framework) provider answers below its own code — Baloan and BazaarPay
 * are both Django: the HTML 404 page with DEBUG off, CommonMiddleware's APPEND_SLASH redirect,
 * the 500 page, and Python's type names in DRF's messages.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RouteTable } from './style.js'

export const DJANGO_404 = `<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`

export const DJANGO_500 = `<!doctype html>
<html lang="en">
<head>
  <title>Server Error (500)</title>
</head>
<body>
  <h1>Server Error (500)</h1><p></p>
</body>
</html>
`

/**
 * A path no URL pattern matches: CommonMiddleware (APPEND_SLASH) redirects a URL that only lacks
 * its trailing slash to the slashed one (as the client asked for it, before Host routing added
 * the prefix); anything else is Django's 404 page.
 */
export const djangoNotFound = (req: FastifyRequest, reply: FastifyReply, routes: RouteTable, path: string) => {
  if (!path.endsWith('/') && routes.allowedMethods(path + '/').length > 0) {
    const asked = req.originalUrl
    const q = asked.indexOf('?')
    return reply
      .code(301)
      .header('location', (q === -1 ? asked : asked.slice(0, q)) + '/' + (q === -1 ? '' : asked.slice(q)))
      .type('text/html; charset=utf-8')
      .send('')
  }
  return reply.code(404).type('text/html; charset=utf-8').send(DJANGO_404)
}

/** Django's i18n as these providers run it: `Accept-Language: en` gets English, anything else Persian. */
export const languageOf = (req: FastifyRequest): 'fa' | 'en' =>
  /^\s*en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'fa'

/** Python's name of a parsed JSON value's type, as DRF's messages show it. */
export const pythonTypeName = (v: unknown): string =>
  v === null || v === undefined
    ? 'NoneType'
    : Array.isArray(v)
      ? 'list'
      : typeof v === 'string'
        ? 'str'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v === 'number'
            ? Number.isInteger(v)
              ? 'int'
              : 'float'
            : 'dict'
