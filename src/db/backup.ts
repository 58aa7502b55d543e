import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import SQLiteDatabase from 'better-sqlite3'
import { allMigrations } from './migrate.js'

/**
 * Backups of the SQLite database (`sahifa backup` / `sahifa restore`). PostgreSQL has its own
 * tools (pg_dump / pg_restore; see the README).
 *
 * - Backup uses SQLite's online backup API from a separate connection: the server keeps reading
 *   and writing. Each step copies a consistent set of pages; when the server writes between steps
 *   SQLite restarts the copy, and after two restarts the rest is copied in one step (a single read
 *   transaction: a snapshot, which WAL lets writers work beside). The copy is made next to the
 *   target, turned into a standalone file (rollback journal, no -wal), checked, then renamed into
 *   place: a backup file is whole or absent.
 * - Restore checks the file (SQLite, integrity_check ok, our migrations table with no migration
 *   this version does not know), copies it next to the database, and swaps it in with a rename
 *   while holding an exclusive lock on the current database, which is kept aside first. The lock
 *   is how a running server is detected: every process with the database open (a server, even
 *   idle, or another command) holds a lock that makes taking it fail at once.
 */

export class BackupError extends Error {
  override name = 'BackupError'
}

/** Kysely's migration table: every Sahifa database has one. */
const MIGRATION_TABLE = 'kysely_migration'
const SQLITE_HEADER = 'SQLite format 3\0'

export interface BackupProgress {
  totalPages: number
  remainingPages: number
}

export interface BackupResult {
  bytes: number
  pages: number
  migrations: number
}

/** True when the file starts with SQLite's 16-byte header. */
function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(16)
    return readSync(fd, buffer, 0, 16, 0) === 16 && buffer.toString('latin1') === SQLITE_HEADER
  } finally {
    closeSync(fd)
  }
}

/**
 * Checks an open copy: integrity_check ok, the migrations table present, every migration in it
 * known here. Returns how many migrations it has. Throws BackupError saying what is wrong.
 */
function checkSahifaDatabase(db: SQLiteDatabase.Database, label: string): number {
  const problems = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).filter((r) => r !== 'ok')
  if (problems.length > 0) throw new BackupError(`${label} fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`)
  const table = db.prepare("select name from sqlite_master where type = 'table' and name = ?").get(MIGRATION_TABLE)
  if (!table) throw new BackupError(`${label} is a SQLite database but not a Sahifa one (no ${MIGRATION_TABLE} table)`)
  const names = (db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as Array<{ name: string }>).map((r) => r.name)
  const known = new Set(Object.keys(allMigrations('sqlite')))
  const unknown = names.filter((name) => !known.has(name))
  if (unknown.length > 0) throw new BackupError(`${label} was made by a newer Sahifa (migration ${unknown.join(', ')} is unknown to this version): upgrade Sahifa first`)
  return names.length
}

/** The same file, as far as paths tell (the target of a backup must not be the database itself). */
const samePath = (a: string, b: string) => resolve(a) === resolve(b)

/** `-wal`, `-shm` and `-journal` files beside a database. */
function removeSidecars(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true })
}

/**
 * Copies the live database `source` to `target` (SQLite online backup), refusing to replace an
 * existing `target` unless `force`. `onProgress` is called after each step.
 */
export async function backupSqlite(source: string, target: string, { force = false, onProgress }: { force?: boolean; onProgress?: (p: BackupProgress) => void } = {}): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source}`)
  if (samePath(source, target)) throw new BackupError('the backup file cannot be the database itself')
  if (existsSync(target) && !force) throw new BackupError(`${target} already exists: choose another name, or add --force to replace it`)
  if (existsSync(target) && !statSync(target).isFile()) throw new BackupError(`${target} is not a file`)
  mkdirSync(dirname(resolve(target)), { recursive: true })
  const partial = `${target}.partial-${process.pid}`
  rmSync(partial, { force: true })
  removeSidecars(partial)

  const db = new SQLiteDatabase(source, { fileMustExist: true, timeout: 5000 })
  try {
    let step = 0
    let lastRemaining = Number.POSITIVE_INFINITY
    let restarts = 0
    const done = await db.backup(partial, {
      progress: (p) => {
        onProgress?.(p)
        if (p.remainingPages > lastRemaining) restarts++
        lastRemaining = p.remainingPages
        // About 20 steps; once the server's writes have restarted the copy twice, the rest at once.
        step = restarts >= 2 ? 0x7fffffff : Math.max(256, Math.ceil(p.totalPages / 20))
        return step
      },
    })
    onProgress?.({ totalPages: done.totalPages, remainingPages: 0 })
  } catch (error) {
    rmSync(partial, { force: true })
    removeSidecars(partial)
    throw error
  } finally {
    db.close()
  }

  try {
    const copy = new SQLiteDatabase(partial, { fileMustExist: true })
    let migrations: number
    let pages: number
    try {
      // A standalone file: the copy keeps the source's WAL flag in its header otherwise.
      copy.pragma('journal_mode = DELETE')
      migrations = checkSahifaDatabase(copy, 'the copy')
      pages = Number(copy.pragma('page_count', { simple: true }))
    } finally {
      copy.close()
    }
    removeSidecars(partial)
    renameSync(partial, target)
    return { bytes: statSync(target).size, pages, migrations }
  } catch (error) {
    rmSync(partial, { force: true })
    removeSidecars(partial)
    throw error
  }
}

/** `YYYYMMDD-HHMMSS` (UTC) for the name the replaced database is kept under. */
const stamp = (now: Date) => now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)

/**
 * Puts the backup `file` in place of the database `target`: checked first, copied next to it,
 * swapped in by a rename under an exclusive lock on the current database (refused at once when
 * any other process has it open, e.g. a running server). The replaced database is kept as
 * `<target>.before-restore-<time>`. Migrations are the caller's next step.
 */
export function restoreSqlite(file: string, target: string, now: Date): { migrations: number; keptAs?: string } {
  if (samePath(file, target)) throw new BackupError('the backup file is the database itself')
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`there is no file at ${file}`)
  if (!hasSqliteHeader(file)) throw new BackupError(`${file} is not a SQLite database`)
  mkdirSync(dirname(resolve(target)), { recursive: true })
  const incoming = `${target}.restoring-${process.pid}`
  const discard = () => {
    rmSync(incoming, { force: true })
    removeSidecars(incoming)
  }
  discard()
  copyFileSync(file, incoming)
  let migrations: number
  try {
    const db = new SQLiteDatabase(incoming, { fileMustExist: true })
    try {
      migrations = checkSahifaDatabase(db, file)
      db.pragma('journal_mode = DELETE')
    } finally {
      db.close()
    }
    removeSidecars(incoming)
  } catch (error) {
    discard()
    throw error instanceof BackupError ? error : new BackupError(`${file} cannot be read as a database: ${(error as Error).message}`)
  }

  if (!existsSync(target)) {
    removeSidecars(target)
    renameSync(incoming, target)
    return { migrations }
  }

  // No waiting: a lock held by anyone else means the database is in use.
  const lock = new SQLiteDatabase(target, { fileMustExist: true, timeout: 0 })
  try {
    try {
      lock.pragma('locking_mode = EXCLUSIVE')
      // Leaving WAL needs every other connection gone; it also folds the WAL into the file.
      const mode = lock.pragma('journal_mode = DELETE', { simple: true })
      if (mode !== 'delete') throw new Error(`journal mode stayed ${String(mode)}`)
      lock.exec('BEGIN EXCLUSIVE')
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? '')
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        throw new BackupError(`${target} is in use (a running server or another command has it open): stop it, then restore`)
      }
      throw new BackupError(`${target} cannot be opened to be replaced (${(error as Error).message}): move it away, then restore`)
    }
    // The current database is whole in its file now (no WAL), and nobody else can write it.
    const keptAs = `${target}.before-restore-${stamp(now)}`
    copyFileSync(target, keptAs)
    renameSync(incoming, target)
    removeSidecars(target)
    lock.exec('ROLLBACK')
    return { migrations, keptAs }
  } catch (error) {
    discard()
    throw error
  } finally {
    lock.close()
  }
}
