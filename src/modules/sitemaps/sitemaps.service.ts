import type { Db } from '../../db/database.js'
import type { MediaRow } from '../../db/schema.js'
import { mediaUrl, variantsOf } from '../media/media.schema.js'
import { descendantIds, type Category } from '../taxonomy/taxonomy.repository.js'
import {
  findSitemapContent,
  listArticlePagesLastmod,
  listAuthorSlugsWithArticles,
  listCategoryIdsWithArticles,
  listNewsArticles,
  listSitemapArticles,
  listTagSlugsWithArticles,
} from './sitemaps.repository.js'
import { renderSitemapIndex, renderUrlset, type SitemapEntry } from './sitemaps.render.js'

/**
 * URLs per article sitemap. Each page is one indexed query plus its own 1,000 rows (about 30 ms
 * at 100,000 articles on SQLite; see README) and about 250 KB of XML: small enough to build on
 * a cache miss without holding up other requests, and a site of 100,000 stories has 100 pages.
 */
export const ARTICLES_PER_SITEMAP = 1000
/** Google News reads the stories of the last two days, at most 1,000 of them. */
export const NEWS_WINDOW_MS = 48 * 3_600_000
export const NEWS_MAX_URLS = 1000
/** The sitemaps.org limit per file (tags and authors are listed whole, up to it). */
export const MAX_URLS = 50_000

/** The named sitemaps besides the article pages. */
export type SitemapName = 'categories' | 'tags' | 'authors' | 'news'

/**
 * The site's URL builders (views/paths.ts has them; passed in, since modules do not import
 * views). Each returns a site path; the origin is given separately.
 */
export interface SitemapPaths {
  article: (a: { id: number; slug: string }) => string
  category: (slug: string) => string
  tag: (slug: string) => string
  author: (slug: string) => string
  /** An article sitemap page, from 1. */
  articlesSitemap: (page: number) => string
  sitemap: (name: SitemapName) => string
}

export interface SitemapContext {
  db: Db
  /** Absolute origin, no trailing slash: every `<loc>` is absolute. */
  origin: string
  paths: SitemapPaths
}

/** The news window ending at `now`. */
function newsWindow(now: Date) {
  return { since: new Date(now.getTime() - NEWS_WINDOW_MS), until: now }
}

/**
 * The sitemap index: one entry per article page (oldest stories on page 1), each with its newest
 * change as lastmod (so crawlers re-read only the pages that changed), and the category, tag,
 * author and news sitemaps — each only when it would list at least one URL. The news entry's
 * lastmod is its newest story; the taxonomy sitemaps have none (a name change is not dated).
 */
export async function sitemapIndexXml({ db, origin, paths }: SitemapContext, now: Date): Promise<string> {
  const [content, lastmods] = await Promise.all([findSitemapContent(db, newsWindow(now)), listArticlePagesLastmod(db, ARTICLES_PER_SITEMAP)])
  const pages = lastmods.length
  const named: SitemapName[] = []
  if (content.hasCategories) named.push('categories')
  if (content.hasTags) named.push('tags')
  if (content.hasAuthors) named.push('authors')
  return renderSitemapIndex([
    ...(content.newestNews ? [{ url: origin + paths.sitemap('news'), lastmod: content.newestNews }] : []),
    ...named.map((name) => ({ url: origin + paths.sitemap(name) })),
    ...Array.from({ length: pages }, (_, i) => ({ url: origin + paths.articlesSitemap(i + 1), lastmod: lastmods[i] })),
  ])
}

/**
 * Article sitemap page `page` (from 1): each published story with its last change and its
 * featured image; `lastModified` is the newest change on the page. Undefined past the last page
 * (page 1 always exists, empty on an empty site).
 */
export async function articlesSitemapXml({ db, origin, paths }: SitemapContext, page: number): Promise<{ xml: string; lastModified?: Date } | undefined> {
  if (!Number.isSafeInteger(page) || page < 1) return undefined
  const articles = await listSitemapArticles(db, { limit: ARTICLES_PER_SITEMAP, offset: (page - 1) * ARTICLES_PER_SITEMAP })
  if (articles.length === 0 && page > 1) return undefined
  const entries = articles.map((a): SitemapEntry => {
    const image = a.image && imageUrlOf(a.image)
    return { url: origin + paths.article(a), lastmod: a.updatedAt, images: image ? [origin + image] : undefined }
  })
  return { xml: await renderUrlset(entries), lastModified: newest(articles.map((a) => a.updatedAt)) }
}

/**
 * The Google News sitemap: stories first published in the 48 hours before `now`, newest first,
 * with the publication's name (the site name) and language (ar), the publication time and title.
 */
export async function newsSitemapXml({ db, origin, paths }: SitemapContext, publication: { name: string }, now: Date): Promise<{ xml: string; lastModified?: Date }> {
  const articles = await listNewsArticles(db, { ...newsWindow(now), limit: NEWS_MAX_URLS })
  const entries = articles.map(
    (a): SitemapEntry => ({
      url: origin + paths.article(a),
      news: { publication: { name: publication.name, language: 'ar' }, publicationDate: a.publishedAt, title: a.title },
    }),
  )
  return { xml: await renderUrlset(entries), lastModified: newest(articles.map((a) => a.publishedAt)) }
}

/**
 * The sections with at least one published story in them or in a sub-section, in navigation
 * order (`nav` is the site frame's category list).
 */
export async function categoriesSitemapXml({ db, origin, paths }: SitemapContext, nav: Category[]): Promise<string> {
  const withArticles = new Set(await listCategoryIdsWithArticles(db))
  const listed = nav.filter((c) => descendantIds(nav, c.id).some((id) => withArticles.has(id)))
  return renderUrlset(listed.slice(0, MAX_URLS).map((c) => ({ url: origin + paths.category(c.slug) })))
}

/** The tags on at least one published story. */
export async function tagsSitemapXml({ db, origin, paths }: SitemapContext): Promise<string> {
  const slugs = await listTagSlugsWithArticles(db)
  return renderUrlset(slugs.slice(0, MAX_URLS).map((slug) => ({ url: origin + paths.tag(slug) })))
}

/** The authors credited on at least one published story. */
export async function authorsSitemapXml({ db, origin, paths }: SitemapContext): Promise<string> {
  const slugs = await listAuthorSlugsWithArticles(db)
  return renderUrlset(slugs.slice(0, MAX_URLS).map((slug) => ({ url: origin + paths.author(slug) })))
}

/**
 * The site path of the image URL pages print in `<img src>` (the largest WebP up to 1280 px,
 * as toMediaImage picks it), so that search engines tie the picture on the page to this entry;
 * undefined for an image without variants.
 */
export function imageUrlOf(row: Pick<MediaRow, 'storage_key' | 'variants'>): string | undefined {
  const webp = variantsOf(row)
    .filter((v) => v.format === 'webp')
    .sort((a, b) => a.width - b.width)
  const variant = webp.filter((v) => v.width <= 1280).at(-1) ?? webp[0]
  return variant && mediaUrl(row.storage_key, variant.file)
}

/** The latest of some ISO times, as a Date (undefined for none). */
function newest(times: readonly string[]): Date | undefined {
  let max: string | undefined
  for (const t of times) if (max === undefined || t > max) max = t
  return max === undefined ? undefined : new Date(max)
}
