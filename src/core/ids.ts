import { randomBytes, randomUUID, randomInt } from 'node:crypto'

export const uuid = (): string => randomUUID()

/** 32 lowercase hex digits, the shape of simplejwt's `jti` and of many provider tokens. */
export const hex32 = (): string => randomBytes(16).toString('hex')

export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url')

/** A numeric code of `length` digits (leading zeros allowed), for OTPs. */
export const numericCode = (length: number): string => {
  let s = ''
  for (let i = 0; i < length; i++) s += String(randomInt(10))
  return s
}

export const shortId = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`
