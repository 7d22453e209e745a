import t from 'tap'
import { createHmac } from 'node:crypto'
import { HmacSha256 } from '../../../src/providers/baloan/jwt.js'

t.test('HmacSha256 signs as createHmac does, for short, block-sized and long keys and messages past its scratch buffer', async (t) => {
  let mismatches = 0
  for (const keyLength of [1, 32, 63, 64, 65, 200]) {
    const key = Buffer.from('k'.repeat(keyLength - 1) + String.fromCharCode(33 + keyLength), 'latin1')
    const hmac = new HmacSha256(key)
    for (const length of [0, 1, 55, 56, 64, 250, 511, 512, 513, 3000, 40]) {
      const message = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.'.repeat(80).slice(0, length)
      if (hmac.base64url(message) !== createHmac('sha256', key).update(message).digest('base64url')) mismatches++
    }
  }
  t.equal(mismatches, 0)
})
