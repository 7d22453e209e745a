/**
 * The README and every page of docs/ run as written: each file's ```sh blocks, in order, in one
 * bash process (`set -euo pipefail`), against a fresh sandbox of its own on a free port (the
 * text's `:4100` becomes that port), from a temporary directory holding docs/samples. Every curl
 * must exit 0 with an HTTP status below 500, unless its own --write-out prints %{http_code}: the
 * block then checks the status itself (`test "$(curl ... -w '%{http_code}')" = 503`). The blocks'
 * `test` lines check the answers the text quotes. A block in another language that runs curl
 * fails here: it would escape the run.
 */
import t from 'tap'
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox } from '../src/index.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)]
/** DOCS_ONLY=docs/vandar.md runs one file's blocks; DOCS_KEEP=1 prints their output and keeps the directory */
const RUN = process.env.DOCS_ONLY ? DOCS.filter((f) => f === process.env.DOCS_ONLY) : DOCS

interface Block {
  lang: string
  /** the line of the opening fence, 1-based */
  line: number
  lines: string[]
}

/** Fenced code blocks (``` or ~~~, indented or not) with their info string's first word. */
export const fencedBlocks = (markdown: string): Block[] => {
  const blocks: Block[] = []
  let open: { fence: string; block: Block } | undefined
  markdown.split('\n').forEach((text, i) => {
    const m = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/.exec(text)
    if (open) {
      if (m && m[1][0] === open.fence[0] && m[1].length >= open.fence.length && m[2] === '') {
        blocks.push(open.block)
        open = undefined
      } else open.block.lines.push(text)
    } else if (m) open = { fence: m[1], block: { lang: m[2].toLowerCase(), line: i + 1, lines: [] } }
  })
  return blocks
}

/**
 * Runs before the blocks. The curl function lets every call through as written and adds one
 * write-out, on stderr, with the HTTP status (a block's own --write-out is kept in front of it).
 */
const PRELUDE = [
  'set -euo pipefail',
  `trap 'echo "@@failed $LINENO" >&2' ERR`,
  'curl() {',
  "  local args=() mine='' rc=0 err='' status call=\"curl $*\"",
  '  while [ $# -gt 0 ]; do',
  '    case "$1" in',
  '      -w|--write-out) mine="$2"; shift 2 ;;',
  '      --write-out=*) mine="${1#--write-out=}"; shift ;;',
  '      *) args+=("$1"); shift ;;',
  '    esac',
  '  done',
  // stdout passes through fd 3; curl's stderr, with the status written last, is kept in `err`
  '  { err=$(command curl "${args[@]}" --write-out "$mine%{stderr}@@status %{http_code}@@" 2>&1 1>&3 3>&-) || rc=$?; } 3>&1',
  '  status=${err##*@@status }; status=${status%%@@*}',
  '  case "$status" in [0-9][0-9][0-9]) ;; *) status=0 ;; esac',
  '  err=${err//@@status [0-9][0-9][0-9]@@/}',
  '  [ -z "$err" ] || printf \'%s\\n\' "$err" >&2',
  '  if [ "$rc" -ne 0 ]; then echo "@@$call: exit $rc" >&2; return "$rc"; fi',
  '  case "$mine" in *%{http_code}*|*%{response_code}*) return 0 ;; esac',
  '  if [ "$status" -lt 100 ] || [ "$status" -ge 500 ]; then echo "@@$call: HTTP $status" >&2; return 1; fi',
  '}'
].join('\n')

/** A file's sh blocks as one script, and for each script line the document line it came from. */
const scriptOf = (blocks: Block[], port: number) => {
  const lines = PRELUDE.split('\n')
  const origin: Array<number | undefined> = lines.map(() => undefined)
  for (const b of blocks) {
    b.lines.forEach((text, i) => {
      // :4100 after a host or address (127.0.0.1:4100, api.baloan.ir:4100), never an amount ("x":4100)
      lines.push(text.replace(/(?<=[\w.\]-]):4100(?!\d)/g, `:${port}`))
      origin.push(b.line + 1 + i)
    })
  }
  return { script: lines.join('\n') + '\n', origin }
}

const bash = (script: string, cwd: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      'bash',
      ['-c', script],
      { cwd, timeout: 100_000, maxBuffer: 64 << 20, env: { PATH: process.env.PATH, HOME: cwd, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } },
      (err, stdout, stderr) => {
        const killed = err?.signal ? `\n@@killed by ${err.signal}${err.killed ? ' (over 100 s)' : ''}` : ''
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr: stderr + killed })
      }
    )
    child.stdin?.end()
  })

t.test('no runnable command hides in a block the docs test does not run', async (t) => {
  const hidden: string[] = []
  for (const file of DOCS) {
    for (const b of fencedBlocks(readFileSync(join(ROOT, file), 'utf8'))) {
      if (b.lang === 'sh') continue
      const curl = b.lines.findIndex((l) => /(^|[\s$(|;&])curl\s/.test(l))
      if (curl !== -1) hidden.push(`${file}:${b.line + 1 + curl}: a \`\`\`${b.lang || '(no language)'} block runs curl; fence it as sh so the docs test runs it`)
    }
  }
  t.same(hidden, [])
})

t.test('the fence scanner', async (t) => {
  const blocks = fencedBlocks('a\n```sh\ncurl x\n```\n  ~~~ts\nconst a = 1\n  ~~~\n````\n```sh\n````\n')
  t.same(
    blocks.map((b) => [b.lang, b.line, b.lines]),
    [
      ['sh', 2, ['curl x']],
      ['ts', 5, ['const a = 1']],
      ['', 8, ['```sh']]
    ]
  )
})

interface Run {
  code: number
  stdout: string
  stderr: string
  origin: Array<number | undefined>
  dir: string
  /** provider answers of the run with a status >= 500 that no fault asked for */
  fiveHundreds: string[]
}

/** One file's blocks against a sandbox of its own. */
const runFile = async (blocks: Block[]): Promise<Run> => {
  const sandbox = await startSandbox()
  const dir = mkdtempSync(join(tmpdir(), 'docs-'))
  try {
    cpSync(join(ROOT, 'docs/samples'), join(dir, 'docs/samples'), { recursive: true })
    const { script, origin } = scriptOf(blocks, sandbox.port)
    const { code, stdout, stderr } = await bash(script, dir)
    const journal = sandbox.app.sandbox.journal.list({}) as Array<{ status: number; fault?: string; method: string; path: string }>
    const fiveHundreds = journal.filter((r) => r.status >= 500 && !r.fault).map((r) => `${r.status} ${r.method} ${r.path}`)
    return { code, stdout, stderr, origin, dir, fiveHundreds }
  } finally {
    await sandbox.close()
    if (!process.env.DOCS_KEEP) rmSync(dir, { recursive: true, force: true })
  }
}

// Two files at a time: most of a run is waiting on curl and node processes.
const queue: Array<() => void> = []
let running = 0
const limited = <T>(job: () => Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const start = () => {
      running++
      job()
        .then(resolve, reject)
        .finally(() => {
          running--
          queue.shift()?.()
        })
    }
    if (running < 2) start()
    else queue.push(start)
  })

const runs = RUN.map((file) => {
  const blocks = fencedBlocks(readFileSync(join(ROOT, file), 'utf8')).filter((b) => b.lang === 'sh')
  return { file, run: blocks.length === 0 ? undefined : limited(() => runFile(blocks)) }
})

for (const { file, run } of runs) {
  if (!run) continue
  t.test(`${file}: every sh block runs as written on a fresh sandbox`, async (t) => {
    const { code, stdout, stderr, origin, dir, fiveHundreds } = await run
    const failed = /@@failed (\d+)/.exec(stderr)
    const at = failed ? origin[Number(failed[1]) - 1] : undefined
    const where = at ? `${file}:${at}: ${readFileSync(join(ROOT, file), 'utf8').split('\n')[at - 1].trim()}` : file
    if (process.env.DOCS_KEEP) t.comment(`${file}: output kept in ${dir}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`)
    t.equal(code, 0, `${where}\n--- stderr (end)\n${stderr.slice(-3000)}\n--- stdout (end)\n${stdout.slice(-2000)}`)
    // A second net: no provider answer of the run was a 5xx the text did not ask for (a fault).
    t.same(fiveHundreds, [], `${file}: provider answers with status >= 500`)
  })
}
