import type { ContentEvents } from '../../container.js'
import type { Db } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { recordAudit } from '../audit/audit.repository.js'
import { syncSearchIndex } from '../search/search.index.js'
import { claimScheduled, listDueScheduled } from './editorial.repository.js'

/** How often the scheduler looks for due articles: publishes within this (well under 30 s) of the time. */
export const SCHEDULER_INTERVAL_MS = 10_000

/**
 * Publishes scheduled articles when their time comes: once at start (so schedules missed while
 * the server was down go out at once) and every `intervalMs`. Safe on any number of servers:
 * each article is claimed in the database (publishDueArticles). Returns a stop function.
 */
export function startScheduler(deps: SchedulerDeps & { clock: Clock }, { intervalMs = SCHEDULER_INTERVAL_MS, onError }: { intervalMs?: number; onError: (error: unknown) => void }): () => void {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await publishDueArticles(deps, deps.clock.now())
    } catch (error) {
      onError(error)
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref()
  void tick()
  return () => clearInterval(timer)
}

/** What publishing needs (not the editorial service, whose sanitizer a server answering readers never loads before a newsroom save). */
export interface SchedulerDeps {
  db: Db
  events: Pick<ContentEvents, 'changed'>
}

/**
 * Publishes every scheduled article whose time has come. Each is claimed with a conditional
 * update, so with several servers each article is published (and audited) exactly once.
 * Returns the ids this call published.
 */
export async function publishDueArticles(deps: SchedulerDeps, now: Date): Promise<number[]> {
  const published: number[] = []
  for (const due of await listDueScheduled(deps.db, now)) {
    const claimed = await deps.db.transaction().execute(async (trx) => {
      if (!(await claimScheduled(trx, due.id, now))) return false
      await syncSearchIndex(trx, [due.id])
      await recordAudit(trx, { userId: null, action: 'article.publish', subjectType: 'article', subjectId: due.id, detail: `${due.title} (scheduled)` }, now)
      return true
    })
    if (claimed) published.push(due.id)
  }
  if (published.length) deps.events.changed()
  return published
}
