/**
 * The typed clients: one per provider, and SandboxClient for the sandbox's control plane.
 *
 * ## One URL
 * Every client takes `sandboxUrl`, the sandbox root (`http://127.0.0.1:4100`), and derives its
 * own bases from it; without it the client talks to the real provider (in parentheses):
 *
 *   VandarClient      {sandboxUrl}/api.vandar.io, {sandboxUrl}/ipg.vandar.io  (https://api.vandar.io, https://ipg.vandar.io)
 *   BaloanClient      {sandboxUrl}/api.baloan.ir                            (https://api.baloan.ir)
 *   BazaarPayClient   {sandboxUrl}/api.bazaar-pay.ir, pages at
 *                     {sandboxUrl}/cafebazaar.ir/bazaar-pay                 (https://api.bazaar-pay.ir, https://cafebazaar.ir/bazaar-pay)
 *   CardToCardClient  {sandboxUrl}/card-to-card/api                         (none: the script is self-hosted, give baseUrl)
 *   SandboxClient     {sandboxUrl}/__sandbox                                (http://127.0.0.1:4100)
 *
 * An explicit `baseUrl` (Vandar: `apiBaseUrl`, `ipgBaseUrl`; BazaarPay: `webBaseUrl`) still
 * wins. When a request cannot be sent (connection refused, unknown host) the client throws
 * ConnectionError naming the URL it tried, and, for a URL derived from `sandboxUrl`, that the
 * sandbox may not be running.
 *
 * ## One argument style
 * - The value a call is about comes first, positionally: the identifier in the request's path
 *   or the one that names the record (a token, `national_identifier`, `pay_id`, a phone number,
 *   an IBAN, a card number). Two only where the path has two (`pocketCharge(slug, token)`).
 * - Everything else is one trailing object whose keys are the field names the provider
 *   documents, spelled as they go on the wire: `service_name`, `callback_url`, `card_number`,
 *   `redirect_url` (and Vandar's own `factorNumber`, as Vandar spells it). What the provider's
 *   documents show can be copied as is, and it matches the answers, which are the provider's
 *   raw bodies; a client adds no second vocabulary to learn. The object is optional when all
 *   its fields are.
 * - SandboxClient actions take the same shape; the tenant they act on is the `tenant` key of
 *   that object (default: the fixture tenant `default`), e.g.
 *   `control.vandar.pay(token, { status: 'FAILED' })`,
 *   `control.bazaarpay.pay(token, { method: 'wallet', redirect_url, tenant })`.
 * - Constructor options are the client's own settings and stay camelCase (`sandboxUrl`,
 *   `merchantToken`, `accessToken`).
 * The earlier signatures (positional extras, camelCase inputs, a trailing tenant string) still
 * work as overloads marked @deprecated.
 *
 * ## Actions that end a visit
 * The control-plane actions that stand for the payer finishing on a hosted page answer
 * `redirect_url`, the URL that page would send the browser to: `vandar.pay`, `bazaarpay.pay`
 * and `cancel`, `bazaarpay.acceptContract` and `declineContract`, `cardToCard.deposit` and
 * `depositSms` (the page's redirect once the deposit settles the payment). It is null where
 * there is nothing to return to (no redirect_url sent, no callback).
 */
export { ProviderError, ConnectionError, type FileInput } from './http.js'
export {
  BaloanClient,
  BaloanV1,
  BaloanV2,
  BaloanError,
  type BaloanClientOptions,
  type SettleConfirmData,
  type SettleConfirmV1Input,
  type SettleConfirmV2Input
} from './baloan.js'
export type { BaloanCustomerInput } from './sandbox-baloan.js'
export {
  SandboxClient,
  SandboxError,
  DEFAULT_SANDBOX_URL,
  type SandboxClientOptions,
  type TenantCredentialsView,
  type SmsView,
  type ClockView,
  type TenantOption,
  type ProviderName,
  type FaultSpec,
  type Fault,
  type JournalFilter,
  type JournalEntry,
  type BaloanActions,
  type CardToCardActions,
  type BazaarPayActions,
  type VandarActions
} from './sandbox.js'
export {
  CardToCardClient,
  CardToCardError,
  CardToCartClient,
  CardToCartError,
  type CardToCardClientOptions,
  type CardToCartClientOptions,
  type CreatePaymentInput
} from './card-to-card.js'
export type { DepositInput, DepositResult, CardToCardPaymentView, CardToCardSettings, CardToCardDeposit, CardToCardCard } from './sandbox-card-to-card.js'
export {
  BazaarPayClient,
  BazaarPayError,
  type BazaarPayClientOptions,
  type AutoLoginScope,
  type FilterDateBy,
  type CheckoutsStatusInput,
  type PageQuery
} from './bazaarpay.js'
export type {
  BazaarPayCheckoutView,
  BazaarPayVisitResult,
  BazaarPayUserView,
  BazaarPayContractView,
  BazaarPayContractVisitResult,
  BazaarPayPayOptions,
  BazaarPayContractOptions,
  DirectPayFailOptions,
  BazaarPaySettings,
  DirectPayScenario
} from './sandbox-bazaarpay.js'
export { VandarClient, VandarError, type VandarClientOptions, type VandarTokens } from './vandar.js'
export type { VandarPayOptions, VandarPayResult, VandarPaymentView, VandarWallet, VandarCardOwner } from './sandbox-vandar.js'
