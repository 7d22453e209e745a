/**
 * JWTs shaped exactly like djangorestframework-simplejwt's (specs/baloan.md §2.2): header
 * `{"typ":"JWT","alg":"HS256"}`, claims `token_type, exp, iat, jti, user_id` in that order,
 * lifetimes measured on the sandbox clock.
 *
 * Signing is a plain HS256 JWS over node:crypto's SHA-256 (many times cheaper than jose's
 * WebCrypto path, docs/performance.md — the token endpoint signs two per request); a token is verified with jose
 * the first time it is presented, and its claims cached, since they never change (only the
 * clock does).
 */
import { HmacSha256 } from '../../core/hash.js'
import { hex32 } from '../../core/ids.js'
import type { Clock } from '../../core/clock.js'

export const ACCESS_LIFETIME_SECONDS = 86_400
export const REFRESH_LIFETIME_SECONDS = 17_280_000

export type TokenType = 'access' | 'refresh'

export interface BaloanClaims {
  token_type: TokenType
  exp: number
  iat: number
  jti: string
  user_id: number
}

/** simplejwt's reasons, as its `messages[].message` says them. */
export type TokenProblem = 'Token is invalid or expired' | 'Token has wrong type'

const CACHE_LIMIT = 10_000
const signatureOf = (token: string) => token.slice(token.lastIndexOf('.') + 1)
const HEADER = Buffer.from('{"typ":"JWT","alg":"HS256"}').toString('base64url')
/** claims are at most ~150 bytes: fixed keys, numbers, a 32-digit jti */
const scratch = Buffer.allocUnsafeSlow(512)

export class BaloanJwt {
  /**
   * Verified tokens by their signature: a fresh header string is hashed on every lookup, and the
   * 43-character signature hashes in a sixth of the time of the whole token; the token itself is
   * compared in full.
   */
  private readonly verified = new Map<string, { token: string; claims: BaloanClaims }>()
  private keySource = ''
  private hmac: HmacSha256 | undefined
  private cryptoKey: Promise<CryptoKey> | undefined

  constructor(
    private readonly clock: Clock,
    private readonly secret: () => string
  ) {}

  issue(userId: number, type: TokenType): string {
    return this.sign(userId, type, this.clock.nowSeconds())
  }

  pair(userId: number): { refresh: string; access: string } {
    const iat = this.clock.nowSeconds()
    return { refresh: this.sign(userId, 'refresh', iat), access: this.sign(userId, 'access', iat) }
  }

  private sign(userId: number, type: TokenType, iat: number): string {
    const exp = iat + (type === 'access' ? ACCESS_LIFETIME_SECONDS : REFRESH_LIFETIME_SECONDS)
    // simplejwt's claim order, written out: every value is a number or hex, so there is nothing
    // to escape, and no object is built only to be stringified.
    const claims = `{"token_type":"${type}","exp":${exp},"iat":${iat},"jti":"${hex32()}","user_id":${userId}}`
    // encoded through one scratch buffer: Buffer.from would build a Buffer object per token
    const n = scratch.write(claims, 0, 'latin1')
    const input = `${HEADER}.${scratch.toString('base64url', 0, n)}`
    // Not cached here: the token endpoint would pay a Map insert per token for tokens that
    // mostly go unused; the first request that presents one verifies and caches it.
    return `${input}.${this.signer().base64url(input)}`
  }

  /** Claims of a token this process verified before, checked against the clock; undefined if unseen. */
  checkCached(token: string, type: TokenType): BaloanClaims | TokenProblem | undefined {
    this.currentSecret()
    const hit = this.verified.get(signatureOf(token))
    return hit && hit.token === token ? this.judge(hit.claims, type) : undefined
  }

  /** The claims of a valid, unexpired token of `type`, or the simplejwt reason it is refused. */
  async check(token: string, type: TokenType): Promise<BaloanClaims | TokenProblem> {
    const cached = this.checkCached(token, type)
    if (cached) return cached
    const { jwtVerify } = await import('jose')
    let claims: BaloanClaims
    try {
      // Signature only: expiry is judged on the sandbox clock below.
      const { payload } = await jwtVerify(token, await this.key(), { algorithms: ['HS256'], currentDate: new Date(0) })
      if (typeof payload.user_id !== 'number' || (payload.token_type !== 'access' && payload.token_type !== 'refresh') || typeof payload.exp !== 'number')
        return 'Token is invalid or expired'
      claims = payload as unknown as BaloanClaims
    } catch {
      return 'Token is invalid or expired'
    }
    this.remember(token, claims)
    return this.judge(claims, type)
  }

  /** The user_id a token claims, unverified: only for attributing a request before auth runs. */
  static peekUserId(token: string): number | undefined {
    try {
      const id = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).user_id
      return typeof id === 'number' ? id : undefined
    } catch {
      return undefined
    }
  }

  private judge(claims: BaloanClaims, type: TokenType): BaloanClaims | TokenProblem {
    if (claims.exp <= this.clock.nowSeconds()) return 'Token is invalid or expired'
    if (claims.token_type !== type) return 'Token has wrong type'
    return claims
  }

  private remember(token: string, claims: BaloanClaims): void {
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear()
    this.verified.set(signatureOf(token), { token, claims })
  }

  private key(): Promise<CryptoKey> {
    this.cryptoKey ??= crypto.subtle.importKey('raw', new TextEncoder().encode(this.currentSecret()), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    return this.cryptoKey
  }

  private signer(): HmacSha256 {
    this.currentSecret()
    return (this.hmac ??= new HmacSha256(Buffer.from(this.keySource)))
  }

  /** An imported state brings its own secret; tokens signed with the old one stop working. */
  private currentSecret(): string {
    const s = this.secret()
    if (s !== this.keySource) {
      this.keySource = s
      this.cryptoKey = undefined
      this.hmac = undefined
      this.verified.clear()
    }
    return s
  }
}
