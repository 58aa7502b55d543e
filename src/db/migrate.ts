import { Migrator, type Migration, type MigrationResultSet } from 'kysely'
import type { Engine } from './dialect/index.js'
import type { Db } from './database.js'
import { foundation } from './migrations/0001-foundation.js'
import { comments } from './migrations/0002-comments.js'

/** Every migration, in order. Migrations are frozen in time: add new ones, never edit old ones. */
function allMigrations(engine: Engine): Record<string, Migration> {
  return {
    '0001-foundation': foundation(engine),
    '0002-comments': comments(engine),
  }
}

/** Brings the schema up to date; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db, engine: Engine): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => allMigrations(engine) },
  })
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
