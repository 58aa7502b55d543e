/**
 * The records of a WordPress export (WXR 1.0–1.2), validated once as they are read: zod schemas
 * over the fields the importer uses, with their types inferred from the schemas.
 */
import { z } from 'zod'
import { normalizeForDisplay } from '../../text/arabic/index.js'
import type { XmlNode } from './wxr.reader.js'

/** The channel's own details. */
export interface WxrSite {
  title: string
  link: string
  language: string
  wxrVersion: string
  baseSiteUrl: string
  baseBlogUrl: string
}

/** A WordPress id: digits, kept as text (ids are compared, never computed with). */
const id = z.string().trim().regex(/^\d{1,19}$/, 'must be a whole number')
/** A parent id: "0" or empty means none. */
const parentId = z
  .string()
  .trim()
  .regex(/^\d{0,19}$/, 'must be a whole number')
  .transform((v) => (v === '' || /^0+$/.test(v) ? null : v))
const text = z.string().default('')
/** `YYYY-MM-DD HH:MM:SS` as WordPress writes it; `0000-00-00 00:00:00` (never set) is null. */
const wpDate = z
  .string()
  .trim()
  .transform((v) => (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) && !v.startsWith('0000') ? v : null))

export const wxrAuthorSchema = z.object({
  id: z.string().trim().regex(/^\d*$/).default(''),
  login: z.string().trim().min(1, 'an author needs a login').max(200),
  email: text,
  displayName: text,
  firstName: text,
  lastName: text,
})
export type WxrAuthor = z.infer<typeof wxrAuthorSchema>

export const wxrTermSchema = z.object({
  id: z.string().trim().regex(/^\d*$/).default(''),
  /** category | post_tag | nav_menu | post_format | any custom taxonomy. */
  taxonomy: z.string().trim().min(1),
  /** As exported: percent-encoded for non-Latin slugs. */
  slug: z.string().trim().min(1, 'a term needs a slug').max(1000),
  /** The parent's slug (categories), empty for none. */
  parent: z.string().trim().default(''),
  name: text,
  description: text,
})
export type WxrTerm = z.infer<typeof wxrTermSchema>

export const wxrCommentSchema = z.object({
  id,
  author: text,
  email: text,
  url: text,
  ip: text,
  date: wpDate,
  dateGmt: wpDate,
  content: text,
  /** 1 | 0 | spam | trash | post-trashed */
  approved: z.string().trim().default('0'),
  type: z.string().trim().default(''),
  parent: parentId,
  userId: parentId,
})
export type WxrComment = z.infer<typeof wxrCommentSchema>

/**
 * Post meta the importer reads; the rest (theme options, serialized plugin data) is never kept.
 * The `_sahifa_*` keys are Sahifa's own fields, which its WXR export writes as a plugin would
 * (WordPress has no place for them); a WordPress export has none of them.
 */
export const usedMetaKeys = new Set([
  '_thumbnail_id',
  '_wp_attached_file',
  '_wp_attachment_image_alt',
  '_wp_trash_meta_status',
  '_yoast_wpseo_title',
  '_yoast_wpseo_metadesc',
  '_sahifa_byline',
  '_sahifa_source_line',
  '_sahifa_dateline',
  '_sahifa_breaking',
  '_sahifa_authors',
  '_sahifa_created_at',
  '_sahifa_created_by',
  '_sahifa_corrections',
  '_sahifa_credit',
])

/** An ISO-8601 UTC time as Sahifa stores them (`Date.toISOString()`). */
const isoInstant = z
  .string()
  .trim()
  .datetime()
  .transform((v) => new Date(v).toISOString())

/**
 * `_sahifa_corrections`: an article's correction and update notes as JSON, oldest first, each with
 * the login of who wrote it (`by`, may be empty) and when (`at`). Notes as the newsroom keeps them.
 */
export const sahifaCorrectionsSchema = z.array(
  z.object({
    kind: z.enum(['correction', 'update']),
    note: z.string().transform((note) => normalizeForDisplay(note)).pipe(z.string().min(1).max(2000)),
    by: z.string().default(''),
    at: isoInstant,
  }),
)
export type SahifaCorrection = z.infer<typeof sahifaCorrectionsSchema>[number]

/** `_sahifa_corrections` read and validated; undefined when it is not such a list. */
export function parseSahifaCorrections(value: string): SahifaCorrection[] | undefined {
  let json: unknown
  try {
    json = JSON.parse(value)
  } catch {
    return undefined
  }
  const parsed = sahifaCorrectionsSchema.safeParse(json)
  return parsed.success ? parsed.data : undefined
}

/** `_sahifa_created_at` as an instant; undefined when it is absent or not an ISO-8601 UTC time. */
export function parseSahifaInstant(value: string | undefined): string | undefined {
  const parsed = isoInstant.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

export const wxrItemSchema = z.object({
  title: text,
  link: text,
  guid: text,
  creator: text,
  content: text,
  excerpt: text,
  postId: id,
  postDate: wpDate,
  postDateGmt: wpDate,
  postModifiedGmt: wpDate,
  commentStatus: z.string().trim().default('open'),
  /** As exported: percent-encoded for non-Latin slugs. */
  postName: text,
  status: z.string().trim().default('publish'),
  postParent: parentId,
  postType: z.string().trim().default('post'),
  postPassword: text,
  isSticky: z.string().trim().default('0'),
  attachmentUrl: text,
  /** `<category domain="category|post_tag|post_format…" nicename="slug">Name</category>` */
  terms: z.array(z.object({ domain: z.string(), slug: z.string(), name: z.string() })),
  meta: z.record(z.string()),
  comments: z.array(wxrCommentSchema),
})
export type WxrItem = z.infer<typeof wxrItemSchema>

/** The text of a node's first child with this name ('' when there is none). */
function field(node: XmlNode, name: string): string | undefined {
  for (const child of node.children) if (child.name === name) return child.text
  return undefined
}

/** An `<item>` element as a validated WxrItem (throws a ZodError naming the bad fields). */
export function parseItem(node: XmlNode): WxrItem {
  const terms: WxrItem['terms'] = []
  const meta: Record<string, string> = {}
  const comments: unknown[] = []
  for (const child of node.children) {
    if (child.name === 'category') terms.push({ domain: child.attrs.domain ?? '', slug: child.attrs.nicename ?? '', name: child.text.trim() })
    else if (child.name === 'wp:postmeta') {
      const key = field(child, 'wp:meta_key')?.trim()
      if (key && usedMetaKeys.has(key)) meta[key] = field(child, 'wp:meta_value') ?? ''
    } else if (child.name === 'wp:comment') {
      comments.push({
        id: field(child, 'wp:comment_id'),
        author: field(child, 'wp:comment_author'),
        email: field(child, 'wp:comment_author_email'),
        url: field(child, 'wp:comment_author_url'),
        ip: field(child, 'wp:comment_author_IP'),
        date: field(child, 'wp:comment_date') ?? '',
        dateGmt: field(child, 'wp:comment_date_gmt') ?? '',
        content: field(child, 'wp:comment_content'),
        approved: field(child, 'wp:comment_approved'),
        type: field(child, 'wp:comment_type'),
        parent: field(child, 'wp:comment_parent') ?? '',
        userId: field(child, 'wp:comment_user_id') ?? '',
      })
    }
  }
  return wxrItemSchema.parse({
    title: field(node, 'title'),
    link: field(node, 'link'),
    guid: field(node, 'guid'),
    creator: field(node, 'dc:creator'),
    content: field(node, 'content:encoded'),
    excerpt: field(node, 'excerpt:encoded'),
    postId: field(node, 'wp:post_id') ?? '',
    postDate: field(node, 'wp:post_date') ?? '',
    postDateGmt: field(node, 'wp:post_date_gmt') ?? '',
    postModifiedGmt: field(node, 'wp:post_modified_gmt') ?? '',
    commentStatus: field(node, 'wp:comment_status'),
    postName: field(node, 'wp:post_name'),
    status: field(node, 'wp:status'),
    postParent: field(node, 'wp:post_parent') ?? '',
    postType: field(node, 'wp:post_type'),
    postPassword: field(node, 'wp:post_password'),
    isSticky: field(node, 'wp:is_sticky'),
    attachmentUrl: field(node, 'wp:attachment_url')?.trim(),
    terms,
    meta,
    comments,
  })
}

/** A `<wp:author>` element as a validated WxrAuthor. */
export function parseAuthor(node: XmlNode): WxrAuthor {
  return wxrAuthorSchema.parse({
    id: field(node, 'wp:author_id'),
    login: field(node, 'wp:author_login') ?? '',
    email: field(node, 'wp:author_email')?.trim(),
    displayName: field(node, 'wp:author_display_name')?.trim(),
    firstName: field(node, 'wp:author_first_name')?.trim(),
    lastName: field(node, 'wp:author_last_name')?.trim(),
  })
}

/**
 * A `<wp:category>`, `<wp:tag>` (taxonomy given) or `<wp:term>` (taxonomy in the element) as a
 * validated WxrTerm.
 */
export function parseTerm(node: XmlNode, taxonomy: 'category' | 'post_tag' | undefined): WxrTerm {
  if (taxonomy === 'category') {
    return wxrTermSchema.parse({
      id: field(node, 'wp:term_id'),
      taxonomy,
      slug: field(node, 'wp:category_nicename') ?? '',
      parent: field(node, 'wp:category_parent'),
      name: field(node, 'wp:cat_name'),
      description: field(node, 'wp:category_description'),
    })
  }
  if (taxonomy === 'post_tag') {
    return wxrTermSchema.parse({ id: field(node, 'wp:term_id'), taxonomy, slug: field(node, 'wp:tag_slug') ?? '', name: field(node, 'wp:tag_name'), description: field(node, 'wp:tag_description') })
  }
  return wxrTermSchema.parse({
    id: field(node, 'wp:term_id'),
    taxonomy: field(node, 'wp:term_taxonomy') ?? '',
    slug: field(node, 'wp:term_slug') ?? '',
    parent: field(node, 'wp:term_parent'),
    name: field(node, 'wp:term_name'),
    description: field(node, 'wp:term_description'),
  })
}
