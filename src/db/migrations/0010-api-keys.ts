import type { Kysely } from 'kysely'
import { addIdColumn, type Engine } from '../dialect/index.js'

/**
 * Read-only keys for the content API (/api/v1), made and revoked by admins in the newsroom.
 *
 * `api_keys`: the key itself is shown once, at creation, and stored only as its SHA-256
 * (`key_hash`, hex, unique: the lookup of every keyed request); `prefix` is its first characters,
 * enough for people to tell keys apart in the list. `created_by` survives the user's deletion as
 * null. `last_used_at` is written at most once a minute per key; `revoked_at` ends a key for good
 * (revoked keys stay listed for the record).
 */
export function apiKeys(engine: Engine) {
  return {
    async up(db: Kysely<any>) {
      await addIdColumn(engine, db.schema.createTable('api_keys'))
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('prefix', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('last_used_at', 'varchar(30)')
        .addColumn('revoked_at', 'varchar(30)')
        .execute()
    },
  }
}
