/**
 * BazaarPay's user-facing pages (§1.5.2, §1.5.9, §1.5.10 b) under its web hosts: the payment page,
 * the increase-balance page and the DirectPay contract signing page. Plain server-rendered HTML;
 * each form POSTs back to its own URL and the answer is a 303 to the merchant's `redirect_url`
 * (its query kept, `status=done|failed` added [I]). The control plane offers the same actions
 * (src/sandbox/bazaarpay.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SandboxContext } from '../core/context.js'
import type { ProviderStyle } from '../core/provider.js'
import type { Tenant } from '../state/model.js'
import { DEFAULT_TENANT } from '../state/model.js'
import {
  INDEX,
  cancelCheckout,
  consumeUserToken,
  findCheckout,
  findContract,
  findUserToken,
  normalizePhone,
  payCheckout,
  refreshCheckout,
  refreshContract,
  signContract,
  tomanString,
  userOf,
  type PayFailure
} from '../providers/bazaarpay/operations.js'
import { withQuery } from '../providers/bazaarpay/web.js'
import type { BazaarPayCheckout, BazaarPayContract } from '../providers/bazaarpay/model.js'

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const layout = (title: string, body: string) => `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} | بازارپی</title>
<style>
 body{font-family:Vazirmatn,Tahoma,system-ui,sans-serif;background:#f5f7f6;color:#222;margin:0}
 main{max-width:26rem;margin:3rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 2px 10px #0001}
 h1{font-size:1.2rem;color:#0a8a3a} .amount{font-size:1.4rem;font-weight:bold}
 label{display:block;margin:.8rem 0 .3rem} input{width:100%;padding:.5rem;box-sizing:border-box;font-size:1rem}
 button{margin-top:.8rem;width:100%;padding:.7rem;border:0;border-radius:8px;font-size:1rem;cursor:pointer}
 .primary{background:#0a8a3a;color:#fff}.secondary{background:#e7efe9}.cancel{background:#fff;color:#b00020;border:1px solid #b00020}
 .error{background:#fdecee;color:#b00020;padding:.6rem;border-radius:8px}.note{color:#666;font-size:.85rem}
 .sandbox{font-size:.75rem;color:#999;text-align:center;margin-top:1rem}
</style>
</head>
<body><main>
${body}
<p class="sandbox">pardakht-sandbox — صفحه‌ی شبیه‌سازی‌شده‌ی بازارپی</p>
</main></body></html>
`

const sendPage = (reply: FastifyReply, status: number, title: string, body: string) =>
  reply.code(status).type('text/html; charset=utf-8').send(layout(title, body))

const messagePage = (reply: FastifyReply, status: number, title: string, text: string, back?: string) =>
  sendPage(reply, status, title, `<h1>${esc(title)}</h1><p id="message">${esc(text)}</p>${back ? `<p><a id="back" href="${esc(back)}">بازگشت به فروشگاه</a></p>` : ''}`)

const redirect = (reply: FastifyReply, url: string) => reply.code(303).header('location', url).send()


export const PAY_FAILURE_TEXT: Record<PayFailure, string> = {
  not_payable: 'این پرداخت قابل انجام نیست.',
  timed_out: 'مهلت این پرداخت تمام شده است.',
  already_paid: 'این پرداخت قبلا انجام شده است.',
  insufficient_balance: 'موجودی کیف پول کافی نیست.',
  account_disabled: 'حساب غیرفعال است.',
  invalid_phone: 'شماره موبایل معتبر نیست.'
}

/** HTML errors for the web hosts (unknown paths, wrong methods, bad bodies). */
export const bazaarpayWebStyle: ProviderStyle = {
  notFound: (_req, reply) => messagePage(reply, 404, 'صفحه یافت نشد', 'صفحه‌ای با این آدرس وجود ندارد.'),
  methodNotAllowed: (_req, reply, allowed) => {
    reply.header('allow', allowed.join(', '))
    return messagePage(reply, 405, 'درخواست نامعتبر', 'این روش درخواست پشتیبانی نمی‌شود.')
  },
  error: (err, req, reply) => {
    if ((err.statusCode ?? 500) >= 500) req.log.error({ err }, 'bazaarpay page failed')
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500
    return messagePage(reply, status, 'خطا', status === 500 ? 'خطایی سمت سرور رخ داده است.' : 'درخواست نامعتبر است.')
  }
}

type Q = Record<string, string | undefined>

// ---- the payment page ------------------------------------------------------------------

/** The journal shows page requests under the tenant they acted for. */
const journalTenant = (reply: FastifyReply, tenant: Tenant | undefined) => {
  if (tenant && reply.request.sandbox) reply.request.sandbox.tenant = tenant.id
}

const checkoutOf = (ctx: SandboxContext, reply: FastifyReply, token: string | undefined): { tenant: Tenant; c: BazaarPayCheckout } | undefined => {
  if (!token) return undefined
  const tenant = ctx.store.findTenant(INDEX.checkout, token)
  const c = tenant ? findCheckout(tenant, token) : undefined
  journalTenant(reply, c ? tenant : undefined)
  return tenant && c ? { tenant, c } : undefined
}

const paymentForm = (c: BazaarPayCheckout, q: { redirect_url: string; phone: string; locked: boolean; balance?: number }, error?: string) => `
<h1>پرداخت با بازارپی</h1>
<p>${esc(c.service_name)}</p>
<p class="amount" id="amount">${esc(tomanString(c.amount))}</p>
${error ? `<p class="error" id="error">${esc(error)}</p>` : ''}
<form method="post" id="pay-form">
 <input type="hidden" name="token" value="${esc(c.token)}">
 <input type="hidden" name="redirect_url" value="${esc(q.redirect_url)}">
 <label for="phone">شماره موبایل</label>
 <input id="phone" name="phone" inputmode="tel" dir="ltr" placeholder="09120000000" value="${esc(q.phone)}" ${q.locked ? 'readonly' : ''}>
 ${q.balance !== undefined ? `<p class="note" id="balance">موجودی کیف پول: ${esc(tomanString(q.balance))}</p>` : ''}
 <button class="primary" name="action" value="wallet" id="pay-wallet">پرداخت از کیف پول</button>
 <button class="secondary" name="action" value="bank" id="pay-bank">پرداخت با درگاه بانکی</button>
 <button class="cancel" name="action" value="cancel" id="cancel" formnovalidate>انصراف</button>
</form>`

const renderPayment = (ctx: SandboxContext, reply: FastifyReply, q: Q, status = 200, error?: string) => {
  const found = checkoutOf(ctx, reply, q.token ?? q.checkout_token)
  if (!found) return messagePage(reply, 404, 'پرداخت یافت نشد', 'توکن پرداخت صحیح نیست.')
  if (!q.redirect_url) return messagePage(reply, 400, 'درخواست نامعتبر', 'آدرس بازگشت (redirect_url) ارسال نشده است.')
  const { tenant, c } = found
  refreshCheckout(tenant, c, ctx.clock.now())
  if (c.status === 'timed_out') return messagePage(reply, 200, 'مهلت پرداخت تمام شد', 'مهلت این پرداخت تمام شده است.', withQuery(q.redirect_url, { status: 'failed' }))
  if (c.status !== 'unpaid') return messagePage(reply, 200, 'پرداخت انجام شده است', 'این پرداخت قبلا انجام شده است.', withQuery(q.redirect_url, { status: 'done' }))
  let phone = q.phone ?? ''
  let locked = false
  // auto-login (scope purchase): the user is logged in as the token's phone; the token is single-use [I]
  const auto = findUserToken(ctx, q.auto_login_token, 'purchase')
  if (auto && auto.tenant.id === tenant.id) {
    phone = auto.ut.phone_number
    locked = true
    consumeUserToken(ctx, auto.tenant, auto.ut.token)
  }
  const p = normalizePhone(phone)
  const balance = p ? (userOf(tenant.bazaarpay, p)?.balance ?? 0) : undefined
  return sendPage(reply, status, 'پرداخت', paymentForm(c, { redirect_url: q.redirect_url, phone, locked, balance }, error))
}

// ---- the increase-balance page -----------------------------------------------------------

const increaseForm = (q: { redirect_url: string; phone: string; tenant: string; locked: boolean }, error?: string) => `
<h1>افزایش موجودی کیف پول</h1>
${error ? `<p class="error" id="error">${esc(error)}</p>` : ''}
<form method="post" id="increase-form">
 <input type="hidden" name="redirect_url" value="${esc(q.redirect_url)}">
 <input type="hidden" name="sandbox_tenant" value="${esc(q.tenant)}">
 <label for="phone">شماره موبایل</label>
 <input id="phone" name="phone" inputmode="tel" dir="ltr" placeholder="09120000000" value="${esc(q.phone)}" ${q.locked ? 'readonly' : ''}>
 <label for="amount">مبلغ (ریال)</label>
 <input id="amount" name="amount" inputmode="numeric" dir="ltr" placeholder="100000">
 <button class="primary" name="action" value="charge" id="charge">پرداخت و افزایش موجودی</button>
 <button class="cancel" name="action" value="cancel" id="cancel">انصراف</button>
</form>`

/** The wallet's tenant: the auto-login token's, else `sandbox_tenant` [I], else the default tenant. */
const increaseTenant = (ctx: SandboxContext, q: Q): Tenant | undefined => {
  const auto = findUserToken(ctx, q.auto_login_token, 'increase_balance')
  if (auto) return auto.tenant
  return ctx.store.tenant(q.sandbox_tenant || DEFAULT_TENANT)
}

// ---- the contract signing page -----------------------------------------------------------

const PERIOD_FA: Record<string, string> = { daily: 'روزانه', weekly: 'هفتگی', monthly: 'ماهانه', quarterly: 'سه‌ماهه', semiannual: 'شش‌ماهه', yearly: 'سالانه' }

const contractOf = (ctx: SandboxContext, reply: FastifyReply, token: string | undefined): { tenant: Tenant; c: BazaarPayContract } | undefined => {
  if (!token) return undefined
  const tenant = ctx.store.findTenant(INDEX.contract, token)
  const c = tenant ? findContract(tenant, token) : undefined
  journalTenant(reply, c ? tenant : undefined)
  return tenant && c ? { tenant, c } : undefined
}

const contractForm = (c: BazaarPayContract, q: { redirect_url: string; phone: string; message?: string }, error?: string) => `
<h1>قرارداد پرداخت مستقیم</h1>
${q.message ? `<p id="merchant-message">${esc(q.message)}</p>` : ''}
<p>نوع: ${c.type === 'wallet' ? 'برداشت از کیف پول' : 'برداشت مستقیم از حساب بانکی'}</p>
<p>سقف برداشت ${esc(PERIOD_FA[c.period])}: <span id="limit">${esc(tomanString(c.amount_limit))}</span></p>
${error ? `<p class="error" id="error">${esc(error)}</p>` : ''}
<form method="post" id="contract-form">
 <input type="hidden" name="contract_token" value="${esc(c.token)}">
 <input type="hidden" name="redirect_url" value="${esc(q.redirect_url)}">
 <label for="phone">شماره موبایل</label>
 <input id="phone" name="phone" inputmode="tel" dir="ltr" placeholder="09120000000" value="${esc(q.phone)}">
 <button class="primary" name="action" value="accept" id="accept">تایید قرارداد</button>
 <button class="cancel" name="action" value="decline" id="decline">رد قرارداد</button>
</form>`

/** Registers the three pages under one web host; `prefixes` are the base paths it serves. */
export const bazaarpayPages = (app: FastifyInstance, ctx: SandboxContext, prefixes: string[]) => {
  for (const p of prefixes) {
    const hide = { hide: true }

    app.get(`${p}/payment`, { schema: hide }, async (req, reply) => renderPayment(ctx, reply, req.query as Q))
    app.post(`${p}/payment`, { schema: hide }, async (req, reply) => {
      const body = { ...(req.query as Q), ...((req.body ?? {}) as Q) }
      const found = checkoutOf(ctx, reply, body.token ?? body.checkout_token)
      if (!found) return messagePage(reply, 404, 'پرداخت یافت نشد', 'توکن پرداخت صحیح نیست.')
      if (!body.redirect_url) return messagePage(reply, 400, 'درخواست نامعتبر', 'آدرس بازگشت (redirect_url) ارسال نشده است.')
      if (body.action === 'cancel') {
        cancelCheckout(ctx, found.tenant, found.c)
        ctx.store.changed()
        return redirect(reply, withQuery(body.redirect_url, { status: 'failed' }))
      }
      const method = body.action === 'wallet' ? 'wallet' : body.action === 'bank' ? 'bank' : undefined
      if (!method) return renderPayment(ctx, reply, body, 400, 'روش پرداخت را انتخاب کنید.')
      const failure = payCheckout(ctx, found.tenant, found.c, { phone: body.phone ?? '', method })
      ctx.store.changed()
      if (failure === 'already_paid') return redirect(reply, withQuery(body.redirect_url, { status: 'done' }))
      if (failure === 'timed_out') return redirect(reply, withQuery(body.redirect_url, { status: 'failed' }))
      if (failure) return renderPayment(ctx, reply, body, 400, PAY_FAILURE_TEXT[failure])
      return redirect(reply, withQuery(body.redirect_url, { status: 'done' }))
    })

    app.get(`${p}/increase-balance`, { schema: hide }, async (req, reply) => {
      const q = req.query as Q
      if (!q.redirect_url) return messagePage(reply, 400, 'درخواست نامعتبر', 'آدرس بازگشت (redirect_url) ارسال نشده است.')
      const tenant = increaseTenant(ctx, q)
      if (!tenant) return messagePage(reply, 404, 'یافت نشد', 'tenant یافت نشد.')
      journalTenant(reply, tenant)
      const auto = findUserToken(ctx, q.auto_login_token, 'increase_balance')
      return sendPage(
        reply,
        200,
        'افزایش موجودی',
        increaseForm({ redirect_url: q.redirect_url, phone: auto?.ut.phone_number ?? q.phone ?? '', tenant: tenant.id, locked: Boolean(auto) })
      )
    })
    app.post(`${p}/increase-balance`, { schema: hide }, async (req, reply) => {
      const body = { ...(req.query as Q), ...((req.body ?? {}) as Q) }
      if (!body.redirect_url) return messagePage(reply, 400, 'درخواست نامعتبر', 'آدرس بازگشت (redirect_url) ارسال نشده است.')
      const tenant = ctx.store.tenant(body.sandbox_tenant || DEFAULT_TENANT)
      if (!tenant) return messagePage(reply, 404, 'یافت نشد', 'tenant یافت نشد.')
      journalTenant(reply, tenant)
      if (body.action === 'cancel') return redirect(reply, withQuery(body.redirect_url, { status: 'failed' }))
      const phone = normalizePhone(body.phone)
      const amount = Number(body.amount ? body.amount.replace(/[,\s]/g, '') : NaN)
      const form = { redirect_url: body.redirect_url, phone: body.phone ?? '', tenant: tenant.id, locked: false }
      if (!phone) return sendPage(reply, 400, 'افزایش موجودی', increaseForm(form, 'شماره موبایل معتبر نیست.'))
      if (!Number.isInteger(amount) || amount <= 0 || amount > 1_000_000_000)
        return sendPage(reply, 400, 'افزایش موجودی', increaseForm(form, 'مبلغ معتبر نیست.'))
      userOf(tenant.bazaarpay, phone, true)!.balance += amount
      ctx.store.changed()
      return redirect(reply, withQuery(body.redirect_url, { status: 'done' }))
    })

    app.get(`${p}/contract/direct-pay`, { schema: hide }, async (req, reply) => {
      const q = req.query as Q
      const found = contractOf(ctx, reply, q.contract_token)
      if (!found) return messagePage(reply, 404, 'قرارداد یافت نشد', 'توکن قرارداد صحیح نیست.')
      const back = q.redirect_url ?? found.c.redirect_url
      if (!back) return messagePage(reply, 400, 'درخواست نامعتبر', 'آدرس بازگشت (redirect_url) ارسال نشده است.')
      refreshContract(found.c, ctx.clock.now())
      if (found.c.state !== 'new') return messagePage(reply, 200, 'قرارداد', 'این قرارداد قبلا بررسی شده است.', withQuery(back, { status: found.c.state === 'active' ? 'done' : 'failed' }))
      // auto-login with a direct_pay-scope token of the same merchant fills in the phone (single-use) [I]
      const auto = findUserToken(ctx, q.auto_login_token, 'direct_pay')
      let phone = q.phone ?? found.c.owner_phone_number ?? ''
      if (auto && auto.tenant.id === found.tenant.id) {
        phone = auto.ut.phone_number
        consumeUserToken(ctx, auto.tenant, auto.ut.token)
      }
      return sendPage(reply, 200, 'قرارداد پرداخت مستقیم', contractForm(found.c, { redirect_url: back, phone, message: q.message }))
    })
    app.post(`${p}/contract/direct-pay`, { schema: hide }, async (req, reply) => {
      const body = { ...(req.query as Q), ...((req.body ?? {}) as Q) }
      const found = contractOf(ctx, reply, body.contract_token)
      if (!found) return messagePage(reply, 404, 'قرارداد یافت نشد', 'توکن قرارداد صحیح نیست.')
      const back = body.redirect_url || found.c.redirect_url
      if (!back) return messagePage(reply, 400, 'درخواست نامعتبر', 'آدرس بازگشت (redirect_url) ارسال نشده است.')
      const decision = body.action === 'decline' ? 'decline' : 'accept'
      const phone = normalizePhone(body.phone)
      if (decision === 'accept' && !phone)
        return sendPage(reply, 400, 'قرارداد پرداخت مستقیم', contractForm(found.c, { redirect_url: back, phone: body.phone ?? '' }, 'شماره موبایل معتبر نیست.'))
      const outcome = signContract(ctx, found.c, decision, phone)
      ctx.store.changed()
      if (outcome === 'wrong_phone')
        return sendPage(reply, 400, 'قرارداد پرداخت مستقیم', contractForm(found.c, { redirect_url: back, phone: body.phone ?? '' }, 'این قرارداد برای شماره موبایل دیگری صادر شده است.'))
      return redirect(reply, withQuery(back, { status: found.c.state === 'active' ? 'done' : 'failed' }))
    })
  }
}

