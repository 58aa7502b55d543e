import type { FastifyInstance } from 'fastify'
import { isWorker, joinPool, sharedSocket, WorkerPool } from '../cli/cluster.js'
import type { Deps } from '../container.js'
import { startScheduler } from '../modules/articles/scheduler.js'
import { runMaintenance } from '../modules/maintenance/maintenance.service.js'
import { buildApp } from './app.js'

export interface ServerOptions {
  /** Called once listening, with the URL. */
  onListening?: (url: string) => void
  /** Most processes to serve with, this one included (cli/cluster.ts); 1 by default. */
  processes?: number
}

/**
 * Starts listening and closes gracefully on SIGTERM/SIGINT: stop accepting connections,
 * let in-flight requests finish, then close the database. A second signal exits at once.
 * With `processes` > 1 this process starts workers when busy and stops them when it stops; a
 * worker (cli/cluster.ts) listens on the socket its first process handed it.
 */
export async function startServer(deps: Deps, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp(deps)
  const worker = isWorker()
  let pool: WorkerPool | undefined
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
  // Only a second *signal* exits at once (Ctrl-C twice): a worker may get its first process's
  // IPC request and the signal itself (systemd, Ctrl-C) in either order.
  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(1)
    void shutdown(signal)
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  app.addHook('onClose', async () => {
    if (pool && !(await pool.stop())) throw new Error('a worker did not shut down cleanly')
  })
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
  const url = await app.listen(worker ? sharedSocket : { port: deps.config.port, host: deps.config.host })
  if (worker) {
    joinPool(app.server, deps.events, deps.config.workerIdleMs, (reason) => void shutdown(reason))
  } else if ((options.processes ?? 1) > 1) {
    pool = new WorkerPool({ max: options.processes! - 1, idleMs: deps.config.workerIdleMs, server: app.server, events: deps.events, log: (line) => app.log.warn(line) })
    pool.start()
  }
  options.onListening?.(url)
  return app
}
