import type { CommentRow } from '../../db/schema.js'
import { hashIp } from '../auth/auth.service.js'
import { insertImportedComment, updateImportedComment, type TargetRow } from './import.repository.js'
import type { Prefetched } from './wordpress.batch.js'
import { cleanEmail, cleanWebsite, commentText, mapCommentStatus, plainText, wordpressInstant } from './wordpress.mapper.js'
import type { ImportRun } from './wordpress.run.js'
import type { WxrComment } from './wxr.schema.js'

/** A name for comments exported without one ("Anonymous" on WordPress). */
const ANONYMOUS = 'مجهول'

/**
 * A post's comments, threaded as on WordPress: each reply under its parent (parents are written
 * first, whatever the order in the file), statuses mapped (1 approved, 0 pending, spam, trash),
 * emails kept private in the comments table (lower-cased), IPs only as our keyed hash — and not
 * even that for comments older than the IP retention period. Text becomes plain text.
 * A comment moderated or edited here since the last run is left alone.
 *
 * `known`: what earlier runs made of these comments (prefetched for the batch). Returns the
 * import-map rows to save; the caller keeps the article's comment count (`approvedCount` for a
 * new article, a recount otherwise).
 */
export async function writeComments(run: ImportRun, secret: string, articleId: number, comments: readonly WxrComment[], known: Pick<Prefetched, 'comments' | 'commentStamps'>): Promise<TargetRow[]> {
  if (comments.length === 0) return []
  const db = run.db
  const written = new Map<string, { id: number; depth: number }>()
  const saves: TargetRow[] = []
  for (const comment of threadOrder(comments)) {
    const parent = comment.parent ? written.get(comment.parent) : undefined
    const existing = known.comments.get(comment.id)
    const current = existing && known.commentStamps.get(existing.targetId)
    const depth = parent ? parent.depth + 1 : 0
    if (existing && current && current.updatedAt !== existing.stamp) {
      run.counts.comments.kept++
      written.set(comment.id, { id: existing.targetId, depth })
      continue
    }
    const row = commentRow(run, secret, articleId, comment, parent?.id ?? null, depth)
    let id: number
    if (existing && current && current.articleId === articleId) {
      id = existing.targetId
      await updateImportedComment(db, id, row)
      run.counts.comments.updated++
    } else {
      id = await insertImportedComment(db, row)
      run.counts.comments.imported++
    }
    run.commentStatuses[row.status]++
    written.set(comment.id, { id, depth })
    saves.push({ kind: 'comment', sourceId: comment.id, targetId: id, sourceParent: comment.parent, stamp: row.updated_at })
  }
  return saves
}

/** How many of these comments will be approved (a new article's comment count). */
export function approvedCount(comments: readonly WxrComment[]): number {
  return comments.filter((c) => mapCommentStatus(c.approved) === 'approved').length
}

function commentRow(run: ImportRun, secret: string, articleId: number, c: WxrComment, parentId: number | null, depth: number): Omit<CommentRow, 'id'> {
  const created = (wordpressInstant(c.dateGmt, c.date, run.timeZone) ?? run.now).toISOString()
  const ip = c.ip.trim()
  return {
    article_id: articleId,
    parent_id: parentId,
    depth,
    author_name: plainText(c.author, 200) || ANONYMOUS,
    author_email: cleanEmail(c.email),
    author_url: cleanWebsite(c.url),
    body: commentText(c.content),
    status: mapCommentStatus(c.approved),
    user_id: c.userId ? (run.authorsById.get(c.userId) ?? null) : null,
    ip_hash: ip && created >= run.ipCutoff.toISOString() ? hashIp(secret, ip) : null,
    user_agent: '',
    hold_reason: '',
    created_at: created,
    updated_at: created,
  }
}

/**
 * Comments ordered so that every parent comes before its replies (file order otherwise). A
 * reply whose parent is not among them (deleted on WordPress) becomes a top-level comment; a
 * loop of parents is broken the same way.
 */
export function threadOrder(comments: readonly WxrComment[]): WxrComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]))
  const children = new Map<string, WxrComment[]>()
  const roots: WxrComment[] = []
  for (const c of comments) {
    if (c.parent && byId.has(c.parent) && c.parent !== c.id) children.set(c.parent, [...(children.get(c.parent) ?? []), c])
    else roots.push(c)
  }
  const out: WxrComment[] = []
  const placed = new Set<string>()
  const visit = (c: WxrComment) => {
    if (placed.has(c.id)) return
    placed.add(c.id)
    out.push(c)
    for (const child of children.get(c.id) ?? []) visit(child)
  }
  for (const root of roots) visit(root)
  // Comments in a loop of parents (a → b → a) were reached from no root: top-level, as WordPress would show them.
  for (const c of comments) if (!placed.has(c.id)) visit({ ...c, parent: null })
  return out
}
