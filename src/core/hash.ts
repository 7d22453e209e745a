/**
 * One-shot SHA-256 and an HMAC-SHA256 built on it: `crypto.hash` (Node 20.12+) skips the Hash
 * stream object createHash builds, which showed in the per-request profiles; older Node 20
 * releases fall back to createHash.
 */
import * as crypto from 'node:crypto'

type Encoding = 'hex' | 'base64url' | 'latin1'
const oneShot = (crypto as { hash?: (algorithm: string, data: crypto.BinaryLike, encoding: string) => string | Buffer }).hash

export function sha256(data: crypto.BinaryLike): Buffer
export function sha256(data: crypto.BinaryLike, encoding: Encoding): string
export function sha256(data: crypto.BinaryLike, encoding?: Encoding): string | Buffer {
  if (oneShot) return oneShot('sha256', data, encoding ?? 'buffer')
  const h = crypto.createHash('sha256').update(data)
  return encoding ? h.digest(encoding as crypto.BinaryToTextEncoding) : h.digest()
}

/**
 * HMAC-SHA256 (RFC 2104) as two one-shot hashes over pads made once per key: createHmac builds a
 * stream object and an OpenSSL HMAC context on every call, which was most of the token
 * endpoint's signing time. Messages are ASCII (base64url segments), so a byte is a character.
 */
export class HmacSha256 {
  private inner = Buffer.alloc(64 + 512)
  private readonly outer = Buffer.alloc(64 + 32)

  constructor(key: Buffer) {
    const k = key.length > 64 ? sha256(key) : key
    for (let i = 0; i < 64; i++) {
      this.inner[i] = (k[i] ?? 0) ^ 0x36
      this.outer[i] = (k[i] ?? 0) ^ 0x5c
    }
  }

  base64url(message: string): string {
    if (64 + message.length > this.inner.length) {
      const bigger = Buffer.alloc(64 + 2 * message.length)
      this.inner.copy(bigger, 0, 0, 64)
      this.inner = bigger
    }
    const n = this.inner.write(message, 64, 'latin1')
    // The inner digest comes back as latin1 text, a byte per character: a Buffer result costs
    // a malloc'd backing store per call (about half of an HMAC's time; docs/performance.md).
    this.outer.write(sha256(this.inner.subarray(0, 64 + n), 'latin1'), 64, 'latin1')
    return sha256(this.outer, 'base64url')
  }
}
