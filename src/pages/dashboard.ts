/**
 * The dashboard at `/`: what QA looks at after walking a flow — tenants, the clock, recent
 * requests and SMS — read live from the control plane.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { SandboxContext } from '../core/context.js'
import { PROVIDERS } from '../providers/registry.js'
import { VERSION } from '../version.js'

const page = (baseHosts: string) => `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<title>pardakht-sandbox</title>
<style>
 body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
 table{border-collapse:collapse;width:100%;font-size:.85rem;margin-bottom:2rem}
 td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
 code{background:#f4f4f4;padding:0 .2rem}
 .s2{color:#176f2c}.s4{color:#a15c00}.s5{color:#b00020}
</style>
</head>
<body>
<h1>pardakht-sandbox <small>${VERSION}</small></h1>
<p>Providers: ${baseHosts}. Control plane: <a href="/__sandbox/docs">/__sandbox/docs</a>, <a href="/__sandbox/health">/__sandbox/health</a>.</p>
<p>Sandbox clock: <code id="clock">…</code></p>
<h2>Tenants</h2><table id="tenants"><tr><th>id</th><th>created</th></tr></table>
<h2>Recent requests</h2><table id="requests"><tr><th>at</th><th>tenant</th><th>provider</th><th>method</th><th>path</th><th>status</th><th>ms</th></tr></table>
<h2>SMS outbox</h2><table id="sms"><tr><th>at</th><th>to</th><th>provider</th><th>purpose</th><th>text</th></tr></table>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
const fill = (id, rows) => { const t = document.getElementById(id); t.querySelectorAll('tr:not(:first-child)').forEach((r) => r.remove());
  for (const r of rows) t.insertAdjacentHTML('beforeend', '<tr>' + r.map((c) => '<td>' + c + '</td>').join('') + '</tr>') };
async function refresh() {
  const [clock, tenants, reqs, sms] = await Promise.all(['clock', 'tenants', 'requests?limit=50', 'sms'].map((p) => fetch('/__sandbox/' + p).then((r) => r.json())));
  document.getElementById('clock').textContent = clock.now;
  fill('tenants', tenants.tenants.map((t) => [esc(t.id), esc(t.created_at)]));
  fill('requests', reqs.requests.slice().reverse().map((r) => [esc(r.at), esc(r.tenant), esc(r.provider), esc(r.method), '<code>' + esc(r.path) + '</code>', '<span class="s' + String(r.status)[0] + '">' + r.status + '</span>', r.duration_ms]));
  fill('sms', sms.messages.slice(0, 50).map((m) => [esc(m.created_at), esc(m.to), esc(m.provider), esc(m.purpose), '<pre>' + esc(m.text) + '</pre>']));
}
refresh(); setInterval(refresh, 2000);
</script>
</body>
</html>`

export const dashboard =
  (_ctx: SandboxContext): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    const html = page(PROVIDERS.map((p) => p.hosts.map((h) => `<code>/${h}</code>`).join(', ')).join('; '))
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(html))
  }
