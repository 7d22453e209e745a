/**
 * BazaarPay's answers when something is wrong (§1.4). The backend is Django REST framework:
 * v1 endpoints answer `{detail}` or DRF field maps, v2 (and v3 [I]) add a machine-readable
 * `code` and render validation as `{code: "invalid", detail, invalid_params: [...]}`.
 * Persian is the default language; `Accept-Language: en` gets the English texts of the `en/`
 * docs where they exist. DRF messages the spec does not quote are Persian renderings of DRF's
 * English texts [I].
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ProviderStyle } from '../../core/provider.js'
import { djangoNotFound, languageOf, pythonTypeName } from '../../core/django.js'
import { TEXT } from './texts.js'

export type ApiVersion = 'v1' | 'v2' | 'v3'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** which BazaarPay API version a route belongs to: its error bodies follow it */
    bp_version?: ApiVersion
  }
}
export type Lang = 'fa' | 'en'

export { languageOf }

/** The API version of the route that answered (route config), v1 when none matched. */
export const versionOf = (req: FastifyRequest): ApiVersion => ((req.routeOptions?.config as { bp_version?: ApiVersion } | undefined)?.bp_version ?? 'v1')

/** One field problem, as DRF reports it: the field, DRF's error code and the message. */
export interface FieldProblem {
  param: string
  code: string
  detail: string
}

/** A 4xx/5xx with a `{detail}` body (plus `code` on v2/v3). `detail` may be a list (§1.4). */
export class BazaarPayError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | string[],
    readonly code: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(Array.isArray(detail) ? detail.join(' ') : detail)
  }
}

/** DRF field validation: v1 `{field: [msg]}`, v2 `{code, detail, invalid_params}`. */
export class FieldErrors extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super('field validation')
  }
}

/** DRF's messages in both languages (see the header comment for which are quoted and which are [I]). */
export const DRF = {
  required: (l: Lang) => (l === 'en' ? 'This field is required.' : TEXT.required),
  blank: (l: Lang) => (l === 'en' ? 'This field may not be blank.' : TEXT.blank),
  null: (l: Lang) => (l === 'en' ? 'This field may not be null.' : 'این مقدار نباید خالی باشد.'),
  invalidChoice: (l: Lang, v: unknown) => `"${String(v)}"` + (l === 'en' ? ' is not a valid choice.' : TEXT.invalid_choice_suffix),
  integer: (l: Lang) => (l === 'en' ? 'A valid integer is required.' : 'یک عدد صحیح معتبر لازم است.'),
  string: (l: Lang) => (l === 'en' ? 'Not a valid string.' : 'یک رشته‌ی معتبر نیست.'),
  maxValue: (l: Lang, n: unknown) => (l === 'en' ? `Ensure this value is less than or equal to ${String(n)}.` : `مطمئن شوید این مقدار کوچکتر یا مساوی ${String(n)} است.`),
  minValue: (l: Lang, n: unknown) => (l === 'en' ? `Ensure this value is greater than or equal to ${String(n)}.` : `مطمئن شوید این مقدار بزرگتر یا مساوی ${String(n)} است.`),
  maxLength: (l: Lang, n: unknown) => (l === 'en' ? `Ensure this field has no more than ${String(n)} characters.` : `مطمئن شوید طول این مقدار بیشتر از ${String(n)} نیست.`),
  url: (l: Lang) => (l === 'en' ? 'Enter a valid URL.' : 'یک URL معتبر وارد کنید.'),
  list: (l: Lang, type: string) => (l === 'en' ? `Expected a list of items but got type "${type}".` : `باید فهرستی از موارد باشد ولی از نوع "${type}" است.`),
  notADict: (l: Lang, type: string) => (l === 'en' ? `Invalid data. Expected a dictionary, but got ${type}.` : `داده نامعتبر. باید دیکشنری باشد ولی ${type} دریافت شد.`),
  datetime: (l: Lang) =>
    l === 'en'
      ? 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'
      : 'قالب تاریخ و زمان اشتباه است. از یکی از این قالب‌ها استفاده کنید: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  phone: (l: Lang) => (l === 'en' ? 'Enter a valid phone number.' : 'شماره تلفن همراه معتبر نیست.'),
  notFound: (l: Lang) => (l === 'en' ? 'Not found.' : 'یافت نشد.'),
  methodNotAllowed: (l: Lang, m: string) => (l === 'en' ? `Method "${m}" not allowed.` : `متد "${m}" مجاز نیست.`),
  throttled: (l: Lang, s: number) =>
    l === 'en' ? `Request was throttled. Expected available in ${s} second${s === 1 ? '' : 's'}.` : `تعداد درخواست‌ها بیش از حد مجاز است. ${s} ثانیه دیگر تلاش کنید.`
} as const

export const notAuthenticated = (l: Lang) =>
  new BazaarPayError(401, l === 'en' ? TEXT.not_authenticated_en : TEXT.not_authenticated, 'not_authenticated', { 'www-authenticate': 'Token' })
export const permissionDenied = (l: Lang) => new BazaarPayError(403, l === 'en' ? TEXT.permission_denied_en : TEXT.permission_denied, 'permission_denied')
export const serverError = (l: Lang) => new BazaarPayError(500, l === 'en' ? TEXT.server_error_en : TEXT.server_error, 'internal_server_error')

/** Renders a `{detail}` error in the route's version. */
export const sendError = (req: FastifyRequest, reply: FastifyReply, err: BazaarPayError) => {
  reply.code(err.status).headers(err.headers)
  return reply.send(versionOf(req) === 'v1' ? { detail: err.detail } : { detail: err.detail, code: err.code })
}

/** Renders field problems: v1 DRF's map (nested lists for list fields), v2/v3 `invalid_params`. */
export const sendFieldErrors = (req: FastifyRequest, reply: FastifyReply, problems: FieldProblem[]) => {
  if (versionOf(req) !== 'v1') {
    return reply.code(400).send({ code: 'invalid', detail: TEXT.invalid_request, invalid_params: problems })
  }
  const out: Record<string, unknown> = {}
  for (const p of problems) {
    const parts = p.param.split('.')
    if (parts.length >= 3 && /^\d+$/.test(parts[1])) {
      // a list of objects: DRF answers one {} per item, errors at the failing ones
      const body = req.body as Record<string, unknown> | undefined
      const n = Array.isArray(body?.[parts[0]]) ? (body![parts[0]] as unknown[]).length : Number(parts[1]) + 1
      const list = (out[parts[0]] ??= Array.from({ length: n }, () => ({}))) as Array<Record<string, string[]>>
      const item = (list[Number(parts[1])] ??= {})
      const msgs = (item[parts.slice(2).join('.')] ??= [])
      if (!msgs.includes(p.detail)) msgs.push(p.detail)
      continue
    }
    const msgs = (out[p.param] ??= []) as string[]
    if (!msgs.includes(p.detail)) msgs.push(p.detail)
  }
  return reply.code(400).send(out)
}

const valueAt = (root: unknown, path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root)

/** AJV's errors as DRF's field problems; `null` when the body is not an object at all. */
export const problemsFromValidation = (err: FastifyError, data: unknown, lang: Lang): FieldProblem[] | null => {
  const problems: FieldProblem[] = []
  const seen = new Set<string>()
  const add = (param: string, code: string, detail: string) => {
    if (seen.has(param)) return // DRF reports the first failing check of a field
    seen.add(param)
    problems.push({ param, code, detail })
  }
  for (const v of err.validation ?? []) {
    const params = v.params as Record<string, unknown>
    const path = v.instancePath.split('/').filter(Boolean)
    if (v.keyword === 'required') {
      add([...path, String(params.missingProperty)].join('.'), 'required', DRF.required(lang))
      continue
    }
    if (path.length === 0) return null
    const field = path.join('.')
    const value = valueAt(data, path)
    if (value === null) add(field, 'null', DRF.null(lang))
    else if (v.keyword === 'minLength') add(field, 'blank', DRF.blank(lang))
    else if (v.keyword === 'maxLength') add(field, 'max_length', DRF.maxLength(lang, params.limit))
    else if (v.keyword === 'enum' || v.keyword === 'const' || (v.keyword === 'anyOf' && v.schemaPath.includes('anyOf')))
      add(field, 'invalid_choice', DRF.invalidChoice(lang, value))
    else if (v.keyword === 'type' && (params.type === 'integer' || params.type === 'number')) add(field, 'invalid', DRF.integer(lang))
    else if (v.keyword === 'type' && params.type === 'string') add(field, 'invalid', DRF.string(lang))
    else if (v.keyword === 'type' && params.type === 'array') add(field, 'not_a_list', DRF.list(lang, pythonTypeName(value)))
    else if (v.keyword === 'type' && params.type === 'object') add(field, 'invalid', DRF.notADict(lang, pythonTypeName(value)))
    else if (v.keyword === 'maximum') add(field, 'max_value', DRF.maxValue(lang, params.limit))
    else if (v.keyword === 'minimum') add(field, 'min_value', DRF.minValue(lang, params.limit))
    else if (v.keyword === 'pattern' && /phone/.test(field)) add(field, 'invalid', DRF.phone(lang))
    else if (v.keyword === 'format' && params.format === 'uri') add(field, 'invalid', DRF.url(lang))
    else add(field, 'invalid', lang === 'en' ? 'Invalid value.' : 'مقدار نامعتبر است.')
  }
  return problems
}

export const NGINX_503 = TEXT.nginx_503

export const bazaarpayStyle: ProviderStyle = {
  notFound: djangoNotFound,

  methodNotAllowed(req: FastifyRequest, reply: FastifyReply, allowed: string[]) {
    return reply
      .code(405)
      .header('allow', [...allowed, 'OPTIONS'].join(', '))
      .send({ detail: DRF.methodNotAllowed(languageOf(req), req.method) })
  },

  error(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
    const lang = languageOf(req)
    if (err instanceof BazaarPayError) return sendError(req, reply, err)
    if (err instanceof FieldErrors) return sendFieldErrors(req, reply, err.problems)
    if (err.validation) {
      const data = err.validationContext === 'body' ? req.body : err.validationContext === 'querystring' ? req.query : req.params
      const problems = problemsFromValidation(err, data, lang)
      if (problems === null) {
        const detail = DRF.notADict(lang, pythonTypeName(data))
        return sendFieldErrors(req, reply, [{ param: 'non_field_errors', code: 'invalid', detail }])
      }
      return sendFieldErrors(req, reply, problems)
    }
    switch (err.code) {
      case 'SANDBOX_JSON_PARSE':
        return sendError(req, reply, new BazaarPayError(400, `JSON parse error - ${err.message}`, 'parse_error'))
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(req, reply, new BazaarPayError(415, `Unsupported media type "${String(req.headers['content-type'] ?? '')}" in request.`, 'unsupported_media_type'))
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(req, reply, new BazaarPayError(413, 'Request body is too large.', 'request_too_large'))
    }
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) return sendError(req, reply, new BazaarPayError(status, err.message || 'Bad request.', 'invalid'))
    req.log.error({ err }, 'bazaarpay handler failed')
    return sendError(req, reply, serverError(lang))
  }
}
