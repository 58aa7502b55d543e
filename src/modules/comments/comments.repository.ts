import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { CommentRow, CommentStatus } from '../../db/schema.js'

/** A comment as the public page shows it: no email, no IP hash. */
export interface PublicComment {
  id: number
  parentId: number | null
  depth: number
  authorName: string
  authorUrl: string
  body: string
  status: CommentStatus
  isStaff: boolean
  createdAt: string
}

const publicColumns = ['id', 'parent_id', 'depth', 'author_name', 'author_url', 'body', 'status', 'user_id', 'created_at'] as const

function toPublic(row: Pick<CommentRow, (typeof publicColumns)[number]>): PublicComment {
  return {
    id: row.id,
    parentId: row.parent_id,
    depth: row.depth,
    authorName: row.author_name,
    authorUrl: row.author_url,
    body: row.body,
    status: row.status,
    isStaff: row.user_id !== null,
    createdAt: row.created_at,
  }
}

export async function insertComment(db: Db, comment: Omit<CommentRow, 'id'>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('comments').values(comment).returning('id').executeTakeFirstOrThrow()
    if (comment.status === 'approved') await adjustCommentCount(trx, comment.article_id, 1)
    return id
  })
}

async function adjustCommentCount(db: Db, articleId: number, delta: number) {
  await db
    .updateTable('articles')
    .set({ comment_count: sql`comment_count + ${delta}` })
    .where('id', '=', articleId)
    .execute()
}

/** Approved comments of an article plus, for their author, the pending ones with these ids. */
export async function listArticleComments(
  db: Db,
  articleId: number,
  { order, limit, offset, pendingIds = [] }: { order: 'oldest' | 'newest'; limit: number; offset: number; pendingIds?: number[] },
): Promise<{ items: PublicComment[]; total: number }> {
  const visible = (eb: any) =>
    pendingIds.length > 0 ? eb.or([eb('status', '=', 'approved'), eb.and([eb('status', '=', 'pending'), eb('id', 'in', pendingIds)])]) : eb('status', '=', 'approved')
  const direction = order === 'oldest' ? 'asc' : 'desc'
  const [rows, count] = await Promise.all([
    db.selectFrom('comments').select([...publicColumns]).where('article_id', '=', articleId).where(visible).orderBy('created_at', direction).orderBy('id', direction).limit(limit).offset(offset).execute(),
    db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', articleId).where(visible).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toPublic), total: Number(count.n) }
}

export async function findComment(db: Db, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Position (0-based) of an approved comment in its article's order: for permalinks to a page. */
export async function commentPosition(db: Db, comment: { id: number; articleId: number; createdAt: string }, order: 'oldest' | 'newest'): Promise<number> {
  const before = order === 'oldest' ? '<' : '>'
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', comment.articleId)
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('created_at', before, comment.createdAt), eb.and([eb('created_at', '=', comment.createdAt), eb('id', before, comment.id)])]))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Comments from this IP (keyed hash) since a date: the per-IP rate limit, on the (ip_hash, created_at) index. */
export async function countRecentByIp(db: Db, ipHash: string, since: Date): Promise<number> {
  const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('ip_hash', '=', ipHash).where('created_at', '>', since.toISOString()).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** What the spam checks know about an email (see `commenterHistory`). */
export interface CommenterHistory {
  /** Comments posted since `since` (the rate limit window). */
  recent: number
  /** Comments ever approved. */
  approved: number
  /** Comments sent to spam or trash since `rejectedSince`. */
  recentlyRejected: number
  /** True when this email already posted exactly this text on this article. */
  duplicate: boolean
  trusted: boolean
  blocked: boolean
}

/**
 * Everything the submission checks need to know about an email, in one pass over that email's
 * comments: the rate-limit count, the standing (approved ever, rejected recently), the duplicate
 * check, and the trusted/blocked flags from `commenters`. The only indexed condition is
 * `author_email = ?`, so both engines walk the email index; when these were separate queries,
 * SQLite counted "approved comments of this email" through the (status, created_at) index —
 * every approved comment on the site — and matched duplicates by scanning the whole article.
 */
export async function commenterHistory(
  db: Db,
  email: string,
  { articleId, body, since, rejectedSince }: { articleId: number; body: string; since: Date; rejectedSince: Date },
): Promise<CommenterHistory> {
  const [counts, commenter] = await Promise.all([
    db
      .selectFrom('comments')
      .select((eb) => [
        eb.fn.count<number>(eb.case().when('created_at', '>', since.toISOString()).then(eb.lit(1)).end()).as('recent'),
        eb.fn.count<number>(eb.case().when('status', '=', 'approved').then(eb.lit(1)).end()).as('approved'),
        eb.fn
          .count<number>(
            eb
              .case()
              .when(eb.and([eb('status', 'in', ['spam', 'trash']), eb('updated_at', '>', rejectedSince.toISOString())]))
              .then(eb.lit(1))
              .end(),
          )
          .as('rejected'),
        eb.fn.count<number>(eb.case().when(eb.and([eb('article_id', '=', articleId), eb('body', '=', body)])).then(eb.lit(1)).end()).as('duplicates'),
      ])
      .where('author_email', '=', email)
      .executeTakeFirstOrThrow(),
    db.selectFrom('commenters').select(['trusted', 'blocked']).where('email', '=', email).executeTakeFirst(),
  ])
  return {
    recent: Number(counts.recent),
    approved: Number(counts.approved),
    recentlyRejected: Number(counts.rejected),
    duplicate: Number(counts.duplicates) > 0,
    trusted: commenter?.trusted === 1,
    blocked: commenter?.blocked === 1,
  }
}

/** Changes the status of comments, keeping article comment counts right; returns the changed ids. */
export async function setCommentStatus(db: Db, ids: number[], status: CommentStatus, now: Date): Promise<number[]> {
  if (ids.length === 0) return []
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('comments').select(['id', 'article_id', 'status']).where('id', 'in', ids).execute()
    const changed = rows.filter((r) => r.status !== status)
    if (changed.length === 0) return []
    await trx.updateTable('comments').set({ status, updated_at: now.toISOString() }).where('id', 'in', changed.map((r) => r.id)).execute()
    const delta = new Map<number, number>()
    for (const r of changed) {
      const d = (status === 'approved' ? 1 : 0) - (r.status === 'approved' ? 1 : 0)
      if (d !== 0) delta.set(r.article_id, (delta.get(r.article_id) ?? 0) + d)
    }
    for (const [articleId, d] of delta) await adjustCommentCount(trx, articleId, d)
    return changed.map((r) => r.id)
  })
}

export async function updateCommentBody(db: Db, id: number, changes: { body: string; authorName: string; authorUrl: string }, now: Date): Promise<void> {
  await db.updateTable('comments').set({ body: changes.body, author_name: changes.authorName, author_url: changes.authorUrl, updated_at: now.toISOString() }).where('id', '=', id).execute()
}

export async function upsertCommenter(db: Db, email: string, flags: { trusted?: boolean; blocked?: boolean }, now: Date): Promise<void> {
  const values = { email, trusted: flags.trusted ? 1 : 0, blocked: flags.blocked ? 1 : 0, updated_at: now.toISOString() }
  const update: Record<string, unknown> = { updated_at: values.updated_at }
  if (flags.trusted !== undefined) update.trusted = values.trusted
  if (flags.blocked !== undefined) update.blocked = values.blocked
  await db.insertInto('commenters').values(values).onConflict((oc) => oc.column('email').doUpdateSet(update)).execute()
}

export async function logModeration(db: Db, entry: { userId: number | null; action: string; commentId?: number | null; detail?: string }, now: Date): Promise<void> {
  await db.insertInto('moderation_log').values({ user_id: entry.userId, action: entry.action, comment_id: entry.commentId ?? null, detail: (entry.detail ?? '').slice(0, 500), created_at: now.toISOString() }).execute()
}

/** Erases IP hashes older than the retention period. */
export async function purgeIpHashes(db: Db, before: Date): Promise<number> {
  const result = await db.updateTable('comments').set({ ip_hash: null }).where('ip_hash', 'is not', null).where('created_at', '<', before.toISOString()).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * One page of an article's comment threads: top-level comments (approved, plus the reader's own
 * pending ones) paged in the site's order, with all their visible replies. Replies come
 * oldest first under their parent.
 */
export async function listArticleThreads(
  db: Db,
  articleId: number,
  { order, limit, offset, pendingIds = [] }: { order: 'oldest' | 'newest'; limit: number; offset: number; pendingIds?: number[] },
): Promise<{ comments: PublicComment[]; threads: number; total: number }> {
  const visible = (eb: any) =>
    pendingIds.length > 0 ? eb.or([eb('status', '=', 'approved'), eb.and([eb('status', '=', 'pending'), eb('id', 'in', pendingIds)])]) : eb('status', '=', 'approved')
  const direction = order === 'oldest' ? 'asc' : 'desc'
  const [top, threadCount, total] = await Promise.all([
    db.selectFrom('comments').select([...publicColumns]).where('article_id', '=', articleId).where('parent_id', 'is', null).where(visible).orderBy('created_at', direction).orderBy('id', direction).limit(limit).offset(offset).execute(),
    db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', articleId).where('parent_id', 'is', null).where(visible).executeTakeFirstOrThrow(),
    db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', articleId).where(visible).executeTakeFirstOrThrow(),
  ])
  const rows = [...top]
  let frontier = top.map((r) => r.id)
  // Visibility is checked here, not in SQL: with a status condition SQLite (without statistics)
  // prefers walking every approved comment through (status, created_at) to the parent_id index.
  const isVisible = (r: { id: number; status: CommentStatus }) => r.status === 'approved' || (r.status === 'pending' && pendingIds.includes(r.id))
  for (let level = 0; level < 10 && frontier.length > 0; level++) {
    const replies = (await db.selectFrom('comments').select([...publicColumns]).where('parent_id', 'in', frontier).orderBy('created_at', 'asc').orderBy('id', 'asc').execute()).filter(isVisible)
    rows.push(...replies)
    frontier = replies.map((r) => r.id)
  }
  return { comments: rows.map(toPublic), threads: Number(threadCount.n), total: Number(total.n) }
}

/**
 * The page (1-based) of its article's threads on which a comment's thread appears, counting the
 * approved threads before it plus `pendingIds` (a reader's own held comments, which they see).
 */
export async function threadPageOf(db: Db, commentId: number, order: 'oldest' | 'newest', perPage: number, pendingIds: number[] = []): Promise<number> {
  let row = await findComment(db, commentId)
  for (let i = 0; row?.parent_id && i < 10; i++) row = await findComment(db, row.parent_id)
  if (!row) return 1
  const before = order === 'oldest' ? '<' : '>'
  const count = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', row.article_id)
    .where('parent_id', 'is', null)
    .where((eb) => (pendingIds.length > 0 ? eb.or([eb('status', '=', 'approved'), eb.and([eb('status', '=', 'pending'), eb('id', 'in', pendingIds)])]) : eb('status', '=', 'approved')))
    .where((eb) => eb.or([eb('created_at', before, row!.created_at), eb.and([eb('created_at', '=', row!.created_at), eb('id', before, row!.id)])]))
    .executeTakeFirstOrThrow()
  return Math.floor(Number(count.n) / perPage) + 1
}
