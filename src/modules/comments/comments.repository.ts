import { sql, type ExpressionBuilder } from 'kysely'
import { compiledOnce } from '../../db/compiled-once.js'
import type { Db } from '../../db/database.js'
import type { CommentRow, CommentStatus, Database } from '../../db/schema.js'

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

/**
 * Stores a comment; in the same transaction keeps its article's comment count (when approved)
 * and its IP's count for the minute (see `commenterHistory`).
 */
export async function insertComment(db: Db, comment: Omit<CommentRow, 'id'>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('comments').values(comment).returning('id').executeTakeFirstOrThrow()
    if (comment.status === 'approved') await adjustCommentCount(trx, comment.article_id, 1)
    if (comment.ip_hash) await countIpComment(trx, comment.ip_hash, minuteOf(new Date(comment.created_at)))
    return id
  })
}

/** Per-IP minute counts are kept this long: the longest rate-limit window the config allows. */
const ipCountMinutes = 1440
const minuteOf = (date: Date) => Math.floor(date.getTime() / 60_000)

/** One more comment from this IP in this minute; the first of a minute also drops counts past a day. */
async function countIpComment(db: Db, ipHash: string, minute: number) {
  const { n } = await db
    .insertInto('comment_ip_minutes')
    .values({ ip_hash: ipHash, minute, n: 1 })
    .onConflict((oc) => oc.columns(['ip_hash', 'minute']).doUpdateSet({ n: sql`comment_ip_minutes.n + 1` }))
    .returning('n')
    .executeTakeFirstOrThrow()
  if (n === 1) await db.deleteFrom('comment_ip_minutes').where('minute', '<', minute - ipCountMinutes).execute()
}

async function adjustCommentCount(db: Db, articleId: number, delta: number) {
  await db
    .updateTable('articles')
    .set({ comment_count: sql`comment_count + ${delta}` })
    .where('id', '=', articleId)
    .execute()
}

/** Approved comments, and those of `pendingIds` still held (their author sees them). */
function visibleTo(eb: ExpressionBuilder<Database, 'comments'>, pendingIds: readonly number[]) {
  return pendingIds.length > 0 ? eb.or([eb('status', '=', 'approved'), eb.and([eb('status', '=', 'pending'), eb('id', 'in', pendingIds)])]) : eb('status', '=', 'approved')
}

/** Approved comments of an article plus, for their author, the pending ones with these ids. */
export async function listArticleComments(
  db: Db,
  articleId: number,
  { order, limit, offset, pendingIds = [] }: { order: 'oldest' | 'newest'; limit: number; offset: number; pendingIds?: number[] },
): Promise<{ items: PublicComment[]; total: number }> {
  const visible = (eb: ExpressionBuilder<Database, 'comments'>) => visibleTo(eb, pendingIds)
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

/** What the submission checks know about a commenter (see `commenterHistory`). */
export interface CommenterHistory {
  /** Comments from this IP since `since` (the rate-limit window; may include up to a minute more). */
  recentFromIp: number
  /** Comments from this email since `since`. */
  recentFromEmail: number
  /** This email's comments ever approved. */
  approved: number
  /** This email's comments sent to spam or trash since `rejectedSince`. */
  recentlyRejected: number
  /** True when this email already posted exactly this text on this article. */
  duplicate: boolean
  trusted: boolean
  blocked: boolean
}

/**
 * Everything the submission checks need, in one query: the rate-limit counts by IP and by email,
 * the email's standing (approved ever, rejected recently, trusted/blocked in `commenters`) and
 * whether it already posted this text on this article.
 *
 * - The email's figures come from one pass over its comments: `author_email = ?` is the only
 *   indexed condition, so both engines walk the email index. (As separate queries, SQLite
 *   counted "approved comments of this email" through the (status, created_at) index — every
 *   approved comment on the site — and looked for duplicates through the whole article.)
 * - The IP's count sums its per-minute counts (`comment_ip_minutes`, kept by insertComment) from
 *   the minute `since` falls in: at most a window's worth of rows, however much the IP posted,
 *   where counting its comments cost a step per comment (0.35 ms at 20,000 from one address).
 */
export async function commenterHistory(
  db: Db,
  { email, ipHash, articleId, body, since, rejectedSince }: { email: string; ipHash: string; articleId: number; body: string; since: Date; rejectedSince: Date },
): Promise<CommenterHistory> {
  // Plain SQL (the same on both engines): built with the query builder, this query cost three
  // times as much CPU to build and compile as to run.
  const { rows } = await sql<{ from_ip: number | string | null; from_email: number | string; approved: number | string; rejected: number | string; duplicates: number | string; trusted: number | null; blocked: number | null }>`
    select
      (select sum(n) from comment_ip_minutes where ip_hash = ${ipHash} and minute >= ${minuteOf(since)}) as from_ip,
      count(case when created_at > ${since.toISOString()} then 1 end) as from_email,
      count(case when status = 'approved' then 1 end) as approved,
      count(case when status in ('spam', 'trash') and updated_at > ${rejectedSince.toISOString()} then 1 end) as rejected,
      count(case when article_id = ${articleId} and body = ${body} then 1 end) as duplicates,
      (select trusted from commenters where email = ${email}) as trusted,
      (select blocked from commenters where email = ${email}) as blocked
    from comments
    where author_email = ${email}`.execute(db)
  const row = rows[0]!
  return {
    recentFromIp: Number(row.from_ip ?? 0),
    recentFromEmail: Number(row.from_email),
    approved: Number(row.approved),
    recentlyRejected: Number(row.rejected),
    duplicate: Number(row.duplicates) > 0,
    trusted: row.trusted === 1,
    blocked: row.blocked === 1,
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

/**
 * Erases IP hashes older than the retention period: on comments, and the per-minute counts of
 * the rate limit (which insertComment already drops after a day, but only when comments come).
 * Returns the number of comments changed.
 */
export async function purgeIpHashes(db: Db, before: Date): Promise<number> {
  const result = await db.updateTable('comments').set({ ip_hash: null }).where('ip_hash', 'is not', null).where('created_at', '<', before.toISOString()).executeTakeFirst()
  await db.deleteFrom('comment_ip_minutes').where('minute', '<', minuteOf(before)).execute()
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
  const direction = order === 'oldest' ? 'asc' : 'desc'
  const [top, [threadCount], [total]] = await Promise.all([
    topLevelComments(db, articleId, pendingIds, direction, limit, offset),
    countTopLevelComments(db, articleId, pendingIds),
    countComments(db, articleId, pendingIds),
  ])
  const rows = [...top]
  let frontier = top.map((r) => r.id)
  // Visibility is checked here, not in SQL: with a status condition SQLite (without statistics)
  // prefers walking every approved comment through (status, created_at) to the parent_id index.
  const isVisible = (r: { id: number; status: CommentStatus }) => r.status === 'approved' || (r.status === 'pending' && pendingIds.includes(r.id))
  for (let level = 0; level < 10 && frontier.length > 0; level++) {
    const replies = (await repliesTo(db, frontier)).filter(isVisible)
    rows.push(...replies)
    frontier = replies.map((r) => r.id)
  }
  return { comments: rows.map(toPublic), threads: Number(threadCount!.n), total: Number(total!.n) }
}

const topLevelComments = compiledOnce(
  (db, articleId: number, pendingIds: number[], direction: 'asc' | 'desc', limit: number, offset: number) =>
    db
      .selectFrom('comments')
      .select([...publicColumns])
      .where('article_id', '=', articleId)
      .where('parent_id', 'is', null)
      .where((eb) => visibleTo(eb, pendingIds))
      .orderBy('created_at', direction)
      .orderBy('id', direction)
      .limit(limit)
      .offset(offset),
  { inline: [2] },
)
const countTopLevelComments = compiledOnce((db, articleId: number, pendingIds: number[]) =>
  db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .where('parent_id', 'is', null)
    .where((eb) => visibleTo(eb, pendingIds)),
)
const countComments = compiledOnce((db, articleId: number, pendingIds: number[]) =>
  db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .where((eb) => visibleTo(eb, pendingIds)),
)
const repliesTo = compiledOnce((db, parentIds: number[]) => db.selectFrom('comments').select([...publicColumns]).where('parent_id', 'in', parentIds).orderBy('created_at', 'asc').orderBy('id', 'asc'))

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
    .where((eb) => visibleTo(eb, pendingIds))
    .where((eb) => eb.or([eb('created_at', before, row!.created_at), eb.and([eb('created_at', '=', row!.created_at), eb('id', before, row!.id)])]))
    .executeTakeFirstOrThrow()
  return Math.floor(Number(count.n) / perPage) + 1
}
