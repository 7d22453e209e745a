/**
 * Control-plane answers checked against the control plane's own OpenAPI document: a fetch for
 * SandboxClient that validates every simulation-action answer it receives with the response
 * schema the document publishes for that operation and status.
 */
// ajv comes with Fastify (@fastify/ajv-compiler depends on it).
import AjvModule from 'ajv'

// ajv is CommonJS with `exports.default`: the class is either, depending on the loader.
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule.default

interface Operation {
  key: string
  method: string
  pattern: RegExp
  responses: Record<string, { content?: { 'application/json'?: { schema?: object } } }>
}

/** The simulation actions: the control-plane routes of the four providers. */
export const ACTIONS = /^\/__sandbox\/(vandar|bazaarpay|card-to-card|baloan)\//

export const answerChecker = async (sandboxUrl: string) => {
  const doc = (await (await fetch(`${sandboxUrl}/__sandbox/docs/json`)).json()) as { paths: Record<string, Record<string, Operation['responses'] | object>> }
  const operations: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!ACTIONS.test(path)) continue
    const pattern = new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]+') + '$')
    for (const [method, op] of Object.entries(methods))
      operations.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), pattern, responses: (op as { responses: Operation['responses'] }).responses ?? {} })
  }
  const ajv = new Ajv({ strict: false, allErrors: true })
  const seen = new Set<string>()
  const failures: string[] = []
  const checkingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init)
    const url = new URL(input instanceof Request ? input.url : String(input))
    const method = (init?.method ?? 'GET').toUpperCase()
    const op = operations.find((o) => o.method === method && o.pattern.test(url.pathname))
    if (!op) return res
    const text = await res.clone().text()
    const schema = op.responses[String(res.status)]?.content?.['application/json']?.schema
    if (!schema) failures.push(`${op.key} answered ${res.status}, a status its document does not list: ${text.slice(0, 200)}`)
    else if (!ajv.validate(schema, JSON.parse(text))) failures.push(`${op.key} ${res.status}: ${ajv.errorsText(ajv.errors)} in ${text.slice(0, 300)}`)
    else seen.add(op.key)
    return res
  }
  return { fetch: checkingFetch, failures, seen, operations: operations.map((o) => o.key) }
}
