/**
 * BaloanClient: Baloan's v1 and v2 merchant API (Baloan's merchant API document). Logs in by
 * itself, refreshes the access token before it expires (or logs in again), and retries once on a 401.
 *
 *   const baloan = new BaloanClient({ sandboxUrl: 'http://127.0.0.1:4100', storeUuid, password })
 *   await baloan.v2.checkCredit('4311204302')
 *   const token = await baloan.v2.validateCreditOtp('4311204302', { otp })
 *   await baloan.v2.settleConfirm('4311204302', { token, data: { code, bill: { total } }, file: pdf })
 */
import { ProviderError, request, resolveBase, type FileInput, type HttpOptions, type RequestBody } from './http.js'
import type {
  BaloanEnvelope,
  CheckCreditV1Data,
  CheckCreditV2Data,
  FileUploadData,
  SettleConfirmV2Data,
  TokenPair,
  ValidateCreditOtpData
} from '../providers/baloan/schemas.js'

export type { CheckCreditV1Data, CheckCreditV2Data, FileUploadData, SettleConfirmV2Data, TokenPair, ValidateCreditOtpData, BaloanEnvelope }

export interface BaloanClientOptions {
  /** the sandbox root (e.g. http://127.0.0.1:4100): the API is then `{sandboxUrl}/api.baloan.ir` */
  sandboxUrl?: string
  /** the API's base; overrides sandboxUrl (default https://api.baloan.ir) */
  baseUrl?: string
  /** v1: the store name; v2: the store UUID. When both are given, each version logs in with its own. */
  username?: string
  /** the store UUID, for v2 */
  storeUuid?: string
  password: string
  /** `en` for English business messages */
  language?: 'fa' | 'en'
  fetch?: typeof fetch
  /** the clock the client judges token expiry by (default Date.now) */
  now?: () => number
}

export interface SettleConfirmData {
  code: string
  bill: { total: number; [k: string]: unknown }
  [k: string]: unknown
}

/** v1 settle-confirm's fields besides national_identifier. */
export interface SettleConfirmV1Input {
  otp: string
  data: SettleConfirmData
  /** the invoice PDF */
  file: FileInput | Uint8Array
}

/** v2 settle-confirm's fields besides national_identifier. */
export interface SettleConfirmV2Input {
  /** the transaction token from validate-credit-otp */
  token: string
  data: SettleConfirmData
  file: FileInput | Uint8Array
}

export class BaloanError extends ProviderError {
  /** `message_code` of a business error, if the body is Baloan's envelope */
  get messageCode(): string | undefined {
    const b = this.body as { message_code?: unknown }
    return typeof b === 'object' && b && typeof b.message_code === 'string' ? b.message_code : undefined
  }
}

const expOf = (jwt: string): number => {
  try {
    return (JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as { exp: number }).exp * 1000
  } catch {
    return 0
  }
}

class Session {
  private tokens?: TokenPair
  private pending?: Promise<string>

  constructor(
    private readonly http: HttpOptions & { now: () => number },
    private readonly version: 'v1' | 'v2',
    private readonly username: string | undefined,
    private readonly password: string
  ) {}

  async login(): Promise<TokenPair> {
    if (!this.username) throw new Error(`BaloanClient: no ${this.version === 'v1' ? 'username' : 'storeUuid'} given for ${this.version}`)
    const res = await request('baloan', this.http, 'POST', `/api/${this.version}/merchant/token/`, {
      json: { username: this.username, password: this.password }
    })
    if (res.status !== 200) throw new BaloanError('baloan', res.status, res.body, 'POST', `/api/${this.version}/merchant/token/`)
    this.tokens = res.body as TokenPair
    return this.tokens
  }

  /** simplejwt's TokenRefreshView; falls back to a new login when the refresh token is refused. */
  private async refresh(): Promise<void> {
    if (!this.tokens || expOf(this.tokens.refresh) <= this.http.now() + 5000) {
      await this.login()
      return
    }
    const res = await request('baloan', this.http, 'POST', `/api/${this.version}/merchant/token/refresh/`, { json: { refresh: this.tokens.refresh } })
    if (res.status === 200) this.tokens = { ...this.tokens, access: (res.body as { access: string }).access }
    else await this.login()
  }

  /** A usable access token, refreshed a minute before it expires. */
  async access(force = false): Promise<string> {
    if (!force && this.tokens && expOf(this.tokens.access) > this.http.now() + 60_000) return this.tokens.access
    this.pending ??= (this.tokens ? this.refresh() : this.login().then(() => undefined)).then(() => this.tokens!.access).finally(() => (this.pending = undefined))
    return this.pending
  }

  invalidate(): void {
    this.tokens = undefined
  }

  async call<T>(path: string, body: RequestBody): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.access(attempt > 0)
      const res = await request('baloan', this.http, 'POST', path, body, { authorization: `Bearer ${token}` })
      if (res.status === 401 && attempt === 0) {
        this.invalidate()
        continue
      }
      if (res.status !== 200) throw new BaloanError('baloan', res.status, res.body, 'POST', path)
      return (res.body as BaloanEnvelope<T>).data
    }
  }
}

const pdf = (file: FileInput | Uint8Array): FileInput =>
  file instanceof Uint8Array ? { data: file, filename: 'invoice.pdf', contentType: 'application/pdf' } : file

export class BaloanV1 {
  constructor(private readonly session: Session) {}

  token(): Promise<TokenPair> {
    return this.session.login()
  }

  /** The file (PDF, PNG or JPG; a bare Uint8Array is sent as a PDF). */
  uploadFile(file: FileInput | Uint8Array): Promise<FileUploadData> {
    return this.session.call('/api/v1/utility/file-upload/', { multipart: { file: pdf(file) } })
  }

  checkCredit(national_identifier: string): Promise<CheckCreditV1Data> {
    return this.session.call('/api/v1/merchant/check-credit/', { form: { national_identifier } })
  }

  async sendCreditOtp(national_identifier: string): Promise<void> {
    await this.session.call('/api/v1/merchant/send-credit-otp/', { form: { national_identifier } })
  }

  settleConfirm(national_identifier: string, input: SettleConfirmV1Input): Promise<void>
  /** @deprecated use `settleConfirm(national_identifier, { otp, data, file })` */
  settleConfirm(input: { nationalIdentifier: string } & SettleConfirmV1Input): Promise<void>
  async settleConfirm(first: string | ({ nationalIdentifier: string } & SettleConfirmV1Input), second?: SettleConfirmV1Input): Promise<void> {
    const [nid, input] = typeof first === 'string' ? [first, second!] : [first.nationalIdentifier, first]
    await this.session.call('/api/v1/merchant/settle-confirm/', {
      multipart: { national_identifier: nid, otp: input.otp, data: JSON.stringify(input.data), file: pdf(input.file) }
    })
  }
}

export class BaloanV2 {
  constructor(private readonly session: Session) {}

  token(): Promise<TokenPair> {
    return this.session.login()
  }

  checkCredit(national_identifier: string): Promise<CheckCreditV2Data> {
    return this.session.call('/api/v2/merchant/check-credit/', { json: { national_identifier } })
  }

  async sendCreditOtp(national_identifier: string): Promise<void> {
    await this.session.call('/api/v2/merchant/send-credit-otp/', { json: { national_identifier } })
  }

  /** The transaction token settle-confirm needs. */
  validateCreditOtp(national_identifier: string, input: { otp: string }): Promise<string>
  /** @deprecated use `validateCreditOtp(national_identifier, { otp })` */
  validateCreditOtp(national_identifier: string, otp: string): Promise<string>
  async validateCreditOtp(national_identifier: string, input: { otp: string } | string): Promise<string> {
    const otp = typeof input === 'string' ? input : input.otp
    const data = await this.session.call<ValidateCreditOtpData>('/api/v2/merchant/validate-credit-otp/', { json: { national_identifier, otp } })
    return data.token
  }

  settleConfirm(national_identifier: string, input: SettleConfirmV2Input): Promise<SettleConfirmV2Data>
  /** @deprecated use `settleConfirm(national_identifier, { token, data, file })` */
  settleConfirm(input: { nationalIdentifier: string } & SettleConfirmV2Input): Promise<SettleConfirmV2Data>
  settleConfirm(first: string | ({ nationalIdentifier: string } & SettleConfirmV2Input), second?: SettleConfirmV2Input): Promise<SettleConfirmV2Data> {
    const [nid, input] = typeof first === 'string' ? [first, second!] : [first.nationalIdentifier, first]
    return this.session.call('/api/v2/merchant/settle-confirm/', {
      multipart: { national_identifier: nid, data: JSON.stringify(input.data), file: pdf(input.file), token: input.token }
    })
  }
}

export class BaloanClient {
  readonly v1: BaloanV1
  readonly v2: BaloanV2

  constructor(options: BaloanClientOptions) {
    const http = {
      ...resolveBase(options.baseUrl, options.sandboxUrl, 'api.baloan.ir', 'https://api.baloan.ir'),
      fetch: options.fetch,
      headers: (options.language === 'en' ? { 'accept-language': 'en' } : {}) as Record<string, string>,
      now: options.now ?? Date.now
    }
    this.v1 = new BaloanV1(new Session(http, 'v1', options.username, options.password))
    this.v2 = new BaloanV2(new Session(http, 'v2', options.storeUuid ?? options.username, options.password))
  }
}
