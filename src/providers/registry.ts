import type { FastifyInstance } from 'fastify'
import type { SandboxContext } from '../core/context.js'
import { baloan } from './baloan/index.js'

/** A provider: its hosts and a plugin registering its routes under them. */
export interface ProviderModule {
  name: string
  title: string
  hosts: string[]
  register(app: FastifyInstance, ctx: SandboxContext): Promise<void>
}

export const PROVIDERS: ProviderModule[] = [baloan]
