/**
 * What the control plane's OpenAPI document (the docs UI at /__sandbox/docs) says of each
 * operation: a summary, a description where the summary is not enough, and realistic request
 * examples (Swagger UI otherwise fills a body from the schema's limits: a clock advance of 100
 * years). Kept apart so each route in src/sandbox/*.ts stays one readable line.
 */
import { DIRECT_PAY_ERRORS } from '../providers/bazaarpay/texts.js'

const op = (summary: string, description?: string) => (description ? { summary, description } : { summary })

const tenantNote = ' Acts on the fixture tenant `default` unless `?tenant=ID` names another.'

export const CONTROL_PLANE_DOCS = {
  health: op("health: the version, the providers and the state file's status"),
  reset: op(
    'reset everything to the fixtures, or one tenant with ?tenant=',
    'Without `tenant`: every tenant back to the fixtures, and the journal, faults, rate limits and clock cleared. ' +
      "With `?tenant=ID`: that tenant's provider data only (its credentials stay)."
  ),

  createTenant: op(
    'create a tenant with fresh credentials for every provider',
    "Answers 201 with the tenant's id and the credentials its requests carry (Vandar tokens and IPG API key, Baloan username and " +
      'password, BazaarPay merchant token, card-to-card token). Requests with those credentials see only this tenant, so tests that run ' +
      'in parallel take one each. Control-plane actions name it with `?tenant=ID`.'
  ),
  tenants: op('list the tenants'),
  tenant: op('one tenant and its credentials'),

  sms: op('the SMS outbox: OTPs and notices the providers texted', 'Filter by `to` (a phone like 09121234567), `provider` and `tenant`.'),
  clearSms: op('empty the SMS outbox'),

  clock: op("the sandbox clock: now (ISO and unix) and its offset from the machine's clock"),
  advance: op(
    'move the sandbox clock forward',
    'Everything waiting on time happens as if `seconds` had passed: token and OTP expiry, payment windows, settlement and cash-in ' +
      'delays, contract periods. To go back, set the clock with POST /clock.'
  ),
  setClock: op(
    'set the sandbox clock to a date-time',
    '`now` is an ISO date-time or a unix time (seconds, or milliseconds above 1e12). Transitions due by then happen.'
  ),

  fault: op(
    'inject a fault into the provider requests that match',
    "Matches on `provider`, `method`, `path` (the provider's own path, without the host prefix: `/api/v4/verify`; a final `*` " +
      'matches a prefix) and `tenant`; what is left out matches anything. The next `times` matching requests (default 1, 0 = until ' +
      "deleted) get `status` with `body` and `headers` (without `body`, the provider's own body for that status), wait `delay_ms` " +
      'first, or have their connection closed unanswered (`drop`). Answers 201 with the fault and its id.'
  ),
  faultExamples: [
    { provider: 'bazaarpay', method: 'POST', path: '/badje/v1/commit/', status: 503, times: 1 },
    { provider: 'vandar', method: 'POST', path: '/api/v4/verify', delay_ms: 5000 },
    { provider: 'baloan', path: '/api/v2/merchant/*', drop: true, times: 2 }
  ],
  faults: op('the faults waiting, with their hits and remaining uses'),
  clearFaults: op('remove every fault'),
  deleteFault: op('remove one fault (its id is in the answer of POST /faults)'),

  journal: op(
    'the request journal: provider requests as received and answered',
    'Oldest first, each with its tenant, provider, method, path, status, headers, bodies and any fault that answered it. Filter by ' +
      '`provider`, `method`, `path` (a final `*` matches a prefix) and `tenant`; `limit` keeps the newest N.'
  ),
  clearJournal: op('clear the request journal, or only the entries the same filters match'),

  exportState: op('export the whole state: every tenant, the SMS outbox, the clock'),
  importState: op(
    'import a state that GET /state exported',
    'Replaces the whole state (tenants, outbox, clock) with the body, as GET /state answered it. Answers the number of tenants.'
  ),
  snapshot: op('save the state under a name, to restore later', 'Names are 1 to 64 letters, digits, `.`, `_` or `-`; saving under a name again replaces it.'),
  snapshots: op('list the snapshots'),
  restoreSnapshot: op('restore a snapshot: the state as it was saved'),
  deleteSnapshot: op('delete a snapshot'),

  baloan: {
    customers: op('Baloan customers: credit and phone by national identifier', tenantNote.trim()),
    customer: op('one Baloan customer', tenantNote.trim()),
    setCustomer: op(
      "set a customer's credit and phone (creates the customer)",
      'What Baloan knows of this national identifier: `credit` in rials (0: no credit), the `phone` the OTP is texted to (required ' +
        'for a new customer) and the name. Answers 201 when created, 200 when changed.' +
        tenantNote
    ),
    setCustomerExamples: [{ credit: 50_000_000, phone: '09121234567', first_name: 'علی', last_name: 'رضایی' }, { credit: 0 }],
    settlements: op('settlements Baloan confirmed (settle-confirm), with the invoice digest and the credit left', tenantNote.trim()),
    settings: op("the tenant's Baloan settings", tenantNote.trim()),
    setSettings: op(
      'change Baloan behaviour: the no-credit answer, OTP length and lifetime, token and file-URL lifetimes',
      '`no_credit`: `error` answers the documented no_credit error for a customer without credit, `zero` answers a credit of 0.' + tenantNote
    ),
    setSettingsExample: { no_credit: 'zero', otp_ttl_seconds: 120 }
  },

  vandar: {
    pay: op(
      'complete a payment as the payer would on the page: OK (with a card) or FAILED',
      "Answers `redirect_url`: where the page sends the payer's browser, callback_url with `token` and `payment_status`."
    ),
    payExamples: [{ status: 'OK', card_number: '6037990000057899' }, { status: 'FAILED' }],
    payments: op("the tenant's IPG payments, in every state", tenantNote.trim()),
    payment: op('one IPG payment by its token, whichever tenant it belongs to'),
    settings: op("the tenant's Vandar settings", tenantNote.trim()),
    setSettings: op('terminal domains, IP whitelist, Referer check, wage payer, tools on/off, delays and outcomes', tenantNote.trim()),
    setSettingsExample: { require_referer: false, wage_payer: 'payer', cash_in_done_after_seconds: 60 },
    addDomain: op('register a terminal domain: callback_url and the Referer of the payment page must be on one', tenantNote.trim()),
    wallet: op('the business wallet and the blocked amount (rial)', tenantNote.trim()),
    setWallet: op('set the business wallet (rial)', tenantNote.trim()),
    setCard: op(
      "tell the PSP who owns a card, for payments limited to a payer's national_code",
      'A payment sent with `national_code` accepts only cards registered to it here.' + tenantNote
    ),
    accounts: op('the Ayandeh cash-in accounts with their bank balances', tenantNote.trim()),
    setAccount: op("set a cash-in account's bank balances or whether the tool may use it", tenantNote.trim()),
    deposits: op('cash-in deposits: INIT until their delay passes, then DONE or FAILED', tenantNote.trim()),
    refunds: op('IPG refunds with their state', tenantNote.trim()),
    webhooks: op('webhook deliveries, newest first', tenantNote.trim())
  },

  cardToCard: {
    deposit: op(
      'a bank deposit SMS reaches the script and settles the payment it matches',
      "Either `amount` (rials) with the depositor's `card` and the merchant card `dest`, or a raw bank `sms` to parse. The SMS lands " +
        'in the outbox and settles the pending payment it matches, by amount then card. Answers 201 with the deposit, that payment ' +
        '(null when none matched) and `redirect_url`: where the payment page now sends the payer (the callback with pay_id and fid; ' +
        'null without a settled payment or a callback).' +
        tenantNote
    ),
    depositExamples: [{ amount: 11385, card: '6037991122334455' }, { sms: 'بانک سامان\nواریز به کارت ۶۲۱۹۸۶******۷۸۹۸\nمبلغ: ۱۱٬۳۸۵ ریال\nاز کارت ۶۰۳۷۹۹۱۱۲۲۳۳۴۴۵۵' }],
    deposits: op('deposits received, newest first', tenantNote.trim()),
    payments: op('payments, newest first, with their state judged now (expiry is lazy)', tenantNote.trim()),
    payment: op('one payment by pay_id', tenantNote.trim()),
    cards: op("the merchant's destination cards", tenantNote.trim()),
    setCards: op("replace the merchant's destination cards (the script's settings page)", tenantNote.trim()),
    setCardsExample: { cards: [{ number: '6219861234567898', name: 'علی رضایی', bank: 'سامان' }] },
    settings: op("the tenant's card-to-card settings", tenantNote.trim()),
    setSettings: op('change expiry, the minimum price, unique amounts, card matching and the statuses check answers', tenantNote.trim()),
    setSettingsExample: { expire_seconds: 900, unique_amount: true }
  },

  bazaarpay: {
    checkouts: op("the tenant's checkouts", tenantNote.trim()),
    checkout: op("one checkout by token (the owning tenant's unless `?tenant=` names one)"),
    pay: op(
      'the user pays a checkout on the payment page, from the wallet or through a bank',
      "The answer's `redirect_url` is where the page sends the user: the `redirect_url` sent with `status=done` added (null when none " +
        'was sent; `redirect`, its older name, only then).'
    ),
    payExample: { phone: '09120000000', method: 'bank', redirect_url: 'https://shop.example/return' },
    cancel: op(
      'the user cancels on the payment page',
      "The answer's `redirect_url` is where the page sends the user: the `redirect_url` sent with `status=failed` added (null when none was sent)."
    ),
    cancelExample: { redirect_url: 'https://shop.example/return' },
    users: op('BazaarPay users and their wallets', tenantNote.trim()),
    user: op("one user's wallet", tenantNote.trim()),
    setUser: op("set a user's wallet balance (rial) or disable the account (creates the user)", tenantNote.trim()),
    setUserExample: { balance: 5_000_000 },
    contract: op('one DirectPay contract with its limit left and its payments'),
    accept: op(
      'the user signs a DirectPay contract on the contract page',
      "The answer's `redirect_url` is where the page sends the user: the `redirect_url` sent, else the contract's own, with `status=done`."
    ),
    decline: op(
      'the user declines a DirectPay contract on the contract page',
      "The answer's `redirect_url` is where the page sends the user: the `redirect_url` sent, else the contract's own, with `status=failed`."
    ),
    decisionExample: { phone: '09123456789' },
    fail: op('make the next direct-pay calls on a contract fail with a documented error', '`times` 0 keeps failing until `scenario: null` clears it.'),
    failExample: { scenario: Object.keys(DIRECT_PAY_ERRORS)[0], times: 1 },
    settings: op("the tenant's BazaarPay settings", tenantNote.trim()),
    setSettings: op('change payment and commit windows, the web base of payment_url, page size and other behaviour', tenantNote.trim()),
    setSettingsExample: { payment_window_seconds: 900, web_base: 'app.bazaar-pay.ir' }
  }
}
