/**
 * JWTs shaped exactly like djangorestframework-simplejwt's (specs/baloan.md §2.2): header
 * `{"typ":"JWT","alg":"HS256"}`, claims `token_type, exp, iat, jti, user_id` in that order,
 * lifetimes measured on the sandbox clock.
 */
import { SignJWT, jwtVerify, decodeJwt } from 'jose'
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

export class BaloanJwt {
  /** Signature checks are cached: a verified token's claims never change, only the clock does. */
  private readonly verified = new Map<string, BaloanClaims>()
  private key: Uint8Array
  private keySource: string

  constructor(
    private readonly clock: Clock,
    private secret: () => string
  ) {
    this.keySource = secret()
    this.key = new TextEncoder().encode(this.keySource)
  }

  async issue(userId: number, type: TokenType): Promise<string> {
    const iat = this.clock.nowSeconds()
    const claims: BaloanClaims = {
      token_type: type,
      exp: iat + (type === 'access' ? ACCESS_LIFETIME_SECONDS : REFRESH_LIFETIME_SECONDS),
      iat,
      jti: hex32(),
      user_id: userId
    }
    return new SignJWT({ ...claims }).setProtectedHeader({ typ: 'JWT', alg: 'HS256' }).sign(this.currentKey())
  }

  async pair(userId: number): Promise<{ refresh: string; access: string }> {
    return { refresh: await this.issue(userId, 'refresh'), access: await this.issue(userId, 'access') }
  }

  /** The claims of a valid, unexpired token of `type`, or the simplejwt reason it is refused. */
  async check(token: string, type: TokenType): Promise<BaloanClaims | TokenProblem> {
    const key = this.currentKey()
    let claims = this.verified.get(token)
    if (!claims) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(0) })
        if (typeof payload.user_id !== 'number' || (payload.token_type !== 'access' && payload.token_type !== 'refresh'))
          return 'Token is invalid or expired'
        claims = payload as unknown as BaloanClaims
      } catch {
        return 'Token is invalid or expired'
      }
      if (this.verified.size >= CACHE_LIMIT) this.verified.clear()
      this.verified.set(token, claims)
    }
    if (claims.exp <= this.clock.nowSeconds()) return 'Token is invalid or expired'
    if (claims.token_type !== type) return 'Token has wrong type'
    return claims
  }

  /** The user_id a token claims, unverified: only for attributing a request before auth runs. */
  static peekUserId(token: string): number | undefined {
    try {
      const id = decodeJwt(token).user_id
      return typeof id === 'number' ? id : undefined
    } catch {
      return undefined
    }
  }

  /** An imported state brings its own secret; tokens signed with the old one stop working. */
  private currentKey(): Uint8Array {
    const s = this.secret()
    if (s !== this.keySource) {
      this.keySource = s
      this.key = new TextEncoder().encode(s)
      this.verified.clear()
    }
    return this.key
  }
}
