import type { Db } from '../../db/database.js'
import { deleteExpiredSessions, pruneLoginFailures } from '../auth/sessions.repository.js'
import { purgeIpHashes } from '../comments/comments.repository.js'

export interface MaintenanceResult {
  ipHashesErased: number
}

/**
 * Housekeeping that privacy and hygiene require, safe to run from any number of instances at
 * once (every step is an idempotent delete/update): erase commenters' IP hashes past the
 * retention period, drop expired sessions and old sign-in attempts.
 */
export async function runMaintenance(db: Db, settings: { commentIpRetentionDays: number }, now: Date): Promise<MaintenanceResult> {
  const ipHashesErased = await purgeIpHashes(db, new Date(now.getTime() - settings.commentIpRetentionDays * 86_400_000))
  await deleteExpiredSessions(db, now)
  await pruneLoginFailures(db, new Date(now.getTime() - 86_400_000))
  return { ipHashesErased }
}
