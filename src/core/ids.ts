import { randomBytes, randomUUID } from 'node:crypto'

export const uuid = (): string => randomUUID()

// Random bytes drawn from a pooled buffer, as randomUUID does internally: one randomBytes call
// per request cost the token endpoint 14% of its time (a CSPRNG call each), 4 KB at a time
// costs one call per few hundred ids. Same generator, so the ids are as unpredictable.
const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let poolAt = 0
const reserve = (n: number) => {
  if (poolAt + n <= pool.length) return
  pool = randomBytes(POOL_BYTES)
  poolAt = 0
}
export const random = (n: number): Buffer => {
  if (n > POOL_BYTES) return randomBytes(n)
  reserve(n)
  return pool.subarray(poolAt, (poolAt += n))
}

/** 32 lowercase hex digits, the shape of simplejwt's `jti` and of many provider tokens. */
export const hex32 = (): string => {
  reserve(16)
  // straight from the pool: no view object per id
  return pool.toString('hex', poolAt, (poolAt += 16))
}

export const randomToken = (bytes = 24): string => random(bytes).toString('base64url')

/**
 * `length` characters drawn uniformly from `alphabet` (at most 256 characters): bytes from the
 * pool, those past the largest multiple of the alphabet's size dropped so no character is more
 * likely than another. One pool read instead of a randomInt call per character.
 */
export const randomString = (alphabet: string, length: number): string => {
  const size = alphabet.length
  const limit = 256 - (256 % size)
  let s = ''
  while (s.length < length) {
    reserve(length - s.length)
    const end = poolAt + length - s.length
    for (; poolAt < end; poolAt++) if (pool[poolAt] < limit) s += alphabet[pool[poolAt] % size]
  }
  return s
}

/** A numeric code of `length` digits (leading zeros allowed), for OTPs. */
export const numericCode = (length: number): string => randomString('0123456789', length)

export const shortId = (prefix: string): string => `${prefix}_${random(6).toString('hex')}`
