import { sql } from 'kysely'
import { compiledOnce } from '../../db/compiled-once.js'
import type { Db } from '../../db/database.js'
import type { ArticleRow, NewArticle } from '../../db/schema.js'
import { syncSearchIndex } from '../search/search.index.js'
import type { Author } from '../users/users.repository.js'

export interface CategoryRef {
  id: number
  slug: string
  name: string
}

export interface TagRef {
  id: number
  slug: string
  name: string
}

/** What a list shows of an article. */
export interface ArticleSummary {
  id: number
  slug: string
  title: string
  excerpt: string
  publishedAt: string
  updatedAt: string
  isBreaking: boolean
  category: CategoryRef | null
  /** Approved reader comments. */
  commentCount: number
  /** The featured image (a media id; it may no longer exist), or null. */
  featuredMediaId: number | null
}

/** Everything the article page shows. */
export interface ArticleDetail extends ArticleSummary {
  bodyHtml: string
  byline: string
  sourceLine: string
  dateline: string
  seoTitle: string
  seoDescription: string
  commentStatus: 'open' | 'closed'
  authors: Author[]
  categories: CategoryRef[]
  tags: TagRef[]
}

export interface Page<T> {
  items: T[]
  total: number
}

const summaryColumns = ['articles.id', 'articles.slug', 'articles.title', 'articles.excerpt', 'articles.published_at', 'articles.updated_at', 'articles.is_breaking', 'articles.comment_count', 'articles.featured_media_id'] as const

type SummaryRow = Pick<ArticleRow, 'id' | 'slug' | 'title' | 'excerpt' | 'published_at' | 'updated_at' | 'is_breaking' | 'comment_count' | 'featured_media_id'>

const categoryLinksOf = compiledOnce((db, ids: number[]) =>
  db
    .selectFrom('article_categories')
    .innerJoin('categories', 'categories.id', 'article_categories.category_id')
    .select(['article_categories.article_id', 'article_categories.position', 'categories.id', 'categories.slug', 'categories.name'])
    .where('article_categories.article_id', 'in', ids)
    .orderBy('article_categories.position'),
)

/** Primary category (position 0, else lowest) of each article id, with one query. */
async function primaryCategories(db: Db, ids: number[]): Promise<Map<number, CategoryRef>> {
  const primary = new Map<number, CategoryRef>()
  if (ids.length === 0) return primary
  const links = await categoryLinksOf(db, ids)
  for (const link of links) if (!primary.has(link.article_id)) primary.set(link.article_id, { id: link.id, slug: link.slug, name: link.name })
  return primary
}

function toSummary(r: SummaryRow, primary: Map<number, CategoryRef>): ArticleSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    excerpt: r.excerpt,
    publishedAt: r.published_at ?? r.updated_at,
    updatedAt: r.updated_at,
    isBreaking: r.is_breaking === 1,
    category: primary.get(r.id) ?? null,
    commentCount: r.comment_count,
    featuredMediaId: r.featured_media_id,
  }
}

/** Attaches each article's primary category (position 0, else lowest) with one query. */
async function withPrimaryCategory(db: Db, rows: SummaryRow[]): Promise<ArticleSummary[]> {
  if (rows.length === 0) return []
  const primary = await primaryCategories(db, rows.map((r) => r.id))
  return rows.map((r) => toSummary(r, primary))
}

function published(db: Db) {
  return db.selectFrom('articles').where('articles.status', '=', 'published')
}

/** Latest published articles, newest first, skipping `excludeIds`. */
export async function listLatestPublished(db: Db, { limit, offset = 0, excludeIds = [] }: { limit: number; offset?: number; excludeIds?: number[] }): Promise<ArticleSummary[]> {
  let query = published(db).select([...summaryColumns])
  if (excludeIds.length > 0) query = query.where('articles.id', 'not in', excludeIds)
  const rows = await query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute()
  return withPrimaryCategory(db, rows)
}

/** The newest published article flagged as lead, or the newest published article. */
export async function findLeadArticle(db: Db): Promise<ArticleSummary | undefined> {
  const rows = await published(db)
    .select([...summaryColumns])
    .orderBy('articles.is_lead', 'desc')
    .orderBy('articles.published_at', 'desc')
    .limit(1)
    .execute()
  return (await withPrimaryCategory(db, rows))[0]
}

/** Published articles in any of the given categories (a category and its children), paged. */
export async function listPublishedInCategories(db: Db, categoryIds: number[], { limit, offset }: { limit: number; offset: number }): Promise<Page<ArticleSummary>> {
  if (categoryIds.length === 0) return { items: [], total: 0 }
  const inCategories = (eb: any) =>
    eb.exists(
      eb
        .selectFrom('article_categories')
        .select('article_categories.article_id')
        .whereRef('article_categories.article_id', '=', 'articles.id')
        .where('article_categories.category_id', 'in', categoryIds),
    )
  const [rows, count] = await Promise.all([
    published(db).select([...summaryColumns]).where(inCategories).orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute(),
    published(db).select((eb) => eb.fn.countAll<number>().as('n')).where(inCategories).executeTakeFirstOrThrow(),
  ])
  return { items: await withPrimaryCategory(db, rows), total: Number(count.n) }
}

/**
 * The newest `limit` published articles of each group of categories (a section and its
 * children), without totals: the home page's sections. One UNION ALL query for all groups, each
 * an indexed walk down published_at, and one query for the primary categories.
 */
export async function listLatestInCategoryGroups(db: Db, groups: number[][], limit: number): Promise<ArticleSummary[][]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`)
  const latestIn = (categoryIds: number[], group: number) =>
    db
      .selectFrom(
        published(db)
          .select([...summaryColumns, sql<number>`${sql.lit(group)}`.as('section')])
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('article_categories')
                .select('article_categories.article_id')
                .whereRef('article_categories.article_id', '=', 'articles.id')
                .where('article_categories.category_id', 'in', categoryIds),
            ),
          )
          .orderBy('articles.published_at', 'desc')
          .orderBy('articles.id', 'desc')
          .limit(sql.lit(limit))
          .as(`section_${group}`),
      )
      .selectAll()
  const queries = groups.flatMap((ids, group) => (ids.length > 0 ? [latestIn(ids, group)] : []))
  const out = groups.map((): ArticleSummary[] => [])
  if (queries.length === 0) return out
  const rows = await queries.slice(1).reduce((union, query) => union.unionAll(query), queries[0]!).execute()
  const primary = await primaryCategories(db, [...new Set(rows.map((r) => r.id))])
  for (const r of rows) out[Number(r.section)]!.push(toSummary(r, primary))
  const key = (a: ArticleSummary) => a.publishedAt
  for (const list of out) list.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : b.id - a.id))
  return out
}

/** Published articles carrying a tag, paged. */
export async function listPublishedWithTag(db: Db, tagId: number, { limit, offset }: { limit: number; offset: number }): Promise<Page<ArticleSummary>> {
  const base = published(db).innerJoin('article_tags', 'article_tags.article_id', 'articles.id').where('article_tags.tag_id', '=', tagId)
  const [rows, count] = await Promise.all([
    base.select([...summaryColumns]).orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: await withPrimaryCategory(db, rows), total: Number(count.n) }
}

/** Published articles by one author (any position in the author list), paged. */
export async function listPublishedByAuthor(db: Db, userId: number, { limit, offset }: { limit: number; offset: number }): Promise<Page<ArticleSummary>> {
  const base = published(db).innerJoin('article_authors', 'article_authors.article_id', 'articles.id').where('article_authors.user_id', '=', userId)
  const [rows, count] = await Promise.all([
    base.select([...summaryColumns]).orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: await withPrimaryCategory(db, rows), total: Number(count.n) }
}

/** Published articles with published_at in [from, to), paged (date archives). */
export async function listPublishedBetween(db: Db, from: Date, to: Date, { limit, offset }: { limit: number; offset: number }): Promise<Page<ArticleSummary>> {
  const base = published(db).where('articles.published_at', '>=', from.toISOString()).where('articles.published_at', '<', to.toISOString())
  const [rows, count] = await Promise.all([
    base.select([...summaryColumns]).orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: await withPrimaryCategory(db, rows), total: Number(count.n) }
}

/** A published article with authors, categories (primary first) and tags; undefined otherwise. */
export async function findPublishedArticle(db: Db, id: number): Promise<ArticleDetail | undefined> {
  const [row] = await publishedArticleRow(db, id)
  if (!row) return undefined
  return loadArticleDetail(db, row)
}

/** What loadArticleDetail reads of an article row: the summary's columns and the page's, not the plain-text copy of the body (only search needs that). */
const detailColumns = [
  ...summaryColumns,
  'articles.body_html',
  'articles.byline',
  'articles.source_line',
  'articles.dateline',
  'articles.seo_title',
  'articles.seo_description',
  'articles.comment_status',
] as const
export type ArticleDetailRow = SummaryRow & Pick<ArticleRow, 'body_html' | 'byline' | 'source_line' | 'dateline' | 'seo_title' | 'seo_description' | 'comment_status'>

const publishedArticleRow = compiledOnce((db, id: number) => published(db).select(detailColumns).where('articles.id', '=', id))

/** Authors, categories and tags of an article, in one UNION ALL (see loadArticleDetail). */
const articleLinks = compiledOnce((db, articleId: number) =>
  db
    .selectFrom('article_authors')
    .innerJoin('users', 'users.id', 'article_authors.user_id')
    .select([sql<string>`'author'`.as('kind'), 'users.id', 'users.slug', 'users.name', 'users.bio', 'article_authors.position'])
    .where('article_authors.article_id', '=', articleId)
    .unionAll(
      db
        .selectFrom('article_categories')
        .innerJoin('categories', 'categories.id', 'article_categories.category_id')
        .select([sql<string>`'category'`.as('kind'), 'categories.id', 'categories.slug', 'categories.name', sql<string>`''`.as('bio'), 'article_categories.position'])
        .where('article_categories.article_id', '=', articleId),
    )
    .unionAll(
      db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select([sql<string>`'tag'`.as('kind'), 'tags.id', 'tags.slug', 'tags.name', sql<string>`''`.as('bio'), sql<number>`0`.as('position')])
        .where('article_tags.article_id', '=', articleId),
    ),
)

/**
 * Builds the detail view of an article row (any status: the preview uses it too). Authors,
 * categories and tags come back in one UNION ALL query, sorted here: authors and categories by
 * position, tags by name (code-point order, the same on both engines).
 */
export async function loadArticleDetail(db: Db, row: ArticleDetailRow): Promise<ArticleDetail> {
  const links = await articleLinks(db, row.id)
  const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position
  const authors = links.filter((l) => l.kind === 'author').sort(byPosition).map((l) => ({ id: l.id, name: l.name, slug: l.slug, bio: l.bio }))
  const categories = links.filter((l) => l.kind === 'category').sort(byPosition).map((l) => ({ id: l.id, slug: l.slug, name: l.name }))
  const tags = links
    .filter((l) => l.kind === 'tag')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((l) => ({ id: l.id, slug: l.slug, name: l.name }))
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    excerpt: row.excerpt,
    publishedAt: row.published_at ?? row.updated_at,
    updatedAt: row.updated_at,
    isBreaking: row.is_breaking === 1,
    category: categories[0] ?? null,
    commentCount: row.comment_count,
    featuredMediaId: row.featured_media_id,
    bodyHtml: row.body_html,
    byline: row.byline,
    sourceLine: row.source_line,
    dateline: row.dateline,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    commentStatus: row.comment_status,
    authors,
    categories,
    tags,
  }
}

const adjacentRowsAt = compiledOnce((db, at: string, id: number) => {
  const before = published(db)
    .select([...summaryColumns])
    .where('articles.published_at', '<=', at)
    .where((eb) => eb.or([eb('articles.published_at', '<', at), eb('articles.id', '<', id)]))
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(sql.lit(1))
  const after = published(db)
    .select([...summaryColumns])
    .where('articles.published_at', '>=', at)
    .where((eb) => eb.or([eb('articles.published_at', '>', at), eb('articles.id', '>', id)]))
    .orderBy('articles.published_at', 'asc')
    .orderBy('articles.id', 'asc')
    .limit(sql.lit(1))
  return db.selectFrom(before.as('p')).selectAll().unionAll(db.selectFrom(after.as('n')).selectAll())
})

/**
 * Rows of the published articles just before and after this one in publication order, in one
 * query. Each side is an index range (`published_at <= t`, newest first) with the tie on
 * published_at broken by id: an `a < t OR (a = t AND id < i)` filter alone makes SQLite walk the
 * whole index.
 */
async function adjacentRows(db: Db, article: { id: number; publishedAt: string }): Promise<{ previous?: SummaryRow; next?: SummaryRow }> {
  const at = article.publishedAt
  const rows = await adjacentRowsAt(db, at, article.id)
  const isBefore = (r: SummaryRow) => (r.published_at ?? '') < at || ((r.published_at ?? '') === at && r.id < article.id)
  return { previous: rows.find(isBefore), next: rows.find((r) => !isBefore(r)) }
}

/**
 * Rows of related stories: published articles sharing the most tags with this one, newest first
 * among equals, then (when fewer than `limit`) the newest of the same primary category.
 *
 * Without ranking every candidate (a tag has ~100 articles at 10,000; ranking all of
 * them read ~300 article rows, 1.6 ms): the few articles sharing two or more tags come with their
 * count (from the article_tags index alone), and the articles sharing exactly one tag are read
 * newest first along the (status, published_at) index, stopping after `limit`. Ranked here.
 */
async function relatedRows(db: Db, article: { id: number; tagIds: number[]; categoryId?: number }, limit: number): Promise<SummaryRow[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`)
  const picked: SummaryRow[] = []
  if (article.tagIds.length > 0) {
    // Two queries: as one UNION ALL, SQLite took twice as long as both apart (0.28 against 0.14 ms).
    const rows: Array<SummaryRow & { shared: number }> = [...(await sharingSeveralTags(db, article.tagIds, article.id)), ...(await sharingAnyTag(db, article.id, article.tagIds, 2 * limit))]
    const counted = new Set(rows.filter((r) => Number(r.shared) >= 2).map((r) => r.id))
    const ranked = rows.filter((r) => Number(r.shared) >= 2 || !counted.has(r.id))
    const key = (r: SummaryRow) => r.published_at ?? ''
    ranked.sort((a, b) => Number(b.shared) - Number(a.shared) || (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : b.id - a.id))
    picked.push(...ranked.slice(0, limit))
  }
  if (picked.length < limit && article.categoryId !== undefined) {
    picked.push(...(await newestInCategory(db, article.categoryId, [article.id, ...picked.map((r) => r.id)], limit - picked.length)))
  }
  return picked
}

/** Published articles sharing two or more of `tagIds` with article `id`, with the count (from the article_tags index alone). */
const sharingSeveralTags = compiledOnce((db, tagIds: number[], id: number) => {
  const sharingSeveral = db
    .selectFrom('article_tags')
    .select(['article_tags.article_id', (eb) => eb.fn.countAll<number>().as('shared')])
    .where('article_tags.tag_id', 'in', tagIds)
    .where('article_tags.article_id', '!=', id)
    .groupBy('article_tags.article_id')
    .having((eb) => eb.fn.countAll(), '>=', 2)
  // CROSS JOIN keeps SQLite's order: the few counted ids first, then their rows by id.
  return db
    .selectFrom(sharingSeveral.as('counted'))
    .crossJoin('articles')
    .select([...summaryColumns, 'counted.shared'])
    .whereRef('articles.id', '=', 'counted.article_id')
    .where('articles.status', '=', 'published')
})

/**
 * The newest `limit` published articles sharing any of `tagIds`, other than `id`, read newest first
 * along the (status, published_at) index. Asked for 2×limit by relatedRows, so that after dropping
 * those already counted by sharingSeveralTags (fewer than `limit` whenever these are needed) enough remain.
 */
const sharingAnyTag = compiledOnce((db, id: number, tagIds: number[], limit: number) =>
  published(db)
    .select([...summaryColumns, sql<number>`1`.as('shared')])
    .where('articles.id', '!=', id)
    // `+id`: not a lookup by id. With planner statistics SQLite would otherwise fetch every
    // article of these tags by rowid and sort them all (1.4 ms at 10,000 articles, not 0.5).
    .where(sql<number>`+${sql.ref('articles.id')}`, 'in', db.selectFrom('article_tags').select('article_tags.article_id').where('article_tags.tag_id', 'in', tagIds))
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(sql.lit(limit)),
  { inline: [2] },
)

/** The newest published articles of a category, other than `excludeIds`. */
const newestInCategory = compiledOnce((db, categoryId: number, excludeIds: number[], limit: number) =>
  published(db)
    .innerJoin('article_categories', 'article_categories.article_id', 'articles.id')
    .select([...summaryColumns])
    .where('article_categories.category_id', '=', categoryId)
    .where('articles.id', 'not in', excludeIds)
    .orderBy('articles.published_at', 'desc')
    .limit(limit),
)

/** The published articles just before and after this one in publication order. */
export async function findAdjacentArticles(db: Db, article: { id: number; publishedAt: string }): Promise<{ previous?: ArticleSummary; next?: ArticleSummary }> {
  const { previous, next } = await adjacentRows(db, article)
  const primary = await primaryCategories(db, [previous, next].filter((r) => r !== undefined).map((r) => r.id))
  return { previous: previous && toSummary(previous, primary), next: next && toSummary(next, primary) }
}

/**
 * Related stories: published articles sharing the most tags with this one, then the same
 * primary category, newest first among equals.
 */
export async function listRelatedArticles(db: Db, article: { id: number; tagIds: number[]; categoryId?: number }, limit: number): Promise<ArticleSummary[]> {
  return withPrimaryCategory(db, await relatedRows(db, article, limit))
}

/**
 * What the article page shows around an article: previous/next and related stories, with one
 * primary-category query for all of them (4 queries, 5 when tags give fewer than `limit`).
 */
export async function findArticleNeighbours(
  db: Db,
  article: { id: number; publishedAt: string; tagIds: number[]; categoryId?: number },
  relatedLimit: number,
): Promise<{ previous?: ArticleSummary; next?: ArticleSummary; related: ArticleSummary[] }> {
  const adjacent = await adjacentRows(db, article)
  const related = await relatedRows(db, article, relatedLimit)
  const all = [adjacent.previous, adjacent.next, ...related].filter((r) => r !== undefined)
  const primary = await primaryCategories(db, [...new Set(all.map((r) => r.id))])
  return {
    previous: adjacent.previous && toSummary(adjacent.previous, primary),
    next: adjacent.next && toSummary(adjacent.next, primary),
    related: related.map((r) => toSummary(r, primary)),
  }
}

/** Published articles by id, in the order given (ids not published are left out): search results. */
export async function listPublishedSummariesByIds(db: Db, ids: readonly number[]): Promise<ArticleSummary[]> {
  if (ids.length === 0) return []
  const rows = await published(db).select([...summaryColumns]).where('articles.id', 'in', [...ids]).execute()
  const byId = new Map((await withPrimaryCategory(db, rows)).map((a) => [a.id, a]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** Inserts an article with its authors, categories (first = primary) and tags, and indexes it for search when published, in one transaction. */
export async function insertArticle(
  db: Db,
  article: NewArticle,
  links: { authorIds: number[]; categoryIds: number[]; tagIds: number[] },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('articles').values(article).returning('id').executeTakeFirstOrThrow()
    if (links.authorIds.length) await trx.insertInto('article_authors').values(links.authorIds.map((user_id, position) => ({ article_id: id, user_id, position }))).execute()
    if (links.categoryIds.length) await trx.insertInto('article_categories').values(links.categoryIds.map((category_id, position) => ({ article_id: id, category_id, position }))).execute()
    if (links.tagIds.length) await trx.insertInto('article_tags').values(links.tagIds.map((tag_id) => ({ article_id: id, tag_id }))).execute()
    await syncSearchIndex(trx, [id])
    return id
  })
}

/** Status counts for the newsroom dashboard. */
export async function countArticlesByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('articles').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

/** Latest-changed articles of any status, for the newsroom dashboard. */
export async function listRecentlyChanged(db: Db, limit: number): Promise<Array<{ id: number; title: string; status: string; updatedAt: string }>> {
  const rows = await db.selectFrom('articles').select(['id', 'title', 'status', 'updated_at']).orderBy('updated_at', 'desc').limit(limit).execute()
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, updatedAt: r.updated_at }))
}
