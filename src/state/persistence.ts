import { existsSync } from 'node:fs'
import { Low } from 'lowdb'
import { DataFile } from 'lowdb/node'
import type { PersistedStore, Store } from './store.js'

export interface PersistenceOptions {
  /** quiet time after the last change before writing */
  debounceMs?: number
  /** a write happens at least this often while changes keep coming */
  maxWaitMs?: number
}

/**
 * `--state-file`: the store lives in a lowdb JSON file, loaded at start and written debounced
 * and at shutdown. lowdb's DataFile (steno) writes a temporary file and renames it over the
 * old one, so a kill -9 at any moment leaves either the previous or the new complete file.
 * Writes are never awaited by a request.
 */
export class StatePersistence {
  private readonly db: Low<PersistedStore>
  private timer: NodeJS.Timeout | undefined
  private firstDirtyAt = 0
  private writing: Promise<void> = Promise.resolve()
  private dirty = false
  /** how long the last write held the event loop (serialising the state), ms */
  private lastWriteMs = 0
  private readonly debounceMs: number
  private readonly maxWaitMs: number

  constructor(
    readonly file: string,
    private readonly store: Store,
    options: PersistenceOptions = {}
  ) {
    // lowdb's JSONFile pretty-prints; compact JSON halves the time the event loop spends on it.
    this.db = new Low(new DataFile<PersistedStore>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), store.persisted())
    this.debounceMs = options.debounceMs ?? 50
    this.maxWaitMs = options.maxWaitMs ?? 500
  }

  /** Loads the file if it exists (else writes the fresh state), then follows the store's changes. */
  async start(): Promise<void> {
    if (existsSync(this.file)) {
      await this.db.read()
      if (this.db.data?.state) this.store.loadPersisted(this.db.data)
    } else {
      await this.flush()
    }
    this.store.onChange(() => this.schedule())
  }

  schedule(): void {
    const now = Date.now()
    if (!this.dirty) this.firstDirtyAt = now
    this.dirty = true
    if (this.timer) clearTimeout(this.timer)
    // Serialising a large state blocks the event loop; spacing writes by ten times their cost
    // keeps persistence under ~10% of the server's time whatever the state's size.
    const floor = this.lastWriteMs * 10
    const wait = Math.max(floor, Math.min(this.debounceMs, this.firstDirtyAt + Math.max(this.maxWaitMs, floor) - now))
    this.timer = setTimeout(() => void this.flush(), wait)
    this.timer.unref()
  }

  /** Writes now (after any write under way); resolves when the file is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.dirty = false
    this.writing = this.writing.then(async () => {
      const started = performance.now()
      this.db.data = this.store.persistedView()
      // lowdb serialises synchronously at the start of write(); the file I/O is asynchronous.
      const writing = this.db.write()
      this.lastWriteMs = performance.now() - started
      await writing
    })
    return this.writing
  }

  async close(): Promise<void> {
    await this.flush()
  }
}
