/**
 * Sahifa values → WordPress values for a WXR export: statuses, slugs, dates, text as WordPress
 * holds it. Pure functions (the inverse of the importer's wordpress.mapper.ts).
 */
import type { ArticleStatus, CommentStatus } from '../../db/schema.js'
import type { CategoryRecord } from './export.schema.js'

/**
 * An article status as a WordPress post status: published → publish, scheduled → future,
 * draft → draft, review → pending, unpublished → private (only signed-in staff see it, as in
 * Sahifa), trashed → trash (the status before goes into `_wp_trash_meta_status`).
 */
export function wordpressPostStatus(status: ArticleStatus): string {
  return { published: 'publish', scheduled: 'future', draft: 'draft', review: 'pending', unpublished: 'private', trashed: 'trash' }[status]
}

/** A comment status as `comment_approved`: approved → 1, pending → 0, spam, trash. */
export function wordpressCommentApproved(status: CommentStatus): string {
  return { approved: '1', pending: '0', spam: 'spam', trash: 'trash' }[status]
}

/**
 * A slug as WordPress stores `post_name` and term slugs: ASCII letters, digits, `-`, `_`, `.`
 * and `~` as they are, every other character percent-encoded from its UTF-8 bytes in lower-case
 * hex (WordPress's `sanitize_title` through `utf8_uri_encode`).
 * @example wordpressSlug('خبر-عاجل') // '%d8%ae%d8%a8%d8%b1-%d8%b9%d8%a7%d8%ac%d9%84'
 */
export function wordpressSlug(slug: string): string {
  return encodeURIComponent(slug.normalize('NFC'))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)
    .replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())
}

/** `YYYY-MM-DD HH:MM:SS` in UTC (`post_date_gmt`). */
export function wordpressGmt(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

const localFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * `YYYY-MM-DD HH:MM:SS` on the wall clock of `timeZone` (`post_date`).
 * @example wordpressLocal('2026-05-11T09:00:00.000Z', 'Africa/Cairo') // '2026-05-11 12:00:00'
 */
export function wordpressLocal(iso: string, timeZone: string): string {
  let format = localFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    localFormats.set(timeZone, format)
  }
  const p = Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/** An RSS `pubDate` (RFC 822), as WordPress writes it: `Mon, 11 May 2026 09:00:00 +0000`. */
export function rssDate(iso: string): string {
  return new Date(iso).toUTCString().replace(/GMT$/, '+0000')
}

/**
 * Plain text as HTML text (`&`, `<`, `>` as entities): what WordPress holds in titles,
 * excerpts, term names and comments, and what an importer decodes again.
 * @example htmlText('عمرو & <زيد>') // 'عمرو &amp; &lt;زيد&gt;'
 */
export function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * An article body (sanitized HTML) as WordPress post content, kept exactly:
 * - inside one block-editor "Custom HTML" block (`<!-- wp:html -->`), which WordPress shows as
 *   it is: no `wpautop` adding paragraphs and line breaks to HTML that has them already;
 * - `[` as `&#91;`: text in brackets is never taken for a shortcode (`[caption]`, `[sic]`);
 * - images of the media library (`/media/…`) with the site's address in front, so that the
 *   content still shows them elsewhere.
 */
export function wordpressContent(html: string, baseUrl: string): string {
  if (html.trim() === '') return ''
  const body = html.replace(/(<img\b[^>]*?\bsrc=")\/media\//g, `$1${baseUrl}/media/`).replace(/\[/g, '&#91;')
  return `<!-- wp:html -->${body}<!-- /wp:html -->`
}

/** Categories parents first (WordPress's importer looks a parent up when it reads the child), siblings by position. */
export function treeOrder(categories: readonly CategoryRecord[]): CategoryRecord[] {
  const ids = new Set(categories.map((c) => c.id))
  const children = new Map<number | null, CategoryRecord[]>()
  for (const c of categories) {
    const parent = c.parent_id !== null && ids.has(c.parent_id) && c.parent_id !== c.id ? c.parent_id : null
    children.set(parent, [...(children.get(parent) ?? []), c])
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.id - b.id)
  const out: CategoryRecord[] = []
  const placed = new Set<number>()
  const visit = (c: CategoryRecord) => {
    if (placed.has(c.id)) return
    placed.add(c.id)
    out.push(c)
    for (const child of children.get(c.id) ?? []) visit(child)
  }
  for (const root of children.get(null) ?? []) visit(root)
  // Categories in a loop of parents reach no root: listed last.
  for (const c of categories) visit(c)
  return out
}
