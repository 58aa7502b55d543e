import type { Db } from '../../db/database.js'
import type { Role } from '../../db/schema.js'

export interface SessionUser {
  sessionId: string
  csrfToken: string
  expiresAt: string
  user: { id: number; name: string; email: string; role: Role; slug: string }
}

export async function insertSession(
  db: Db,
  session: { id: string; userId: number; csrfToken: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.now.toISOString(),
      last_seen_at: session.now.toISOString(),
      expires_at: session.expiresAt.toISOString(),
    })
    .execute()
}

/** A live session with its (active) user: joins sessions → users, unexpired and active only. */
export async function findLiveSession(db: Db, sessionId: string, now: Date): Promise<SessionUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.csrf_token', 'sessions.expires_at', 'users.id as user_id', 'users.name', 'users.email', 'users.role', 'users.slug'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', now.toISOString())
    .where('users.active', '=', 1)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    sessionId: row.id,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    user: { id: row.user_id, name: row.name, email: row.email, role: row.role, slug: row.slug },
  }
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute()
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute()
}

/** Failed sign-ins for a throttle key since a moment. */
export async function countLoginFailures(db: Db, key: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('at', '>', since.toISOString())
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Records a (presumed failed) sign-in attempt under each key; returns the rows' ids. */
export async function recordLoginFailure(db: Db, keys: string[], now: Date): Promise<number[]> {
  const rows = await db.insertInto('login_attempts').values(keys.map((key) => ({ key, at: now.toISOString() }))).returning('id').execute()
  return rows.map((r) => r.id)
}

export async function deleteLoginAttempts(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('login_attempts').where('id', 'in', ids).execute()
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute()
}

export async function pruneLoginFailures(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', before.toISOString()).execute()
}

/** Ends every session of a user but one (after a password change, other browsers sign out). */
export async function deleteOtherSessions(db: Db, userId: number, keepSessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepSessionId).execute()
}
