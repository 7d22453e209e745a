import t from 'tap'
import { createHash, createHmac } from 'node:crypto'
import { HmacSha256, sha256 } from '../../src/core/hash.js'

t.test('sha256 equals createHash for strings and bytes, as bytes, hex, base64url and latin1', async (t) => {
  for (const data of ['', '6037991234567899', 'آزمایش', Buffer.from([0, 255, 128])]) {
    const ref = createHash('sha256').update(data)
    const bytes = ref.copy().digest()
    t.same(sha256(data), bytes)
    t.equal(sha256(data, 'hex'), bytes.toString('hex'))
    t.equal(sha256(data, 'base64url'), bytes.toString('base64url'))
    t.equal(sha256(data, 'latin1'), bytes.toString('latin1'))
  }
})

t.test("Vandar's card hash (CID): uppercase SHA-256 hex, the same when remembered, right for every card past the bound", async (t) => {
  const { cardHash } = await import('../../src/providers/vandar/ipg.operations.js')
  const ref = (card: string) => createHash('sha256').update(card).digest('hex').toUpperCase()
  t.equal(cardHash('6037991234567899'), ref('6037991234567899'))
  t.equal(cardHash('6037991234567899'), ref('6037991234567899'), 'second time from memory')
  let wrong = 0
  for (let i = 0; i < 2500; i++) {
    const card = String(6037990000000000 + i)
    if (cardHash(card) !== ref(card)) wrong++
  }
  t.equal(wrong, 0)
})

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
