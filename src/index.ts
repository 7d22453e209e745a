/**
 * pardakht-sandbox, embedded: `startSandbox()` for a test suite, `buildSandbox()` for
 * `app.inject`, and the typed clients.
 */
import type { FastifyInstance } from 'fastify'
import { buildSandbox } from './server.js'
import type { SandboxConfig } from './config.js'

export { buildSandbox } from './server.js'
export type { SandboxConfig } from './config.js'
export * from './client/index.js'

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:41234 */
  url: string
  port: number
  app: FastifyInstance
  close(): Promise<void>
}

/** Starts a sandbox on a free port of 127.0.0.1 (unless told otherwise), quiet by default. */
export const startSandbox = async (options: Partial<SandboxConfig> = {}): Promise<RunningSandbox> => {
  const app = await buildSandbox({ logLevel: 'silent', port: 0, ...options })
  const host = options.host ?? '127.0.0.1'
  await app.listen({ port: options.port ?? 0, host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  return { url: `http://${shown}:${port}`, port, app, close: () => app.close() }
}
