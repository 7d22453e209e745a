/**
 * The providers of this sandbox: the one place that lists them (the server, the CLI and the
 * control plane read it; core and state never do). Adding one means: a folder under
 * src/providers with a module like `baloan` (a ProviderModule, core/provider-module.ts), its
 * fixtures in fixtures/<name>.json, and one line in PROVIDERS.
 */
import type { ProviderModule } from '../core/provider-module.js'
import { baloan } from './baloan/index.js'
import { cardToCard } from './card-to-card/index.js'
import { bazaarpay } from './bazaarpay/index.js'
import { vandar } from './vandar/index.js'

export const PROVIDERS: ProviderModule[] = [baloan, vandar, bazaarpay, cardToCard]
