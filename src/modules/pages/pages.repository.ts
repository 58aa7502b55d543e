import type { Db } from '../../db/database.js'

export interface StaticPage {
  id: number
  slug: string
  title: string
  bodyHtml: string
  updatedAt: string
}

/** A published static page by slug. */
export async function findPublishedPage(db: Db, slug: string): Promise<StaticPage | undefined> {
  const row = await db.selectFrom('pages').selectAll().where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst()
  return row && { id: row.id, slug: row.slug, title: row.title, bodyHtml: row.body_html, updatedAt: row.updated_at }
}

/** Published pages for the footer, by title. */
export async function listPublishedPages(db: Db): Promise<Array<{ slug: string; title: string }>> {
  return db.selectFrom('pages').select(['slug', 'title']).where('status', '=', 'published').orderBy('id').execute()
}

export async function insertPage(db: Db, page: { slug: string; title: string; bodyHtml: string; status: 'draft' | 'published'; now: Date }): Promise<number> {
  const row = await db
    .insertInto('pages')
    .values({ slug: page.slug, title: page.title, body_html: page.bodyHtml, status: page.status, created_at: page.now.toISOString(), updated_at: page.now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
