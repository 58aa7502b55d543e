import type { Kysely } from 'kysely'
import { addIdColumn, type Engine } from '../dialect/index.js'

/**
 * The newsroom: revisions, corrections, media, the audit log, one-time user links, two-factor
 * sign-in, and on articles the writer who created them, a featured image and a preview token.
 */
export function newsroom(engine: Engine) {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('articles')
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .execute()
      await db.schema.alterTable('articles').addColumn('featured_media_id', 'integer').execute()
      await db.schema.alterTable('articles').addColumn('preview_token', 'varchar(64)').execute()
      await db.schema.alterTable('articles').addColumn('trashed_from', 'varchar(20)').execute()

      await addIdColumn(engine, db.schema.createTable('article_revisions'))
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('excerpt', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        /** The other editable fields as JSON (slug, byline, taxonomy, SEO…), for diff and restore. */
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('article_revisions_article').on('article_revisions').columns(['article_id', 'version']).execute()

      await addIdColumn(engine, db.schema.createTable('article_corrections'))
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('kind', 'varchar(20)', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('article_corrections_article').on('article_corrections').columns(['article_id', 'created_at']).execute()

      await addIdColumn(engine, db.schema.createTable('media'))
        /** Folder name under the media directory; also the public URL segment. */
        .addColumn('storage_key', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('original_name', 'varchar(300)', (c) => c.notNull())
        .addColumn('mime', 'varchar(50)', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        /** JSON: [{ width, height, format, file, bytes }] */
        .addColumn('variants', 'text', (c) => c.notNull())
        .addColumn('alt', 'varchar(500)', (c) => c.notNull())
        .addColumn('caption', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
        .addColumn('credit', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('media_created').on('media').column('created_at').execute()

      /** Which articles use which media (featured image or in the body), kept on every save. */
      await db.schema
        .createTable('article_media')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('restrict'))
        .addPrimaryKeyConstraint('article_media_pk', ['article_id', 'media_id'])
        .execute()
      await db.schema.createIndex('article_media_media').on('article_media').column('media_id').execute()

      await addIdColumn(engine, db.schema.createTable('audit_log'))
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('action', 'varchar(40)', (c) => c.notNull())
        .addColumn('subject_type', 'varchar(20)', (c) => c.notNull())
        .addColumn('subject_id', 'integer')
        .addColumn('detail', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('audit_log_created').on('audit_log').column('created_at').execute()

      await db.schema
        .createTable('user_tokens')
        /** SHA-256 of the token; the token itself is only in the link. */
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('used_at', 'varchar(30)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute()

      await db.schema.alterTable('users').addColumn('totp_secret', 'varchar(100)').execute()
      await db.schema.alterTable('users').addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0)).execute()
      await db.schema.alterTable('users').addColumn('photo_media_id', 'integer').execute()
    },
  }
}
