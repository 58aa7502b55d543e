import type { MediaRow } from '../../db/schema.js'
import { renderEmbeds } from '../../modules/articles/article-embed-cards.js'
import type { ArticleDetail, ArticleSummary } from '../../modules/articles/articles.repository.js'
import type { Correction } from '../../modules/articles/editorial.repository.js'
import type { PublishedAuthor, PublishedTag } from '../../modules/api/api.repository.js'
import { mediaUrl, toMediaImage, variantsOf } from '../../modules/media/media.schema.js'
import type { Category } from '../../modules/taxonomy/taxonomy.repository.js'
import { paths } from '../../views/paths.js'
import type { ArticleDetailJson, ArticleSummaryJson, CategoryNode, ImageJson, LinksJson } from './api.schemas.js'

/**
 * Domain objects as the API's JSON (api.schemas.ts): snake_case, absolute URLs, images with
 * their variants. `origin` is the site's public origin (`originOf`).
 */

/** Site-relative URLs (`/media/…`, `/news/…`) made absolute; anything else unchanged. */
function absolute(origin: string, path: string): string {
  return path.startsWith('/') && !path.startsWith('//') ? `${origin}${path}` : path
}

/** `src`, `href` and `srcset` URLs in sanitized HTML made absolute, so the HTML works off the site. */
export function absoluteUrlsIn(html: string, origin: string): string {
  return html
    .replace(/(\s(?:src|href)=")(\/(?!\/)[^"]*)"/g, (_all, attribute: string, path: string) => `${attribute}${origin}${path}"`)
    .replace(/(\ssrcset=")([^"]*)"/g, (_all, attribute: string, set: string) => `${attribute}${absoluteSrcset(origin, set)}"`)
}

function absoluteSrcset(origin: string, srcset: string): string {
  return srcset
    .split(',')
    .map((candidate) => candidate.trim())
    .filter(Boolean)
    .map((candidate) => absolute(origin, candidate))
    .join(', ')
}

/** An image with its variants; null when it has none (nothing a client could show). */
export function imageJson(origin: string, row: MediaRow | undefined): ImageJson | null {
  if (!row) return null
  const image = toMediaImage(row)
  if (!image.src) return null
  return {
    id: row.id,
    url: absolute(origin, image.src),
    width: image.width,
    height: image.height,
    alt: image.alt,
    caption: image.caption,
    credit: image.credit,
    srcset: { webp: absoluteSrcset(origin, image.srcsetWebp), avif: absoluteSrcset(origin, image.srcsetAvif) },
    variants: variantsOf(row)
      .sort((a, b) => a.width - b.width || a.format.localeCompare(b.format))
      .map((v) => ({ url: absolute(origin, mediaUrl(row.storage_key, v.file)), width: v.width, height: v.height, format: v.format, bytes: v.bytes })),
  }
}

const ref = (origin: string, kind: 'category' | 'tag' | 'author', r: { id: number; slug: string; name: string }) => ({ id: r.id, slug: r.slug, name: r.name, url: origin + paths[kind](r.slug) })

export function articleSummaryJson(origin: string, a: ArticleSummary, media: ReadonlyMap<number, MediaRow>): ArticleSummaryJson {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    excerpt: a.excerpt,
    url: origin + paths.article(a),
    published_at: a.publishedAt,
    updated_at: a.updatedAt,
    is_breaking: a.isBreaking,
    category: a.category && ref(origin, 'category', a.category),
    featured_image: a.featuredMediaId === null ? null : imageJson(origin, media.get(a.featuredMediaId)),
    comment_count: a.commentCount,
  }
}

export function articleDetailJson(origin: string, a: ArticleDetail, corrections: Correction[], media: ReadonlyMap<number, MediaRow>): ArticleDetailJson {
  // Embeds reach clients as they reach readers: plain link cards, no third-party code.
  const body = a.bodyHtml.includes('data-embed') ? renderEmbeds(a.bodyHtml) : a.bodyHtml
  return {
    ...articleSummaryJson(origin, a, media),
    body_html: absoluteUrlsIn(body, origin),
    byline: a.byline,
    source_line: a.sourceLine,
    dateline: a.dateline,
    comment_status: a.commentStatus,
    authors: a.authors.map((u) => ref(origin, 'author', u)),
    categories: a.categories.map((c) => ref(origin, 'category', c)),
    tags: a.tags.map((t) => ref(origin, 'tag', t)),
    corrections: corrections.map((c) => ({ kind: c.kind, note: c.note, created_at: c.createdAt })),
  }
}

/** The sections as a tree in navigation order (`all` comes in that order). */
export function categoryTreeJson(origin: string, all: readonly Category[], parentId: number | null = null): CategoryNode[] {
  return all.filter((c) => c.parentId === parentId).map((c) => categoryJson(origin, all, c))
}

/** One section with its sub-sections. */
export function categoryJson(origin: string, all: readonly Category[], c: Category): CategoryNode {
  return { id: c.id, slug: c.slug, name: c.name, description: c.description, url: origin + paths.category(c.slug), parent_id: c.parentId, children: categoryTreeJson(origin, all, c.id) }
}

export function tagJson(origin: string, t: PublishedTag) {
  return { ...ref(origin, 'tag', t), article_count: t.articleCount }
}

export function authorJson(origin: string, a: PublishedAuthor, media: ReadonlyMap<number, MediaRow>) {
  return {
    id: a.id,
    slug: a.slug,
    name: a.name,
    bio: a.bio,
    url: origin + paths.author(a.slug),
    photo: a.photoMediaId === null ? null : imageJson(origin, media.get(a.photoMediaId)),
    article_count: a.articleCount,
  }
}

/**
 * Links to the pages of a list: `base` is the list's absolute URL, `query` the client's
 * parameters (as validated) without `page`.
 */
export function pageLinks(base: string, query: Record<string, string>, page: number, perPage: number, total: number): LinksJson {
  const last = Math.max(1, Math.ceil(total / perPage))
  const at = (p: number) => {
    const search = new URLSearchParams({ ...query, ...(p > 1 ? { page: String(p) } : {}) }).toString()
    return search ? `${base}?${search}` : base
  }
  return { self: at(page), first: at(1), last: at(last), prev: page > 1 ? at(Math.min(page - 1, last)) : null, next: page < last ? at(page + 1) : null }
}
