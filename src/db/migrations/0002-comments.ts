import type { Kysely } from 'kysely'
import { addIdColumn, type Engine } from '../dialect/index.js'

/** Reader comments, commenter reputation, the moderation log and a comment count per article. */
export function comments(engine: Engine) {
  return {
    async up(db: Kysely<any>) {
      await addIdColumn(engine, db.schema.createTable('comments'))
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
        .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('author_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('author_email', 'varchar(254)', (c) => c.notNull())
        .addColumn('author_url', 'varchar(500)', (c) => c.notNull().defaultTo(''))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('ip_hash', 'varchar(64)')
        .addColumn('user_agent', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('hold_reason', 'varchar(100)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('comments_article_status').on('comments').columns(['article_id', 'status', 'created_at']).execute()
      await db.schema.createIndex('comments_status_created').on('comments').columns(['status', 'created_at']).execute()
      await db.schema.createIndex('comments_email_created').on('comments').columns(['author_email', 'created_at']).execute()
      await db.schema.createIndex('comments_ip_created').on('comments').columns(['ip_hash', 'created_at']).execute()

      await db.schema
        .createTable('commenters')
        .addColumn('email', 'varchar(254)', (c) => c.primaryKey())
        .addColumn('trusted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute()

      await addIdColumn(engine, db.schema.createTable('moderation_log'))
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('action', 'varchar(40)', (c) => c.notNull())
        .addColumn('comment_id', 'integer')
        .addColumn('detail', 'varchar(500)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('moderation_log_created').on('moderation_log').column('created_at').execute()

      await db.schema.alterTable('articles').addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()
    },
  }
}
