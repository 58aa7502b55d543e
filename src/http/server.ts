import cluster from 'node:cluster'
import type { FastifyInstance } from 'fastify'
import type { Deps } from '../container.js'
import { startScheduler } from '../modules/articles/scheduler.js'
import { runMaintenance } from '../modules/maintenance/maintenance.service.js'
import { buildApp } from './app.js'

/**
 * Starts listening and closes gracefully on SIGTERM/SIGINT: stop accepting connections,
 * let in-flight requests finish, then close the database. A second signal exits at once.
 */
export async function startServer(deps: Deps, onListening?: (url: string) => void): Promise<FastifyInstance> {
  const app = await buildApp(deps)
  let closing = false
  const shutdown = async (reason: string) => {
    if (closing) return
    closing = true
    app.log.info({ reason }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    try {
      await app.close()
      await deps.close()
      process.exit(0)
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down')
      process.exit(1)
    }
  }
  // Only a second *signal* exits at once (Ctrl-C twice): a cluster worker may get its primary's
  // IPC request (cli/cluster.ts) and the signal itself (systemd, Ctrl-C) in either order.
  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(1)
    void shutdown(signal)
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  if (cluster.isWorker) {
    process.on('message', (message: { type?: string }) => {
      if (message?.type === 'sahifa:shutdown') void shutdown('asked by the primary')
    })
  }
  // Housekeeping (IP-hash retention, expired sessions) at start and hourly; idempotent, so every
  // instance may run it.
  const housekeeping = () =>
    runMaintenance(deps.db, deps.frame().settings, deps.clock.now(), deps.engine).catch((error: unknown) => app.log.error({ err: error }, 'maintenance failed'))
  const timer = setInterval(housekeeping, 3_600_000)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
  void housekeeping()
  // Content changed by another process (instance, CLI) reaches this one's cache within a poll.
  deps.changes.watch(deps.config.changePollMs)
  app.addHook('onClose', async () => deps.changes.stop())
  const stopScheduler = startScheduler(deps, { onError: (error) => app.log.error({ err: error }, 'scheduled publishing failed') })
  app.addHook('onClose', async () => stopScheduler())
  const url = await app.listen({ port: deps.config.port, host: deps.config.host })
  onListening?.(url)
  return app
}
