import type { Db } from '../../db/database.js'

/** A writer credited on a story, as lists show them (never the email). */
export interface CreditedAuthor {
  slug: string
  name: string
}

/**
 * The credited writers of several articles at once, by article id, each list in credit order
 * (search results show them under every hit: one query for the page). Articles without
 * writers are absent from the map.
 *
 * Query: article_authors ⋈ users where article_id in (ids), ordered by article and position.
 */
export async function listAuthorsOfArticles(db: Db, ids: readonly number[]): Promise<Map<number, CreditedAuthor[]>> {
  const byArticle = new Map<number, CreditedAuthor[]>()
  if (ids.length === 0) return byArticle
  const rows = await db
    .selectFrom('article_authors')
    .innerJoin('users', 'users.id', 'article_authors.user_id')
    .select(['article_authors.article_id', 'users.slug', 'users.name'])
    .where('article_authors.article_id', 'in', [...new Set(ids)])
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position')
    .execute()
  for (const r of rows) {
    const list = byArticle.get(r.article_id) ?? []
    list.push({ slug: r.slug, name: r.name })
    byArticle.set(r.article_id, list)
  }
  return byArticle
}
