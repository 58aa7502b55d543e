import type { MessageKey } from '../../i18n/index.js'
import type { EditableArticle, Revision, RevisionFields } from '../../modules/articles/editorial.repository.js'
import type { ArticleDraft } from '../../modules/articles/editorial.service.js'
import { parseWallClock, toWallClock } from '../../text/arabic/index.js'
import type { ArticleFormValues } from '../../views/admin/articles-pages.js'

/**
 * The article form's values, both ways: what a POST sent (`formOf`, every field bounded), what a
 * stored article or an autosave revision shows (`formFromArticle`, `formFromRevision`), and the
 * service's draft made from them (`draftOf`). Routes: articles.routes.ts.
 */

/** A urlencoded form body as Fastify parses it. */
export type Body = Record<string, unknown>
export const str = (v: unknown, max = 2_000_000): string => (typeof v === 'string' ? v.replace(/\u0000/g, '').slice(0, max) : '')
export const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string').slice(0, 200)

export const emptyArticleForm = (): ArticleFormValues => ({
  title: '',
  excerpt: '',
  slug: '',
  bodyHtml: '',
  primaryCategoryId: '',
  categoryIds: [],
  tags: '',
  authorIds: [],
  byline: '',
  sourceLine: '',
  dateline: '',
  featuredMediaId: '',
  commentStatus: 'open',
  isBreaking: false,
  seoTitle: '',
  seoDescription: '',
  publishAt: '',
  version: '0',
})

export function formOf(body: Body): ArticleFormValues {
  return {
    title: str(body.title, 2000),
    excerpt: str(body.excerpt, 5000),
    slug: str(body.slug, 1000),
    bodyHtml: str(body.bodyHtml),
    primaryCategoryId: str(body.primaryCategoryId, 20).trim(),
    categoryIds: list(body.categoryIds),
    tags: str(body.tags, 10_000),
    authorIds: list(body.authorIds),
    byline: str(body.byline, 2000),
    sourceLine: str(body.sourceLine, 2000),
    dateline: str(body.dateline, 2000),
    featuredMediaId: str(body.featuredMediaId, 20).trim(),
    commentStatus: body.commentStatus === 'closed' ? 'closed' : 'open',
    isBreaking: body.isBreaking === '1' || body.isBreaking === 'on',
    seoTitle: str(body.seoTitle, 2000),
    seoDescription: str(body.seoDescription, 5000),
    publishAt: str(body.publishAt, 40),
    version: /^\d{1,9}$/.test(str(body.version, 20)) ? str(body.version) : '0',
  }
}

/** The editable fields stored with an article's text, as a revision keeps them. */
type StoredFields = Omit<RevisionFields, 'status' | 'publishedAt' | 'aside'>

/** Stored content as the form shows it: the first section is the primary one, the rest "other sections". */
function formFromStored(text: { title: string; excerpt: string; bodyHtml: string }, f: StoredFields, publishAt: string, version: number): ArticleFormValues {
  return {
    title: text.title,
    excerpt: text.excerpt,
    slug: f.slug,
    bodyHtml: text.bodyHtml,
    primaryCategoryId: f.categoryIds[0] === undefined ? '' : String(f.categoryIds[0]),
    categoryIds: f.categoryIds.slice(1).map(String),
    tags: f.tags.join('، '),
    authorIds: f.authorIds.map(String),
    byline: f.byline,
    sourceLine: f.sourceLine,
    dateline: f.dateline,
    featuredMediaId: f.featuredMediaId === null ? '' : String(f.featuredMediaId),
    commentStatus: f.commentStatus,
    isBreaking: f.isBreaking,
    seoTitle: f.seoTitle,
    seoDescription: f.seoDescription,
    publishAt,
    version: String(version),
  }
}

/** A scheduled article's publication time as the form's local date-time field shows it; empty otherwise. */
const scheduledAt = (r: EditableArticle['row'], timeZone: string) => (r.status === 'scheduled' && r.published_at ? toWallClock(new Date(r.published_at), timeZone) : '')

/** The stored article as the form shows it. */
export function formFromArticle(a: EditableArticle, timeZone: string): ArticleFormValues {
  const r = a.row
  const fields: StoredFields = {
    slug: r.slug,
    byline: r.byline,
    sourceLine: r.source_line,
    dateline: r.dateline,
    commentStatus: r.comment_status,
    isBreaking: r.is_breaking === 1,
    seoTitle: r.seo_title,
    seoDescription: r.seo_description,
    featuredMediaId: r.featured_media_id,
    authorIds: a.authorIds,
    categoryIds: a.categoryIds,
    tags: a.tags,
  }
  return formFromStored({ title: r.title, excerpt: r.excerpt, bodyHtml: r.body_html }, fields, scheduledAt(r, timeZone), r.version)
}

/** A writer's autosave revision loaded into the form (not saved): on top of the version it was typed on. */
export function formFromRevision(revision: Revision, article: EditableArticle, timeZone: string): ArticleFormValues {
  return formFromStored(revision, revision.fields, scheduledAt(article.row, timeZone), revision.version)
}

/** Typed form values → the service's draft; field errors for values that are not even well-formed. */
export function draftOf(v: ArticleFormValues, timeZone: string): { draft: ArticleDraft; errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {}
  const ids = (values: string[], field: string) => {
    if (values.some((x) => !/^\d{1,10}$/.test(x))) errors[field] = 'articles.error.number'
    return values.filter((x) => /^\d{1,10}$/.test(x)).map(Number)
  }
  let featuredMediaId: number | null = null
  if (v.featuredMediaId) {
    if (/^\d{1,10}$/.test(v.featuredMediaId)) featuredMediaId = Number(v.featuredMediaId)
    else errors.featuredMediaId = 'articles.error.number'
  }
  let publishAt: Date | undefined
  if (v.publishAt) {
    publishAt = parseWallClock(v.publishAt, timeZone)
    if (!publishAt) errors.publishAt = 'articles.error.publishAtInvalid'
  }
  return {
    errors,
    draft: {
      title: v.title,
      excerpt: v.excerpt,
      slug: v.slug,
      bodyHtml: v.bodyHtml,
      // The primary section is stored first (position 0); a multi-select sends the others in page order.
      categoryIds: [...new Set([...ids(v.primaryCategoryId ? [v.primaryCategoryId] : [], 'primaryCategoryId'), ...ids(v.categoryIds, 'categoryIds')])],
      // Arabic and Latin commas both separate tags.
      tags: v.tags
        .split(/[,،]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
      authorIds: ids(v.authorIds, 'authorIds'),
      byline: v.byline,
      sourceLine: v.sourceLine,
      dateline: v.dateline,
      featuredMediaId,
      commentStatus: v.commentStatus === 'closed' ? 'closed' : 'open',
      isBreaking: v.isBreaking,
      seoTitle: v.seoTitle,
      seoDescription: v.seoDescription,
      publishAt,
      version: Number(v.version),
    },
  }
}
