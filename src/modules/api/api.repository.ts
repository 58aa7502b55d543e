import type { Db } from '../../db/database.js'

/** Filters of the API's article list; all of them together (AND). Dates: published in [from, to). */
export interface ArticleFilters {
  /** A section and its sub-sections (`descendantIds`). */
  categoryIds?: number[]
  tagId?: number
  authorId?: number
  from?: Date
  to?: Date
}

/** newest / oldest: by publication time; updated: last changed first (for clients keeping a copy in sync). */
export type ArticleSort = 'newest' | 'oldest' | 'updated'

/**
 * One page of published article ids matching every filter, in the chosen order, and how many
 * match in all (two queries; the page's rows come from `listPublishedSummariesByIds`). Ties are
 * broken by id so that pages never overlap.
 */
export async function listPublishedArticleIds(db: Db, filters: ArticleFilters, { sort, limit, offset }: { sort: ArticleSort; limit: number; offset: number }): Promise<{ ids: number[]; total: number }> {
  let query = db.selectFrom('articles').where('articles.status', '=', 'published')
  if (filters.categoryIds) {
    const ids = filters.categoryIds
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('article_categories').select('article_categories.article_id').whereRef('article_categories.article_id', '=', 'articles.id').where('article_categories.category_id', 'in', ids)),
    )
  }
  if (filters.tagId !== undefined) {
    const id = filters.tagId
    query = query.where((eb) => eb.exists(eb.selectFrom('article_tags').select('article_tags.article_id').whereRef('article_tags.article_id', '=', 'articles.id').where('article_tags.tag_id', '=', id)))
  }
  if (filters.authorId !== undefined) {
    const id = filters.authorId
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('article_authors').select('article_authors.article_id').whereRef('article_authors.article_id', '=', 'articles.id').where('article_authors.user_id', '=', id)),
    )
  }
  if (filters.from) query = query.where('articles.published_at', '>=', filters.from.toISOString())
  if (filters.to) query = query.where('articles.published_at', '<', filters.to.toISOString())
  const ordered =
    sort === 'oldest'
      ? query.orderBy('articles.published_at', 'asc').orderBy('articles.id', 'asc')
      : sort === 'updated'
        ? query.orderBy('articles.updated_at', 'desc').orderBy('articles.id', 'desc')
        : query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc')
  const [rows, count] = await Promise.all([
    ordered.select('articles.id').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { ids: rows.map((r) => r.id), total: Number(count.n) }
}

/** A tag as the API lists it: with the number of published articles carrying it. */
export interface PublishedTag {
  id: number
  slug: string
  name: string
  articleCount: number
}

/** Tags with the count of published articles each carries (only tags on at least one). */
function publishedTags(db: Db) {
  return db
    .selectFrom('tags')
    .innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .where('articles.status', '=', 'published')
    .groupBy(['tags.id', 'tags.slug', 'tags.name'])
    .select(['tags.id', 'tags.slug', 'tags.name', (eb) => eb.fn.countAll<number>().as('n')])
}

/**
 * One page of the tags on published articles (a tag made by saving a draft says what the draft
 * is about, so it stays private until a story carrying it is published): by name, or most used
 * first; ties by id.
 */
export async function listPublishedTags(db: Db, { sort, limit, offset }: { sort: 'name' | 'count'; limit: number; offset: number }): Promise<{ items: PublishedTag[]; total: number }> {
  const base = publishedTags(db)
  const ordered = sort === 'count' ? base.orderBy('n', 'desc').orderBy('tags.id') : base.orderBy('tags.name').orderBy('tags.id')
  const [rows, count] = await Promise.all([
    ordered.limit(limit).offset(offset).execute(),
    db.selectFrom(base.as('used')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, articleCount: Number(r.n) })), total: Number(count.n) }
}

/** A tag by slug, when at least one published article carries it. */
export async function findPublishedTag(db: Db, slug: string): Promise<PublishedTag | undefined> {
  const row = await publishedTags(db).where('tags.slug', '=', slug).executeTakeFirst()
  return row && { id: row.id, slug: row.slug, name: row.name, articleCount: Number(row.n) }
}

/** An author's public face (never the email): credited on at least one published article. */
export interface PublishedAuthor {
  id: number
  name: string
  slug: string
  bio: string
  photoMediaId: number | null
  articleCount: number
}

/** Staff credited on published articles, with their count (moderators and others without bylines are never listed). */
function publishedAuthors(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('article_authors', 'article_authors.user_id', 'users.id')
    .innerJoin('articles', 'articles.id', 'article_authors.article_id')
    .where('articles.status', '=', 'published')
    .groupBy(['users.id', 'users.name', 'users.slug', 'users.bio', 'users.photo_media_id'])
    .select(['users.id', 'users.name', 'users.slug', 'users.bio', 'users.photo_media_id', (eb) => eb.fn.countAll<number>().as('n')])
}

type AuthorRow = { id: number; name: string; slug: string; bio: string; photo_media_id: number | null; n: number | string | bigint }
const toAuthor = (r: AuthorRow): PublishedAuthor => ({ id: r.id, name: r.name, slug: r.slug, bio: r.bio, photoMediaId: r.photo_media_id, articleCount: Number(r.n) })

/** One page of the published authors, by name (ties by id). */
export async function listPublishedAuthors(db: Db, { limit, offset }: { limit: number; offset: number }): Promise<{ items: PublishedAuthor[]; total: number }> {
  const base = publishedAuthors(db)
  const [rows, count] = await Promise.all([
    base.orderBy('users.name').orderBy('users.id').limit(limit).offset(offset).execute(),
    db.selectFrom(base.as('credited')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toAuthor), total: Number(count.n) }
}

/** A published author by slug. */
export async function findPublishedAuthor(db: Db, slug: string): Promise<PublishedAuthor | undefined> {
  const row = await publishedAuthors(db).where('users.slug', '=', slug).executeTakeFirst()
  return row && toAuthor(row)
}

