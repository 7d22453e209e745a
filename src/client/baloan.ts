/**
 * BaloanClient: Baloan's v1 and v2 merchant API (seed 001). Logs in by itself, refreshes the
 * access token before it expires (or logs in again), and retries once on a 401.
 *
 *   const baloan = new BaloanClient({ baseUrl: 'http://127.0.0.1:4100/api.baloan.ir', username, password })
 *   await baloan.v2.checkCredit('4311204302')
 */
import { ProviderError, request, type FileInput, type HttpOptions, type RequestBody } from './http.js'
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
  /** default https://api.baloan.ir */
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

  uploadFile(file: FileInput): Promise<FileUploadData> {
    return this.session.call('/api/v1/utility/file-upload/', { multipart: { file } })
  }

  checkCredit(nationalIdentifier: string): Promise<CheckCreditV1Data> {
    return this.session.call('/api/v1/merchant/check-credit/', { form: { national_identifier: nationalIdentifier } })
  }

  async sendCreditOtp(nationalIdentifier: string): Promise<void> {
    await this.session.call('/api/v1/merchant/send-credit-otp/', { form: { national_identifier: nationalIdentifier } })
  }

  async settleConfirm(input: { nationalIdentifier: string; otp: string; data: SettleConfirmData; file: FileInput | Uint8Array }): Promise<void> {
    await this.session.call('/api/v1/merchant/settle-confirm/', {
      multipart: { national_identifier: input.nationalIdentifier, otp: input.otp, data: JSON.stringify(input.data), file: pdf(input.file) }
    })
  }
}

export class BaloanV2 {
  constructor(private readonly session: Session) {}

  token(): Promise<TokenPair> {
    return this.session.login()
  }

  checkCredit(nationalIdentifier: string): Promise<CheckCreditV2Data> {
    return this.session.call('/api/v2/merchant/check-credit/', { json: { national_identifier: nationalIdentifier } })
  }

  async sendCreditOtp(nationalIdentifier: string): Promise<void> {
    await this.session.call('/api/v2/merchant/send-credit-otp/', { json: { national_identifier: nationalIdentifier } })
  }

  async validateCreditOtp(nationalIdentifier: string, otp: string): Promise<string> {
    const data = await this.session.call<ValidateCreditOtpData>('/api/v2/merchant/validate-credit-otp/', {
      json: { national_identifier: nationalIdentifier, otp }
    })
    return data.token
  }

  settleConfirm(input: { nationalIdentifier: string; token: string; data: SettleConfirmData; file: FileInput | Uint8Array }): Promise<SettleConfirmV2Data> {
    return this.session.call('/api/v2/merchant/settle-confirm/', {
      multipart: { national_identifier: input.nationalIdentifier, data: JSON.stringify(input.data), file: pdf(input.file), token: input.token }
    })
  }
}

export class BaloanClient {
  readonly v1: BaloanV1
  readonly v2: BaloanV2

  constructor(options: BaloanClientOptions) {
    const http = {
      baseUrl: options.baseUrl ?? 'https://api.baloan.ir',
      fetch: options.fetch,
      headers: (options.language === 'en' ? { 'accept-language': 'en' } : {}) as Record<string, string>,
      now: options.now ?? Date.now
    }
    this.v1 = new BaloanV1(new Session(http, 'v1', options.username, options.password))
    this.v2 = new BaloanV2(new Session(http, 'v2', options.storeUuid ?? options.username, options.password))
  }
}
