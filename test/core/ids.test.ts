import t from 'tap'
import { hex32, numericCode, random, randomString } from '../../src/core/ids.js'

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

t.test('randomString: the length asked, only the alphabet, every character about equally often', async (t) => {
  const counts = new Map<string, number>()
  let bad = 0
  for (let i = 0; i < 4000; i++) {
    const s = randomString('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 15)
    if (!/^[A-Z0-9]{15}$/.test(s)) bad++
    for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  t.equal(bad, 0)
  t.equal(counts.size, 36)
  // 60,000 draws over 36 characters: about 1,667 each; a plain modulo would favour the first 4 by 12.5%
  const expected = 60000 / 36
  t.ok([...counts.values()].every((n) => Math.abs(n - expected) < expected * 0.11), 'no character 11% off the mean (4.5 standard deviations)')
  t.match(numericCode(6), /^\d{6}$/)
})
