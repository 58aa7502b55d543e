import { sql, type Kysely } from 'kysely'

/**
 * Comment threads without scans. An article page loads the replies of its threads by
 * `parent_id IN (…)`: with no index on parent_id SQLite walked every approved comment on the site
 * through (status, created_at), so the page grew slower with every comment anywhere (and
 * deleting a comment scanned the table for the foreign key's ON DELETE SET NULL). The partial
 * index holds an article's threads (top-level comments) in page order, for the thread page,
 * the thread count and a new comment's page number, without stepping over its replies.
 */
export function commentThreadIndexes() {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id', 'created_at']).execute()
      await db.schema.createIndex('comments_article_threads').on('comments').columns(['article_id', 'status', 'created_at']).where(sql.ref('parent_id'), 'is', null).execute()
    },
  }
}
