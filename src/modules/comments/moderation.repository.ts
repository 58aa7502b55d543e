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
  status: CommentStatus
  articleId?: number
  /** Text, name or email contains (case-insensitive). */
  q?: string
  email?: string
}

function filtered(db: Db, engine: Engine, filter: Omit<QueueFilter, 'status'> & { status?: CommentStatus }) {
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

/** One page of a moderation queue, newest first, with the queue's total. */
export async function listQueue(db: Db, engine: Engine, filter: QueueFilter, { limit, offset }: { limit: number; offset: number }): Promise<{ items: QueuedComment[]; total: number }> {
  const base = filtered(db, engine, filter)
  const [rows, count] = await Promise.all([
    base
      .select([
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
      ])
      .orderBy('comments.created_at', 'desc')
      .orderBy('comments.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
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
    })),
  }
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

/** The most recent moderation actions, with who did them. */
export async function listModerationLog(db: Db, limit: number): Promise<Array<{ id: number; userName: string | null; action: string; commentId: number | null; detail: string; createdAt: string }>> {
  const rows = await db
    .selectFrom('moderation_log')
    .leftJoin('users', 'users.id', 'moderation_log.user_id')
    .select(['moderation_log.id', 'users.name', 'moderation_log.action', 'moderation_log.comment_id', 'moderation_log.detail', 'moderation_log.created_at'])
    .orderBy('moderation_log.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, userName: r.name, action: r.action, commentId: r.comment_id, detail: r.detail, createdAt: r.created_at }))
}
