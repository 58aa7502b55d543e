import type { Db } from '../../db/database.js'

/** What changed: 'content' (pages and the site frame) or only 'pages' (rendered pages). */
export type ChangeScope = 'content' | 'pages'

type Versions = Record<ChangeScope, number>

/**
 * Content changes made by other processes: a second server instance on the same PostgreSQL
 * database (its newsroom, its scheduler), or a command such as `sahifa import`. Each change is
 * counted in `change_signals` (`record`); a server polls the counters (`poll`, every
 * SAHIFA_CHANGE_POLL_MS) and tells its own listeners when another process moved one, so its
 * render cache and site frame never keep showing what was changed elsewhere.
 *
 * The processes of one server (its workers) also hear each other at once over IPC (cli/cluster.ts);
 * the poll is what reaches across machines and commands, within one interval.
 */
export class ChangeSignals {
  #seen: Versions = { content: 0, pages: 0 }
  #pending = new Set<Promise<unknown>>()
  #timer: NodeJS.Timeout | undefined

  constructor(
    private readonly db: Db,
    /** Told of changes made elsewhere. */
    private readonly onChange: (scope: ChangeScope) => void,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Reads the counters as they are now: changes before this moment are not news. */
  async start(): Promise<void> {
    this.#seen = await this.#read()
  }

  /**
   * Counts a change made by this process (its own listeners already know). Our own bump is not
   * news to us, unless another process bumped in between: then the next poll reports it, since
   * a page may have been rendered from the other change's old data after our listeners ran.
   */
  record(scope: ChangeScope): void {
    const bump = this.db
      .updateTable('change_signals')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('scope', '=', scope)
      .returning('version')
      .executeTakeFirst()
      .then((row) => {
        if (row && Number(row.version) === this.#seen[scope] + 1) this.#seen[scope] = Number(row.version)
      })
      .catch(this.onError)
      .finally(() => this.#pending.delete(bump))
    this.#pending.add(bump)
  }

  /** Compares the counters with what this process has seen; tells listeners of changes made elsewhere. */
  async poll(): Promise<ChangeScope | undefined> {
    const now = await this.#read()
    const content = now.content !== this.#seen.content
    const pages = now.pages !== this.#seen.pages
    this.#seen = now
    // A content change drops rendered pages too: one notice covers both.
    const scope = content ? 'content' : pages ? 'pages' : undefined
    if (scope) this.onChange(scope)
    return scope
  }

  /** Polls every `intervalMs` until `stop()`; 0 turns polling off. */
  watch(intervalMs: number): void {
    if (intervalMs <= 0 || this.#timer) return
    let busy = false
    this.#timer = setInterval(() => {
      if (busy) return
      busy = true
      this.poll()
        .catch(this.onError)
        .finally(() => (busy = false))
    }, intervalMs)
    this.#timer.unref()
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** Waits for the counts still being written (before the database closes). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending])
  }

  async #read(): Promise<Versions> {
    const rows = await this.db.selectFrom('change_signals').select(['scope', 'version']).execute()
    const versions: Versions = { content: 0, pages: 0 }
    for (const row of rows) versions[row.scope] = Number(row.version)
    return versions
  }
}
