// Bundles the CLI into one file (dist/cli.js, over tsc's output): Node then loads one module
// instead of several hundred, which is most of the sandbox's start-up time. The library entry
// points (dist/index.js, dist/client/*) stay tsc's output. @fastify/swagger-ui stays external
// because it serves its static assets from its own package directory.
import { build } from 'esbuild'
import { chmodSync } from 'node:fs'

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@fastify/swagger-ui'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning'
})
chmodSync('dist/cli.js', 0o755)
