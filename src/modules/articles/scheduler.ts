import type { Clock } from '../../lib/clock.js'
import { publishDueArticles, type EditorialDeps } from './editorial.service.js'

/** How often the scheduler looks for due articles: publishes within this (well under 30 s) of the time. */
export const SCHEDULER_INTERVAL_MS = 10_000

/**
 * Publishes scheduled articles when their time comes: once at start (so schedules missed while
 * the server was down go out at once) and every `intervalMs`. Safe on any number of servers:
 * each article is claimed in the database (publishDueArticles). Returns a stop function.
 */
export function startScheduler(deps: EditorialDeps & { clock: Clock }, { intervalMs = SCHEDULER_INTERVAL_MS, onError }: { intervalMs?: number; onError: (error: unknown) => void }): () => void {
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
