// The Node flags the `pardakht-sandbox` command runs with, read from the #! line of
// scripts/cli-loader.cjs (dist/cli.cjs): the build's code-cache run, the benchmark and the tests
// start the command with these, as the shell does, so V8 accepts the cache they all share.
import { readFileSync } from 'node:fs'

export const cliNodeFlags = () => {
  const first = readFileSync(new URL('./cli-loader.cjs', import.meta.url), 'utf8').split('\n', 1)[0]
  const m = /^#!\S*env -S node((?: --?[\w-]+(?:=\S+)?)*)\s*$/.exec(first)
  if (!m) throw new Error(`scripts/cli-loader.cjs: unexpected #! line: ${first}`)
  return m[1].trim().split(/\s+/).filter(Boolean)
}
