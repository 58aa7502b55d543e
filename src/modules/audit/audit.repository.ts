import type { Db } from '../../db/database.js'

export type AuditSubject = 'article' | 'user' | 'media' | 'category' | 'tag' | 'settings' | 'apiKey' | 'import'

export interface AuditEntry {
  /** Who did it; null for the system (the scheduler, the CLI). */
  userId: number | null
  /** `<subject>.<verb>`: article.create, article.publish, article.unpublish, article.trash, article.delete, user.role, import.wordpress … */
  action: string
  subjectType: AuditSubject
  subjectId?: number | null
  /** A short human-readable detail (a title, "editor → admin"); never a secret. */
  detail?: string
}

/** Appends one line to the audit log. Call it in the same transaction as the change it records. */
export async function recordAudit(db: Db, entry: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: entry.userId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId ?? null,
      detail: (entry.detail ?? '').slice(0, 1000),
      created_at: now.toISOString(),
    })
    .execute()
}

export interface AuditLine {
  id: number
  action: string
  subjectType: string
  subjectId: number | null
  detail: string
  createdAt: string
  user: { id: number; name: string } | null
}

/** Newest first; optional filters by action prefix (`article.`) and user. */
export async function listAudit(db: Db, options: { limit: number; offset: number; action?: string; userId?: number }): Promise<{ lines: AuditLine[]; total: number }> {
  let query = db.selectFrom('audit_log')
  if (options.action) query = query.where('audit_log.action', 'like', `${options.action.replace(/[%_\\]/g, '')}%`)
  if (options.userId) query = query.where('audit_log.user_id', '=', options.userId)
  const [rows, count] = await Promise.all([
    query
      .leftJoin('users', 'users.id', 'audit_log.user_id')
      .select(['audit_log.id', 'audit_log.action', 'audit_log.subject_type', 'audit_log.subject_id', 'audit_log.detail', 'audit_log.created_at', 'users.id as uid', 'users.name as uname'])
      .orderBy('audit_log.created_at', 'desc')
      .orderBy('audit_log.id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    total: Number(count.n),
    lines: rows.map((r) => ({
      id: r.id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      detail: r.detail,
      createdAt: r.created_at,
      user: r.uid === null || r.uid === undefined ? null : { id: r.uid, name: r.uname ?? '' },
    })),
  }
}

/** The people who appear in the log (for its "by user" filter), by name. */
export async function listAuditUsers(db: Db): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.name'])
    .where('users.id', 'in', (eb) => eb.selectFrom('audit_log').select('audit_log.user_id').where('audit_log.user_id', 'is not', null).$castTo<number>())
    .orderBy('users.name')
    .execute()
}
