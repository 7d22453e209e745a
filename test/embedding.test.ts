/** What a user's own test suite imports: the package entry points, as built into dist/. */
import t from 'tap'

t.test("import { startSandbox } from 'pardakht-sandbox'", async (t) => {
  const pkg = await import('pardakht-sandbox' as string)
  t.type(pkg.startSandbox, 'function')
  t.type(pkg.buildSandbox, 'function')
  const sb = await pkg.startSandbox()
  t.teardown(() => sb.close())
  t.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  const health = await (await fetch(`${sb.url}/__sandbox/health`)).json()
  t.equal(health.status, 'ok')
  const clients = await import('pardakht-sandbox/client' as string)
  t.type(clients.BaloanClient, 'function')
  t.type(clients.SandboxClient, 'function')
})
