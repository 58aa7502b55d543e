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

/**
 * Points every redirect that ends at `oldTarget` to `newTarget` (null with 410: the target is
 * gone), so successive renames never chain into several hops.
 */
export async function retargetRedirects(db: Db, oldTarget: string, newTarget: string | null, statusCode: 301 | 410): Promise<void> {
  await db.updateTable('redirects').set({ to_path: newTarget, status_code: statusCode }).where('to_path', '=', oldTarget).execute()
}

/** Forgets the redirect recorded for a path (a live page has taken the path back). */
export async function deleteRedirect(db: Db, fromPath: string): Promise<void> {
  await db.deleteFrom('redirects').where('from_path', '=', fromPath).execute()
}
