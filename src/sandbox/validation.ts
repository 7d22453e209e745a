/**
 * Control-plane validation errors in words a user can act on. Ajv's own text names neither the
 * field nor what it accepts ("must be equal to constant", "must match a schema in anyOf"); its
 * error params and the route's schema have both, so each error becomes one sentence such as
 * `body.status must be one of "OK", "FAILED" (got "PAID")`.
 */
import type { FastifyRequest } from 'fastify'

interface AjvError {
  instancePath: string
  schemaPath: string
  keyword: string
  params: Record<string, unknown>
  message?: string
}

type Schema = Record<string, unknown>

const unescapePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~')

/** The value a JSON pointer names in `root` (a schema or the request's data). */
const at = (root: unknown, pointer: string): unknown => {
  let node = root
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined
    const key = unescapePointer(part)
    node = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined
  }
  return node
}

const CONTEXT_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' }

const dataOf = (req: FastifyRequest, context: string): unknown =>
  context === 'body' ? req.body : context === 'querystring' ? req.query : context === 'params' ? req.params : context === 'headers' ? req.headers : undefined

const schemaOf = (req: FastifyRequest, context: string): unknown => {
  const schema = req.routeOptions.schema as Record<string, unknown> | undefined
  return schema?.[context] ?? (context === 'querystring' ? schema?.query : undefined)
}

/** `body.cards[0].number` from the context and an instance path. */
const fieldName = (context: string, instancePath: string, child?: string): string => {
  let name = CONTEXT_NAMES[context] ?? context
  const parts = instancePath.split('/').slice(1).map(unescapePointer)
  if (child !== undefined) parts.push(child)
  for (const p of parts) name += /^\d+$/.test(p) ? `[${p}]` : `.${p}`
  return name
}

const literal = (v: unknown) => JSON.stringify(v)

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true or false)',
  object: 'an object',
  array: 'an array',
  null: 'null'
}
const typeWords = (type: unknown): string =>
  (Array.isArray(type) ? type : String(type).split(',')).map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ')

/** What a Union accepts: its literals when every branch is one, otherwise each branch's type. */
const anyOfWords = (branches: Schema[]): string => {
  const literals: unknown[] = []
  for (const b of branches) {
    if ('const' in b) literals.push(b.const)
    else if (Array.isArray(b.enum)) literals.push(...b.enum)
    else return 'one of: ' + branches.map((x) => ('const' in x ? literal(x.const) : typeWords(x.type ?? 'any value'))).join(', ')
  }
  return `one of ${literals.map(literal).join(', ')}`
}

const describe = (e: AjvError, context: string, schema: unknown): string => {
  const field = fieldName(context, e.instancePath)
  const p = e.params
  switch (e.keyword) {
    case 'required':
      return `${fieldName(context, e.instancePath, String(p.missingProperty))} is required`
    case 'additionalProperties': {
      const owner = at(schema, e.schemaPath.slice(1).replace(/\/additionalProperties$/, '')) as Schema | undefined
      const known = owner && typeof owner.properties === 'object' ? Object.keys(owner.properties as object) : []
      return `${fieldName(context, e.instancePath, String(p.additionalProperty))} is not a known field${known.length ? `; the fields are ${known.join(', ')}` : ''}`
    }
    case 'const':
      return `${field} must be ${literal(p.allowedValue)}`
    case 'enum':
      return `${field} must be one of ${(p.allowedValues as unknown[]).map(literal).join(', ')}`
    case 'anyOf': {
      const branches = at(schema, e.schemaPath.slice(1))
      return Array.isArray(branches) ? `${field} must be ${anyOfWords(branches as Schema[])}` : `${field} ${e.message}`
    }
    case 'type':
      return `${field} must be ${typeWords(p.type)}`
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${field} must be ${p.comparison} ${p.limit}`
    case 'minLength':
      return `${field} must be at least ${p.limit} character${p.limit === 1 ? '' : 's'} long`
    case 'maxLength':
      return `${field} must be at most ${p.limit} characters long`
    case 'minItems':
      return `${field} must have at least ${p.limit} item${p.limit === 1 ? '' : 's'}`
    case 'maxItems':
      return `${field} must have at most ${p.limit} items`
    case 'pattern':
      return `${field} must match the pattern ${p.pattern}`
    case 'format':
      return `${field} must be a valid ${p.format}`
    default:
      return `${field} ${e.message ?? 'is not valid'}`
  }
}

/** The value the user sent at an error's place, shortened, for "(got ...)". */
const got = (req: FastifyRequest, context: string, e: AjvError): string => {
  if (e.keyword === 'required' || e.keyword === 'additionalProperties') return ''
  const value = at(dataOf(req, context), e.instancePath)
  if (value === undefined) return ''
  const text = JSON.stringify(value) ?? String(value)
  return ` (got ${text.length > 60 ? text.slice(0, 57) + '...' : text})`
}

/** One message for all of a request's validation errors; undefined when it cannot read them. */
export const validationMessage = (req: FastifyRequest, err: { validation?: unknown; validationContext?: string }): string | undefined => {
  if (!Array.isArray(err.validation) || err.validation.length === 0) return undefined
  const errors = err.validation as AjvError[]
  const context = err.validationContext ?? 'body'
  const schema = schemaOf(req, context)
  // the branches of a failed Union are said once, by the Union's own error
  const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/')
  const sentences = errors
    .filter((e) => !unions.some((u) => e.schemaPath.startsWith(u)))
    .map((e) => describe(e, context, schema) + got(req, context, e))
  return [...new Set(sentences)].join('; ')
}
