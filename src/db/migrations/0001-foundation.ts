import type { Kysely } from 'kysely'
import { addIdColumn, type Engine } from '../dialect/index.js'

/** Users, sessions, content, taxonomy, redirects and settings: the ground later issues build on. */
export function foundation(engine: Engine) {
  return {
    async up(db: Kysely<any>) {
      await addIdColumn(engine, db.schema.createTable('users'))
        .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(300)', (c) => c.notNull())
        .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

      await addIdColumn(engine, db.schema.createTable('login_attempts'))
        .addColumn('key', 'varchar(300)', (c) => c.notNull())
        .addColumn('at', 'varchar(30)', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('login_attempts_key_at').on('login_attempts').columns(['key', 'at']).execute()

      await addIdColumn(engine, db.schema.createTable('categories'))
        .addColumn('parent_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
        .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()

      await addIdColumn(engine, db.schema.createTable('tags'))
        .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .execute()

      await addIdColumn(engine, db.schema.createTable('articles'))
        .addColumn('slug', 'varchar(300)', (c) => c.notNull())
        .addColumn('title', 'varchar(500)', (c) => c.notNull())
        .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('byline', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('source_line', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('dateline', 'varchar(200)', (c) => c.notNull().defaultTo(''))
        .addColumn('comment_status', 'varchar(10)', (c) => c.notNull().defaultTo('open'))
        .addColumn('is_breaking', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_lead', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('seo_title', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('seo_description', 'varchar(500)', (c) => c.notNull().defaultTo(''))
        .addColumn('published_at', 'varchar(30)')
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute()
      await db.schema.createIndex('articles_status_published').on('articles').columns(['status', 'published_at']).execute()
      await db.schema.createIndex('articles_slug').on('articles').column('slug').execute()

      await db.schema
        .createTable('article_authors')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'user_id'])
        .execute()
      await db.schema.createIndex('article_authors_user').on('article_authors').columns(['user_id', 'article_id']).execute()

      await db.schema
        .createTable('article_categories')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('article_categories_pk', ['article_id', 'category_id'])
        .execute()
      await db.schema.createIndex('article_categories_category').on('article_categories').columns(['category_id', 'article_id']).execute()

      await db.schema
        .createTable('article_tags')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
        .execute()
      await db.schema.createIndex('article_tags_tag').on('article_tags').columns(['tag_id', 'article_id']).execute()

      await addIdColumn(engine, db.schema.createTable('pages'))
        .addColumn('slug', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('title', 'varchar(500)', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
        .execute()

      await addIdColumn(engine, db.schema.createTable('redirects'))
        .addColumn('from_path', 'varchar(2000)', (c) => c.notNull().unique())
        .addColumn('to_path', 'varchar(2000)')
        .addColumn('status_code', 'integer', (c) => c.notNull().defaultTo(301))
        .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('settings')
        .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute()
    },
  }
}
