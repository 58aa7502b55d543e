import type { Kysely } from 'kysely'

/**
 * `change_signals`: one counter per change scope ('content': anything a page or the site frame
 * shows; 'pages': only what rendered pages show, e.g. a published comment). Every process that
 * changes content bumps it; every server polls it and drops its render cache when another
 * process moved it (a second instance on PostgreSQL, the scheduler there, `sahifa import`).
 *
 * `articles_sitemap_pages`: the sitemap index gives each article sitemap page a lastmod, the
 * newest updated_at among its stories; pages are counted in (published_at, id) order. This index
 * answers that from the index alone instead of reading every article row.
 */
export function changeSignals() {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('change_signals')
        .addColumn('scope', 'varchar(10)', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute()
      await db.insertInto('change_signals').values([{ scope: 'content', version: 0 }, { scope: 'pages', version: 0 }]).execute()
      await db.schema.createIndex('articles_sitemap_pages').on('articles').columns(['status', 'published_at', 'id', 'updated_at']).execute()
    },
  }
}
