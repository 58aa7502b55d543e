import { htmlToText } from '../articles/article-html.js'
import { insertCorrection, listCorrections } from '../articles/editorial.repository.js'
import { insertPage } from '../pages/pages.repository.js'
import { normalizeForDisplay, slugify } from '../../text/arabic/index.js'
import { findPageStamp, insertImportedArticle, isPageSlugTaken, updateImportedArticle, updateImportedPage } from './import.repository.js'
import { loginKey, writeAuthor } from './wordpress.authors.js'
import { BATCH_ITEMS, flushBatch, prefetch, WriteBatch, type Prefetched } from './wordpress.batch.js'
import { approvedCount, writeComments } from './wordpress.comments.js'
import { teaserOf } from './wordpress.content.js'
import { cleanEmail, mapPageStatus, mapPostStatus, percentDecode, plainText, toSlug, wordpressInstant } from './wordpress.mapper.js'
import { prepareContent } from './wordpress.media-refs.js'
import { pagePaths, postPaths, type OldPath } from './wordpress.permalinks.js'
import type { ImportRun } from './wordpress.run.js'
import { writeTerm } from './wordpress.terms.js'
import { parseSahifaCorrections, parseSahifaInstant, type WxrItem } from './wxr.schema.js'

/** A title for posts exported without one (WordPress shows "(no title)"). */
export const UNTITLED = '(بلا عنوان)'

/**
 * Writes posts and pages as they stream by, BATCH_ITEMS at a time (see wordpress.batch.ts).
 * `add` takes the next item; `finish` writes what is left. `onItem` follows each item written.
 */
export function postWriter(run: ImportRun, secret: string, onItem: () => void) {
  let items: WxrItem[] = []
  const ids = new Set<string>()
  const write = async (final: boolean) => {
    const known = await prefetch(run, items)
    const batch = new WriteBatch()
    for (const item of items) {
      if (item.postType === 'page') await writePage(run, item, known, batch)
      else await writePost(run, secret, item, known, batch)
      onItem()
    }
    await flushBatch(run, batch, { final })
    items = []
    ids.clear()
  }
  return {
    async add(item: WxrItem): Promise<void> {
      // The same post twice in one file: the batch so far is written first, so the second is an update.
      const key = `${item.postType}:${item.postId}`
      if (items.length >= BATCH_ITEMS || ids.has(key)) await write(false)
      items.push(item)
      ids.add(key)
    },
    finish: () => write(true),
  }
}

/**
 * A post as an article (matched by its WordPress id: a re-run updates it, unless it was edited
 * or deleted here since), with its authors, categories (first = primary), tags, featured image,
 * old addresses as 301 redirects (published posts only: a draft's slug may be news) and comments.
 * Sahifa's own fields come from its `_sahifa_*` meta (see sahifaFields): a WordPress export has
 * none, and its posts get the defaults.
 */
async function writePost(run: ImportRun, secret: string, item: WxrItem, known: Prefetched, batch: WriteBatch): Promise<void> {
  const mapping = mapPostStatus(item)
  if ('skip' in mapping) {
    run.skip(`posts with ${mapping.skip}`)
    return
  }
  const db = run.db
  const mapped = known.posts.get(item.postId)
  const version = mapped && known.versions.get(mapped.targetId)
  if (mapped && version === undefined) {
    run.skip('posts deleted in Sahifa since the last import (not brought back)')
    return
  }
  if (mapped && String(version) !== mapped.stamp) {
    run.counts.posts.kept++
    batch.targets.push(...(await writeComments(run, secret, mapped.targetId, item.comments, known)))
    batch.recount.push(mapped.targetId)
    return
  }

  const title = plainText(item.title, 500) || UNTITLED
  const slug = toSlug(item.postName) || slugify(plainText(item.title)) || `post-${item.postId}`
  const created = wordpressInstant(item.postDateGmt, item.postDate, run.timeZone) ?? run.now
  const modified = wordpressInstant(item.postModifiedGmt, null, run.timeZone) ?? created
  const sahifa = sahifaFields(item)
  // A private post was published (to signed-in staff only): like an unpublished article, it keeps
  // its publication time, which a republish keeps too. Sahifa's export names the creation time
  // apart only for articles that have a publication time: their post date is that time.
  const wasPublic = item.status === 'publish' || item.status === 'private' || ['published', 'unpublished'].includes(mapping.trashedFrom ?? '') || sahifa.createdAt !== undefined
  const content = await prepareContent(run, item)
  const authorId = item.creator ? await writeAuthor(run, { login: item.creator, email: '', displayName: '', firstName: '', lastName: '', id: '' }) : undefined
  const authorIds = [...(authorId === undefined ? [] : [authorId]), ...(await coAuthorIds(run, item))]
  const categoryIds: number[] = []
  const tagIds: number[] = []
  for (const term of item.terms) {
    if (term.domain !== 'category' && term.domain !== 'post_tag') continue
    const id = await writeTerm(run, { id: '', taxonomy: term.domain, slug: term.slug, parent: '', name: term.name, description: '' })
    if (id !== undefined) (term.domain === 'category' ? categoryIds : tagIds).push(id)
  }
  const featured = known.attachments.get(item.meta._thumbnail_id?.trim() ?? '')?.targetId
  const seoTitle = item.meta._yoast_wpseo_title ?? ''
  const seoDescription = item.meta._yoast_wpseo_metadesc ?? ''
  const fields = {
    slug,
    title,
    excerpt: plainText(item.excerpt, 1000) || plainText(teaserOf(item.content) ?? '', 1000),
    body_html: content.html,
    body_text: htmlToText(content.html),
    status: mapping.status,
    comment_status: item.commentStatus === 'closed' ? ('closed' as const) : ('open' as const),
    is_lead: item.isSticky === '1' ? 1 : 0,
    // Yoast titles with %%variables%% are templates, not titles.
    seo_title: seoTitle.includes('%%') ? '' : plainText(seoTitle, 300),
    seo_description: seoDescription.includes('%%') ? '' : plainText(seoDescription, 500),
    byline: sahifa.byline,
    source_line: sahifa.sourceLine,
    dateline: sahifa.dateline,
    is_breaking: sahifa.isBreaking ? 1 : 0,
    published_at: mapping.status === 'published' || mapping.status === 'scheduled' || wasPublic ? created.toISOString() : null,
    created_at: sahifa.createdAt ?? created.toISOString(),
    updated_at: modified.toISOString(),
    created_by: (sahifa.createdBy ? run.authors.get(loginKey(sahifa.createdBy)) : undefined) ?? authorIds[0] ?? null,
    featured_media_id: featured ?? null,
    trashed_from: mapping.trashedFrom,
  }
  let id: number
  let stamp: number
  if (mapped) {
    id = mapped.targetId
    stamp = await updateImportedArticle(db, id, fields)
    batch.recount.push(id)
    run.counts.posts.updated++
  } else {
    id = await insertImportedArticle(db, { ...fields, version: 1, preview_token: null, comment_count: approvedCount(item.comments) })
    stamp = 1
    run.counts.posts.imported++
  }
  await writeCorrections(run, id, item, mapped !== undefined)
  batch.link(id, { authorIds, categoryIds, tagIds }, mapped !== undefined)
  const mediaIds = [...content.mediaIds, ...(featured === undefined ? [] : [featured])]
  if (mapped || mediaIds.length > 0) batch.useMedia(id, mediaIds, mapped !== undefined)
  batch.targets.push({ kind: 'post', sourceId: item.postId, targetId: id, stamp: String(stamp) }, ...(await writeComments(run, secret, id, item.comments, known)))
  const paths = postPaths({ link: item.link, postId: item.postId, postDate: item.postDate, slug: percentDecode(item.postName) })
  recordOldPaths(batch, paths, `/news/${id}/${slug}`, mapping.status === 'published', `/news/${id}/`)
  run.pendingSearch.push(id)
}

/** Sahifa's article fields from its `_sahifa_*` meta, cleaned as the newsroom cleans them; empty when absent. */
function sahifaFields(item: WxrItem) {
  const text = (value: string | undefined, max: number) => Array.from(normalizeForDisplay(value ?? '')).slice(0, max).join('').trim()
  return {
    byline: text(item.meta._sahifa_byline, 300),
    sourceLine: text(item.meta._sahifa_source_line, 300),
    dateline: text(item.meta._sahifa_dateline, 200),
    isBreaking: item.meta._sahifa_breaking?.trim() === '1',
    createdAt: parseSahifaInstant(item.meta._sahifa_created_at),
    /** The login of the account that created the article, when it is not the first author. */
    createdBy: item.meta._sahifa_created_by?.trim(),
  }
}

/**
 * The co-authors Sahifa's export lists after the creator (`_sahifa_authors`: every author in
 * byline order, comma-separated logins; an email is looked up as well): each resolves to the
 * user its `<wp:author>` became, found or made as for `dc:creator`.
 */
async function coAuthorIds(run: ImportRun, item: WxrItem): Promise<number[]> {
  const ids: number[] = []
  for (const ref of (item.meta._sahifa_authors ?? '').split(',').map((r) => r.trim())) {
    if (!ref) continue
    const id = await writeAuthor(run, { login: ref, email: cleanEmail(ref), displayName: '', firstName: '', lastName: '', id: '' })
    if (id !== undefined) ids.push(id)
  }
  return ids
}

/**
 * The article's corrections and updates from `_sahifa_corrections`, with their times and
 * writers (a login the export does not list leaves the writer empty). A re-run adds those the
 * article lacks and removes none: corrections are only ever added, here as in the newsroom.
 */
async function writeCorrections(run: ImportRun, articleId: number, item: WxrItem, updating: boolean): Promise<void> {
  const raw = item.meta._sahifa_corrections
  if (raw === undefined || raw.trim() === '') return
  const corrections = parseSahifaCorrections(raw)
  if (!corrections) {
    run.skip('corrections that could not be read (_sahifa_corrections is not a list of notes)')
    return
  }
  const key = (c: { kind: string; note: string; at: string }) => `${c.kind}\n${c.at}\n${c.note}`
  const existing = new Set(updating ? (await listCorrections(run.db, articleId)).map((c) => key({ ...c, at: c.createdAt })) : [])
  for (const c of corrections) {
    if (existing.has(key(c))) continue
    const userId = (c.by ? run.authors.get(loginKey(c.by)) : undefined) ?? null
    await insertCorrection(run.db, { articleId, kind: c.kind, note: c.note, userId }, new Date(c.at))
  }
}

/**
 * A page as a static page (`/page/{slug}`; slugs are unique among pages, so a taken one gets
 * `-2`, `-3`…). WordPress's page tree has no counterpart: a child page's old address
 * (`/parent/child/`) is kept as a redirect. Pages take no comments here: theirs are skipped.
 */
async function writePage(run: ImportRun, item: WxrItem, known: Prefetched, batch: WriteBatch): Promise<void> {
  const mapping = mapPageStatus(item)
  if ('skip' in mapping) {
    run.skip(`pages with ${mapping.skip}`)
    return
  }
  if (item.comments.length > 0) run.skip('comments on pages (pages take no comments)', item.comments.length)
  const db = run.db
  const mapped = known.pages.get(item.postId)
  const current = mapped && (await findPageStamp(db, mapped.targetId))
  if (mapped && current === undefined) {
    run.skip('pages deleted in Sahifa since the last import (not brought back)')
    return
  }
  if (mapped && current !== mapped.stamp) {
    run.counts.pages.kept++
    return
  }
  const base = toSlug(item.postName) || slugify(plainText(item.title)) || `page-${item.postId}`
  let slug = base
  for (let n = 2; await isPageSlugTaken(db, slug, mapped?.targetId); n++) slug = `${base}-${n}`
  const created = wordpressInstant(item.postDateGmt, item.postDate, run.timeZone) ?? run.now
  const modified = wordpressInstant(item.postModifiedGmt, null, run.timeZone) ?? created
  const content = await prepareContent(run, item)
  const page = { slug, title: plainText(item.title, 500) || UNTITLED, bodyHtml: content.html, status: mapping.status }
  const dates = { createdAt: created.toISOString(), updatedAt: modified.toISOString() }
  let id: number
  if (mapped) {
    id = mapped.targetId
    await updateImportedPage(db, id, { ...page, ...dates })
    run.counts.pages.updated++
  } else {
    id = await insertPage(db, { ...page, now: created })
    if (dates.updatedAt !== dates.createdAt) await updateImportedPage(db, id, { ...page, ...dates })
    run.counts.pages.imported++
  }
  batch.targets.push({ kind: 'page', sourceId: item.postId, targetId: id, sourceParent: item.postParent, stamp: dates.updatedAt })
  const paths = pagePaths({ link: item.link, postId: item.postId, slug: percentDecode(item.postName), hasParent: item.postParent !== null })
  recordOldPaths(batch, paths, `/page/${slug}`, mapping.status === 'published', `/page/${slug}`)
}

/** Old paths of public content become 301s to `target`; those of content no longer public are forgotten. */
function recordOldPaths(batch: WriteBatch, paths: OldPath[], target: string, isPublic: boolean, targetPrefix: string): void {
  const redirects = paths.filter((p) => p.path !== target && p.path !== `${target}/`)
  if (isPublic) for (const p of redirects) batch.redirect(p.path, target, p.authoritative)
  else if (redirects.length) batch.forgotten.push({ paths: redirects.map((p) => p.path), toPrefix: targetPrefix })
}
