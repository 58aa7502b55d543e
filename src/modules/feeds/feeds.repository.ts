import { sql } from 'kysely'
import type { Db } from '../../db/database.js'

/** A published article with what a feed item carries: full body, authors, sections and tags. */
export interface FeedArticle {
  id: number
  slug: string
  title: string
  excerpt: string
  bodyHtml: string
  publishedAt: string
  updatedAt: string
  featuredMediaId: number | null
  /** In byline order. */
  authors: Array<{ slug: string; name: string }>
  /** Primary first. */
  categories: Array<{ slug: string; name: string }>
  /** By name (code-point order, the same on both engines). */
  tags: Array<{ slug: string; name: string }>
}

/** Which articles a feed follows: the whole site, sections (a section and its children), a tag or an author. */
export type FeedArticleScope = { kind: 'site' } | { kind: 'categories'; ids: number[] } | { kind: 'tag'; id: number } | { kind: 'author'; id: number }

/**
 * The newest `limit` published articles of a scope, newest first (ties by id), with their
 * authors, categories and tags: one query for the articles and one UNION ALL for their links.
 */
export async function listFeedArticles(db: Db, scope: FeedArticleScope, limit: number): Promise<FeedArticle[]> {
  let query = db
    .selectFrom('articles')
    .select(['articles.id', 'articles.slug', 'articles.title', 'articles.excerpt', 'articles.body_html', 'articles.published_at', 'articles.updated_at', 'articles.featured_media_id'])
    .where('articles.status', '=', 'published')
  if (scope.kind === 'categories') {
    if (scope.ids.length === 0) return []
    const ids = scope.ids
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('article_categories').select('article_categories.article_id').whereRef('article_categories.article_id', '=', 'articles.id').where('article_categories.category_id', 'in', ids)),
    )
  }
  if (scope.kind === 'tag') query = query.where('articles.id', 'in', db.selectFrom('article_tags').select('article_tags.article_id').where('article_tags.tag_id', '=', scope.id))
  if (scope.kind === 'author') query = query.where('articles.id', 'in', db.selectFrom('article_authors').select('article_authors.article_id').where('article_authors.user_id', '=', scope.id))
  const rows = await query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).execute()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)

  const links = await db
    .selectFrom('article_authors')
    .innerJoin('users', 'users.id', 'article_authors.user_id')
    .select([sql<string>`'author'`.as('kind'), 'article_authors.article_id', 'users.slug', 'users.name', 'article_authors.position'])
    .where('article_authors.article_id', 'in', ids)
    .unionAll(
      db
        .selectFrom('article_categories')
        .innerJoin('categories', 'categories.id', 'article_categories.category_id')
        .select([sql<string>`'category'`.as('kind'), 'article_categories.article_id', 'categories.slug', 'categories.name', 'article_categories.position'])
        .where('article_categories.article_id', 'in', ids),
    )
    .unionAll(
      db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select([sql<string>`'tag'`.as('kind'), 'article_tags.article_id', 'tags.slug', 'tags.name', sql<number>`0`.as('position')])
        .where('article_tags.article_id', 'in', ids),
    )
    .execute()
  links.sort((a, b) => a.position - b.position || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const of = (id: number, kind: string) => links.filter((l) => l.article_id === id && l.kind === kind).map((l) => ({ slug: l.slug, name: l.name }))

  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    excerpt: r.excerpt,
    bodyHtml: r.body_html,
    publishedAt: r.published_at ?? r.updated_at,
    updatedAt: r.updated_at,
    featuredMediaId: r.featured_media_id,
    authors: of(r.id, 'author'),
    categories: of(r.id, 'category'),
    tags: of(r.id, 'tag'),
  }))
}

/** An approved comment as a feed shows it, with its article. Never the email or the IP hash. */
export interface FeedComment {
  id: number
  parentId: number | null
  authorName: string
  authorUrl: string
  body: string
  isStaff: boolean
  createdAt: string
  updatedAt: string
  article: { id: number; slug: string; title: string }
}

/**
 * The newest `limit` approved comments on published articles (of one article, or the whole
 * site), newest first: one query that selects public columns only.
 */
export async function listFeedComments(db: Db, { articleId }: { articleId?: number }, limit: number): Promise<FeedComment[]> {
  let query = db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .select([
      'comments.id',
      'comments.parent_id',
      'comments.author_name',
      'comments.author_url',
      'comments.body',
      'comments.user_id',
      'comments.created_at',
      'comments.updated_at',
      'articles.id as article_id',
      'articles.slug as article_slug',
      'articles.title as article_title',
    ])
    .where('comments.status', '=', 'approved')
    .where('articles.status', '=', 'published')
  if (articleId !== undefined) query = query.where('comments.article_id', '=', articleId)
  const rows = await query.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(limit).execute()
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    authorName: r.author_name,
    authorUrl: r.author_url,
    body: r.body,
    isStaff: r.user_id !== null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    article: { id: r.article_id, slug: r.article_slug, title: r.article_title },
  }))
}

/**
 * The comments whose every ancestor is approved too: what the article page shows (a reply under
 * a comment later sent to spam or trash stays approved, but is no longer on the page). One query
 * per level of replies above them, none for top-level comments.
 */
export async function keepVisibleThreads<T extends { parentId: number | null }>(db: Db, comments: T[]): Promise<T[]> {
  const ancestors = new Map<number, { parentId: number | null; approved: boolean }>()
  let wanted = [...new Set(comments.flatMap((c) => (c.parentId === null ? [] : [c.parentId])))]
  for (let level = 0; level < 10 && wanted.length > 0; level++) {
    const rows = await db.selectFrom('comments').select(['comments.id', 'comments.parent_id', 'comments.status']).where('comments.id', 'in', wanted).execute()
    for (const r of rows) ancestors.set(r.id, { parentId: r.parent_id, approved: r.status === 'approved' })
    wanted = [...new Set(rows.flatMap((r) => (r.parent_id !== null && !ancestors.has(r.parent_id) ? [r.parent_id] : [])))]
  }
  const visible = (parentId: number | null, hops: number): boolean => {
    if (parentId === null) return true
    const parent = ancestors.get(parentId)
    return parent !== undefined && parent.approved && hops < 10 && visible(parent.parentId, hops + 1)
  }
  return comments.filter((c) => visible(c.parentId, 0))
}

/** Approved top-level comments (threads) per article, for the articles given: one grouped query. */
export async function countApprovedThreads(db: Db, articleIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>()
  if (articleIds.length === 0) return counts
  const rows = await db
    .selectFrom('comments')
    .select(['comments.article_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('comments.article_id', 'in', [...articleIds])
    .where('comments.parent_id', 'is', null)
    .where('comments.status', '=', 'approved')
    .groupBy('comments.article_id')
    .execute()
  for (const r of rows) counts.set(r.article_id, Number(r.n))
  return counts
}
