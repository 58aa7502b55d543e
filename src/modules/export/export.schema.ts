/**
 * The Sahifa export document (`sahifa export --format json`), version 1: one zod schema per
 * record, the types of both the exporter and the importer inferred from them. Field names are
 * the database's columns; booleans are booleans; JSON columns are JSON.
 */
import { z } from 'zod'
import { roles, type Role } from '../../db/schema.js'
import { storageKeyPattern, variantsSchema } from '../media/media.schema.js'

export const EXPORT_FORMAT = 'sahifa-export'
export const EXPORT_VERSION = 1

export { PRIVACY_NOTICE } from './export.notice.js'

/** What "everything" leaves out, and why (written into the document). */
export const EXCLUDED = [
  'users.password_hash, users.totp_secret, users.totp_enabled, users.totp_last_step: credentials (imported accounts need a new password)',
  'sessions, user_tokens, api_keys, login_attempts, settings.secret: credentials and sign-in state',
  'articles.preview_token: a private preview link is a credential (make a new one)',
  'comment_ip_minutes, search_documents, articles.body_text, articles.comment_count, tags.name_match: derived, rebuilt on import',
  'media files: records only (storage keys, variants, source URLs); copy SAHIFA_MEDIA_DIR beside the export',
] as const

const id = z.number().int().positive().max(2 ** 31 - 1)
const ref = id.nullable()
/** Timestamps as the database keeps them: `Date.toISOString()`. */
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/, 'must be an ISO-8601 UTC time')
const text = (max: number) => z.string().max(max)
const slug = z.string().min(1).max(300)

export const userRecord = z
  .object({
    id,
    email: text(254).min(3),
    name: text(200).min(1),
    slug: text(200).min(1),
    role: z.enum(roles as unknown as [Role, ...Role[]]),
    bio: z.string(),
    active: z.boolean(),
    photo_media_id: ref,
    created_at: instant,
    updated_at: instant,
  })
  .strict()

export const mediaRecord = z
  .object({
    id,
    storage_key: z.string().regex(storageKeyPattern, 'must be a storage key'),
    original_name: text(300),
    mime: text(50),
    bytes: z.number().int().nonnegative(),
    width: z.number().int().nonnegative(),
    height: z.number().int().nonnegative(),
    variants: variantsSchema,
    alt: text(500),
    caption: text(1000),
    credit: text(300),
    uploaded_by: ref,
    created_at: instant,
    source_url: text(2000).nullable(),
  })
  .strict()

export const categoryRecord = z
  .object({ id, parent_id: ref, slug: text(200).min(1), name: text(200).min(1), description: z.string(), position: z.number().int() })
  .strict()

export const tagRecord = z.object({ id, slug: text(200).min(1), name: text(200).min(1) }).strict()

export const correctionRecord = z
  .object({ id, kind: z.enum(['correction', 'update']), note: z.string(), user_id: ref, created_at: instant })
  .strict()

const articleStatus = z.enum(['draft', 'review', 'scheduled', 'published', 'unpublished', 'trashed'])

export const articleRecord = z
  .object({
    id,
    slug,
    title: text(500),
    excerpt: z.string(),
    body_html: z.string(),
    status: articleStatus,
    byline: text(300),
    source_line: text(300),
    dateline: text(200),
    comment_status: z.enum(['open', 'closed']),
    is_breaking: z.boolean(),
    is_lead: z.boolean(),
    seo_title: text(300),
    seo_description: text(500),
    published_at: instant.nullable(),
    created_at: instant,
    updated_at: instant,
    version: z.number().int().positive(),
    created_by: ref,
    featured_media_id: ref,
    trashed_from: articleStatus.nullable(),
    /** User ids, in byline order. */
    authors: z.array(id),
    /** Category ids; the first is the primary section. */
    categories: z.array(id),
    tags: z.array(id),
    /** Media the article uses (featured image, images in the body). */
    media: z.array(id),
    corrections: z.array(correctionRecord),
  })
  .strict()

export const revisionRecord = z
  .object({
    id,
    article_id: id,
    version: z.number().int().nonnegative(),
    user_id: ref,
    title: z.string(),
    excerpt: z.string(),
    body_html: z.string(),
    fields: z.record(z.unknown()),
    created_at: instant,
    autosave_started_at: instant.nullable(),
  })
  .strict()

export const pageRecord = z
  .object({ id, slug: text(200).min(1), title: text(500), body_html: z.string(), status: z.enum(['draft', 'published']), created_at: instant, updated_at: instant })
  .strict()

export const commentRecord = z
  .object({
    id,
    article_id: id,
    parent_id: ref,
    depth: z.number().int().nonnegative(),
    author_name: text(200),
    author_email: text(254),
    author_url: text(500),
    body: z.string(),
    status: z.enum(['pending', 'approved', 'spam', 'trash']),
    user_id: ref,
    /** The keyed hash, never an address; it only matches new comments under the same SAHIFA_SECRET. */
    ip_hash: text(64).nullable(),
    user_agent: text(300),
    hold_reason: text(100),
    created_at: instant,
    updated_at: instant,
  })
  .strict()

export const commenterRecord = z.object({ email: text(254).min(1), trusted: z.boolean(), blocked: z.boolean(), updated_at: instant }).strict()

export const redirectRecord = z
  .object({ id, from_path: text(2000).min(1), to_path: text(2000).nullable(), status_code: z.union([z.literal(301), z.literal(410)]), created_at: instant })
  .strict()

export const auditRecord = z
  .object({ id, user_id: ref, action: text(40), subject_type: text(20), subject_id: z.number().int().nullable(), detail: text(1000), created_at: instant })
  .strict()

export const moderationRecord = z
  .object({ id, user_id: ref, action: text(40), comment_id: z.number().int().nullable(), detail: text(500), created_at: instant })
  .strict()

export const importMapRecord = z
  .object({
    source: text(300).min(1),
    kind: z.enum(['author', 'category', 'tag', 'post', 'page', 'attachment', 'comment']),
    source_id: text(200).min(1),
    target_id: z.number().int(),
    source_parent: text(200).nullable(),
    target_stamp: text(40).nullable(),
  })
  .strict()

/**
 * The sections of the document, in the order they are written and must be read (each refers
 * only to sections before it). Missing sections are empty.
 */
export const sectionSchemas = {
  users: userRecord,
  media: mediaRecord,
  categories: categoryRecord,
  tags: tagRecord,
  articles: articleRecord,
  revisions: revisionRecord,
  pages: pageRecord,
  comments: commentRecord,
  commenters: commenterRecord,
  redirects: redirectRecord,
  audit_log: auditRecord,
  moderation_log: moderationRecord,
  import_map: importMapRecord,
} as const

export type Section = keyof typeof sectionSchemas
export const sections = Object.keys(sectionSchemas) as Section[]
export type SectionRecord<S extends Section> = z.infer<(typeof sectionSchemas)[S]>
export type SectionCounts = Record<Section, number>

export type UserRecord = z.infer<typeof userRecord>
export type MediaRecord = z.infer<typeof mediaRecord>
export type CategoryRecord = z.infer<typeof categoryRecord>
export type TagRecord = z.infer<typeof tagRecord>
export type ArticleRecord = z.infer<typeof articleRecord>
export type RevisionRecord = z.infer<typeof revisionRecord>
export type PageRecord = z.infer<typeof pageRecord>
export type CommentRecord = z.infer<typeof commentRecord>
export type CommenterRecord = z.infer<typeof commenterRecord>
export type RedirectRecord = z.infer<typeof redirectRecord>
export type AuditRecord = z.infer<typeof auditRecord>
export type ModerationRecord = z.infer<typeof moderationRecord>
export type ImportMapRecord = z.infer<typeof importMapRecord>
