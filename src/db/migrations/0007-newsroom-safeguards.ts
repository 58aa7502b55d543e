import { sql, type Kysely } from 'kysely'
import type { Engine } from '../dialect/index.js'
import { normalizeForMatch } from '../../text/arabic/index.js'

/**
 * Three newsroom safeguards:
 * - `article_revisions.autosave_started_at`: set on revisions written by autosave (when the run
 *   of autosaves it stands for began), so later autosaves can update it instead of piling up.
 * - `users.totp_last_step`: the last two-step code's time step accepted for the user, so a code
 *   cannot be used twice.
 * - `tags.name_match`: the tag name's Arabic matching key (normalizeForMatch), for the editor's
 *   tag suggestions ("اسلام" finds "إسلام"); filled here for existing tags.
 */
export function newsroomSafeguards(engine: Engine) {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('article_revisions').addColumn('autosave_started_at', 'varchar(30)').execute()
      await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute()
      await db.schema.alterTable('tags').addColumn('name_match', 'varchar(200)', (c) => c.notNull().defaultTo('')).execute()

      const tags = (await db.selectFrom('tags').select(['id', 'name']).orderBy('id').execute()) as Array<{ id: number; name: string }>
      // 500 rows per statement: UPDATE … FROM (VALUES …) runs on both engines (SQLite ≥ 3.33).
      for (let i = 0; i < tags.length; i += 500) {
        const rows = tags.slice(i, i + 500).map((t) => sql`(cast(${t.id} as integer), ${normalizeForMatch(t.name).slice(0, 200)})`)
        await sql`update tags set name_match = v.column2 from (values ${sql.join(rows)}) as v where tags.id = v.column1`.execute(db)
      }

      // Suggestions look names up by prefix (LIKE 'key%'): an index that such a LIKE can use.
      // PostgreSQL needs the pattern operator class unless the database collation is C; SQLite's
      // LIKE (case-insensitive for ASCII) uses an index only under NOCASE.
      if (engine === 'postgres') await sql`create index tags_name_match on tags (name_match varchar_pattern_ops)`.execute(db)
      else await sql`create index tags_name_match on tags (name_match collate nocase)`.execute(db)
    },
  }
}
