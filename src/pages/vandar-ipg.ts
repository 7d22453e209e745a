/**
 * The IPG payment page, GET https://ipg.vandar.io/v4/{token} (and /v3/{token}) — specs §2.2.
 * One-time: the first visit spends the URL (a second GET is 404). The Referer must be present
 * and on the terminal's domain (tenant setting `require_referer`). The page takes a card number
 * and offers pay / fail / cancel; its form POSTs back to the same URL, which redirects (302) to
 * `callback_url` with `token` and `payment_status=OK|FAILED`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { SandboxContext } from '../core/context.js'
import { sandboxHint } from '../core/hints.js'
import { refererHint } from '../providers/vandar/sandbox-hints.js'
import { toEnglishDigits, groupThousands, toPersianDigits } from '../core/validators.js'
import type { Tenant } from '../state/model.js'
import type { VandarPayment } from '../providers/vandar/model.js'
import { CardRefused, chargedAmount, completePayment, onRegisteredDomain, openPaymentPage, paymentOf } from '../providers/vandar/ipg.operations.js'

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export const shell = (title: string, body: string) => `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
 body{font-family:Tahoma,system-ui,sans-serif;background:#f3f5f9;margin:0;color:#222}
 main{max-width:26rem;margin:3rem auto;background:#fff;border-radius:.75rem;padding:1.5rem;box-shadow:0 2px 12px #0001}
 h1{font-size:1.2rem;margin:0 0 1rem} dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0 0 1rem}
 dt{color:#666} dd{margin:0} label{display:block;margin:.5rem 0 .25rem}
 input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1.1rem;direction:ltr;letter-spacing:.1em}
 .row{display:flex;gap:.5rem;margin-top:1rem} button{flex:1;padding:.7rem;border:0;border-radius:.4rem;font-size:1rem;cursor:pointer}
 #pay{background:#1a7f37;color:#fff} #fail{background:#b42318;color:#fff} #cancel{background:#ddd}
 .error{background:#fdecea;color:#8a1c12;padding:.6rem;border-radius:.4rem;margin-bottom:1rem}
 small{color:#777}
 .sandbox-note{display:block;margin-top:.75rem;direction:ltr;text-align:left;font-size:.8rem}
</style>
</head>
<body><main>${body}</main></body>
</html>
`

const sandboxNote = (note: string | undefined) => (note ? `\n<small class="sandbox-note" id="sandbox-note" lang="en">sandbox: ${esc(note)}</small>` : '')

const paymentPage = (tenant: Tenant, p: VandarPayment, error?: string, note?: string) =>
  shell(
    'درگاه پرداخت وندار (sandbox)',
    `<h1>درگاه پرداخت وندار <small>sandbox</small></h1>
${error ? `<div class="error" id="error">${esc(error)}</div>${sandboxNote(note)}` : ''}
<dl>
 <dt>پذیرنده</dt><dd>${esc(tenant.vandar.business.business_name_fa)}</dd>
 <dt>مبلغ</dt><dd id="amount">${toPersianDigits(groupThousands(chargedAmount(tenant.vandar, p)))} ریال</dd>
 ${p.description ? `<dt>توضیحات</dt><dd>${esc(p.description)}</dd>` : ''}
</dl>
<form method="post" action="" id="payment-form">
 <label for="card_number">شماره کارت</label>
 <input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" maxlength="19" placeholder="6037 99xx xxxx xxxx">
 ${p.valid_card_numbers?.length ? '<small>فقط کارت‌های تعیین‌شده توسط پذیرنده قابل قبول است.</small>' : ''}
 ${p.national_code ? '<small>فقط کارت‌های متعلق به کد ملی تعیین‌شده قابل قبول است.</small>' : ''}
 <div class="row">
  <button type="submit" name="action" value="pay" id="pay">پرداخت</button>
  <button type="submit" name="action" value="fail" id="fail" formnovalidate>پرداخت ناموفق</button>
  <button type="submit" name="action" value="cancel" id="cancel" formnovalidate>انصراف</button>
 </div>
</form>`
  )

/** `note`: what the sandbox adds under Vandar's message when a sandbox setting decided the answer. */
const errorPage = (reply: FastifyReply, status: number, message: string, note?: string) =>
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      shell(
        'خطا',
        `<h1>خطا</h1><div class="error" id="error">${esc(message)}</div>${sandboxNote(note)}`
      )
    )

const NOT_FOUND = 'صفحه مورد نظر یافت نشد.'
const BAD_REFERER = 'آدرس ارجاع‌دهنده (Referer) با دامنه ثبت‌شده برای درگاه مطابقت ندارد.'

const refererOk = (tenant: Tenant, req: FastifyRequest): boolean => {
  if (!tenant.vandar.settings.require_referer) return true
  const ref = req.headers.referer ?? req.headers.referrer
  if (typeof ref !== 'string' || ref === '') return false
  try {
    return onRegisteredDomain(tenant.vandar, new URL(ref).hostname.replace(/^\[|\]$/g, ''))
  } catch {
    return false
  }
}

export const vandarPaymentPage = (app: FastifyInstance, ctx: SandboxContext) => {
  const Params = Type.Object({ token: Type.String() })
  for (const version of ['v4', 'v3'] as const) {
    app.get(
      `/${version}/:token`,
      { schema: { tags: ['ipg'], summary: 'صفحه پرداخت (browser; one-time URL, Referer on the terminal domain)', params: Params, produces: ['text/html'] } },
      async (req, reply) => {
        const found = paymentOf(ctx, (req.params as { token: string }).token)
        if (!found) return errorPage(reply, 404, NOT_FOUND)
        const { tenant, payment } = found
        if (req.sandbox) req.sandbox.tenant = tenant.id
        ctx.lifecycles.sweep(tenant)
        if (payment.status !== 'CREATED') return errorPage(reply, 404, NOT_FOUND)
        if (!refererOk(tenant, req)) {
          const referer = req.headers.referer ?? req.headers.referrer
          const hint = refererHint(tenant, typeof referer === 'string' && referer !== '' ? referer : undefined)
          sandboxHint(reply, hint)
          return errorPage(reply, 403, BAD_REFERER, hint)
        }
        // A HEAD (a link preview, a health probe) does not spend the one-time URL.
        if (req.method === 'HEAD') return reply.type('text/html; charset=utf-8').send(paymentPage(tenant, payment))
        openPaymentPage(ctx, payment)
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(paymentPage(tenant, payment))
      }
    )

    app.post(
      `/${version}/:token`,
      {
        schema: {
          tags: ['ipg'],
          summary: "the payment page's form (pay / fail / cancel) -> 302 to callback_url",
          params: Params,
          body: Type.Object({ action: Type.Optional(Type.String()), card_number: Type.Optional(Type.String()) })
        }
      },
      async (req, reply) => {
        const found = paymentOf(ctx, (req.params as { token: string }).token)
        if (!found || found.payment.status !== 'REDIRECTED') return errorPage(reply, 404, NOT_FOUND)
        const { tenant, payment } = found
        if (req.sandbox) req.sandbox.tenant = tenant.id
        const body = (req.body ?? {}) as { action?: unknown; card_number?: unknown }
        const action = body.action === 'fail' || body.action === 'cancel' ? 'FAILED' : 'OK'
        const card = typeof body.card_number === 'string' ? toEnglishDigits(body.card_number).replace(/[\s-]/g, '') : ''
        try {
          const location = completePayment(ctx, tenant, payment, { status: action, card_number: action === 'OK' ? card : card || null, payer_ip: req.ip })
          return reply.code(302).header('location', location).header('cache-control', 'no-store').send('')
        } catch (e) {
          if (e instanceof CardRefused) {
            if (e.hint) sandboxHint(reply, e.hint)
            return reply.code(200).type('text/html; charset=utf-8').send(paymentPage(tenant, payment, e.message, e.hint))
          }
          throw e
        }
      }
    )
  }
}
