import { existsSync } from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Low } from 'lowdb'
import { DataFile } from 'lowdb/node'
import type { PersistedStore, Store } from './store.js'
import { jsonPieces, snapshot, unchanging } from './sliced-json.js'

export interface PersistenceOptions {
  /** quiet time after the last change before writing */
  debounceMs?: number
  /** a write starts at least this long after the first change while changes keep coming */
  maxWaitMs?: number
  /** longest stretch the writer holds the event loop, ms */
  sliceMs?: number
  /** the writer's share of a busy server's time while a write is under way (0..1) */
  share?: number
  /** bytes a slice is encoded into before it is written (one buffer, reused) */
  chunkBytes?: number
}

/** how long the writer watches an otherwise idle event loop before it takes the loop again, ms */
const IDLE_PROBE_MS = 5

/**
 * `--state-file`: the store lives in a JSON file, loaded at start (lowdb) and written
 * debounced and at shutdown. A write goes to a temporary file renamed over the old one, as
 * lowdb's own writer (steno) does, so a kill -9 at any moment leaves either the previous or the
 * new complete file.
 *
 * The file holds the state of one moment, the write's start: the write begins with a copy of the
 * state (sliced-json.ts `snapshot`), so what requests change while it is written waits for the
 * next write and a verify never lands in the file beside the wallet from before it.
 *
 * Writes stay off the request path: requests never wait for one, and serialising the copy happens
 * in slices of a few milliseconds, each followed by a pause long enough that the writer takes at
 * most `share` of the time of a server under load. lowdb's writer serialises the
 * whole state in one call, which at 1,000,000 records held the event loop for ~6 s and cost 61%
 * of throughput. A pause ends early when the event loop has nothing else to do: an idle server
 * writes at full speed.
 */
export class StatePersistence {
  private readonly db: Low<PersistedStore>
  private timer: NodeJS.Timeout | undefined
  private firstDirtyAt = 0
  /** the write loop under way, if any */
  private writing: Promise<void> | undefined
  /** a change since the write under way started asks for one more */
  private requested = false
  /** someone waits for the file (start, shutdown): no pauses between slices */
  private hurry = false
  private dirty = false
  /** when the state on disk was taken (wall clock, ms): every change before it is in the file */
  private durableAt = 0
  private lastError: string | undefined
  /** shutting down: a write under way stops pausing between slices */
  private closing = false
  /** ends the pause between two slices early (someone started waiting for the file) */
  private wake: (() => void) | undefined
  private readonly debounceMs: number
  private readonly maxWaitMs: number
  private readonly sliceMs: number
  private readonly share: number
  private readonly temp: string
  private readonly chunkBytes: number
  /** a slice's bytes, reused slice after slice (allocated by the first write) */
  private chunk: Buffer | undefined

  constructor(
    readonly file: string,
    private readonly store: Store,
    options: PersistenceOptions = {}
  ) {
    // lowdb only reads: writing is write() below. Its default data is never used, so no copy.
    this.db = new Low(new DataFile<PersistedStore>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), store.persistedView())
    this.debounceMs = options.debounceMs ?? 50
    this.maxWaitMs = options.maxWaitMs ?? 500
    this.sliceMs = options.sliceMs ?? 8
    // 5%: at 1,000,000 records under saturating load a write then takes ~35 s (1.7 s of work);
    // at 10% the measured cost of --state-file was 16-26% of throughput (the writer's own share
    // plus what its garbage costs the requests), against a target of 20%
    this.share = options.share ?? 0.05
    this.chunkBytes = options.chunkBytes ?? 4 << 20
    this.temp = join(dirname(file), `.${basename(file)}.tmp`)
  }

  /** Loads the file if it exists (else writes the fresh state), then follows the store's changes. */
  async start(): Promise<void> {
    if (existsSync(this.file)) {
      await this.db.read()
      if (this.db.data?.state) this.store.loadPersisted(this.db.data)
      this.db.data = null as unknown as PersistedStore
    } else {
      await this.flush(true)
    }
    this.store.onChange(() => this.schedule())
  }

  schedule(): void {
    const now = Date.now()
    if (!this.dirty) this.firstDirtyAt = now
    this.dirty = true
    if (this.timer) clearTimeout(this.timer)
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstDirtyAt + this.maxWaitMs - now))
    this.timer = setTimeout(() => void this.flush(), wait)
    this.timer.unref()
  }

  /**
   * Writes now, or right after the write under way; resolves when the file holds every change
   * made before the call. `urgent` writes without pausing between slices: at start and at
   * shutdown nothing else waits for the loop. Calls during a write share the one write that
   * follows it, so a large state under steady changes never queues up writes.
   */
  flush(urgent = false): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.requested = true
    if (urgent) {
      this.hurry = true
      // a pause already begun would otherwise hold start-up or shutdown for up to its length
      this.wake?.()
    }
    this.writing ??= this.writeWhileRequested()
    return this.writing
  }

  private async writeWhileRequested(): Promise<void> {
    try {
      while (this.requested) {
        this.requested = false
        this.dirty = false
        try {
          await this.write()
          this.lastError = undefined
        } catch (err) {
          // A failed write (disk full, directory gone) must not take the server down: the state
          // stays dirty, health reports the error, and the next change tries again.
          this.lastError = err instanceof Error ? err.message : String(err)
          this.dirty = true
          this.requested = false
        }
      }
    } finally {
      // in the same turn as the last check: a flush() from now on starts a new loop
      this.writing = undefined
      this.hurry = false
    }
  }

  private async write(): Promise<void> {
    const takenAt = Date.now()
    const copying = performance.now()
    const view = this.store.persistedView()
    // The file holds the state of this moment and nothing later: the slices below walk a copy.
    // Saved snapshots are copies the store never changes (Store.persistedView): not copied again.
    const pieces = jsonPieces(snapshot({ state: view.state, snapshots: unchanging(view.snapshots) }))
    const pauseRatio = (1 - this.share) / this.share
    // the copy held the event loop like a slice does: requests get their share of it first
    const copied = performance.now() - copying
    if (!this.hurry && !this.closing) await this.yieldToRequests(copied * pauseRatio)
    const fh = await open(this.temp, 'w')
    try {
      const chunk = (this.chunk ??= Buffer.allocUnsafeSlow(this.chunkBytes))
      let carry: string | undefined
      for (;;) {
        const started = performance.now()
        let n = 0
        let done = false
        for (;;) {
          let piece = carry
          carry = undefined
          if (piece === undefined) {
            const next = pieces.next()
            if (next.done) {
              done = true
              break
            }
            piece = next.value
          }
          // UTF-8 takes at most 3 bytes per UTF-16 unit; a piece that may not fit waits for the
          // next slice, and one bigger than the buffer is written as it is
          if (n + 3 * piece.length > chunk.length) {
            if (n > 0) {
              carry = piece
              break
            }
            await fh.write(piece)
          } else n += chunk.write(piece, n)
          if (performance.now() - started >= this.sliceMs) break
        }
        // encoded into one reused buffer: joining a slice into one string of megabytes and then
        // encoding that made two large allocations per slice (cost at 1,000,000 records, two
        // runs each: 20.6–24.6% before, 16.6–20.0% after)
        const written = n > 0 ? fh.write(chunk, 0, n) : undefined
        const spent = performance.now() - started
        await written
        if (done) break
        if (!this.hurry && !this.closing) await this.yieldToRequests(spent * pauseRatio)
      }
    } catch (err) {
      await fh.close()
      await unlink(this.temp).catch(() => {})
      throw err
    }
    await fh.close()
    await rename(this.temp, this.file)
    this.durableAt = takenAt
  }

  /**
   * Leaves the event loop to requests for `ms`, in probes of a few milliseconds; a probe in which
   * the loop was mostly idle ends the pause (no request waits for the time).
   */
  private async yieldToRequests(ms: number): Promise<void> {
    const until = performance.now() + ms
    for (;;) {
      const left = until - performance.now()
      if (left <= 0 || this.hurry || this.closing) return
      const before = performance.eventLoopUtilization()
      await this.pause(Math.min(IDLE_PROBE_MS, left))
      if (performance.eventLoopUtilization(before).utilization < 0.5) return
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined
        resolve()
      }, ms)
      this.wake = () => {
        clearTimeout(timer)
        this.wake = undefined
        resolve()
      }
    })
  }

  /** For `/__sandbox/health`: where the state lives and how current the file is. */
  status() {
    return { path: this.file, durable_at: this.durableAt ? new Date(this.durableAt).toISOString() : null, pending: this.dirty, ...(this.lastError ? { error: this.lastError } : {}) }
  }

  async close(): Promise<void> {
    this.closing = true
    await this.flush(true)
  }
}
