import t from 'tap'
import { createHash } from 'node:crypto'
import { sha256 } from '../../src/core/hash.js'

t.test('sha256 equals createHash for strings and bytes, as bytes, hex and base64url', async (t) => {
  for (const data of ['', '6037991234567899', 'آزمایش', Buffer.from([0, 255, 128])]) {
    const ref = createHash('sha256').update(data)
    const bytes = ref.copy().digest()
    t.same(sha256(data), bytes)
    t.equal(sha256(data, 'hex'), bytes.toString('hex'))
    t.equal(sha256(data, 'base64url'), bytes.toString('base64url'))
  }
})
