/**
 * اعتبار (seed 001, v1 and v2 in the document's order): استعلام اعتبار (check-credit),
 * ارسال otp (send-credit-otp), اعتبارسنجی otp (validate-credit-otp, v2 only) and
 * تایید واریز اعتبار (settle-confirm, multipart with the invoice PDF).
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SandboxContext } from '../../core/context.js'
import { controlRoute, sandboxHint } from '../../core/hints.js'
import { isNationalIdFormat, isValidNationalId } from '../../core/validators.js'
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

/**
 * A well-formed national code the sandbox has no customer for has no credit: Baloan's answer
 * says only that, so the sandbox names the route that makes it a customer.
 */
const hintUnknownCustomer = (reply: FastifyReply, tenant: Tenant, nationalIdentifier: unknown) => {
  const nid = String(nationalIdentifier ?? '').trim()
  if (Object.hasOwn(tenant.baloan.customers, nid) || !isNationalIdFormat(nid) || !isValidNationalId(nid)) return
  const example = { credit: 100000000, phone: '09121234567' }
  sandboxHint(reply, `national_identifier ${nid} is not a customer of this sandbox tenant, so it has no credit; create one with ${controlRoute('PUT', `/baloan/customers/${nid}`, tenant.id, example)}`)
}

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

  // check-credit and send-credit-otp differ between v1 and v2 only in the credit's key.
  for (const version of ['v1', 'v2'] as const) {
    const title = version === 'v1' ? '' : ' نسخه ۲'
    app.post(
      `/api/${version}/merchant/check-credit/`,
      {
        onRequest,
        config: { readOnly: true },
        schema: { tags: [version], summary: `استعلام اعتبار${title}`, body: NationalIdRequest, response: businessResponses(version === 'v1' ? CheckCreditV1Response : CheckCreditV2Response) }
      },
      async (req, reply) => {
        const { national_identifier } = req.body as Body
        const tenant = req.tenant as Tenant
        hintUnknownCustomer(reply, tenant, national_identifier)
        const credit = checkCredit(tenant, national_identifier)
        if (credit === null && tenant.baloan.settings.no_credit === 'error') throw new BaloanError('no_credit')
        return ok({ national_identifier: national_identifier.trim(), [version === 'v1' ? 'amount' : 'user_credit']: credit ?? 0 })
      }
    )

    app.post(
      `/api/${version}/merchant/send-credit-otp/`,
      { onRequest, schema: { tags: [version], summary: `ارسال otp${title}`, body: NationalIdRequest, response: businessResponses(EmptyResponse) } },
      async (req, reply) => {
        hintUnknownCustomer(reply, req.tenant as Tenant, (req.body as Body).national_identifier)
        sendCreditOtp(ctx, req.tenant as Tenant, (req.body as Body).national_identifier)
        return ok({})
      }
    )
  }

  // ---- v1 ------------------------------------------------------------------------------

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
