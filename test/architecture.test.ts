/**
 * The import graph of src: no cycle (type-only imports count: a type-level cycle still ties every
 * file in it to every other), and core and state depend on no provider. A provider plugs in
 * through core's ProviderModule and is listed once, in src/providers/registry.ts.
 */
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import madge from 'madge'
import ts from 'typescript'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))
/** what core and state must not reach: the providers and the modules that wire them */
const OUTSIDE = ['providers/', 'sandbox/', 'pages/']
const NEUTRAL = ['core/', 'state/']

const graph = madge(SRC, { fileExtensions: ['ts'], detectiveOptions: { ts: { skipTypeImports: false } } })

t.test('the graph is the real one: every file, type-only imports included', async (t) => {
  const deps = (await graph).obj()
  t.ok(Object.keys(deps).length >= 50, 'every module of src is read')
  t.ok(deps['server.ts'].includes('providers/registry.ts'), 'relative .js specifiers resolve to the .ts files')
  t.ok(deps['core/context.ts'].includes('state/store.ts'), 'an `import type` is an edge')
})

t.test('src has no import cycle', async (t) => {
  const cycles = (await graph).circular()
  t.same(cycles.map((c) => c.join(' > ')), [], 'no cycle (each line is one, its last file importing its first)')
})

t.test('core and state reach no provider, control-plane action or page, directly or through another module', async (t) => {
  const deps = (await graph).obj()
  for (const file of Object.keys(deps).filter((f) => NEUTRAL.some((d) => f.startsWith(d)))) {
    const reached = new Set<string>()
    const todo = [...deps[file]]
    while (todo.length > 0) {
      const next = todo.pop()!
      if (reached.has(next)) continue
      reached.add(next)
      todo.push(...(deps[next] ?? []))
    }
    const outside = [...reached].filter((f) => OUTSIDE.some((d) => f.startsWith(d)))
    t.same(outside, [], `${file} reaches none of ${OUTSIDE.join(', ')}`)
  }
})

// Names are compared without case, '-' and '_': `card-to-card`, `card_to_card` and `cardToCard` are one.
const squash = (s: string) => s.toLowerCase().replace(/[-_]/g, '')
const PROVIDER_NAMES = readdirSync(join(SRC, 'providers'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

/** the identifiers, string literals and template pieces of a file: its code without comments */
const codeWords = (text: string): string[] => {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text)
  const words: string[] = []
  const WORDS = new Set([
    ts.SyntaxKind.Identifier,
    ts.SyntaxKind.PrivateIdentifier,
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
    ts.SyntaxKind.TemplateHead,
    ts.SyntaxKind.TemplateMiddle,
    ts.SyntaxKind.TemplateTail
  ])
  // which `{` a `}` closes: a template's substitution (its next piece follows) or a block
  const open: boolean[] = []
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken) open.push(false)
    if (kind === ts.SyntaxKind.CloseBraceToken && open.pop()) kind = scanner.reScanTemplateToken(false)
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) open.push(true)
    if (WORDS.has(kind)) words.push(scanner.getTokenValue())
  }
  return words
}

t.test('core and state code names no provider (comments may, as examples)', async (t) => {
  t.same(PROVIDER_NAMES.sort(), ['baloan', 'bazaarpay', 'card-to-card', 'vandar'], 'the provider folders this check knows')
  t.same(codeWords('const a = `x${ { b }.b }card_to_card${c}` // vandar\n/* baloan */ if (a) { f("bazaar-pay") }'), ['a', 'x', 'b', 'b', 'card_to_card', 'c', '', 'a', 'f', 'bazaar-pay'])
  const deps = (await graph).obj()
  for (const file of Object.keys(deps).filter((f) => NEUTRAL.some((d) => f.startsWith(d)))) {
    const named = codeWords(readFileSync(join(SRC, file), 'utf8')).filter((w) => PROVIDER_NAMES.some((p) => squash(w).includes(squash(p))))
    t.same(named, [], `${file} names no provider in its code`)
  }
})
