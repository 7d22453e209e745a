/**
 * One-shot SHA-256: `crypto.hash` (Node 20.12+) skips the Hash stream object createHash builds,
 * which showed in the per-request profiles; older Node 20 releases fall back to createHash.
 */
import * as crypto from 'node:crypto'

type Encoding = 'hex' | 'base64url'
const oneShot = (crypto as { hash?: (algorithm: string, data: crypto.BinaryLike, encoding: string) => string | Buffer }).hash

export function sha256(data: crypto.BinaryLike): Buffer
export function sha256(data: crypto.BinaryLike, encoding: Encoding): string
export function sha256(data: crypto.BinaryLike, encoding?: Encoding): string | Buffer {
  if (oneShot) return oneShot('sha256', data, encoding ?? 'buffer')
  const h = crypto.createHash('sha256').update(data)
  return encoding ? h.digest(encoding) : h.digest()
}
