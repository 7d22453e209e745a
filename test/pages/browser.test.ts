/**
 * Where page tests get their browser (test/helpers/browser.ts): the variable first, then a system
 * browser, then the Chromium of the @sparticuz/chromium devDependency; never a skip.
 */
import t from 'tap'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BROWSER_ENV, NoBrowserError, launchBrowser, resolveBrowser } from '../helpers/browser.js'

// resolution only looks for an executable file: these are never launched
const dir = mkdtempSync(join(tmpdir(), 'browser-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const fake = (name: string) => {
  const file = join(dir, name)
  writeFileSync(file, '#!/bin/sh\nexit 1\n')
  chmodSync(file, 0o755)
  return file
}
const named = fake('my-chrome')
const system = fake('chromium')
const onPath = fake('google-chrome')

t.test('the variable comes first, then the system browser, then one on PATH', async (t) => {
  const first = await resolveBrowser({ env: { [BROWSER_ENV]: named, PATH: dir }, systemPaths: [system] })
  t.equal(first.options.executablePath, named)
  t.equal(first.source, `${BROWSER_ENV}=${named}`)
  t.equal((await resolveBrowser({ env: { PATH: '' }, systemPaths: ['/nowhere/chromium', system] })).options.executablePath, system)
  t.equal((await resolveBrowser({ env: { PATH: `/nowhere:${dir}` }, systemPaths: [] })).options.executablePath, join(dir, 'chromium'))
  t.equal((await resolveBrowser({ env: { PATH: '' }, systemPaths: [onPath] })).source, onPath)
})

t.test('a variable that names no executable is an error, not a fallback', async (t) => {
  const err = await resolveBrowser({ env: { [BROWSER_ENV]: join(dir, 'missing') }, systemPaths: [system] }).catch((e) => e)
  t.type(err, NoBrowserError)
  t.equal(err.message, `${BROWSER_ENV}=${join(dir, 'missing')} is not an executable file: set ${BROWSER_ENV} to a Chromium or Chrome executable`)
})

t.test('with no browser anywhere, one line says how to provide one', async (t) => {
  for (const [platform, arch] of [['darwin', 'arm64'], ['linux', 'arm64'], ['win32', 'x64']] as const) {
    const err = await resolveBrowser({ env: { PATH: '' }, systemPaths: [], platform, arch }).catch((e) => e)
    t.type(err, NoBrowserError)
    t.equal(
      err.message,
      `no Chromium or Chrome found, and @sparticuz/chromium runs on Linux x64 only (this is ${platform} ${arch}): set ${BROWSER_ENV} to a Chromium or Chrome executable`
    )
    t.notMatch(err.message, /\n/)
    t.equal(err.stack, '', 'tap prints the message alone')
  }
})

const linuxX64 = process.platform === 'linux' && process.arch === 'x64'
const packagedSkip = linuxX64 ? false : `@sparticuz/chromium carries Linux x64 only; this is ${process.platform} ${process.arch}`

t.test('Linux x64 without a system browser: the packaged Chromium launches and lays Persian out right to left', { skip: packagedSkip }, async (t) => {
  const browser = await launchBrowser(t, { env: { ...process.env, [BROWSER_ENV]: '', PATH: '' }, systemPaths: [], platform: 'linux', arch: 'x64' })
  t.match(browser.version(), /^\d+\./)
  const page = await browser.newPage({ viewport: { width: 800, height: 200 } })
  await page.setContent('<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><body style="margin:0"><span id="s">پرداخت موفق</span></body></html>')
  const box = (await page.locator('#s').boundingBox())!
  t.ok(box.width > 20, 'the Persian text takes room (glyphs, not nothing)')
  t.equal(Math.round(box.x + box.width), 800, 'it ends at the right edge')
})
