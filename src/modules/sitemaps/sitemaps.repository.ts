import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { MediaRow } from '../../db/schema.js'

/** An article as an article sitemap lists it. */
export interface SitemapArticle {
  id: number
  slug: string
  updatedAt: string
  /** The featured image's row (its variants give the URL), or undefined. */
  image?: Pick<MediaRow, 'storage_key' | 'variants'>
}

/** An article as the news sitemap lists it. */
export interface NewsArticle {
  id: number
  slug: string
  title: string
  publishedAt: string
}

/**
 * One page of published articles, oldest first (published_at, then id): a page's content only
 * changes when one of its own stories changes or leaves, never because news was published.
 * The ids come from the (status, published_at) index alone — OFFSET skips index entries, not
 * table rows — and only the page's rows are read, with their featured image in the same query.
 * Reading the skipped rows instead (a plain OFFSET over the join) took 2 s at 100,000 articles.
 */
export async function listSitemapArticles(db: Db, { limit, offset }: { limit: number; offset: number }): Promise<SitemapArticle[]> {
  const rows = await db
    .selectFrom('articles')
    .leftJoin('media', 'media.id', 'articles.featured_media_id')
    .select(['articles.id', 'articles.slug', 'articles.updated_at', 'articles.published_at', 'media.storage_key', 'media.variants'])
    .where('articles.id', 'in', (eb) =>
      eb.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('published_at').orderBy('id').limit(limit).offset(offset),
    )
    .orderBy('articles.published_at')
    .orderBy('articles.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    updatedAt: r.updated_at,
    image: r.storage_key !== null && r.variants !== null ? { storage_key: r.storage_key, variants: r.variants } : undefined,
  }))
}

/**
 * The newest updated_at of each article sitemap page (`perPage` stories a page, in the pages'
 * (published_at, id) order), page 1 first. One pass over the articles_sitemap_pages index
 * (migration 0011), which holds every column read: no article row is touched.
 */
export async function listArticlePagesLastmod(db: Db, perPage: number): Promise<string[]> {
  const numbered = db
    .selectFrom('articles')
    .select((eb) => [sql<number>`(row_number() over (order by ${eb.ref('published_at')}, ${eb.ref('id')}) - 1) / ${sql.lit(perPage)}`.as('page'), 'updated_at'])
    .where('status', '=', 'published')
    .as('numbered')
  const rows = await db
    .selectFrom(numbered)
    .select((eb) => ['page', eb.fn.max('updated_at').as('lastmod')])
    .groupBy('page')
    .orderBy('page')
    .execute()
  return rows.map((r) => r.lastmod)
}

/** Published articles with published_at in [since, until], newest first, at most `limit` (an index range). */
export async function listNewsArticles(db: Db, { since, until, limit }: { since: Date; until: Date; limit: number }): Promise<NewsArticle[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '>=', since.toISOString())
    .where('published_at', '<=', until.toISOString())
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, publishedAt: r.published_at! }))
}

/** The set of published article ids, for `exists` probes: built once per query from the (status, …) index. */
function publishedIds(db: Db) {
  return db.selectFrom('articles').select('articles.id').where('articles.status', '=', 'published')
}

/** Ids of the categories with at least one published article of their own (sub-sections not counted). */
export async function listCategoryIdsWithArticles(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('categories')
    .select('categories.id')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_categories')
          .select('article_categories.article_id')
          .whereRef('article_categories.category_id', '=', 'categories.id')
          .where('article_categories.article_id', 'in', publishedIds(db)),
      ),
    )
    .execute()
  return rows.map((r) => r.id)
}

/** Slugs of the tags on at least one published article, oldest tag first. */
export async function listTagSlugsWithArticles(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('tags')
    .select('tags.slug')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('article_tags').select('article_tags.article_id').whereRef('article_tags.tag_id', '=', 'tags.id').where('article_tags.article_id', 'in', publishedIds(db)),
      ),
    )
    .orderBy('tags.id')
    .execute()
  return rows.map((r) => r.slug)
}

/** Slugs of the users credited on at least one published article, oldest account first. */
export async function listAuthorSlugsWithArticles(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('users.slug')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_authors')
          .select('article_authors.article_id')
          .whereRef('article_authors.user_id', '=', 'users.id')
          .where('article_authors.article_id', 'in', publishedIds(db)),
      ),
    )
    .orderBy('users.id')
    .execute()
  return rows.map((r) => r.slug)
}

/** What exists to list, for the sitemap index: no sitemap is listed that would have no URL. */
export interface SitemapContent {
  hasCategories: boolean
  hasTags: boolean
  hasAuthors: boolean
  /** The first publication time of the newest story in the news window, if any. */
  newestNews?: string
}

/**
 * What the sitemap index needs besides the article pages: four existence probes, each stopping
 * at its first published article.
 */
export async function findSitemapContent(db: Db, news: { since: Date; until: Date }): Promise<SitemapContent> {
  const linked = (table: 'article_categories' | 'article_tags' | 'article_authors') =>
    db
      .selectFrom(table)
      .innerJoin('articles', 'articles.id', `${table}.article_id`)
      .select('articles.id')
      .where('articles.status', '=', 'published')
      .limit(1)
      .executeTakeFirst()
      .then((row) => row !== undefined)
  const [hasCategories, hasTags, hasAuthors, recent] = await Promise.all([
    linked('article_categories'),
    linked('article_tags'),
    linked('article_authors'),
    listNewsArticles(db, { ...news, limit: 1 }),
  ])
  return { hasCategories, hasTags, hasAuthors, newestNews: recent[0]?.publishedAt }
}
