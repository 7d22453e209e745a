/**
 * The card-to-card script's hosted payment page, `{site}/CartToCart/payment/{pay_id}` (the
 * seed's sample link; in the sandbox `/card-to-card/payment/{pay_id}`). Its behaviour is not
 * documented (specs/card-to-card.md §3.4.5) [I]: it shows the merchant's cards, the exact amount
 * and a countdown to `expire`, polls its status endpoint, and once a deposit settles the payment
 * sends the payer to the merchant's callback with `pay_id` and `fid` added to its query.
 * Only payments created with a callback have a page (their `link`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SandboxContext } from '../core/context.js'
import { toPersianDigits, groupThousands } from '../core/validators.js'
import type { Tenant } from '../state/model.js'
import type { CardToCardPayment } from '../providers/card-to-card/model.js'
import { cardsView, isExpired } from '../providers/card-to-card/operations.js'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** The callback with the outcome's ids appended, keeping the callback's own query. */
export const callbackUrl = (p: CardToCardPayment): string | null => {
  if (!p.callback) return null
  try {
    const u = new URL(p.callback)
    u.searchParams.set('pay_id', String(p.pay_id))
    u.searchParams.set('fid', p.fid)
    return u.toString()
  } catch {
    const sep = p.callback.includes('?') ? '&' : '?'
    return `${p.callback}${sep}pay_id=${p.pay_id}&fid=${encodeURIComponent(p.fid)}`
  }
}

export type PageState = 'pending' | 'paid' | 'expired'

/** What the page shows: settled (paid, card mismatch or voided: the merchant's check tells which), waiting or expired. */
export const pageState = (ctx: SandboxContext, p: CardToCardPayment): PageState =>
  p.state !== 'pending' ? 'paid' : isExpired(ctx, p) ? 'expired' : 'pending'

const statusView = (ctx: SandboxContext, p: CardToCardPayment) => {
  const state = pageState(ctx, p)
  return {
    pay_id: p.pay_id,
    state,
    expire: p.expire,
    remaining: Math.max(0, p.expire - ctx.clock.nowSeconds()),
    redirect: state === 'paid' ? callbackUrl(p) : null
  }
}

const fa = (n: number) => toPersianDigits(groupThousands(n))
const cardGroups = (n: string) => (/^\d{16}$/.test(n) ? n.replace(/(\d{4})(?=\d)/g, '$1-') : n)

const page = (tenant: Tenant, p: CardToCardPayment, ctx: SandboxContext) => {
  const s = statusView(ctx, p)
  const cards = cardsView(tenant)
    .map(
      (c) => `<li class="card"><div class="number" dir="ltr" data-testid="card-number">${esc(cardGroups(c.number))}</div>
<div class="holder">${esc(c.name)}</div><div class="bank">${esc(c.bank)}</div></li>`
    )
    .join('\n')
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>پرداخت کارت به کارت - شماره ${toPersianDigits(p.pay_id)}</title>
<style>
 body{font-family:Tahoma,system-ui,sans-serif;background:#f4f6f8;margin:0;padding:1.5rem;color:#222}
 main{max-width:32rem;margin:auto;background:#fff;border-radius:.6rem;padding:1.5rem;box-shadow:0 1px 4px #0002}
 .amount{font-size:1.6rem;font-weight:bold;color:#0b6b3a}
 ul{list-style:none;padding:0} .card{border:1px solid #ddd;border-radius:.5rem;padding:.8rem;margin:.5rem 0}
 .number{font-size:1.2rem;letter-spacing:.1rem;font-family:monospace;text-align:left}
 #countdown{font-size:1.3rem;font-weight:bold} .expired{color:#b00020} .paid{color:#0b6b3a}
</style>
</head>
<body>
<main>
<h1>پرداخت کارت به کارت</h1>
<p>شماره پرداخت: <span id="pay-id">${toPersianDigits(p.pay_id)}</span></p>
<p>لطفا دقیقا مبلغ زیر را به یکی از کارت‌های زیر انتقال دهید:</p>
<p class="amount"><span id="amount" data-rials="${p.amount}">${fa(p.amount)}</span> ریال <small>(${fa(Math.floor(p.amount / 10))} تومان)</small></p>
<ul id="cards">
${cards}
</ul>
<p>زمان باقی‌مانده: <span id="countdown" data-remaining="${s.remaining}">…</span></p>
<p id="status" data-state="${s.state}">${s.state === 'paid' ? 'پرداخت انجام شد. در حال بازگشت به سایت پذیرنده…' : s.state === 'expired' ? 'مهلت پرداخت به پایان رسیده است.' : 'در انتظار واریز…'}</p>
${p.callback ? `<p><a id="back" href="${esc(callbackUrl(p)!)}">بازگشت به سایت پذیرنده</a></p>` : ''}
</main>
<script>
(function () {
  var remaining = ${s.remaining}, state = ${JSON.stringify(s.state)}, redirect = ${JSON.stringify(s.redirect).replace(/</g, '\\u003c')};
  var cd = document.getElementById('countdown'), st = document.getElementById('status');
  var fa = function (x) { return String(x).replace(/[0-9]/g, function (d) { return '۰۱۲۳۴۵۶۷۸۹'[d] }) };
  var show = function () {
    var m = Math.floor(remaining / 60), s = remaining % 60;
    cd.textContent = fa(m + ':' + (s < 10 ? '0' : '') + s);
  };
  var apply = function (v) {
    remaining = v.remaining; state = v.state; st.setAttribute('data-state', state);
    if (state === 'paid') { st.textContent = 'پرداخت انجام شد. در حال بازگشت به سایت پذیرنده…'; st.className = 'paid'; if (v.redirect) location.href = v.redirect; return true }
    if (state === 'expired') { st.textContent = 'مهلت پرداخت به پایان رسیده است.'; st.className = 'expired'; remaining = 0; show(); return true }
    return false
  };
  show();
  if (apply({ remaining: remaining, state: state, redirect: redirect })) return;
  setInterval(function () { if (remaining > 0) { remaining--; show() } }, 1000);
  var poll = function () {
    fetch(location.pathname.replace(/\\/$/, '') + '/status', { headers: { accept: 'application/json' } })
      .then(function (r) { return r.json() })
      .then(function (v) { if (!apply(v)) setTimeout(poll, 1000) })
      .catch(function () { setTimeout(poll, 2000) });
  };
  setTimeout(poll, 1000);
})();
</script>
</body>
</html>
`
}

const NOT_FOUND = `<!doctype html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>پرداخت یافت نشد</title></head>
<body><h1>پرداخت یافت نشد</h1><p>این پرداخت وجود ندارد یا صفحه پرداخت ندارد.</p></body></html>
`

/**
 * The page belongs to the install, not to a token: the payer's browser has none. pay_ids are
 * unique across tenants (operations.ts nextPayId), so the pay_id alone finds the payment.
 */
export const paymentPageRoutes = (app: FastifyInstance, ctx: SandboxContext, _host: string) => {
  const find = (payId: string): { tenant: Tenant; payment: CardToCardPayment } | undefined => {
    if (!/^\d{1,15}$/.test(payId)) return undefined
    for (const id of ctx.store.tenantIds()) {
      const tenant = ctx.store.tenant(id)!
      const payments = tenant.card_to_card.payments
      const p = Object.hasOwn(payments, payId) ? payments[payId] : undefined
      if (p && p.callback) return { tenant, payment: p }
    }
    return undefined
  }

  const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body)

  app.get('/payment/:pay_id', { schema: { hide: true } }, async (req, reply) => {
    const found = find((req.params as { pay_id: string }).pay_id)
    if (!found) return html(reply, 404, NOT_FOUND)
    if (req.sandbox) req.sandbox.tenant = found.tenant.id
    return html(reply, 200, page(found.tenant, found.payment, ctx))
  })

  app.get('/payment/:pay_id/status', { schema: { hide: true } }, async (req, reply) => {
    const found = find((req.params as { pay_id: string }).pay_id)
    if (!found) return reply.code(404).send({ status: false, code: 404, msg: 'The requested page or endpoint does not exist.' })
    if (req.sandbox) req.sandbox.tenant = found.tenant.id
    return reply.header('cache-control', 'no-store').send(statusView(ctx, found.payment))
  })
}
