/**
 * The one place page tests get a browser. In order:
 *   1. PARDAKHT_SANDBOX_CHROMIUM: a Chromium or Chrome executable the user names;
 *   2. a system Chromium or Chrome (the usual Linux and macOS locations, then $PATH);
 *   3. the Chromium inside the @sparticuz/chromium devDependency (Linux x64): it comes with
 *      `npm ci` from the npm registry and is decompressed once into the temporary directory.
 * Nothing is downloaded at run time, and a page test never skips: with no browser it fails
 * with one line that says how to provide one.
 */
import { execFile } from 'node:child_process'
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { chromium, type Browser, type LaunchOptions } from 'playwright-core'
import type { Test } from 'tap'

export const BROWSER_ENV = 'PARDAKHT_SANDBOX_CHROMIUM'

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
]
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

// --no-sandbox: CI containers run as root, where Chromium's own sandbox refuses to start
const SYSTEM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking']

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const systemBrowser = (paths: string[], env: NodeJS.ProcessEnv): string | undefined =>
  paths.find(executable) ??
  (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_NAMES.map((name) => join(dir, name)))
    .find(executable)

/** The browser a page test would launch, and where it came from (for the test log). */
interface Resolved {
  source: string
  options: LaunchOptions
}

export class NoBrowserError extends Error {
  constructor(message: string) {
    super(message)
    // tap prints a thrown error's stack under its message; this one says all in the message
    this.stack = ''
  }
}

const run = promisify(execFile)

/**
 * @sparticuz/chromium decompresses into os.tmpdir() (a fixed /tmp/chromium), which parallel
 * test files would race on: one could launch a binary another is still writing. Each process
 * decompresses into a directory of its own and renames it into place; the first rename wins.
 * The package's Amazon Linux mode also decompresses the NSS and expat libraries the binary links
 * to, which a Linux without a desktop browser may lack; they go on the browser's library path.
 */
const packagedBrowser = async (): Promise<Resolved> => {
  const require = createRequire(import.meta.url)
  const main = require.resolve('@sparticuz/chromium')
  const pkg = JSON.parse(readFileSync(join(dirname(main), '..', '..', 'package.json'), 'utf8')) as { version: string }
  const dir = join(tmpdir(), `pardakht-sandbox-chromium-${pkg.version}`)
  if (!existsSync(join(dir, 'chromium'))) {
    const staging = mkdtempSync(`${dir}-`)
    const inflate = "import('@sparticuz/chromium').then((m) => m.default.executablePath())"
    try {
      await run(process.execPath, ['--input-type=module', '-e', inflate], {
        cwd: dirname(main),
        env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' }
      })
      renameSync(staging, dir)
    } catch (e) {
      rmSync(staging, { recursive: true, force: true })
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e
    }
  }
  const { default: packaged } = await import('@sparticuz/chromium')
  // The package's flags, less the two that switch off the same-origin rules: the pages are
  // tested as a payer's browser runs them.
  const args = packaged.args.filter((a) => a !== '--disable-web-security' && a !== '--allow-running-insecure-content')
  return {
    source: `@sparticuz/chromium ${pkg.version}`,
    options: {
      executablePath: join(dir, 'chromium'),
      args,
      env: { ...process.env, LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(delimiter) }
    }
  }
}

const HOW = `set ${BROWSER_ENV} to a Chromium or Chrome executable`

interface Machine {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  arch: string
  systemPaths: string[]
}

export const resolveBrowser = async (machine: Partial<Machine> = {}): Promise<Resolved> => {
  const { env = process.env, platform = process.platform, arch = process.arch, systemPaths = SYSTEM_PATHS } = machine
  const named = env[BROWSER_ENV]
  if (named) {
    if (!executable(named)) throw new NoBrowserError(`${BROWSER_ENV}=${named} is not an executable file: ${HOW}`)
    return { source: `${BROWSER_ENV}=${named}`, options: { executablePath: named, args: SYSTEM_ARGS } }
  }
  const system = systemBrowser(systemPaths, env)
  if (system) return { source: system, options: { executablePath: system, args: SYSTEM_ARGS } }
  // the package's npm tarball carries one build of Chromium: Linux x64
  if (platform === 'linux' && arch === 'x64') return packagedBrowser()
  throw new NoBrowserError(`no Chromium or Chrome found, and @sparticuz/chromium runs on Linux x64 only (this is ${platform} ${arch}): ${HOW}`)
}

/** Launches a headless browser for this test and closes it when the test ends. */
export const launchBrowser = async (t: Test, machine: Partial<Machine> = {}): Promise<Browser> => {
  const { source, options } = await resolveBrowser(machine)
  const browser = await chromium.launch({ ...options, headless: true })
  t.teardown(() => browser.close())
  t.comment(`browser: ${source} (${browser.version()})`)
  return browser
}
