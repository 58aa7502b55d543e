import { z } from 'zod'
import type { Db } from '../../db/database.js'
import type { ArticleStatus } from '../../db/schema.js'
import { normalizeForDisplay, slugify } from '../../text/arabic/index.js'
import { ensureTags } from '../taxonomy/taxonomy.service.js'
import { htmlToText, paragraphsToHtml, sanitizeArticleHtml } from './article-html.js'
import { insertArticle } from './articles.repository.js'

const statuses = ['draft', 'review', 'scheduled', 'published', 'unpublished', 'trashed'] as const satisfies readonly ArticleStatus[]

export const newArticleSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    excerpt: z.string().trim().max(1000).default(''),
    bodyHtml: z.string().max(2_000_000).optional(),
    paragraphs: z.array(z.string()).optional(),
    status: z.enum(statuses).default('draft'),
    publishedAt: z.coerce.date().optional(),
    slug: z.string().trim().max(200).optional(),
    authorIds: z.array(z.number().int().positive()).default([]),
    categoryIds: z.array(z.number().int().positive()).default([]),
    tags: z.array(z.string().max(100)).default([]),
    byline: z.string().trim().max(300).default(''),
    sourceLine: z.string().trim().max(300).default(''),
    dateline: z.string().trim().max(200).default(''),
    commentStatus: z.enum(['open', 'closed']).default('open'),
    isBreaking: z.boolean().default(false),
    isLead: z.boolean().default(false),
    seoTitle: z.string().trim().max(300).default(''),
    seoDescription: z.string().trim().max(500).default(''),
  })
  .refine((a) => a.bodyHtml !== undefined || a.paragraphs !== undefined, { message: 'bodyHtml or paragraphs is required' })

export type NewArticleInput = z.input<typeof newArticleSchema>

/**
 * Creates an article: body sanitized to the allow-list, plain text derived, slug made from the
 * Arabic title (NFC, no diacritics) unless given, tags created on the fly. Returns the id.
 */
export async function createArticle(db: Db, input: NewArticleInput, now: Date): Promise<number> {
  const a = newArticleSchema.parse(input)
  const bodyHtml = sanitizeArticleHtml(a.bodyHtml ?? paragraphsToHtml(a.paragraphs ?? []))
  const title = normalizeForDisplay(a.title)
  const slug = slugify(a.slug || title) || 'article'
  const publishedAt = a.status === 'published' || a.status === 'scheduled' ? (a.publishedAt ?? now) : a.publishedAt
  const tagIds = await ensureTags(db, a.tags)
  return insertArticle(
    db,
    {
      slug,
      title,
      excerpt: normalizeForDisplay(a.excerpt),
      body_html: bodyHtml,
      body_text: htmlToText(bodyHtml),
      status: a.status,
      byline: normalizeForDisplay(a.byline),
      source_line: normalizeForDisplay(a.sourceLine),
      dateline: normalizeForDisplay(a.dateline),
      comment_status: a.commentStatus,
      is_breaking: a.isBreaking ? 1 : 0,
      is_lead: a.isLead ? 1 : 0,
      seo_title: a.seoTitle,
      seo_description: a.seoDescription,
      published_at: publishedAt?.toISOString() ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      version: 1,
    },
    { authorIds: a.authorIds, categoryIds: a.categoryIds, tagIds },
  )
}
