import { z } from 'zod/v4'

/**
 * The content API's wire format, written once: routes validate requests with these schemas and
 * the OpenAPI document shows them (converted by `toJSONSchema`, see api-schema.ts). Field names
 * are snake_case; every URL is absolute; dates are ISO-8601 UTC.
 */

const id = z.number().int().positive()
const url = z.string().describe('absolute URL')
const isoTime = z.string().describe('ISO-8601 date-time, UTC')

/** A slug in a query or path: Arabic allowed (percent-encoded on the wire), compared after NFC. */
const slug = z.string().min(1).max(200)

/** `YYYY-MM-DD` (a day in the site's time zone) or a date-time with its offset. */
const dateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })])

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('page number, from 1'),
  per_page: z.coerce.number().int().min(1).max(100).default(20).describe('items per page, 1–100'),
})

export const articlesQuery = pageQuery.extend({
  category: slug.optional().describe('section slug: the section and its sub-sections'),
  tag: slug.optional().describe('tag slug'),
  author: slug.optional().describe('writer slug'),
  from: dateOrTime.optional().describe('published at or after: a day (site time zone) or a date-time'),
  to: dateOrTime.optional().describe('published before: a day (included, site time zone) or a date-time (excluded)'),
  sort: z.enum(['newest', 'oldest', 'updated']).default('newest').describe('publication time, newest or oldest first; or last change first'),
})
export type ArticlesQuery = z.output<typeof articlesQuery>

export const tagsQuery = pageQuery.extend({
  sort: z.enum(['name', 'count']).default('name').describe('by name, or most used first'),
})

export const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,9}$/).describe('article id') })
export const slugParams = z.object({ slug: slug.describe('slug') })

const imageVariant = z.object({
  url,
  width: z.number().int(),
  height: z.number().int(),
  format: z.enum(['webp', 'avif']),
  bytes: z.number().int(),
})

/** An uploaded image: the fallback URL, ready srcsets and every variant. */
export const image = z.object({
  id,
  url: url.describe('largest WebP variant up to 1280 px wide'),
  width: z.number().int(),
  height: z.number().int(),
  alt: z.string(),
  caption: z.string(),
  credit: z.string(),
  srcset: z.object({ webp: z.string(), avif: z.string() }),
  variants: z.array(imageVariant),
})

const categoryRef = z.object({ id, slug: z.string(), name: z.string(), url })
const tagRef = z.object({ id, slug: z.string(), name: z.string(), url })
const authorRef = z.object({ id, slug: z.string(), name: z.string(), url })

export const articleSummary = z.object({
  id,
  slug: z.string(),
  title: z.string(),
  excerpt: z.string(),
  url,
  published_at: isoTime,
  updated_at: isoTime,
  is_breaking: z.boolean(),
  category: categoryRef.nullable().describe('primary section'),
  featured_image: image.nullable(),
  comment_count: z.number().int().describe('approved reader comments'),
})

export const correction = z.object({ kind: z.enum(['correction', 'update']), note: z.string(), created_at: isoTime })

export const articleDetail = articleSummary.extend({
  body_html: z.string().describe('sanitized HTML; embeds as link cards; site URLs absolute'),
  byline: z.string(),
  source_line: z.string(),
  dateline: z.string(),
  comment_status: z.enum(['open', 'closed']),
  authors: z.array(authorRef),
  categories: z.array(categoryRef).describe('primary first'),
  tags: z.array(tagRef),
  corrections: z.array(correction).describe('oldest first'),
})

export const links = z.object({
  self: url,
  first: url,
  last: url,
  prev: url.nullable(),
  next: url.nullable(),
})

/** One page of a list: the items, where it is, and links to the pages around it. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), page: z.number().int(), per_page: z.number().int(), total: z.number().int(), links })
}

/** A section; `children` are its sub-sections (the same shape, nested). */
export interface CategoryNode {
  id: number
  slug: string
  name: string
  description: string
  url: string
  parent_id: number | null
  children: CategoryNode[]
}

export const categoryNode: z.ZodType<CategoryNode> = z.object({
  id,
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  url,
  parent_id: id.nullable(),
  get children(): z.ZodArray<z.ZodType<CategoryNode>> {
    return z.array(categoryNode)
  },
}).meta({ id: 'Category' })

export const categoryTree = z.object({ items: z.array(categoryNode) })

export const tag = z.object({ id, slug: z.string(), name: z.string(), url, article_count: z.number().int().describe('published stories carrying it') })

export const author = z.object({
  id,
  slug: z.string(),
  name: z.string(),
  bio: z.string(),
  url,
  photo: image.nullable(),
  article_count: z.number().int().describe('published stories credited to them'),
})

export const apiIndex = z.object({
  name: z.string(),
  version: z.string(),
  documentation: url,
  resources: z.record(z.string(), url),
})

/** Every error: a stable code, the message in the reader's language, and in Arabic and English. */
export const apiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), message_ar: z.string(), message_en: z.string() }),
})

export type ArticleSummaryJson = z.output<typeof articleSummary>
export type ArticleDetailJson = z.output<typeof articleDetail>
export type ImageJson = z.output<typeof image>
export type LinksJson = z.output<typeof links>
