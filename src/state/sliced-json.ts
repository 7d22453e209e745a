/**
 * JSON.stringify in pieces, so a large state can be serialised a few milliseconds at a time
 * between requests instead of in one call that holds the event loop for seconds (1,000,000
 * settlements are ~330 MB of JSON: 1.5–3 s in JSON.stringify, as long again to encode it).
 *
 * Requests change the state between pieces, so the pieces are taken from a snapshot: walking the
 * live state would write each part as it is when its piece is taken, and a verify between two
 * pieces would put its statement row in the file beside the wallet from before it. `snapshot()`
 * copies the value in one synchronous call, during which no request runs; `jsonPieces()` then
 * walks the copy, which nothing else holds. The output is what JSON.stringify gave for the value
 * at the moment of the snapshot (same keys, order, toJSON, omitted undefined and functions).
 *
 * Copying allocates but writes no text, so it holds the loop for a fraction of what serialising
 * takes, yet in one piece (docs/performance.md: the pause at 1,000,000 records). Frozen objects
 * cannot change, so the copy shares them: a ledger whose rows are frozen (`freezeThrough`) costs
 * the copy of its list, not of its rows.
 *
 * Containers with at most SMALL entries are walked entry by entry, so a large collection however
 * deep is reached; the entries of a larger container are records, stringified whole, BATCH of
 * them per piece.
 */
const SMALL = 256
const BATCH = 64

/**
 * An object of more than SMALL keys, copied as its key and value lists: a copy built key by key
 * is a new dictionary, several times slower to make than the lists, which the walk wants anyway.
 */
class Entries {
  constructor(
    readonly keys: string[],
    readonly values: unknown[]
  ) {}
}

/** A value its owner never changes: a snapshot holds it as it is. */
class Unchanging {
  constructor(readonly value: unknown) {}
}

/** Marks a value that no one changes (the store's saved snapshots): `snapshot()` does not copy it. */
export const unchanging = (value: unknown): unknown => new Unchanging(value)

/** A copy only the writer holds. */
export type Snapshot = { readonly __snapshot: true }

const hasToJSON = (v: object): v is { toJSON(key: string): unknown } => typeof (v as { toJSON?: unknown }).toJSON === 'function'

/** Frozen, and so is everything under it: no one can change it (a Date's time can change frozen). */
const frozenThrough = (v: object): boolean => {
  if (!Object.isFrozen(v) || hasToJSON(v)) return false
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k]
    if (typeof x === 'object' && x !== null && !frozenThrough(x)) return false
  }
  return true
}

/**
 * Freezes a record and everything under it, for records that never change once stored (a
 * ledger's: Baloan's settlements): a snapshot shares them instead of copying them, and a handler
 * that tried to change one would throw instead of changing what the file holds.
 */
export const freezeThrough = <T>(value: T): T => {
  // a loop, not recursion: a request's JSON may nest deeper than the call stack goes
  const pending: unknown[] = [value]
  const seen = new Set<object>()
  while (pending.length > 0) {
    const v = pending.pop()
    if (typeof v !== 'object' || v === null || seen.has(v)) continue
    seen.add(v)
    Object.freeze(v)
    for (const x of Object.values(v)) pending.push(x)
  }
  return value
}

/** JSON.stringify's view of a value (toJSON applied once, with its key), copied. */
const copyValue = (v: unknown, key: string | number): unknown => {
  if (typeof v !== 'object' || v === null || v instanceof Unchanging) return v
  if (hasToJSON(v)) {
    const j = v.toJSON(String(key))
    return typeof j === 'object' && j !== null ? copyContainer(j) : j
  }
  if (Object.isFrozen(v) && frozenThrough(v)) return v
  return copyContainer(v)
}

/**
 * Deep: a record of a large collection holds objects that handlers change in place (a BazaarPay
 * user's pockets), so sharing anything below a record could let a later change into the file.
 */
const copyContainer = (v: object): unknown => {
  if (Array.isArray(v)) {
    const a = v.slice()
    for (let i = 0; i < a.length; i++) {
      const x = a[i]
      if (typeof x === 'object' && x !== null) a[i] = copyValue(x, i)
    }
    return a
  }
  const o = v as Record<string, unknown>
  const keys = Object.keys(o)
  if (keys.length > SMALL) {
    const values = new Array<unknown>(keys.length)
    for (let i = 0; i < keys.length; i++) values[i] = copyValue(o[keys[i]], keys[i])
    return new Entries(keys, values)
  }
  // spread copies a record in one step (V8's clone fast path for a known shape)
  const c: Record<string, unknown> = { ...o }
  for (const k of keys) {
    const x = c[k]
    if (typeof x === 'object' && x !== null) c[k] = copyValue(x, k)
  }
  return c
}

/** `value` as it is now, for `jsonPieces()`. */
export const snapshot = (value: unknown): Snapshot => copyValue(value, '') as Snapshot

const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol'

export function* jsonPieces(value: Snapshot): Generator<string, void, undefined> {
  yield* pieces(value)
}

function* pieces(value: unknown): Generator<string, void, undefined> {
  // a toJSON left here is a shared frozen object's, or an unchanging value's: stringified whole
  if (typeof value !== 'object' || value === null || hasToJSON(value)) {
    const s = JSON.stringify(value)
    if (s !== undefined) yield s
    return
  }
  if (value instanceof Unchanging) return yield* pieces(value.value)
  if (Array.isArray(value)) {
    yield '['
    if (value.length <= SMALL) {
      for (let i = 0; i < value.length; i++) {
        if (i > 0) yield ','
        if (skipped(value[i])) yield 'null'
        else yield* pieces(value[i])
      }
    } else {
      // a batch of records per piece: one native JSON.stringify call instead of BATCH
      for (let i = 0; i < value.length; i += BATCH) yield (i > 0 ? ',' : '') + JSON.stringify(value.slice(i, i + BATCH)).slice(1, -1)
    }
    yield ']'
    return
  }
  const o = value as Record<string, unknown>
  const keys = value instanceof Entries ? value.keys : Object.keys(o)
  const valueAt = value instanceof Entries ? (i: number) => value.values[i] : (i: number) => o[keys[i]]
  let first = true
  yield '{'
  if (keys.length <= SMALL) {
    for (let i = 0; i < keys.length; i++) {
      const v = valueAt(i)
      if (skipped(v)) continue
      yield (first ? '' : ',') + JSON.stringify(keys[i]) + ':'
      first = false
      yield* pieces(v)
    }
  } else {
    let batch = ''
    let n = 0
    for (let i = 0; i < keys.length; i++) {
      const v = valueAt(i)
      if (skipped(v)) continue
      batch += (first ? '' : ',') + JSON.stringify(keys[i]) + ':' + JSON.stringify(v)
      first = false
      if (++n % BATCH === 0) {
        yield batch
        batch = ''
      }
    }
    if (batch) yield batch
  }
  yield '}'
}
