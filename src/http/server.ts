import type { FastifyInstance } from 'fastify'
import type { Deps } from '../container.js'
import { buildApp } from './app.js'

/**
 * Starts listening and closes gracefully on SIGTERM/SIGINT: stop accepting connections,
 * let in-flight requests finish, then close the database. A second signal exits at once.
 */
export async function startServer(deps: Deps, onListening?: (url: string) => void): Promise<FastifyInstance> {
  const app = await buildApp(deps)
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1)
    closing = true
    app.log.info({ signal }, 'shutting down')
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
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
  const url = await app.listen({ port: deps.config.port, host: deps.config.host })
  onListening?.(url)
  return app
}
