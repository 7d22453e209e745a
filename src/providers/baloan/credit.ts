/**
 * اعتبار (seed 001, v1 and v2 in the document's order): استعلام اعتبار (check-credit),
 * ارسال otp (send-credit-otp), اعتبارسنجی otp (validate-credit-otp, v2 only) and
 * تایید واریز اعتبار (settle-confirm, multipart with the invoice PDF).
 */
import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import type { Tenant } from '../../state/model.js'
import type { BaloanAuth } from './auth.js'
import { BaloanError, type FieldErrors } from './errors.js'
import { ok } from './envelope.js'
import { fileField, settleDataField, throwIfAny } from './files.js'
import { checkCredit, sendCreditOtp, settleConfirm, validateCreditOtp } from './operations.js'
import {
  CheckCreditV1Response,
  CheckCreditV2Response,
  EmptyResponse,
  NationalIdRequest,
  SettleConfirmV1Request,
  SettleConfirmV2Request,
  SettleConfirmV2Response,
  ValidateCreditOtpRequest,
  ValidateCreditOtpResponse,
  businessResponses
} from './schemas.js'

type Body = Record<string, unknown> & { national_identifier: string }

/** The invoice and `data` of a settle-confirm, all field errors reported together. */
const settleFields = (body: Record<string, unknown>) => {
  const errors: FieldErrors = {}
  const file = fileField(body.file, errors)
  const data = settleDataField(String(body.data), errors)
  throwIfAny(errors)
  if (file!.type !== 'pdf') throw new BaloanError('invoice_not_pdf')
  return { invoice: file!.data, data: data! }
}

export const creditRoutes = (app: FastifyInstance, ctx: SandboxContext, auth: BaloanAuth) => {
  const onRequest = auth.requireStore

  // ---- v1 ------------------------------------------------------------------------------

  app.post(
    '/api/v1/merchant/check-credit/',
    { onRequest, config: { readOnly: true }, schema: { tags: ['v1'], summary: 'استعلام اعتبار', body: NationalIdRequest, response: businessResponses(CheckCreditV1Response) } },
    async (req) => {
      const { national_identifier } = req.body as Body
      const tenant = req.tenant as Tenant
      const credit = checkCredit(tenant, national_identifier)
      if (credit === null && tenant.baloan.settings.no_credit === 'error') throw new BaloanError('no_credit')
      return ok({ national_identifier: national_identifier.trim(), amount: credit ?? 0 })
    }
  )

  app.post(
    '/api/v1/merchant/send-credit-otp/',
    { onRequest, schema: { tags: ['v1'], summary: 'ارسال otp', body: NationalIdRequest, response: businessResponses(EmptyResponse) } },
    async (req) => {
      sendCreditOtp(ctx, req.tenant as Tenant, (req.body as Body).national_identifier)
      return ok({})
    }
  )

  app.post(
    '/api/v1/merchant/settle-confirm/',
    {
      onRequest,
      schema: {
        tags: ['v1'],
        summary: 'تایید واریز اعتبار',
        consumes: ['multipart/form-data'],
        body: SettleConfirmV1Request,
        response: businessResponses(EmptyResponse)
      }
    },
    async (req) => {
      const body = req.body as Body & { otp: string }
      const { invoice, data } = settleFields(body)
      settleConfirm(ctx, req.tenant as Tenant, { nid: body.national_identifier, data, invoice, proof: { otp: body.otp } })
      return ok({})
    }
  )

  // ---- v2 ------------------------------------------------------------------------------

  app.post(
    '/api/v2/merchant/check-credit/',
    { onRequest, config: { readOnly: true }, schema: { tags: ['v2'], summary: 'استعلام اعتبار نسخه ۲', body: NationalIdRequest, response: businessResponses(CheckCreditV2Response) } },
    async (req) => {
      const { national_identifier } = req.body as Body
      const tenant = req.tenant as Tenant
      const credit = checkCredit(tenant, national_identifier)
      if (credit === null && tenant.baloan.settings.no_credit === 'error') throw new BaloanError('no_credit')
      return ok({ national_identifier: national_identifier.trim(), user_credit: credit ?? 0 })
    }
  )

  app.post(
    '/api/v2/merchant/send-credit-otp/',
    { onRequest, schema: { tags: ['v2'], summary: 'ارسال otp نسخه ۲', body: NationalIdRequest, response: businessResponses(EmptyResponse) } },
    async (req) => {
      sendCreditOtp(ctx, req.tenant as Tenant, (req.body as Body).national_identifier)
      return ok({})
    }
  )

  app.post(
    '/api/v2/merchant/validate-credit-otp/',
    {
      onRequest,
      schema: { tags: ['v2'], summary: 'اعتبارسنجی otp', body: ValidateCreditOtpRequest, response: businessResponses(ValidateCreditOtpResponse) }
    },
    async (req) => {
      const body = req.body as Body & { otp: string }
      return ok({ token: validateCreditOtp(ctx, req.tenant as Tenant, body.national_identifier, body.otp) })
    }
  )

  app.post(
    '/api/v2/merchant/settle-confirm/',
    {
      onRequest,
      schema: {
        tags: ['v2'],
        summary: 'تایید واریز اعتبار نسخه ۲',
        consumes: ['multipart/form-data'],
        body: SettleConfirmV2Request,
        response: businessResponses(SettleConfirmV2Response)
      }
    },
    async (req) => {
      const body = req.body as Body & { token: string }
      const { invoice, data } = settleFields(body)
      const s = settleConfirm(ctx, req.tenant as Tenant, { nid: body.national_identifier, data, invoice, proof: { token: body.token.trim() } })
      return ok({ user_credit: s.credit_after })
    }
  )
}
