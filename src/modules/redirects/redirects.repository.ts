import type { Db } from '../../db/database.js'

export interface Redirect {
  toPath: string | null
  statusCode: number
}

/** The redirect (301) or gone marker (410) recorded for a path, if any. */
export async function findRedirect(db: Db, fromPath: string): Promise<Redirect | undefined> {
  const row = await db.selectFrom('redirects').select(['to_path', 'status_code']).where('from_path', '=', fromPath).executeTakeFirst()
  return row && { toPath: row.to_path, statusCode: row.status_code }
}

/** Records (or replaces) a redirect from an old path. */
export async function upsertRedirect(db: Db, fromPath: string, toPath: string | null, statusCode: 301 | 410, now: Date): Promise<void> {
  await db
    .insertInto('redirects')
    .values({ from_path: fromPath, to_path: toPath, status_code: statusCode, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: toPath, status_code: statusCode }))
    .execute()
}
