/**
 * JSON.stringify in pieces, so a large state can be serialised a few milliseconds at a time
 * between requests instead of in one call that holds the event loop for seconds (1,000,000
 * settlements are ~330 MB of JSON: 1.5–3 s in JSON.stringify, as long again to encode it).
 *
 * The output is what JSON.stringify gives for the same value (same keys, order, toJSON, omitted
 * undefined and functions). Containers with at most SMALL entries are walked entry by entry, so
 * a large collection however deep is reached; the entries of a larger container are records,
 * stringified whole, BATCH of them per piece.
 *
 * Handlers may change the value between pieces. Each container's entries are listed when the
 * walk reaches it, so an insertion or removal elsewhere in it never makes the walk skip or repeat
 * an entry; an entry changed in place is written as it is when its piece is taken. The result
 * therefore holds every change made before the walk started (and some made during it).
 */
const SMALL = 256
const BATCH = 64

type Container = Record<string, unknown> | unknown[]

const isContainer = (v: unknown): v is Container =>
  typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function'

const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol'

export function* jsonPieces(value: unknown): Generator<string, void, undefined> {
  if (!isContainer(value)) {
    const s = JSON.stringify(value)
    if (s !== undefined) yield s
    return
  }
  if (Array.isArray(value)) {
    const items = value.slice()
    yield '['
    if (items.length <= SMALL) {
      for (let i = 0; i < items.length; i++) {
        if (i > 0) yield ','
        if (skipped(items[i])) yield 'null'
        else yield* jsonPieces(items[i])
      }
    } else {
      // a batch of records per piece: one native JSON.stringify call instead of BATCH
      for (let i = 0; i < items.length; i += BATCH) yield (i > 0 ? ',' : '') + JSON.stringify(items.slice(i, i + BATCH)).slice(1, -1)
    }
    yield ']'
    return
  }
  const keys = Object.keys(value)
  let first = true
  yield '{'
  if (keys.length <= SMALL) {
    for (const key of keys) {
      const v = value[key]
      if (skipped(v)) continue
      yield (first ? '' : ',') + JSON.stringify(key) + ':'
      first = false
      yield* jsonPieces(v)
    }
  } else {
    let batch = ''
    let n = 0
    for (const key of keys) {
      const v = value[key]
      if (skipped(v)) continue
      batch += (first ? '' : ',') + JSON.stringify(key) + ':' + JSON.stringify(v)
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
