import { sql, type Kysely } from 'kysely'
import type { Engine } from '../dialect/index.js'

/** The two large columns, as 0001 created them. */
const BODIES = ['"body_html" text default \'\' not null', '"body_text" text default \'\' not null']

/**
 * SQLite: moves `articles.body_html` and `body_text` to the end of the row.
 *
 * SQLite stores a row's columns in order and spills what does not fit in a page into a chain of
 * overflow pages. With the bodies (~15 KB for 600 Arabic words) in the middle, every query that
 * reads a column after them (published_at, updated_at, comment_count, featured_media_id: every
 * list of stories) followed the chain: 8–14% of the CPU of an uncached article or home page, and
 * disk reads on an archive that is not in memory. With the bodies last, those columns sit in the
 * row's first page.
 *
 * The table is rebuilt (SQLite cannot reorder columns): a copy with the new order, the old one
 * dropped, the copy renamed, its indexes and AUTOINCREMENT counter carried over. Foreign keys
 * must be off meanwhile (migrate.ts turns them off around every SQLite migration run), or dropping
 * the old table would cascade to every tag link, comment and revision; they are checked before
 * the transaction commits. Every row is copied once: on a large archive the first start after
 * this update takes longer and the file needs room for a second copy of the articles.
 *
 * PostgreSQL keeps large values out of the row already (TOAST): nothing to do there.
 */
export function articleBodiesLast(engine: Engine) {
  return {
    async up(db: Kysely<any>) {
      if (engine !== 'sqlite') return
      const { rows: fk } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)
      if (fk[0]?.foreign_keys !== 0) throw new Error('0012 must run with foreign keys off (see migrate.ts)')
      const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'articles'`.execute(db)
      const create = table.rows[0]?.sql ?? ''
      if (!create.endsWith(')') || !BODIES.every((column) => create.includes(`, ${column}`))) {
        throw new Error(`0012: unexpected definition of the articles table: ${create}`)
      }
      const reordered = BODIES.reduce((statement, column) => statement.replace(`, ${column}`, ''), create).replace(/^CREATE TABLE "articles"/, 'CREATE TABLE "articles_reordered"')
      const newTable = `${reordered.slice(0, -1)}, ${BODIES.join(', ')})`

      const columns = (await sql<{ name: string }>`select name from pragma_table_info('articles')`.execute(db)).rows.map((c) => sql.ref(c.name))
      const indexes = (await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'articles' and sql is not null`.execute(db)).rows
      const sequence = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'articles'`.execute(db)).rows[0]?.seq

      await sql.raw(newTable).execute(db)
      await sql`insert into articles_reordered (${sql.join(columns)}) select ${sql.join(columns)} from articles`.execute(db)
      await sql`drop table articles`.execute(db)
      await sql`alter table articles_reordered rename to articles`.execute(db)
      for (const index of indexes) await sql.raw(index.sql).execute(db)
      if (sequence !== undefined) {
        await sql`delete from sqlite_sequence where name = 'articles'`.execute(db)
        await sql`insert into sqlite_sequence (name, seq) values ('articles', ${sequence})`.execute(db)
      }
      const broken = await sql`pragma foreign_key_check`.execute(db)
      if (broken.rows.length > 0) throw new Error(`0012: foreign keys broken after rebuilding articles: ${JSON.stringify(broken.rows.slice(0, 5))}`)
    },
  }
}
