import type { SandboxContext } from '../../core/context.js'
import type { Tenant } from '../../state/model.js'

/** Per-sandbox runtime pieces the control plane needs (the lazy sweep of due transitions). */
export const vandarRuntime = new WeakMap<SandboxContext, { sweep: (tenant: Tenant) => void }>()
