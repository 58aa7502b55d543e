import type { Kysely } from 'kysely'

/**
 * Imports from other platforms (WordPress first; see src/modules/import/README.md).
 *
 * `import_map`: what each imported thing became, so that running the same import again updates
 * the rows it made instead of adding new ones. One row per (source, kind, source_id):
 * - `source`: the site imported from (e.g. `wordpress:https://example.com`);
 * - `kind`: author | category | tag | post | page | attachment | comment;
 * - `source_id`: the thing's id there (WordPress post, comment or term id; an author's login);
 * - `target_id`: our row's id (users, categories, tags, articles, pages, media, comments);
 * - `source_parent`: the id of its parent there (an attachment's post, a page's parent page),
 *   for what is looked up by parent (a `[gallery]` without ids shows the post's attachments);
 * - `target_stamp`: what the target looked like when the import last wrote it (an article's
 *   version, a comment's or page's updated_at). When it differs now, the row was changed here
 *   since, and a re-run leaves it alone rather than overwrite the newsroom's work.
 *
 * `media.source_url`: where an imported attachment lives on the old site. An attachment whose
 * file was not copied is recorded by its URL alone (no variants: pages skip it).
 */
export function importMap() {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('import_map')
        .addColumn('source', 'varchar(300)', (c) => c.notNull())
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('source_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('source_parent', 'varchar(200)')
        .addColumn('target_stamp', 'varchar(40)')
        .addPrimaryKeyConstraint('import_map_pk', ['source', 'kind', 'source_id'])
        .execute()
      await db.schema.createIndex('import_map_parent').on('import_map').columns(['source', 'kind', 'source_parent']).execute()
      await db.schema.alterTable('media').addColumn('source_url', 'varchar(2000)').execute()
      await db.schema.createIndex('media_source_url').on('media').column('source_url').execute()
    },
  }
}
