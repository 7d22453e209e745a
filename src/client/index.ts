export { ProviderError, type FileInput } from './http.js'
export { BaloanClient, BaloanV1, BaloanV2, BaloanError, type BaloanClientOptions, type SettleConfirmData } from './baloan.js'
export { SandboxClient, SandboxError, type SandboxClientOptions, type TenantCredentialsView, type SmsView, type ClockView } from './sandbox.js'
export { VandarClient, VandarError, type VandarClientOptions, type VandarTokens } from './vandar.js'
