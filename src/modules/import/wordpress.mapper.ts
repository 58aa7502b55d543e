/**
 * WordPress values → Sahifa values: statuses, dates, slugs, plain text. Pure functions.
 */
import type { ArticleStatus, CommentStatus } from '../../db/schema.js'
import { htmlToText } from '../articles/article-html.js'
import { normalizeForDisplay, parseWallClock, slugify } from '../../text/arabic/index.js'
import type { WxrItem } from './wxr.schema.js'

/** Slugs up to this many characters are kept whole (WordPress allows 200). */
export const SLUG_MAX = 200

/**
 * A WordPress slug as Sahifa stores it: percent-decoded (WordPress exports non-Latin slugs
 * encoded), then through `slugify` (NFC, no tashkeel, lower-case, dashes). "" when nothing is left.
 * @example toSlug('%d8%a7%d9%84%d8%b9%d8%b1%d8%a8%d9%8a%d8%a9') // 'العربية'
 */
export function toSlug(raw: string): string {
  return slugify(percentDecode(raw), SLUG_MAX)
}

/** Percent-decoding that never throws (a stray "%" stays as it is), then NFC. */
export function percentDecode(raw: string): string {
  try {
    return decodeURIComponent(raw).normalize('NFC')
  } catch {
    return raw.replace(/(%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    }).normalize('NFC')
  }
}

/**
 * Text that WordPress may hold as HTML (titles, names, excerpts): tags removed, entities decoded
 * (`&#8217;` → ’), then normalized for display (NFC, invisible marks removed); cut to `max`.
 */
export function plainText(html: string, max = Infinity): string {
  const text = normalizeForDisplay(htmlToText(html).replace(/\s+/g, ' ')).trim()
  return text.length > max ? Array.from(text).slice(0, max).join('').trim() : text
}

/**
 * An instant from WordPress's two dates: the GMT one when set, else the local one read in the
 * site's time zone (drafts are exported with `0000-00-00 00:00:00` GMT). Undefined when neither is set.
 * @example wordpressInstant('2012-01-01 17:17:18', '2012-01-01 10:17:18', 'Africa/Cairo') // 2012-01-01T17:17:18.000Z
 */
export function wordpressInstant(gmt: string | null, local: string | null, timeZone: string): Date | undefined {
  if (gmt) {
    const date = new Date(`${gmt.replace(' ', 'T')}Z`)
    if (!Number.isNaN(date.getTime())) return date
  }
  if (local) {
    const wall = parseWallClock(local.slice(0, 16).replace(' ', 'T'), timeZone)
    if (wall) return new Date(wall.getTime() + Number(local.slice(17, 19)) * 1000)
  }
  return undefined
}

/** What a WordPress post becomes, or why it is not imported. */
export type PostStatusMapping = { status: ArticleStatus; trashedFrom: string | null; public: boolean } | { skip: string }

const postStatuses: Record<string, ArticleStatus> = { publish: 'published', future: 'scheduled', draft: 'draft', pending: 'review', private: 'unpublished' }

/**
 * publish → published, future → scheduled, draft → draft, pending → review, private →
 * unpublished (only signed-in staff saw it), trash → trashed (remembering the status it had,
 * from `_wp_trash_meta_status`); auto-drafts and revisions are not imported. A published post
 * with a password becomes unpublished: Sahifa has no password-protected stories, and its text
 * must not become public.
 */
export function mapPostStatus(item: Pick<WxrItem, 'status' | 'postPassword' | 'meta'>): PostStatusMapping {
  if (item.status === 'trash') {
    const before = postStatuses[item.meta._wp_trash_meta_status ?? ''] ?? 'draft'
    return { status: 'trashed', trashedFrom: before === 'published' && item.postPassword ? 'unpublished' : before, public: false }
  }
  const status = postStatuses[item.status]
  if (!status) return { skip: `status "${item.status}" is not imported` }
  if (status === 'published' && item.postPassword) return { status: 'unpublished', trashedFrom: null, public: false }
  return { status, trashedFrom: null, public: status === 'published' }
}

/** Pages are published or drafts: only a published page without a password is public. */
export function mapPageStatus(item: Pick<WxrItem, 'status' | 'postPassword'>): { status: 'draft' | 'published' } | { skip: string } {
  if (item.status === 'auto-draft' || item.status === 'inherit') return { skip: `status "${item.status}" is not imported` }
  return { status: item.status === 'publish' && !item.postPassword ? 'published' : 'draft' }
}

/** comment_approved: 1 → approved, 0 → pending, spam → spam, trash / post-trashed → trash. */
export function mapCommentStatus(approved: string): CommentStatus {
  if (approved === '1' || approved === 'approve') return 'approved'
  if (approved === 'spam') return 'spam'
  if (approved === 'trash' || approved === 'post-trashed') return 'trash'
  return 'pending'
}

/**
 * A comment's text as Sahifa stores comments (plain text, shown with safe auto-links): the
 * little HTML WordPress allows in comments removed, entities decoded, paragraphs kept.
 */
export function commentText(content: string): string {
  return htmlToText(content.replace(/\r\n?/g, '\n').replace(/\n/g, '<br>')).normalize('NFC').trim()
}

/** An email as comments and users store it (lower-case), or "" when it is not one. */
export function cleanEmail(raw: string): string {
  const email = raw.trim().toLowerCase()
  return email.length <= 254 && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email) ? email : ''
}

/** A commenter's website: http(s) only, at most 500 characters; "" otherwise. */
export function cleanWebsite(raw: string): string {
  const url = raw.trim()
  return url.length <= 500 && /^https?:\/\/[^\s<>"]+$/i.test(url) ? url : ''
}

/** A URL fit to store and index: non-ASCII characters percent-encoded, at most 2000 characters; "" for what is not http(s). */
export function cleanUrl(raw: string): string {
  const url = raw.trim().replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run))
  return url.length <= 2000 && /^https?:\/\//i.test(url) ? url : ''
}

const mimeByExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

/** An attachment's type from its URL's extension (WXR does not export it); checked by magic bytes when copied. */
export function mimeFromUrl(url: string): string {
  const ext = /\.([a-z0-9]{2,5})(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase() ?? ''
  return mimeByExtension[ext] ?? 'application/octet-stream'
}

/** The file name at the end of a URL, decoded (what the media library shows). */
export function fileNameOf(url: string): string {
  const path = url.replace(/[?#].*$/, '')
  return percentDecode(path.slice(path.lastIndexOf('/') + 1)).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 300) || 'file'
}
