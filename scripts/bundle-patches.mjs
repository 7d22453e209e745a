// The bundled CLI's faker holds only the Persian person definitions the fixtures use (found
// with the start-up profile: `--cpu-prof` from process start to the first 200 on
// /__sandbox/health). It is a choice of data, not an edit of a library's code: test/cli.test.ts
// compares the CLI's generated fixtures with the library's. Earlier edits of find-my-way's,
// Fastify's and @fastify/swagger's own source saved ~30 ms of start-up but made the shipped
// command run code the rest of the suite never ran; they were dropped (docs/performance.md).
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
    }
  }
}
