import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { Engine } from '../../db/dialect/index.js'
import { deleteExpiredSessions, pruneLoginFailures } from '../auth/sessions.repository.js'
import { purgeIpHashes } from '../comments/comments.repository.js'

export interface MaintenanceResult {
  ipHashesErased: number
}

/**
 * Housekeeping that privacy and hygiene require, safe to run from any number of instances at
 * once (every step is an idempotent delete/update): erase commenters' IP hashes past the
 * retention period, drop expired sessions and old sign-in attempts. On SQLite it also keeps the
 * query planner's statistics current (PostgreSQL's autovacuum does that by itself).
 */
export async function runMaintenance(db: Db, settings: { commentIpRetentionDays: number }, now: Date, engine?: Engine): Promise<MaintenanceResult> {
  const ipHashesErased = await purgeIpHashes(db, new Date(now.getTime() - settings.commentIpRetentionDays * 86_400_000))
  await deleteExpiredSessions(db, now)
  await pruneLoginFailures(db, new Date(now.getTime() - 86_400_000))
  if (engine === 'sqlite') await refreshPlannerStatistics(db)
  return { ipHashesErased }
}

/**
 * SQLite's own advice for long-running processes: `PRAGMA optimize`, which runs ANALYZE (sampled,
 * `analysis_limit`) only on tables without statistics or that grew or shrank tenfold since — so
 * usually nothing. Without statistics (a database filled by an import, or never reindexed) the
 * planner picks worse indexes for searches and lists. 0x10000: look at every table, not only
 * those this connection has queried.
 */
async function refreshPlannerStatistics(db: Db): Promise<void> {
  await sql`pragma analysis_limit = 1000`.execute(db)
  await sql`pragma optimize = 0x10002`.execute(db)
}
