/**
 * The receipt behind a cash-in `receipt_url` (`https://vand.ar/qml22`, seed 003: «لینک رسید واریز
 * بانکی»). The documents show only the link; what it opens is not documented [I]: the sandbox
 * serves, at the short link itself, a receipt page of the deposit (amount, track id, source IBAN,
 * date, state), so that a link the API hands out answers when followed. The API answers the link
 * as the caller reaches the sandbox (src/core/urls.ts); the state keeps Vandar's own form.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { SandboxContext } from '../core/context.js'
import type { ProviderStyle } from '../core/provider.js'
import { publicUrl } from '../core/urls.js'
import { groupThousands, toPersianDigits } from '../core/validators.js'
import type { Tenant } from '../state/model.js'
import type { CashInDeposit } from '../providers/vandar/model.js'
import { receiptCode } from '../providers/vandar/cash-in.operations.js'
import { jalaliDateTime } from '../providers/vandar/dates.js'
import { esc, shell } from './vandar-ipg.js'

export const VANDAR_RECEIPT_HOST = 'vand.ar'

/** A stored receipt_url as the caller of this request can follow it (null stays null). */
export const receiptLink = <T extends string | null>(req: FastifyRequest, stored: T): T =>
  (stored === null ? null : publicUrl(req, VANDAR_RECEIPT_HOST, `/${receiptCode(stored)}`)) as T

const STATE: Record<CashInDeposit['status'], string> = { INIT: 'در حال انجام', DONE: 'موفق', FAILED: 'ناموفق' }
const NOT_FOUND = 'صفحه مورد نظر یافت نشد.'

const page = (reply: FastifyReply, status: number, title: string, body: string) =>
  reply.code(status).type('text/html; charset=utf-8').send(shell(title, body))

const notFoundPage = (reply: FastifyReply) => page(reply, 404, 'خطا', `<h1>خطا</h1><div class="error" id="error">${NOT_FOUND}</div>`)

/** Every address on vand.ar is a receipt or nothing: HTML, like the short-link service it stands for. */
export const vandarReceiptStyle: ProviderStyle = {
  notFound: (_req, reply) => notFoundPage(reply),
  methodNotAllowed: (_req, reply, allowed) => reply.header('allow', allowed.join(', ')).code(405).type('text/plain; charset=utf-8').send('Method Not Allowed'),
  error: (_err, _req, reply) => page(reply, 500, 'خطا', '<h1>خطا</h1><div class="error" id="error">خطای سرور</div>')
}

const receiptPage = (tenant: Tenant, entries: CashInDeposit[]) => {
  const first = entries[0]
  const amount = entries.reduce((sum, d) => sum + d.amount, 0)
  // Entries of one deposit settle one by one: the receipt is done when all are.
  const status = entries.some((d) => d.status === 'INIT') ? 'INIT' : entries.some((d) => d.status === 'FAILED') ? 'FAILED' : 'DONE'
  return `<h1>رسید واریز بانکی <small>وندار sandbox</small></h1>
<dl>
 <dt>کسب‌وکار</dt><dd>${esc(tenant.vandar.business.business_name_fa)}</dd>
 <dt>مبلغ</dt><dd id="amount">${toPersianDigits(groupThousands(amount))} ریال</dd>
 <dt>شناسه پیگیری</dt><dd id="track_id">${esc(first.track_id)}</dd>
 <dt>شبای مبدا</dt><dd id="iban" dir="ltr">${esc(first.iban)}</dd>
 <dt>تاریخ</dt><dd id="date">${toPersianDigits(jalaliDateTime(first.created_at))}</dd>
 <dt>وضعیت</dt><dd id="status" data-status="${status}">${STATE[status]}</dd>
 ${first.description ? `<dt>توضیحات</dt><dd>${esc(first.description)}</dd>` : ''}
</dl>`
}

export const vandarReceiptPage = (app: FastifyInstance, ctx: SandboxContext) => {
  app.get('/:code', { schema: { hide: true, params: Type.Object({ code: Type.String() }) } }, async (req, reply) => {
    const code = (req.params as { code: string }).code
    const tenant = ctx.store.findTenant('vandar:receipt', code)
    if (!tenant) return notFoundPage(reply)
    if (req.sandbox) req.sandbox.tenant = tenant.id
    ctx.lifecycles.sweep(tenant)
    const entries = tenant.vandar.deposits.filter((d) => receiptCode(d.receipt_url) === code)
    if (entries.length === 0) return notFoundPage(reply)
    return page(reply, 200, 'رسید واریز بانکی', receiptPage(tenant, entries))
  })
}
