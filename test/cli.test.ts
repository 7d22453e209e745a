import t from 'tap'
import { cliNodeFlags } from '../scripts/node-flags.mjs'
import { spawn, execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url))
const run = promisify(execFile)

/** Runs the CLI and resolves with the process and the URL of its ready line. */
const launch = (argv: string[]) =>
  new Promise<{ child: ReturnType<typeof spawn>; url: string; line: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...cliNodeFlags(), CLI, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = out.match(/ready at (http:\/\/\S+)/)
      if (m) resolve({ child, url: m[1], line: out.trim() })
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })

const start = (args: string[]) => launch(['start', ...args])

const exit = (child: ReturnType<typeof spawn>) => new Promise<number | null>((r) => child.on('exit', (code) => r(code)))

t.test('start prints one ready line, serves, and stops cleanly on SIGTERM with the state flushed', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'cli-')), 'state.json')
  const { child, url, line } = await start(['--port', '0', '--state-file', file, '--rate-limits', 'off', '--fixed-otp', '11111', '--seed', '7'])
  t.match(line, /^pardakht-sandbox ready at http:\/\/127\.0\.0\.1:\d+ .*\/__sandbox\/tenants\/default/)
  t.equal(line.split('\n').length, 1)
  const health = (await (await fetch(`${url}/__sandbox/health`)).json()) as { status: string }
  t.equal(health.status, 'ok')
  await fetch(`${url}/__sandbox/baloan/customers/4311204302`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"credit":4242}' })
  const done = exit(child)
  child.kill('SIGTERM')
  t.equal(await done, 0)
  t.equal(JSON.parse(readFileSync(file, 'utf8')).state.tenants.default.baloan.customers['4311204302'].credit, 4242)

  const again = await start(['--port', '0', '--state-file', file])
  const customer = (await (await fetch(`${again.url}/__sandbox/baloan/customers/4311204302`)).json()) as { credit: number }
  t.equal(customer.credit, 4242, 'loaded at the next start')
  const stopped = exit(again.child)
  again.child.kill('SIGINT')
  t.equal(await stopped, 0)
})

t.test('a non-loopback host needs --admin-token', async (t) => {
  const err = await run(process.execPath, [CLI, 'start', '--host', '0.0.0.0', '--port', '0']).catch((e) => e)
  t.equal(err.code, 2)
  t.match(err.stderr, /admin-token/)
  const { child, url } = await start(['--host', '0.0.0.0', '--port', '0', '--admin-token', 'tok'])
  t.equal((await fetch(`${url}/__sandbox/health`)).status, 401)
  t.equal((await fetch(`${url}/__sandbox/health`, { headers: { authorization: 'Bearer tok' } })).status, 200)
  const done = exit(child)
  child.kill('SIGTERM')
  t.equal(await done, 0)
})

t.test('bad flags are refused with usage', async (t) => {
  for (const args of [['--nope', '1'], ['--constructor', 'x'], ['--port', 'x'], ['--rate-limits', 'maybe'], ['--log-level', 'loud'], ['--fixed-otp', 'ab']]) {
    const err = await run(process.execPath, [CLI, 'start', ...args]).catch((e) => e)
    t.equal(err.code, 2, args.join(' '))
    t.match(err.stderr, /\nusage: pardakht-sandbox .*\nrun `pardakht-sandbox --help` for every option and its environment variable\n$/)
  }
})

t.test('a taken port or a foreign address is one line that says how to choose another, not a stack', async (t) => {
  const first = await start(['--port', '0', '--rate-limits', 'off'])
  t.teardown(() => void first.child.kill('SIGTERM'))
  const port = new URL(first.url).port
  const err = await run(process.execPath, [CLI, 'start', '--port', port]).catch((e) => e)
  t.equal(err.code, 1)
  t.equal(
    err.stderr,
    `pardakht-sandbox: port ${port} on 127.0.0.1 is taken (is a sandbox already running?): choose another with --port N or PARDAKHT_SANDBOX_PORT=N (0 picks a free port)\n`
  )
  // the variable is the same setting
  const viaEnv = await run(process.execPath, [CLI, 'start'], { env: { ...process.env, PARDAKHT_SANDBOX_PORT: port } }).catch((e) => e)
  t.match(viaEnv.stderr, new RegExp(`^pardakht-sandbox: port ${port} on 127\\.0\\.0\\.1 is taken`))
  t.equal((await fetch(`${first.url}/__sandbox/health`)).status, 200, 'the first sandbox is untouched')
  // 192.0.2.1 (TEST-NET-1) is no address of any machine
  const foreign = await run(process.execPath, [CLI, 'start', '--host', '192.0.2.1', '--admin-token', 'tok']).catch((e) => e)
  t.equal(foreign.code, 1)
  t.equal(foreign.stderr, 'pardakht-sandbox: 192.0.2.1 is no address of this machine: choose another with --host ADDRESS or PARDAKHT_SANDBOX_HOST=ADDRESS\n')
})

t.test('help: every command answers --help, and start lists every flag with its environment variable', async (t) => {
  const { FLAGS, envName } = await import('../src/config.js')
  const asked = [['start', '--help'], ['help', 'start'], ['--port', '4200', '-h'], ['openapi', '--help'], ['help', 'openapi'], ['--help'], ['help']]
  const [startHelp, helpStart, flagsHelp, openapiHelp, helpOpenapi, all, help] = await Promise.all(
    asked.map(async (args) => {
      const { stdout, stderr } = await run(process.execPath, [CLI, ...args])
      t.equal(stderr, '', `${args.join(' ')}: nothing on stderr`)
      return stdout
    })
  )
  for (const flag of [...Object.keys(FLAGS), 'config']) {
    t.match(startHelp, new RegExp(`^  --${flag} \\S+ +${envName(flag)} +\\S`, 'm'), `--${flag} and ${envName(flag)}`)
  }
  t.equal(helpStart, startHelp)
  t.equal(flagsHelp, startHelp, '--help among flags without a command is start\'s')
  t.match(openapiHelp, /^pardakht-sandbox openapi --out DIR\n/)
  t.match(openapiHelp, /^  --out DIR +the directory/m)
  t.equal(helpOpenapi, openapiHelp)
  t.equal(help, all)
  t.ok(all.includes(startHelp.trimEnd()) && all.includes(openapiHelp.trimEnd()), '--help holds both commands\' help')
  t.match(all, /^usage:\n  pardakht-sandbox \[start\] \[options\]/m)

  for (const topic of ['nope', 'constructor']) {
    const unknown = await run(process.execPath, [CLI, 'help', topic]).catch((e) => e)
    t.equal(unknown.code, 2)
    t.match(unknown.stderr, new RegExp(`^pardakht-sandbox: help knows the commands start and openapi, not "${topic}"\\n`))
  }
})

t.test('flags without a command start the sandbox', async (t) => {
  const { child, url } = await launch(['--port', '0', '--rate-limits', 'off'])
  t.equal((await fetch(`${url}/__sandbox/health`)).status, 200)
  const done = exit(child)
  child.kill('SIGTERM')
  t.equal(await done, 0)
})

t.test('openapi --out writes one document per provider', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'openapi-'))
  const { stdout } = await run(process.execPath, [CLI, 'openapi', '--out', out])
  t.match(stdout, /baloan\.json/)
  t.ok(readdirSync(out).includes('baloan.json'))
  const doc = JSON.parse(readFileSync(join(out, 'baloan.json'), 'utf8'))
  t.equal(doc.info.title, 'Baloan credit gateway (درگاه اعتباری بالون)')
})

t.test('the command runs with the #! line\'s Node flags, npm start passes the same, and the code cache is accepted with them', async (t) => {
  const flags = cliNodeFlags()
  t.same(flags, ['--max-semi-space-size=16'])
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  t.equal(pkg.scripts.start, `node ${flags.join(' ')} dist/cli.cjs start`)
  // executed as the shell executes it (npm's bin link), through the #! line
  const { stdout } = await run(CLI, ['openapi', '--out', mkdtempSync(join(tmpdir(), 'cli-bang-'))])
  t.match(stdout, /wrote .*baloan\.json/)
  t.equal(pkg.bin['pardakht-sandbox'], 'dist/cli.cjs')
  // `node dist/cli.js` is the same command (the CommonJS bin spares the ESM loader's start-up)
  const viaJs = await run(fileURLToPath(new URL('../dist/cli.js', import.meta.url)), ['openapi', '--out', mkdtempSync(join(tmpdir(), 'cli-js-'))])
  t.match(viaJs.stdout, /wrote .*baloan\.json/)
  const probe = `const {Script}=require('node:vm'),fs=require('node:fs'),M=require('node:module');` +
    `const b=${JSON.stringify(fileURLToPath(new URL('../dist/cli.bundle.cjs', import.meta.url)))};` +
    `const s=new Script(M.wrap(fs.readFileSync(b,'utf8').replace(/^#!/,'//')),{filename:b,cachedData:fs.readFileSync(b.replace(/cjs$/,process.version+'-'+process.arch+'.cache'))});` +
    `process.stdout.write(String(s.cachedDataRejected))`
  t.equal((await run(process.execPath, [...flags, '-e', probe])).stdout, 'false', 'cache accepted under the command\'s flags')
})

// The bundle carries a faker with fa's person definitions only (scripts/bundle-patches.mjs):
// the command's generated fixtures must be the library's, value for value.
t.test('the command generates the same default tenant as the library (the bundled faker holds the same names)', async (t) => {
  const { startSandbox } = await import('../src/index.js')
  const withoutTimes = (state: unknown) => JSON.parse(JSON.stringify(state, (k, v) => (k === 'created_at' || k === 'expires_at' || k === 'secret' ? undefined : v)))
  for (const seed of ['1403', '7']) {
    const lib = await startSandbox({ rateLimits: false, seed: Number(seed) })
    const expected = withoutTimes(await (await fetch(`${lib.url}/__sandbox/state`)).json())
    await lib.close()
    const { child, url } = await start(['--port', '0', '--rate-limits', 'off', '--seed', seed])
    const actual = withoutTimes(await (await fetch(`${url}/__sandbox/state`)).json())
    child.kill('SIGTERM')
    await exit(child)
    t.ok(Object.keys(actual.tenants.default.baloan.customers).length > 0, `seed ${seed}: generated customers`)
    t.same(actual, expected, `seed ${seed}`)
  }
})

t.test('the command serves what its bundle loads on first use: the YAML document, a listen on localhost', async (t) => {
  const { child, url } = await start(['--port', '0', '--host', 'localhost', '--rate-limits', 'off'])
  t.teardown(() => void child.kill('SIGTERM'))
  t.match(url, /^http:\/\/localhost:\d+$/)
  const yaml = await fetch(`${url}/__sandbox/docs/yaml`)
  t.equal(yaml.status, 200)
  t.match(await yaml.text(), /^openapi: 3\.0\.3\ninfo:\n  title: pardakht-sandbox control plane\n/)
  t.equal((await fetch(`${url}/__sandbox/health`)).status, 200)
})

t.test('unknown paths and methods get the same answers from the command as from the library', async (t) => {
  const probes: Array<[string, string]> = [
    ['GET', '/nowhere'],
    ['PROPFIND', '/nowhere'],
    ['POST', '/api.baloan.ir/api/v2/merchant/no-such/'],
    ['PROPFIND', '/api.baloan.ir/api/v2/merchant/check-credit/'],
    ['DELETE', '/api.baloan.ir/api/v2/merchant/check-credit/'],
    ['PATCH', '/ipg.vandar.io/api/v4/nothing'],
    ['LOCK', '/ipg.vandar.io/'],
    ['GET', '/api.bazaar-pay.ir/badje/v1/none/'],
    ['MKCOL', '/card-to-card/api/none'],
    ['PUT', '/__sandbox/no-such']
  ]
  const answers = async (url: string) => {
    const out: Array<{ probe: string; status: number; body: string }> = []
    for (const [method, path] of probes) {
      const r = await fetch(url + path, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' })
      // the hints name the sandbox's own origin, whose port differs between the two servers
      out.push({ probe: `${method} ${path}`, status: r.status, body: (await r.text()).replaceAll(new URL(url).host, '<sandbox>') })
    }
    return out
  }
  const { startSandbox } = await import('../src/index.js')
  const lib = await startSandbox({ rateLimits: false })
  const expected = await answers(lib.url)
  await lib.close()
  const { child, url } = await start(['--port', '0', '--rate-limits', 'off'])
  const actual = await answers(url)
  child.kill('SIGTERM')
  await exit(child)
  t.ok(expected.every((a) => a.status >= 400 && a.status < 500), 'every probe is refused in the 4xx range')
  t.same(actual, expected)
})
