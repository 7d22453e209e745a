// Start-up work the bundled CLI skips, each one found with the start-up profile
// (`--cpu-prof` from process start to the first 200 on /__sandbox/health). They change no
// behaviour: test/cli.test.ts compares the CLI's generated fixtures with the library's, and the
// router and server code paths run in every CLI test. Each edit checks that the text it replaces
// is still there, so an upgraded dependency fails the build instead of losing the patch quietly.
import { readFile } from 'node:fs/promises'

const edit = (file, source, from, to) => {
  if (!source.includes(from)) throw new Error(`bundle patch: ${file} no longer contains ${JSON.stringify(from)}`)
  return source.replace(from, to)
}

/** A module object that requires `spec` when one of its properties is first read. */
const lazy = (spec) => `(() => { let m; return new Proxy({}, { get: (_, k) => (m ??= require('${spec}'))[k] }) })()`

export const startupPatches = async () => {
  // Faker's fa locale module builds a faker over fa, en and base definitions at load time:
  // 410 KB of word lists evaluated (and garbage-collected) on every start. The fixtures ask
  // faker for numbers, digits, list picks and Persian names only, so the bundle's faker holds
  // fa's person definitions alone: the same seed gives the same names. Anything else would throw
  // Faker's missing-locale-data error on the first start, which the CLI tests would see.
  const { fa } = await import('@faker-js/faker')
  const faPerson = JSON.stringify(fa.person)

  return {
    name: 'startup-patches',
    setup(build) {
      build.onResolve({ filter: /^@faker-js\/faker\/locale\/fa$/ }, (args) => ({ path: 'fa-person', namespace: 'sandbox-faker', pluginData: args.resolveDir }))
      build.onLoad({ filter: /.*/, namespace: 'sandbox-faker' }, (args) => ({
        contents: `import { Faker } from '@faker-js/faker'\nexport const faker = new Faker({ locale: [{ person: ${faPerson} }] })\n`,
        resolveDir: args.pluginData,
        loader: 'js'
      }))

      // find-my-way compiles code with `new Function`, once per method tree, for every short static
      // prefix and two per handler; Fastify's 404 router alone adds each provider prefix under all
      // 34 methods. Prefixes: find-my-way's own indexOf matcher for long ones serves every length
      // (the tree walk that uses it is replaced at ready by the compiled router anyway). Handlers:
      // the generated source depends only on parameter names and constraints, so one compiled
      // function serves every equal source.
      // Fastify's 404 router takes only all() routes (two per setNotFoundHandler: every provider
      // scope has one), and all() inserts the route into 35 method trees that come out identical:
      // ~700 inserts, the largest single item of start-up after module loading (~17 ms under
      // the profiler). While a router has had nothing but all() routes, one tree serves every
      // method; a router that gets a method route after that throws (no such router exists in
      // Fastify 5, and the patch then fails loudly rather than answering wrongly).
      build.onLoad({ filter: /[\\/]node_modules[\\/]find-my-way[\\/]index\.js$/ }, async (args) => {
        let s = await readFile(args.path, 'utf8')
        s = edit(args.path, s, `Router.prototype.all = function (path, handler, store) {
  this.on(httpMethods, path, handler, store)
}`, `Router.prototype.all = function (path, handler, store) {
  if (!this._allShared && Object.keys(this.trees).length > 0) return this.on(httpMethods, path, handler, store)
  this._allShared = true
  this._inAll = true
  try {
    this.on('GET', path, handler, store)
  } finally {
    this._inAll = false
  }
  for (const method of httpMethods) this.trees[method] = this.trees.GET
}`)
        s = edit(args.path, s, `Router.prototype._on = function _on (method, path, opts, handler, store) {
`, `Router.prototype._on = function _on (method, path, opts, handler, store) {
  if (this._allShared && !this._inAll) throw new Error('find-my-way (sandbox bundle patch): a method route on a router whose all() routes share one tree')
`)
        return { contents: s, loader: 'js' }
      })
      build.onLoad({ filter: /[\\/]node_modules[\\/]find-my-way[\\/]lib[\\/](node|handler-storage)\.js$/ }, async (args) => {
        let s = await readFile(args.path, 'utf8')
        if (args.path.endsWith('node.js')) return { contents: edit(args.path, s, 'const LONG_PREFIX_MIN_LENGTH = 16', 'const LONG_PREFIX_MIN_LENGTH = 2'), loader: 'js' }
        s = edit(args.path, s, "new Function('NullObject', fnBody.join('\\n'))(NullObject)", "compiled('NullObject', fnBody.join('\\n'))(NullObject)")
        s = edit(args.path, s, "new Function('derivedConstraints', lines.join('\\n'))", "compiled('derivedConstraints', lines.join('\\n'))")
        const memo = "const compiledFns = new Map()\nconst compiled = (arg, body) => { const key = arg + '\\0' + body; let fn = compiledFns.get(key); if (fn === undefined) compiledFns.set(key, (fn = new Function(arg, body))); return fn }\n" // eslint-disable-line
        return { contents: memo + s, loader: 'js' }
      })

      // Fastify's server module loads node:http2 and node:https for servers the sandbox never
      // makes (http2 alone is ~9 ms of Node's own module loading), node:dns for a listen on
      // `localhost` and node:os to list the addresses of a listen on 0.0.0.0 (~3 ms together);
      // they load on first use.
      build.onLoad({ filter: /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/ }, async (args) => {
        let s = await readFile(args.path, 'utf8')
        s = edit(args.path, s, "const https = require('node:https')", `const https = ${lazy('node:https')}`)
        s = edit(args.path, s, "const http2 = require('node:http2')", `const http2 = ${lazy('node:http2')}`)
        s = edit(args.path, s, "const dns = require('node:dns')", `const dns = ${lazy('node:dns')}`)
        s = edit(args.path, s, "const os = require('node:os')", `const os = ${lazy('node:os')}`)
        return { contents: s, loader: 'js' }
      })

      // @fastify/swagger loads yaml (~4 ms of module set-up) for YAML documents, which the
      // sandbox serves only when /docs/yaml is asked for; json-schema-resolver loads debug (and
      // supports-color, ~3 ms) for messages it logs while resolving a document, not at start.
      build.onLoad({ filter: /[\\/]node_modules[\\/]@fastify[\\/]swagger[\\/]lib[\\/](spec[\\/](openapi|swagger)[\\/]index|mode[\\/]static)\.js$/ }, async (args) => {
        const s = await readFile(args.path, 'utf8')
        return { contents: edit(args.path, s, "const yaml = require('yaml')", `const yaml = ${lazy('yaml')}`), loader: 'js' }
      })
      build.onLoad({ filter: /[\\/]node_modules[\\/]json-schema-resolver[\\/]ref-resolver\.js$/ }, async (args) => {
        const s = await readFile(args.path, 'utf8')
        const from = "const debug = require('debug')('json-schema-resolver')"
        return { contents: edit(args.path, s, from, "let debugLog\nconst debug = (...a) => (debugLog ??= require('debug')('json-schema-resolver'))(...a)"), loader: 'js' }
      })
    }
  }
}
