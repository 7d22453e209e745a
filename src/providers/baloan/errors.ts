/**
 * Baloan's answers when something is wrong.
 *
 * The seed's error table is Slate's stock template: it only says which statuses exist
 * (specs/baloan.md §2.6). Baloan is Django REST framework with simplejwt (§2.2), so everything
 * below the business layer answers as DRF does: 400 field maps, `{detail}` bodies, simplejwt's
 * token errors, Django's HTML 404. Business failures use the documented success envelope with
 * `status: "error"` and the message codes proposed in §2.3 [I]; the README lists them.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ProviderStyle } from '../../core/provider.js'
import { DJANGO_500, djangoNotFound, languageOf, pythonTypeName } from '../../core/django.js'

export const BALOAN_MESSAGES = {
  invalid_national_identifier: { fa: 'کد ملی وارد شده معتبر نیست.', en: 'The national identifier is not valid.' },
  no_credit: { fa: 'کاربر نزد بالون اعتباری برای خرید از این فروشگاه ندارد.', en: 'The user has no Baloan credit at this store.' },
  insufficient_credit: { fa: 'اعتبار کاربر برای این خرید کافی نیست.', en: "The user's credit is not enough for this purchase." },
  otp_not_requested: { fa: 'کد تایید برای این کاربر ارسال نشده است.', en: 'No OTP has been sent to this user.' },
  otp_invalid: { fa: 'کد تایید اشتباه است.', en: 'The OTP is wrong.' },
  otp_expired: { fa: 'کد تایید منقضی شده است. لطفا کد جدید درخواست کنید.', en: 'The OTP has expired. Please request a new one.' },
  otp_attempts_exceeded: {
    fa: 'تعداد تلاش‌های ناموفق بیش از حد مجاز است. لطفا کد جدید درخواست کنید.',
    en: 'Too many wrong attempts. Please request a new OTP.'
  },
  invalid_token: { fa: 'توکن تراکنش نامعتبر است.', en: 'The transaction token is not valid.' },
  token_expired: { fa: 'توکن تراکنش منقضی شده است.', en: 'The transaction token has expired.' },
  token_used: { fa: 'این توکن تراکنش قبلا استفاده شده است.', en: 'This transaction token has already been used.' },
  duplicate_code: { fa: 'این کد سفارش قبلا ثبت شده است.', en: 'This order code has already been settled.' },
  invalid_file: { fa: 'فرمت فایل مجاز نیست. فرمت‌های مجاز: pdf، jpg و png.', en: 'File format not allowed. Allowed formats: pdf, jpg, png.' },
  invoice_not_pdf: { fa: 'فایل فاکتور باید با فرمت pdf باشد.', en: 'The invoice file must be a PDF.' },
  file_too_large: { fa: 'حجم فایل نباید بیشتر از ۱۰ مگابایت باشد.', en: 'The file must not be larger than 10 MB.' }
} as const

export type BaloanMessageCode = keyof typeof BALOAN_MESSAGES

export { languageOf }

export class BaloanError extends Error {
  constructor(
    readonly messageCode: BaloanMessageCode,
    readonly httpStatus = 400
  ) {
    super(messageCode)
  }
}

export const sendBusinessError = (req: FastifyRequest, reply: FastifyReply, err: BaloanError) =>
  reply.code(err.httpStatus).send({
    status: 'error',
    message: BALOAN_MESSAGES[err.messageCode][languageOf(req)],
    message_code: err.messageCode,
    data: {}
  })

/** DRF's field-error map: `{"field": ["message", ...]}`, nested for nested serializers. */
export type FieldErrors = { [field: string]: string[] | FieldErrors }

export class FieldValidationError extends Error {
  constructor(readonly fields: FieldErrors) {
    super('field validation')
  }
}

export const DRF = {
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  notString: 'Not a valid string.',
  notInteger: 'A valid integer is required.',
  noFile: 'No file was submitted.',
  notAFile: 'The submitted data was not a file. Check the encoding type on the form.',
  invalidJson: 'Value must be valid JSON.',
  notADict: (type: string) => `Invalid data. Expected a dictionary, but got ${type}.`
} as const

/** Turns Fastify/AJV validation errors into DRF's field map. */
const fieldMapFromValidation = (err: FastifyError, body: unknown): FieldErrors => {
  const out: Record<string, string[]> = {}
  const add = (field: string, msg: string) => {
    const list = (out[field] ??= [])
    if (!list.includes(msg)) list.push(msg)
  }
  for (const v of err.validation ?? []) {
    const params = v.params as Record<string, unknown>
    const path = v.instancePath.split('/').filter(Boolean)
    if (v.keyword === 'required') {
      const field = String(params.missingProperty)
      add(field, field === 'file' ? DRF.noFile : DRF.required)
    } else if (path.length === 0) {
      // The body is not an object at all (a JSON string or array): DRF's "Invalid data".
      return { non_field_errors: [DRF.notADict(pythonTypeName(body))] }
    } else if (v.keyword === 'minLength') add(path[0], DRF.blank)
    else if (v.keyword === 'maxLength') add(path[0], `Ensure this field has no more than ${String(params.limit)} characters.`)
    else if (v.keyword === 'type' && params.type === 'string') add(path[0], DRF.notString)
    else if (v.keyword === 'type' && params.type === 'integer') add(path[0], DRF.notInteger)
    else add(path[0], 'Invalid value.')
  }
  return out
}

export const detail = (reply: FastifyReply, status: number, text: string) => reply.code(status).send({ detail: text })

export const throttled = (reply: FastifyReply, seconds: number) =>
  reply
    .code(429)
    .header('retry-after', String(seconds))
    .send({ detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.` })

export const baloanStyle: ProviderStyle = {
  notFound: djangoNotFound,

  methodNotAllowed(req: FastifyRequest, reply: FastifyReply, allowed: string[]) {
    return reply
      .code(405)
      .header('allow', [...allowed, 'OPTIONS'].join(', '))
      .send({ detail: `Method "${req.method}" not allowed.` })
  },

  error(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
    if (err instanceof BaloanError) return sendBusinessError(req, reply, err)
    if (err instanceof FieldValidationError) return reply.code(400).send(err.fields)
    if (err.validation) {
      if (err.validationContext === 'body') return reply.code(400).send(fieldMapFromValidation(err, req.body))
      return reply.code(400).send({ detail: 'Invalid request.' })
    }
    switch (err.code) {
      case 'SANDBOX_JSON_PARSE':
        return detail(reply, 400, `JSON parse error - ${err.message}`)
      case 'FST_REQ_FILE_TOO_LARGE':
        return sendBusinessError(req, reply, new BaloanError('file_too_large'))
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return detail(reply, 415, `Unsupported media type "${String(req.headers['content-type'] ?? '')}" in request.`)
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_FILES_LIMIT':
      case 'FST_FIELDS_LIMIT':
      case 'FST_PARTS_LIMIT':
        return detail(reply, 413, 'Request body is too large.')
      case 'SANDBOX_MULTIPART_PARSE':
      case 'FST_PROTO_VIOLATION':
        return detail(reply, 400, `Multipart form parse error - ${err.message}`)
    }
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // other request errors the client caused
      return detail(reply, status, err.message || 'Bad request.')
    }
    req.log.error({ err }, 'baloan handler failed')
    return reply.code(500).type('text/html; charset=utf-8').send(DJANGO_500)
  }
}
