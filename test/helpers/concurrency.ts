/**
 * Concurrency invariants, reused by every provider's tests:
 * - exactlyOnce: N parallel attempts at something that may succeed only once (a transaction
 *   token, a verify, a unique track_id) → exactly one success, the rest refused.
 * - conserved: the sum of the moves the successes report equals the balance's change.
 */
import type { Test } from 'tap'

export interface Outcome<R> {
  ok: R[]
  refused: R[]
}

export const parallel = async <R>(n: number, attempt: (i: number) => Promise<R>, succeeded: (r: R) => boolean): Promise<Outcome<R>> => {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => attempt(i)))
  return { ok: results.filter(succeeded), refused: results.filter((r) => !succeeded(r)) }
}

export const exactlyOnce = async <R>(t: Test, n: number, attempt: (i: number) => Promise<R>, succeeded: (r: R) => boolean, refusedAs?: (r: R) => boolean): Promise<Outcome<R>> => {
  const outcome = await parallel(n, attempt, succeeded)
  t.equal(outcome.ok.length, 1, `exactly one of ${n} parallel attempts succeeds`)
  if (refusedAs) t.equal(outcome.refused.filter(refusedAs).length, n - 1, 'every other attempt is refused as documented')
  return outcome
}

export const conserved = (t: Test, before: number, after: number, moves: number[], what = 'balance') => {
  const sum = moves.reduce((a, b) => a + b, 0)
  t.equal(before - after, sum, `${what}: the change (${before - after}) equals the sum of the moves (${sum})`)
  t.ok(after >= 0, `${what} never goes negative`)
}
