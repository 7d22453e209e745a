import { existsSync } from 'node:fs'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { PersistedStore, Store } from './store.js'

export interface PersistenceOptions {
  /** quiet time after the last change before writing */
  debounceMs?: number
  /** a write happens at least this often while changes keep coming */
  maxWaitMs?: number
}

/**
 * `--state-file`: the store lives in a lowdb JSON file, loaded at start and written debounced
 * and at shutdown. lowdb's JSONFile (steno) writes a temporary file and renames it over the
 * old one, so a kill -9 at any moment leaves either the previous or the new complete file.
 * Writes are never awaited by a request.
 */
export class StatePersistence {
  private readonly db: Low<PersistedStore>
  private timer: NodeJS.Timeout | undefined
  private firstDirtyAt = 0
  private writing: Promise<void> = Promise.resolve()
  private dirty = false
  private readonly debounceMs: number
  private readonly maxWaitMs: number

  constructor(
    readonly file: string,
    private readonly store: Store,
    options: PersistenceOptions = {}
  ) {
    this.db = new Low(new JSONFile<PersistedStore>(file), store.persisted())
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
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstDirtyAt + this.maxWaitMs - now))
    this.timer = setTimeout(() => void this.flush(), wait)
    this.timer.unref()
  }

  /** Writes now (after any write under way); resolves when the file is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.dirty = false
    this.writing = this.writing.then(async () => {
      this.db.data = this.store.persisted()
      await this.db.write()
    })
    return this.writing
  }

  async close(): Promise<void> {
    await this.flush()
  }
}
