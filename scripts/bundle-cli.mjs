// Bundles the CLI into one file (dist/cli.bundle.cjs, beside tsc's output): Node then loads one
// module instead of several hundred, which is most of the sandbox's start-up time. dist/cli.cjs
// (the package's bin) is scripts/cli-loader.cjs, which runs the bundle with a V8 code cache made here, by starting
// the sandbox once and answering one request. The library entry points (dist/index.js,
// dist/client/*) stay tsc's output. @fastify/swagger-ui stays external because it serves its
// static assets from its own package directory.
//
// CommonJS rather than ESM because only a script (vm.Script) takes a code cache in Node 20.
// "use strict" keeps the semantics the ESM bundle had; import.meta.url is the bundle's URL, and
// dynamic imports become requires (a vm.Script has no ESM loader for them).
import { build } from 'esbuild'
import { spawn } from 'node:child_process'
import { chmodSync, copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cliNodeFlags } from './node-flags.mjs'
import { startupPatches } from './bundle-patches.mjs'

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.bundle.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['@fastify/swagger-ui'],
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "'use strict';const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [await startupPatches()],
  logLevel: 'warning'
})
// esbuild writes ASCII except inside regular expression literals (the Persian digit and bank-name
// patterns): one such character makes V8 hold the whole 2 MB source as a two-byte string, read and
// decoded at every start (measured: readFileSync 11.8 ms against 6.5 ms for the ASCII text). A
// \uXXXX escape means the same character in a regular expression, with or without the u flag
// (an astral one as its surrogate pair), and in strings, templates and identifiers alike.
{
  const source = readFileSync('dist/cli.bundle.cjs', 'utf8')
  const ascii = source.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => {
    // an escaped non-ASCII character (`\ۀ`) would become an escaped backslash: refuse to guess
    if (slashes.length % 2 === 1) throw new Error(`dist/cli.bundle.cjs: an escaped non-ASCII character ${JSON.stringify(c)}`)
    return `${slashes}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
  writeFileSync('dist/cli.bundle.cjs', ascii)
}
copyFileSync('scripts/cli-loader.cjs', 'dist/cli.cjs')
chmodSync('dist/cli.cjs', 0o755)
// `node dist/cli.js …` keeps working (tsc's dist/cli.js is the unbundled CLI, replaced here).
const shebang = readFileSync('scripts/cli-loader.cjs', 'utf8').split('\n', 1)[0]
writeFileSync('dist/cli.js', `${shebang}\n// The command is dist/cli.cjs (package.json's bin); this is the same command for \`node dist/cli.js\`.\nimport './cli.cjs'\n`)
chmodSync('dist/cli.js', 0o755)
for (const f of readdirSync('dist')) if (/^cli\.bundle\..*cache$/.test(f)) rmSync(`dist/${f}`)

// Start once and ask for the health page, as a user's first run does; the loader writes the
// cache as the process exits.
// with the command's own flags: V8 rejects a cache made under other flags
const child = spawn(process.execPath, [...cliNodeFlags(), 'dist/cli.cjs', 'start', '--port', '0', '--rate-limits', 'off', '--log-level', 'silent'], {
  env: { ...process.env, PARDAKHT_SANDBOX_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'pipe', 'inherit']
})
const exited = new Promise((resolve) => child.on('exit', resolve))
const url = await new Promise((resolve, reject) => {
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
    const m = /ready at (http:\/\/\S+)/.exec(out)
    if (m) resolve(m[1])
  })
  child.on('exit', (code) => reject(new Error(`the bundled CLI exited (${code}) before it was ready`)))
})
const res = await fetch(`${url}/__sandbox/health`)
if (res.status !== 200) throw new Error(`the bundled CLI answered ${res.status} on /__sandbox/health`)
child.kill('SIGTERM')
if ((await exited) !== 0) throw new Error('the bundled CLI did not stop cleanly')
