/**
 * Moments at which things fall due, soonest first: a binary heap ordered by (time, insertion),
 * so a sweep takes what is due in O(log n) each instead of scanning every record. With many
 * records falling due one after another (100,000 paid payments whose verify windows run out over
 * a minute) a scan per transition made nearly every request walk the whole collection.
 *
 * Entries are hints: the owner checks, when it takes one, that the record is still waiting and
 * still due (a payment verified meanwhile is skipped; one due later is pushed again).
 */
export class DueQueue<T> {
  private readonly at: number[] = []
  private readonly seq: number[] = []
  private readonly items: T[] = []
  private nextSeq = 0

  get size(): number {
    return this.items.length
  }

  /** The soonest moment, or null when nothing waits. */
  peek(): number | null {
    return this.items.length === 0 ? null : this.at[0]
  }

  push(at: number, item: T): void {
    this.at.push(at)
    this.seq.push(this.nextSeq++)
    this.items.push(item)
    this.up(this.items.length - 1)
  }

  /** Takes every entry due at `now` or before, soonest first (ties in the order they came). */
  takeDue(now: number): T[] {
    const out: T[] = []
    while (this.items.length > 0 && this.at[0] <= now) out.push(this.pop())
    return out
  }

  private pop(): T {
    const top = this.items[0]
    const last = this.items.length - 1
    this.swap(0, last)
    this.at.pop()
    this.seq.pop()
    this.items.pop()
    this.down(0)
    return top
  }

  private before(i: number, j: number): boolean {
    return this.at[i] < this.at[j] || (this.at[i] === this.at[j] && this.seq[i] < this.seq[j])
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(i, parent)) return
      this.swap(i, parent)
      i = parent
    }
  }

  private down(i: number): void {
    const n = this.items.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let first = i
      if (l < n && this.before(l, first)) first = l
      if (r < n && this.before(r, first)) first = r
      if (first === i) return
      this.swap(i, first)
      i = first
    }
  }

  private swap(i: number, j: number): void {
    ;[this.at[i], this.at[j]] = [this.at[j], this.at[i]]
    ;[this.seq[i], this.seq[j]] = [this.seq[j], this.seq[i]]
    ;[this.items[i], this.items[j]] = [this.items[j], this.items[i]]
  }
}
