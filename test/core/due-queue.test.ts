import t from 'tap'
import fc from 'fast-check'
import { DueQueue } from '../../src/core/due-queue.js'

t.test('entries come out soonest first, ties in the order they went in, and only once due', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 300 }), fc.integer({ min: -1, max: 60 }), (entries, now) => {
      const q = new DueQueue<number>()
      // pushes and partial takes interleaved, as requests and sweeps interleave
      const expected: Array<[number, number]> = []
      const taken: number[] = []
      entries.forEach(([at, takeHere], i) => {
        q.push(at, i)
        expected.push([at, i])
        if (takeHere) {
          const due = expected.filter(([a]) => a <= now).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, id]) => id)
          const got = q.takeDue(now)
          if (JSON.stringify(got) !== JSON.stringify(due)) throw new Error(`took ${got} expected ${due}`)
          for (const id of got) expected.splice(expected.findIndex(([, e]) => e === id), 1)
          taken.push(...got)
        }
      })
      const rest = [...expected].sort((x, y) => x[0] - y[0] || x[1] - y[1])
      if (q.size !== rest.length) throw new Error('size')
      if (q.peek() !== (rest[0]?.[0] ?? null)) throw new Error('peek')
      if (JSON.stringify(q.takeDue(Infinity)) !== JSON.stringify(rest.map(([, id]) => id))) throw new Error('rest')
      return q.size === 0 && q.peek() === null
    }),
    { numRuns: 300 }
  )
  const q = new DueQueue<string>()
  q.push(30, 'c')
  q.push(10, 'a')
  q.push(10, 'b')
  t.equal(q.peek(), 10)
  t.same(q.takeDue(9), [], 'nothing before its time')
  t.same(q.takeDue(10), ['a', 'b'])
  t.equal(q.peek(), 30)
})
