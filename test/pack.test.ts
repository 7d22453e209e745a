/**
 * The package as a user gets it: package.json and package-lock.json in agreement (so `npm install`
 * rewrites nothing), every locked dependency running on the Node versions `engines` names, and the
 * `npm pack` tarball installed into an empty project, where `npx pardakht-sandbox start` serves
 * and an ES module imports the library and a client.
 */
import t from 'tap'
import { execFile, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import semver from 'semver'

// npm installs some 90 packages from its cache: tens of seconds on a busy machine
t.setTimeout(240_000)

const root = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))

t.test('package-lock.json records what package.json says (npm install has nothing to rewrite)', async (t) => {
  const locked = lock.packages['']
  for (const field of ['name', 'version', 'license', 'bin', 'engines', 'dependencies', 'devDependencies'] as const) {
    t.same(locked[field], pkg[field], field)
  }
  t.equal(lock.name, pkg.name)
  t.equal(lock.version, pkg.version)
})

t.test('every locked dependency supports the lowest Node of each range engines names', async (t) => {
  const lowest = pkg.engines.node.split('||').map((range: string) => semver.minVersion(range)!.version)
  t.same(lowest, ['20.19.0', '22.13.0', '24.0.0'])
  t.ok(semver.satisfies(process.version, pkg.engines.node), `this Node (${process.version}) is one engines names`)
  const refused: string[] = []
  for (const [path, entry] of Object.entries(lock.packages as Record<string, { version: string; engines?: { node?: string } }>)) {
    const wants = entry.engines?.node
    if (!path || !wants) continue
    for (const node of lowest) if (!semver.satisfies(node, wants)) refused.push(`${path}@${entry.version} asks node ${wants}: not ${node}`)
  }
  t.same(refused, [], 'npm install prints no EBADENGINE')
})

// spawned in a process group of its own: npx does not pass SIGTERM on to the command it runs
const startWithNpx = (cwd: string) =>
  new Promise<{ url: string; stop: () => Promise<unknown> }>((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'pardakht-sandbox', 'start', '--port', '0', '--rate-limits', 'off'], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const exited = new Promise((r) => child.on('exit', r))
    const stop = async () => {
      process.kill(-child.pid!, 'SIGTERM')
      return exited
    }
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /ready at (http:\/\/\S+)/.exec(out)
      if (m) resolve({ url: m[1], stop })
    })
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => reject(new Error(`npx pardakht-sandbox exited (${code}): ${out}`)))
  })

const consumer = `
import { startSandbox, SandboxClient } from 'pardakht-sandbox'
import { BaloanClient } from 'pardakht-sandbox/client'

const sandbox = await startSandbox({ rateLimits: false })
try {
  const creds = (await new SandboxClient({ baseUrl: sandbox.url }).tenant('default')).baloan
  const baloan = new BaloanClient({ baseUrl: sandbox.url + '/api.baloan.ir', storeUuid: creds.store_uuid, password: creds.password })
  console.log(JSON.stringify(await baloan.v2.checkCredit('0012345678')))
} finally {
  await sandbox.close()
}
`

t.test('the packed tarball installs into an empty project, starts with npx and imports from ESM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // The suite's pretest built dist/: --ignore-scripts keeps `prepare` from building it again.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root })
  const [{ filename, files }] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>
  const paths = files.map((f) => f.path)
  for (const p of ['dist/cli.cjs', 'dist/cli.bundle.cjs', `dist/cli.bundle.${process.version}-${process.arch}.cache`, 'dist/index.js', 'dist/index.d.ts', 'dist/client/index.js', 'fixtures/default.json']) {
    t.ok(paths.includes(p), `the tarball holds ${p}`)
  }
  t.notOk(paths.some((p) => p.startsWith('src/') || p.startsWith('test/')), 'no sources or tests')

  const app = join(dir, 'app')
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-consumer', private: true, type: 'module' }))
  // the registry is asked only for what the npm cache lacks
  await run('npm', ['install', join(dir, filename), '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app })

  const server = await startWithNpx(app)
  t.teardown(() => server.stop().catch(() => {}))
  const health = await fetch(`${server.url}/__sandbox/health`)
  t.equal(health.status, 200)
  t.match(await health.json(), { status: 'ok' })

  writeFileSync(join(app, 'consumer.mjs'), consumer)
  const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: app })
  t.same(JSON.parse(stdout), { national_identifier: '0012345678', user_credit: 100000000 })
})
