import type { Config } from '../config.js'
import { backupSqlite, restoreSqlite } from '../db/backup.js'
import { openDatabase } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'

const out = (line = '') => process.stdout.write(`${line}\n`)

/** Sizes as people read them. @example megabytes(3_250_000) // '3.1 MB' */
function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The file name as a shell argument (quoted when it needs to be). */
function shellArg(value: string): string {
  return /^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * `sahifa backup FILE [--force]`: the SQLite database copied while the server keeps serving
 * (progress bar on stderr when it is a terminal). On PostgreSQL: the pg_dump command to run
 * instead, and a failure exit (nothing was backed up).
 */
export async function backupCommand(config: Readonly<Config>, file: string, { force = false }: { force?: boolean }): Promise<void> {
  if (config.database.kind !== 'sqlite') {
    throw new Error(
      `sahifa backup copies SQLite databases; this site runs on PostgreSQL, so nothing was backed up. Use pg_dump (consistent while the site runs):\n` +
        `  pg_dump --format=custom --no-owner --file=${shellArg(file)} "$DATABASE_URL"\n` +
        `and restore it with pg_restore (see README, "Backup and restore").`,
    )
  }
  if (config.database.file === ':memory:') throw new Error('the database is in memory (sqlite::memory:): there is nothing to back up')
  const { default: progress } = await import('cli-progress')
  const bar = new progress.SingleBar({ stream: process.stderr, format: 'backup [{bar}] {percentage}% · {value}/{total} pages', hideCursor: true }, progress.Presets.shades_classic)
  const started = performance.now()
  let shown = false
  try {
    const result = await backupSqlite(config.database.file, file, {
      force,
      onProgress: ({ totalPages, remainingPages }) => {
        if (!shown) bar.start(totalPages, 0)
        shown = true
        bar.setTotal(totalPages)
        bar.update(totalPages - remainingPages)
      },
    })
    bar.stop()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    out(`backup written: ${file} (${megabytes(result.bytes)}, ${result.pages} pages, ${result.migrations} migrations, integrity ok) in ${seconds} s`)
    out(`uploaded images are not in the database: copy ${config.media.dir} too`)
  } finally {
    bar.stop()
  }
}

/**
 * `sahifa restore FILE`: the backup checked and swapped in for the SQLite database (the one it
 * replaces kept beside it), then migrated to this version. Refused while the database is open
 * elsewhere (a running server). On PostgreSQL: the pg_restore command instead, and a failure exit.
 */
export async function restoreCommand(config: Readonly<Config>, file: string): Promise<void> {
  if (config.database.kind !== 'sqlite') {
    throw new Error(
      `sahifa restore replaces SQLite databases; this site runs on PostgreSQL, so nothing was restored. Stop the site, then use pg_restore:\n` +
        `  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ${shellArg(file)}\n` +
        `then run \`sahifa migrate\` (see README, "Backup and restore").`,
    )
  }
  if (config.database.file === ':memory:') throw new Error('the database is in memory (sqlite::memory:): there is nothing to restore into')
  const { migrations, keptAs } = restoreSqlite(file, config.database.file, new Date())
  out(`restored ${file} into ${config.database.file} (${migrations} migrations, integrity ok)`)
  if (keptAs) out(`the database it replaced is kept as ${keptAs}`)
  const handle = openDatabase(config.database)
  try {
    const applied = await migrateToLatest(handle.db, handle.engine)
    out(applied.length ? `migrated: ${applied.join(', ')}` : 'schema is up to date')
  } finally {
    await handle.close()
  }
  out(`uploaded images are not in the database: put the matching copy of ${config.media.dir} back too`)
}
