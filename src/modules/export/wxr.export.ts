/**
 * `sahifa export --format wxr`: the site as a WordPress eXtended RSS 1.2 file, streamed (see README.md).
 */
import type { Db } from '../../db/database.js'
import { slugify } from '../../text/arabic/index.js'
import { mediaUrl } from '../media/media.schema.js'
import { loadSiteSettings } from '../settings/settings.service.js'
import {
  findHighestIds,
  findTagsByIds,
  listArticlesAfter,
  listCategoriesAfter,
  listCommentsOfArticles,
  listMediaAfter,
  listPagesAfter,
  listTagsAfter,
  listUsersAfter,
} from './export.repository.js'
import type { ArticleRecord, CategoryRecord, CommentRecord, MediaRecord, PageRecord, TagRecord, UserRecord } from './export.schema.js'
import type { ExportSink } from './export.sink.js'
import { htmlText, rssDate, treeOrder, wordpressCommentApproved, wordpressContent, wordpressGmt, wordpressLocal, wordpressPostStatus, wordpressSlug } from './wxr.mapping.js'
import { XmlWriter } from './xml.writer.js'

export interface WxrOptions {
  /** The site's public address (`https://example.com`, no trailing slash): links, GUIDs, media URLs. */
  baseUrl: string
  now: Date
  generator: string
  onProgress?: (progress: { done: number; total: number }) => void
}

export interface WxrCounts {
  authors: number
  categories: number
  tags: number
  attachments: number
  posts: number
  pages: number
  comments: number
}

const namespaces = {
  version: '2.0',
  'xmlns:excerpt': 'http://wordpress.org/export/1.2/excerpt/',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:wfw': 'http://wellformedweb.org/CommentAPI/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:wp': 'http://wordpress.org/export/1.2/',
}

/** What items need to know about the rest of the site. */
interface Context {
  xml: XmlWriter
  baseUrl: string
  timeZone: string
  /** User id → WordPress login and email. */
  users: Map<number, { login: string; email: string }>
  categories: Map<number, CategoryRecord>
  /** WordPress numbers posts, pages and attachments in one sequence: pages and attachments come after the articles. */
  pageOffset: number
  attachmentOffset: number
  /** Term ids are one sequence too: tags come after the categories. */
  tagOffset: number
  counts: WxrCounts
}

/**
 * Writes a WXR 1.2 export to `sink`: the channel, its authors (every staff account), categories
 * (parents before children), tags, then attachments (media records with a URL), posts (every
 * article status, with their comments) and pages. One snapshot transaction, read in batches by
 * key. Returns what it wrote.
 */
export async function exportWxr(db: Db, sink: ExportSink, options: WxrOptions): Promise<WxrCounts> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const settings = await loadSiteSettings(trx)
      const highest = await findHighestIds(trx)
      const xml = new XmlWriter((chunk) => sink.write(chunk))
      const counts: WxrCounts = { authors: 0, categories: 0, tags: 0, attachments: 0, posts: 0, pages: 0, comments: 0 }
      const base = options.baseUrl.replace(/\/+$/, '')
      xml.comment(`A WordPress eXtended RSS (WXR) export of ${base} by ${options.generator}. PRIVATE: it holds the email addresses of staff and commenters and every draft.`)
      xml.open('rss', namespaces).open('channel')
      xml.text('title', settings.name).text('link', base).text('description', settings.tagline).text('pubDate', rssDate(options.now.toISOString())).text('language', settings.locale)
      xml.text('wp:wxr_version', '1.2').text('wp:base_site_url', base).text('wp:base_blog_url', base)

      const users = new Map<number, { login: string; email: string }>()
      for (let batch = await listUsersAfter(trx, 0, 500); batch.length > 0; batch = await listUsersAfter(trx, batch.at(-1)!.id, 500)) {
        for (const user of batch) {
          users.set(user.id, { login: loginOf(user), email: user.email })
          writeAuthor(xml, user, loginOf(user))
          counts.authors++
        }
        await xml.flush()
      }
      const categories = await allCategories(trx)
      const ctx: Context = {
        xml,
        baseUrl: base,
        timeZone: settings.timeZone,
        users,
        categories: new Map(categories.map((c) => [c.id, c])),
        pageOffset: highest.article,
        attachmentOffset: highest.article + highest.page,
        tagOffset: Math.max(0, ...categories.map((c) => c.id)),
        counts,
      }
      for (const category of treeOrder(categories)) writeCategory(ctx, category)
      for (let batch = await listTagsAfter(trx, 0, 500); batch.length > 0; batch = await listTagsAfter(trx, batch.at(-1)!.id, 500)) {
        for (const tag of batch) writeTag(ctx, tag)
        await xml.flush()
      }
      xml.text('generator', options.generator)

      for (let batch = await listMediaAfter(trx, 0, 500); batch.length > 0; batch = await listMediaAfter(trx, batch.at(-1)!.id, 500)) {
        for (const media of batch) writeAttachment(ctx, media)
        await xml.flush()
      }
      const total = highest.article
      for (let batch = await listArticlesAfter(trx, 0, 100); batch.length > 0; batch = await listArticlesAfter(trx, batch.at(-1)!.id, 100)) {
        const ids = batch.map((a) => a.id)
        const [comments, tags] = await Promise.all([listCommentsOfArticles(trx, ids), findTagsByIds(trx, batch.flatMap((a) => a.tags))])
        for (const article of batch) writePost(ctx, article, comments.filter((c) => c.article_id === article.id), tags)
        await xml.flush()
        options.onProgress?.({ done: batch.at(-1)!.id, total })
      }
      for (let batch = await listPagesAfter(trx, 0, 500); batch.length > 0; batch = await listPagesAfter(trx, batch.at(-1)!.id, 500)) {
        for (const page of batch) writePage(ctx, page)
        await xml.flush()
      }
      await xml.end()
      return counts
    })
}

/** The WordPress login of an account: its slug when WordPress would accept it (ASCII), else `user-{id}`. */
function loginOf(user: Pick<UserRecord, 'id' | 'slug'>): string {
  return /^[a-z0-9_.@-]{1,60}$/i.test(user.slug) ? user.slug : `user-${user.id}`
}

function writeAuthor(xml: XmlWriter, user: UserRecord, login: string): void {
  xml.open('wp:author')
  xml.text('wp:author_id', user.id).cdata('wp:author_login', login).cdata('wp:author_email', user.email).cdata('wp:author_display_name', htmlText(user.name))
  xml.cdata('wp:author_first_name', '').cdata('wp:author_last_name', '')
  xml.close()
}

async function allCategories(db: Db): Promise<CategoryRecord[]> {
  const all: CategoryRecord[] = []
  for (let batch = await listCategoriesAfter(db, 0, 500); batch.length > 0; batch = await listCategoriesAfter(db, batch.at(-1)!.id, 500)) all.push(...batch)
  return all
}

function writeCategory(ctx: Context, c: CategoryRecord): void {
  const parent = c.parent_id === null ? undefined : ctx.categories.get(c.parent_id)
  ctx.xml.open('wp:category')
  ctx.xml.text('wp:term_id', c.id).cdata('wp:category_nicename', wordpressSlug(c.slug)).cdata('wp:category_parent', parent ? wordpressSlug(parent.slug) : '')
  ctx.xml.cdata('wp:cat_name', htmlText(c.name)).cdata('wp:category_description', htmlText(c.description))
  ctx.xml.close()
  ctx.counts.categories++
}

function writeTag(ctx: Context, t: TagRecord): void {
  ctx.xml.open('wp:tag').text('wp:term_id', ctx.tagOffset + t.id).cdata('wp:tag_slug', wordpressSlug(t.slug)).cdata('wp:tag_name', htmlText(t.name)).close()
  ctx.counts.tags++
}

function meta(xml: XmlWriter, key: string, value: string | number): void {
  xml.open('wp:postmeta').cdata('wp:meta_key', key).cdata('wp:meta_value', String(value)).close()
}

/** The fields every item has, in WordPress's order, up to `wp:post_type`. */
function itemHead(
  ctx: Context,
  item: { title: string; link: string; guid: string; creator: string; content: string; excerpt: string; id: number; date: string; modified: string; commentStatus: string; name: string; status: string; type: string },
): void {
  const { xml, timeZone } = ctx
  xml.cdata('title', item.title).text('link', item.link).text('pubDate', rssDate(item.date)).cdata('dc:creator', item.creator)
  xml.text('guid', item.guid, { isPermaLink: 'false' }).text('description', '')
  xml.cdata('content:encoded', item.content).cdata('excerpt:encoded', item.excerpt)
  xml.text('wp:post_id', item.id)
  xml.cdata('wp:post_date', wordpressLocal(item.date, timeZone)).cdata('wp:post_date_gmt', wordpressGmt(item.date))
  xml.cdata('wp:post_modified', wordpressLocal(item.modified, timeZone)).cdata('wp:post_modified_gmt', wordpressGmt(item.modified))
  xml.cdata('wp:comment_status', item.commentStatus).cdata('wp:ping_status', 'closed').cdata('wp:post_name', item.name)
  xml.cdata('wp:status', item.status).text('wp:post_parent', 0).text('wp:menu_order', 0).cdata('wp:post_type', item.type).cdata('wp:post_password', '')
}

/** The URL an attachment is fetched from: where it came from, else our largest WebP; undefined when there is neither. */
function attachmentUrl(ctx: Context, m: MediaRecord): string | undefined {
  if (m.source_url) return m.source_url
  const largest = m.variants.filter((v) => v.format === 'webp').sort((a, b) => b.width - a.width)[0]
  return largest && `${ctx.baseUrl}${mediaUrl(m.storage_key, largest.file)}`
}

function writeAttachment(ctx: Context, m: MediaRecord): void {
  const url = attachmentUrl(ctx, m)
  if (!url) return
  const { xml } = ctx
  const title = m.original_name.replace(/\.[A-Za-z0-9]{1,5}$/, '')
  xml.open('item')
  itemHead(ctx, {
    title: htmlText(title),
    link: url,
    guid: url,
    creator: m.uploaded_by === null ? '' : (ctx.users.get(m.uploaded_by)?.login ?? ''),
    content: '',
    excerpt: htmlText(m.caption),
    id: ctx.attachmentOffset + m.id,
    date: m.created_at,
    modified: m.created_at,
    commentStatus: 'closed',
    name: wordpressSlug(slugify(title) || `media-${m.id}`),
    status: 'inherit',
    type: 'attachment',
  })
  xml.text('wp:is_sticky', 0).cdata('wp:attachment_url', url)
  if (m.alt) meta(xml, '_wp_attachment_image_alt', htmlText(m.alt))
  if (m.credit) meta(xml, '_sahifa_credit', m.credit)
  xml.close()
  ctx.counts.attachments++
}

function writePost(ctx: Context, a: ArticleRecord, comments: CommentRecord[], tags: Map<number, TagRecord>): void {
  const { xml } = ctx
  const authors = a.authors.length ? a.authors : a.created_by === null ? [] : [a.created_by]
  const login = (id: number) => ctx.users.get(id)?.login ?? ''
  xml.open('item')
  itemHead(ctx, {
    title: htmlText(a.title),
    link: `${ctx.baseUrl}/news/${a.id}/${encodeURIComponent(a.slug)}`,
    guid: `${ctx.baseUrl}/?p=${a.id}`,
    creator: authors.length ? login(authors[0]!) : '',
    content: wordpressContent(a.body_html, ctx.baseUrl),
    excerpt: htmlText(a.excerpt),
    id: a.id,
    date: a.published_at ?? a.created_at,
    modified: a.updated_at,
    commentStatus: a.comment_status,
    name: wordpressSlug(a.slug),
    status: wordpressPostStatus(a.status),
    type: 'post',
  })
  xml.text('wp:is_sticky', a.is_lead ? 1 : 0)
  for (const id of a.categories) {
    const c = ctx.categories.get(id)
    if (c) xml.cdata('category', htmlText(c.name), { domain: 'category', nicename: wordpressSlug(c.slug) })
  }
  for (const id of a.tags) {
    const t = tags.get(id)
    if (t) xml.cdata('category', htmlText(t.name), { domain: 'post_tag', nicename: wordpressSlug(t.slug) })
  }
  if (a.featured_media_id !== null) meta(xml, '_thumbnail_id', ctx.attachmentOffset + a.featured_media_id)
  if (a.status === 'trashed') {
    meta(xml, '_wp_trash_meta_status', wordpressPostStatus(a.trashed_from && a.trashed_from !== 'trashed' ? a.trashed_from : 'draft'))
    meta(xml, '_wp_trash_meta_time', Math.floor(Date.parse(a.updated_at) / 1000))
  }
  if (a.seo_title) meta(xml, '_yoast_wpseo_title', htmlText(a.seo_title))
  if (a.seo_description) meta(xml, '_yoast_wpseo_metadesc', htmlText(a.seo_description))
  // Sahifa's own fields, kept as WordPress keeps a plugin's (hidden meta): WordPress has no place for them.
  if (a.byline) meta(xml, '_sahifa_byline', a.byline)
  if (a.source_line) meta(xml, '_sahifa_source_line', a.source_line)
  if (a.dateline) meta(xml, '_sahifa_dateline', a.dateline)
  if (a.is_breaking) meta(xml, '_sahifa_breaking', 1)
  if (authors.length > 1) meta(xml, '_sahifa_authors', authors.map(login).join(','))
  // The post date is the publication time when there is one; the creation time then goes beside it
  // (so this key also tells the importer that the post date is a publication time).
  if (a.published_at !== null) meta(xml, '_sahifa_created_at', a.created_at)
  if (a.created_by !== null && a.created_by !== authors[0] && login(a.created_by)) meta(xml, '_sahifa_created_by', login(a.created_by))
  if (a.corrections.length) meta(xml, '_sahifa_corrections', JSON.stringify(a.corrections.map((c) => ({ kind: c.kind, note: c.note, by: c.user_id === null ? '' : login(c.user_id), at: c.created_at }))))
  for (const c of comments) writeComment(ctx, c)
  xml.close()
  ctx.counts.posts++
}

function writeComment(ctx: Context, c: CommentRecord): void {
  const { xml, timeZone } = ctx
  xml.open('wp:comment')
  xml.text('wp:comment_id', c.id).cdata('wp:comment_author', htmlText(c.author_name)).cdata('wp:comment_author_email', c.author_email)
  // WordPress keeps the address; Sahifa never had it (only a keyed hash, which is not exported).
  xml.text('wp:comment_author_url', c.author_url).cdata('wp:comment_author_IP', '')
  xml.cdata('wp:comment_date', wordpressLocal(c.created_at, timeZone)).cdata('wp:comment_date_gmt', wordpressGmt(c.created_at))
  xml.cdata('wp:comment_content', htmlText(c.body)).cdata('wp:comment_approved', wordpressCommentApproved(c.status)).cdata('wp:comment_type', 'comment')
  xml.text('wp:comment_parent', c.parent_id ?? 0).text('wp:comment_user_id', c.user_id ?? 0)
  xml.close()
  ctx.counts.comments++
}

function writePage(ctx: Context, p: PageRecord): void {
  ctx.xml.open('item')
  itemHead(ctx, {
    title: htmlText(p.title),
    link: `${ctx.baseUrl}/page/${encodeURIComponent(p.slug)}`,
    guid: `${ctx.baseUrl}/?page_id=${ctx.pageOffset + p.id}`,
    creator: '',
    content: wordpressContent(p.body_html, ctx.baseUrl),
    excerpt: '',
    id: ctx.pageOffset + p.id,
    date: p.created_at,
    modified: p.updated_at,
    commentStatus: 'closed',
    name: wordpressSlug(p.slug),
    status: p.status === 'published' ? 'publish' : 'draft',
    type: 'page',
  })
  ctx.xml.text('wp:is_sticky', 0).close()
  ctx.counts.pages++
}
