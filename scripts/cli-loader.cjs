#!/usr/bin/env -S node --max-semi-space-size=16
// The `pardakht-sandbox` command (copied to dist/cli.cjs by scripts/bundle-cli.mjs). It runs the
// bundled CLI (cli.bundle.cjs) through vm.Script with the V8 code cache made at build time:
// parsing and compiling the 2 MB bundle was a fifth of start-up, and Node 20 keeps no code
// cache for ES modules. The cache is named for the Node that made it: V8 rejects a cache made
// under other flags or another V8 version, but Node 20.19.0 accepted 20.20.2's (the same V8
// 11.3.244.8) and crashed with a segmentation fault. Under any other Node the bundle is compiled
// as usual.
//
// --max-semi-space-size=16 (the #! line; `npm start` repeats it, scripts/node-flags.mjs reads it):
// V8's own ceiling on a machine with this much memory, pinned so a smaller machine does not pick
// less. A request's garbage dies young and each scavenge has a fixed cost; the measurements
// behind 16 are in docs/performance.md.
//
// CommonJS: an ES module entry point costs Node ~8 ms of loading its ESM loader first.
const { readFileSync, writeFileSync } = require('node:fs')
const Module = require('node:module')
const { dirname, join } = require('node:path')
const { Script } = require('node:vm')

const bundle = join(__dirname, 'cli.bundle.cjs')
const cacheFile = join(__dirname, `cli.bundle.${process.version}-${process.arch}.cache`)
let cachedData
try {
  cachedData = readFileSync(cacheFile)
} catch {
  /* no cache: compile */
}
// The bundle keeps src/cli.ts's #! line, which is no JavaScript inside the CommonJS wrapper.
const source = Module.wrap(readFileSync(bundle, 'utf8').replace(/^#!/, '//'))
const script = new Script(source, { filename: bundle, cachedData })
// The build writes the cache when the process ends, so it holds the functions start-up compiled.
if (process.env.PARDAKHT_SANDBOX_WRITE_CODE_CACHE === '1') process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()))
const bundleModule = { exports: {} }
script.runInThisContext()(bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, dirname(bundle))
