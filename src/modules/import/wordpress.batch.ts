/**
 * Posts and pages are written in batches of up to BATCH_ITEMS: what each needs looked up is
 * fetched for the whole batch first (a few queries), articles and comments are inserted one by
 * one (their ids are needed at once: replies point to their parents), and everything else —
 * links, import map, redirects, comment counts, images used, search index — is written at the
 * batch's end in a few multi-row statements. On PostgreSQL, where every statement is a round trip,
 * this makes the import several times faster; memory stays bounded by one batch of items.
 */
import { syncSearchIndex } from '../search/search.index.js'
import {
  deleteArticleLinks,
  deleteRedirectsTo,
  findArticleVersions,
  findCommentStamps,
  findTargets,
  insertArticleLinks,
  refreshCommentCounts,
  replaceArticleMediaRows,
  saveRedirects,
  saveTargets,
  type ArticleLinkRows,
  type MappedTarget,
  type TargetRow,
} from './import.repository.js'
import type { ImportRun } from './wordpress.run.js'
import type { WxrItem } from './wxr.schema.js'

/** Posts and pages per batch. */
export const BATCH_ITEMS = 100
/** Articles indexed for search per call (one read, one delete and one insert each). */
const SEARCH_BATCH = 400

/** What a batch's items need to know of earlier runs, fetched for the whole batch at once. */
export interface Prefetched {
  posts: Map<string, MappedTarget>
  pages: Map<string, MappedTarget>
  /** Article id → its version now (an article deleted here is absent). */
  versions: Map<number, number>
  comments: Map<string, MappedTarget>
  /** Comment id → how it is now. */
  commentStamps: Map<number, { updatedAt: string; articleId: number }>
  /** Featured images: WordPress attachment id → ours. */
  attachments: Map<string, MappedTarget>
}

export async function prefetch(run: ImportRun, items: readonly WxrItem[]): Promise<Prefetched> {
  const db = run.db
  const ids = (type: string) => items.filter((i) => i.postType === type).map((i) => i.postId)
  const posts = await findTargets(db, run.source, 'post', ids('post'))
  const pages = await findTargets(db, run.source, 'page', ids('page'))
  const versions = await findArticleVersions(db, [...posts.values()].map((m) => m.targetId))
  // Comments can only be mapped on posts that are: a first run asks nothing.
  const commentIds = items.filter((i) => posts.has(i.postId)).flatMap((i) => i.comments.map((c) => c.id))
  const comments = commentIds.length ? await findTargets(db, run.source, 'comment', commentIds) : new Map<string, MappedTarget>()
  const commentStamps = comments.size ? await findCommentStamps(db, [...comments.values()].map((m) => m.targetId)) : new Map()
  const thumbnails = items.map((i) => i.meta._thumbnail_id?.trim()).filter((id): id is string => !!id && /^\d+$/.test(id))
  const attachments = thumbnails.length ? await findTargets(db, run.source, 'attachment', thumbnails) : new Map<string, MappedTarget>()
  return { posts, pages, versions, comments, commentStamps, attachments }
}

/** Writes gathered while a batch's items are written, made at its end (`flushBatch`). */
export class WriteBatch {
  readonly links: ArticleLinkRows = { authors: [], categories: [], tags: [] }
  /** Articles whose links are written anew (the old ones are deleted first). */
  readonly relinked: number[] = []
  readonly targets: TargetRow[] = []
  /** Old path → redirect; within a batch an authoritative path wins, else the first claim. */
  readonly redirects = new Map<string, { from: string; to: string; authoritative: boolean }>()
  /** Old paths of content that is no longer public, with the target prefix they led to. */
  readonly forgotten: Array<{ paths: string[]; toPrefix: string }> = []
  /** Articles whose comment count is recounted (updated ones; new ones got theirs on insert). */
  readonly recount: number[] = []
  /** Articles whose media library images are written anew, and the rows. */
  readonly mediaReplaced: number[] = []
  readonly media: Array<{ article_id: number; media_id: number }> = []

  redirect(from: string, to: string, authoritative: boolean): void {
    if (authoritative || !this.redirects.has(from)) this.redirects.set(from, { from, to, authoritative: authoritative || this.redirects.get(from)?.authoritative === true })
  }

  link(articleId: number, links: { authorIds: number[]; categoryIds: number[]; tagIds: number[] }, replacing: boolean): void {
    if (replacing) this.relinked.push(articleId)
    ;[...new Set(links.authorIds)].forEach((user_id, position) => this.links.authors.push({ article_id: articleId, user_id, position }))
    ;[...new Set(links.categoryIds)].forEach((category_id, position) => this.links.categories.push({ article_id: articleId, category_id, position }))
    for (const tag_id of new Set(links.tagIds)) this.links.tags.push({ article_id: articleId, tag_id })
  }

  useMedia(articleId: number, mediaIds: readonly number[], replacing: boolean): void {
    if (replacing) this.mediaReplaced.push(articleId)
    for (const media_id of new Set(mediaIds)) this.media.push({ article_id: articleId, media_id })
  }
}

/** Makes a batch's gathered writes, and indexes its articles for search once enough are waiting. */
export async function flushBatch(run: ImportRun, batch: WriteBatch, { final = false }: { final?: boolean } = {}): Promise<void> {
  const db = run.db
  await deleteArticleLinks(db, batch.relinked)
  await insertArticleLinks(db, batch.links)
  await replaceArticleMediaRows(db, batch.mediaReplaced, batch.media)
  await saveTargets(db, run.source, batch.targets)
  for (const f of batch.forgotten) await deleteRedirectsTo(db, f.paths, f.toPrefix)
  await saveRedirects(db, [...batch.redirects.values()], run.now)
  run.redirects += batch.redirects.size
  await refreshCommentCounts(db, batch.recount)
  if (run.pendingSearch.length >= SEARCH_BATCH || final) {
    for (let i = 0; i < run.pendingSearch.length; i += SEARCH_BATCH) await syncSearchIndex(db, run.pendingSearch.slice(i, i + SEARCH_BATCH))
    run.pendingSearch = []
  }
}
