import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The package's root (where package.json and fixtures/ are), found by walking up from this
 * module: the same answer from src/ (tests), dist/ (tsc output) and the bundled CLI (dist/cli.bundle.cjs).
 */
export const packageRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pardakht-sandbox') return dir
    const up = dirname(dir)
    if (up === dir) throw new Error('pardakht-sandbox: cannot find the package root')
    dir = up
  }
}
