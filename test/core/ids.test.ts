import t from 'tap'
import { hex32, random } from '../../src/core/ids.js'

t.test('hex32 ids stay 32 hex digits and distinct across pool refills, interleaved with other draws', async (t) => {
  const seen = new Set<string>()
  let bad = 0
  for (let i = 0; i < 5000; i++) {
    const id = hex32()
    if (!/^[0-9a-f]{32}$/.test(id)) bad++
    seen.add(id)
    if (i % 3 === 0 && random(7).length !== 7) bad++
  }
  t.equal(bad, 0)
  t.equal(seen.size, 5000)
  t.equal(random(10_000).length, 10_000, 'more than the pool holds comes straight from randomBytes')
})
