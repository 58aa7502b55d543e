import sanitizeHtml from 'sanitize-html'
import type { Db } from '../../db/database.js'
import type { MediaRow } from '../../db/schema.js'
import { renderEmbeds } from '../articles/article-embed-cards.js'
import { threadPageOf } from '../comments/comments.repository.js'
import { findMediaByIds } from '../media/media.repository.js'
import { mediaUrl, variantsOf } from '../media/media.schema.js'
import { countApprovedThreads, keepVisibleThreads, listFeedArticles, listFeedComments, type FeedArticleScope, type FeedComment } from './feeds.repository.js'
import { FEED_ARTICLES, FEED_COMMENTS, type FeedChannel, type FeedEntry, type FeedFormat, type FeedImage } from './feeds.schema.js'

/**
 * The site's URL builders a feed needs (views/paths.ts has them; passed in, since modules do not
 * import views). Each returns a site path.
 */
export interface FeedPaths {
  article: (a: { id: number; slug: string }) => string
  /** The short, permanent URL of an article (it redirects to the canonical one): its feed id. */
  articleById: (id: number) => string
  /** A comment on its page of the article's comments (`#comment-N`). */
  comment: (a: { id: number; slug: string }, commentId: number, page: number) => string
  category: (slug: string) => string
  tag: (slug: string) => string
  author: (slug: string) => string
}

/**
 * Feed entries for the newest published articles of a scope (site, sections, tag, author): full
 * body with its URLs made absolute and embeds as plain links, excerpt as summary, authors with
 * their pages, sections then tags as categories, the featured image as an enclosure. Three
 * queries (articles, their links, their images), whatever the number of items.
 */
export async function articleFeedEntries(db: Db, scope: FeedArticleScope, origin: string, paths: FeedPaths, limit = FEED_ARTICLES): Promise<FeedEntry[]> {
  const articles = await listFeedArticles(db, scope, limit)
  const mediaIds = articles.flatMap((a) => (a.featuredMediaId === null ? [] : [a.featuredMediaId]))
  const images = new Map((await findMediaByIds(db, mediaIds)).map((row) => [row.id, enclosureOf(row, origin)]))
  return articles.map((a) => {
    const link = origin + paths.article(a)
    const body = a.bodyHtml.includes('data-embed') ? renderEmbeds(a.bodyHtml) : a.bodyHtml
    return {
      id: origin + paths.articleById(a.id),
      link,
      title: a.title,
      summary: a.excerpt || undefined,
      contentHtml: absoluteHtml(body, link),
      published: new Date(a.publishedAt),
      updated: new Date(laterOf(a.publishedAt, a.updatedAt)),
      authors: a.authors.map((p) => ({ name: p.name, link: origin + paths.author(p.slug) })),
      categories: [...a.categories.map((c) => ({ name: c.name, link: origin + paths.category(c.slug) })), ...a.tags.map((t) => ({ name: t.name, link: origin + paths.tag(t.slug) }))],
      image: a.featuredMediaId === null ? undefined : images.get(a.featuredMediaId),
    }
  })
}

export interface CommentFeedOptions {
  origin: string
  paths: FeedPaths
  /** The site's comment order and threads per page: where each comment's link points. */
  order: 'oldest' | 'newest'
  perPage: number
  /** The comment's text as HTML, exactly as the article page renders it (plain text, safe links). */
  html: (text: string) => string
  /** The entry's title, e.g. "تعليق {name} على «{title}»". */
  title: (comment: FeedComment) => string
  limit?: number
}

/**
 * Feed entries for the newest approved comments on published articles (one article's, or the
 * site's), those the article page shows (not a reply under a hidden comment). Each links to its place on the article's comment pages; the commenter's name (and
 * website, which the page shows too) is the author. Emails and IP hashes are never read.
 */
export async function commentFeedEntries(db: Db, { articleId }: { articleId?: number }, options: CommentFeedOptions): Promise<FeedEntry[]> {
  const { origin, paths } = options
  const comments = await keepVisibleThreads(db, await listFeedComments(db, { articleId }, options.limit ?? FEED_COMMENTS))
  const threads = await countApprovedThreads(db, [...new Set(comments.map((c) => c.article.id))])
  const entries: FeedEntry[] = []
  for (const c of comments) {
    // Only articles with more than one page of threads need the comment's page looked up.
    const page = (threads.get(c.article.id) ?? 0) > options.perPage ? await threadPageOf(db, c.id, options.order, options.perPage) : 1
    const website = httpUrl(c.authorUrl)
    entries.push({
      id: `${origin}${paths.articleById(c.article.id)}#comment-${c.id}`,
      link: origin + paths.comment(c.article, c.id, page),
      title: options.title(c),
      contentHtml: options.html(c.body),
      published: new Date(c.createdAt),
      updated: new Date(laterOf(c.createdAt, c.updatedAt)),
      authors: [website ? { name: c.authorName, link: website } : { name: c.authorName }],
      categories: [],
    })
  }
  return entries
}

/**
 * What a feed says about itself, with absolute URLs: `feed(format)` and `page` are site paths,
 * the logo a site path or an https URL (absent when unset). `updated` is the newest entry's
 * update time, or `now` for an empty feed.
 */
export function feedChannel(
  origin: string,
  site: { name: string; logoUrl: string },
  feed: { title: string; description: string; page: string; path: (format: FeedFormat) => string },
  entries: readonly FeedEntry[],
  now: Date,
): FeedChannel {
  const newest = entries.reduce<Date | undefined>((max, e) => (max === undefined || e.updated > max ? e.updated : max), undefined)
  return {
    title: feed.title,
    description: feed.description,
    link: origin + feed.page,
    self: { rss: origin + feed.path('rss'), atom: origin + feed.path('atom'), json: origin + feed.path('json') },
    site: { name: site.name, url: `${origin}/` },
    logo: site.logoUrl ? httpUrl(site.logoUrl.startsWith('/') && !site.logoUrl.startsWith('//') ? origin + site.logoUrl : site.logoUrl) : undefined,
    updated: newest ?? now,
  }
}

/**
 * An image as an enclosure: the variant pages use as `<img src>` (the largest WebP up to
 * 1280 px), with its size in bytes; undefined for an image without variants.
 */
export function enclosureOf(row: MediaRow, origin: string): FeedImage | undefined {
  const webp = variantsOf(row)
    .filter((v) => v.format === 'webp')
    .sort((a, b) => a.width - b.width)
  const variant = webp.filter((v) => v.width <= 1280).at(-1) ?? webp[0]
  return variant && { url: origin + mediaUrl(row.storage_key, variant.file), type: 'image/webp', length: variant.bytes }
}

/** Elements the save-time sanitizer never lets into a body; dropped here too, should one ever get in. */
const neverInBody = new Set(['script', 'style', 'iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'meta', 'link', 'form'])

/**
 * Sanitized HTML with its relative link and image URLs made absolute against `base` (a feed
 * reader has no page to resolve them against). The input is the stored body, already cleaned to
 * the article allow-list when it was saved (and printed as it is on the article page): this pass
 * parses it only to rewrite URLs, keeping every tag and attribute, except the elements no body
 * may hold.
 * @example absoluteHtml('<img src="/media/k/640.webp">', 'https://x.test/news/1/a') // '<img src="https://x.test/media/k/640.webp" />'
 */
export function absoluteHtml(html: string, base: string): string {
  const absolute = (attribute: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const value = attribs[attribute]
    if (value === undefined) return { tagName, attribs }
    try {
      return { tagName, attribs: { ...attribs, [attribute]: new URL(value, base).href } }
    } catch {
      return { tagName, attribs }
    }
  }
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    exclusiveFilter: (frame) => neverInBody.has(frame.tag),
    transformTags: { a: absolute('href'), img: absolute('src') },
  })
}

/** An absolute http(s) URL as written, or undefined. */
function httpUrl(url: string): string | undefined {
  if (!url) return undefined
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined
  } catch {
    return undefined
  }
}

/** The later of two ISO times (an update is never before the publication in a feed). */
function laterOf(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a
}
