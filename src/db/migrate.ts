import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely'
import type { Engine } from './dialect/index.js'
import type { Db } from './database.js'
import { foundation } from './migrations/0001-foundation.js'
import { comments } from './migrations/0002-comments.js'
import { articleLeadIndex } from './migrations/0003-article-lead-index.js'
import { commentThreadIndexes } from './migrations/0004-comment-thread-indexes.js'
import { commentIpMinutes } from './migrations/0005-comment-ip-minutes.js'
import { newsroom } from './migrations/0006-newsroom.js'
import { newsroomSafeguards } from './migrations/0007-newsroom-safeguards.js'
import { search } from './migrations/0008-search.js'
import { importMap } from './migrations/0009-import.js'
import { apiKeys } from './migrations/0010-api-keys.js'
import { changeSignals } from './migrations/0011-change-signals.js'
import { articleBodiesLast } from './migrations/0012-article-bodies-last.js'

/** Every migration, in order. Migrations are frozen in time: add new ones, never edit old ones. */
export function allMigrations(engine: Engine): Record<string, Migration> {
  return {
    '0001-foundation': foundation(engine),
    '0002-comments': comments(engine),
    '0003-article-lead-index': articleLeadIndex(),
    '0004-comment-thread-indexes': commentThreadIndexes(),
    '0005-comment-ip-minutes': commentIpMinutes(),
    '0006-newsroom': newsroom(engine),
    '0007-newsroom-safeguards': newsroomSafeguards(engine),
    '0008-search': search(engine),
    '0009-import': importMap(),
    '0010-api-keys': apiKeys(engine),
    '0011-change-signals': changeSignals(),
    '0012-article-bodies-last': articleBodiesLast(engine),
  }
}

/** Brings the schema up to date; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db, engine: Engine): Promise<string[]> {
  // On PostgreSQL the migrator must keep its tables in the connection's own schema; otherwise it
  // finds another schema's lock table on the search path (tests run one schema per suite).
  const migrationTableSchema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => allMigrations(engine) },
    // Names are ASCII and numbered; the default localeCompare loads ICU's collator (~15 ms of every start).
    nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
  // SQLite: foreign keys off while migrating (a pragma that a transaction cannot change), so that
  // a migration may rebuild a table without its DROP cascading (0012); each such migration checks
  // the keys itself before committing.
  if (engine === 'sqlite') await sql`pragma foreign_keys = off`.execute(db)
  let outcome: MigrationResultSet
  try {
    outcome = await migrator.migrateToLatest()
  } finally {
    if (engine === 'sqlite') await sql`pragma foreign_keys = on`.execute(db)
  }
  const { error, results } = outcome
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
