import type { Db } from '../../db/database.js'
import type { CommentStatus } from '../../db/schema.js'
import { containsText, type Engine } from '../../db/dialect/index.js'

export const commentStatuses: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'trash']

/** A comment as moderators see it: with the email (never shown publicly) and the article. */
export interface QueuedComment {
  id: number
  articleId: number
  articleTitle: string
  articleSlug: string
  parentId: number | null
  authorName: string
  authorEmail: string
  authorUrl: string
  body: string
  status: CommentStatus
  holdReason: string
  isStaff: boolean
  createdAt: string
}

export interface QueueFilter {
  /** One queue; every status when omitted (a commenter's whole history). */
  status?: CommentStatus
  articleId?: number
  /** Text, name or email contains (case-insensitive). */
  q?: string
  email?: string
}

function filtered(db: Db, engine: Engine, filter: QueueFilter) {
  let query = db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id')
  if (filter.status) query = query.where('comments.status', '=', filter.status)
  if (filter.articleId) query = query.where('comments.article_id', '=', filter.articleId)
  if (filter.email) query = query.where('comments.author_email', '=', filter.email.toLowerCase())
  if (filter.q) {
    const q = filter.q
    query = query.where((eb) =>
      eb.or([containsText(engine, 'comments.body', q), containsText(engine, 'comments.author_name', q), containsText(engine, 'comments.author_email', q.toLowerCase())]),
    )
  }
  return query
}

const queuedColumns = [
  'comments.id',
  'comments.article_id',
  'articles.title',
  'articles.slug',
  'comments.parent_id',
  'comments.author_name',
  'comments.author_email',
  'comments.author_url',
  'comments.body',
  'comments.status',
  'comments.hold_reason',
  'comments.user_id',
  'comments.created_at',
] as const

function toQueued(r: {
  id: number
  article_id: number
  title: string
  slug: string
  parent_id: number | null
  author_name: string
  author_email: string
  author_url: string
  body: string
  status: CommentStatus
  hold_reason: string
  user_id: number | null
  created_at: string
}): QueuedComment {
  return {
    id: r.id,
    articleId: r.article_id,
    articleTitle: r.title,
    articleSlug: r.slug,
    parentId: r.parent_id,
    authorName: r.author_name,
    authorEmail: r.author_email,
    authorUrl: r.author_url,
    body: r.body,
    status: r.status,
    holdReason: r.hold_reason,
    isStaff: r.user_id !== null,
    createdAt: r.created_at,
  }
}

/**
 * One page of a moderation queue (or, without a status, of every status), newest first, with
 * the total: comments joined to their article, filtered by article, email and a literal search.
 */
export async function listQueue(db: Db, engine: Engine, filter: QueueFilter, { limit, offset }: { limit: number; offset: number }): Promise<{ items: QueuedComment[]; total: number }> {
  const base = filtered(db, engine, filter)
  const [rows, count] = await Promise.all([
    base.select([...queuedColumns]).orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { total: Number(count.n), items: rows.map(toQueued) }
}

/** One comment as moderators see it (any status), or undefined. */
export async function findQueuedComment(db: Db, id: number): Promise<QueuedComment | undefined> {
  const row = await db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id').select([...queuedColumns]).where('comments.id', '=', id).executeTakeFirst()
  return row && toQueued(row)
}

/** Counts per status for the queue tabs (same article/search filter). */
export async function countQueues(db: Db, engine: Engine, filter: Omit<QueueFilter, 'status'>): Promise<Record<CommentStatus, number>> {
  const rows = await filtered(db, engine, filter)
    .select(['comments.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('comments.status')
    .execute()
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 }
  for (const r of rows) counts[r.status] = Number(r.n)
  return counts
}

/** A commenter's standing flags. */
export async function findCommenter(db: Db, email: string): Promise<{ trusted: boolean; blocked: boolean }> {
  const row = await db.selectFrom('commenters').select(['trusted', 'blocked']).where('email', '=', email.toLowerCase()).executeTakeFirst()
  return { trusted: row?.trusted === 1, blocked: row?.blocked === 1 }
}

/** One entry of the moderation log: who did what to which comment (or commenter), when. */
export interface ModerationLogEntry {
  id: number
  userId: number | null
  userName: string | null
  action: string
  commentId: number | null
  detail: string
  createdAt: string
}

/** The moderation log, newest first, with who did each action (users left-joined). */
export async function listModerationLog(db: Db, { limit, offset = 0 }: { limit: number; offset?: number }): Promise<ModerationLogEntry[]> {
  const rows = await db
    .selectFrom('moderation_log')
    .leftJoin('users', 'users.id', 'moderation_log.user_id')
    .select(['moderation_log.id', 'moderation_log.user_id', 'users.name', 'moderation_log.action', 'moderation_log.comment_id', 'moderation_log.detail', 'moderation_log.created_at'])
    .orderBy('moderation_log.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute()
  return rows.map((r) => ({ id: r.id, userId: r.user_id, userName: r.name, action: r.action, commentId: r.comment_id, detail: r.detail, createdAt: r.created_at }))
}

/** How many entries the moderation log holds (for its pagination). */
export async function countModerationLog(db: Db): Promise<number> {
  const row = await db.selectFrom('moderation_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** An article's id, title and slug in any status (for the queue's article filter). */
export async function findArticleRef(db: Db, id: number): Promise<{ id: number; title: string; slug: string } | undefined> {
  return db.selectFrom('articles').select(['id', 'title', 'slug']).where('id', '=', id).executeTakeFirst()
}
