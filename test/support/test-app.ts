import type { FastifyInstance } from 'fastify'
import { loadConfig } from '../../src/config.js'
import { createDeps, type Deps } from '../../src/container.js'
import type { Engine } from '../../src/db/dialect/index.js'
import { buildApp } from '../../src/http/app.js'
import { fakeClock } from '../../src/lib/clock.js'
import { createTestDatabase, type TestDatabase } from './databases.js'

export type FakeClock = ReturnType<typeof fakeClock>

export interface TestApp {
  app: FastifyInstance
  deps: Deps
  clock: FakeClock
  /** The database itself, for a second instance on it (`buildSecondInstance`). */
  database: TestDatabase
  close(): Promise<void>
}

/** The app on `config`'s database (a PostgreSQL suite's own `schema`), ready, with a fake clock. */
async function startInstance(config: ReturnType<typeof loadConfig>, now: string, schema: string | undefined): Promise<Omit<TestApp, 'database'>> {
  const clock = fakeClock(now)
  const deps = await createDeps(config, { clock, schema })
  const app = await buildApp(deps, { logger: false })
  await app.ready()
  return {
    app,
    deps,
    clock,
    close: async () => {
      await app.close()
      await deps.close()
    },
  }
}

/**
 * Another server instance on `first`'s database, as a second machine behind a load balancer
 * would run it: its own deps, render cache and events. Close it before `first`.
 */
export function buildSecondInstance(first: TestApp): Promise<Omit<TestApp, 'database'>> {
  return startInstance(first.deps.config, first.clock.now().toISOString(), first.database.schema)
}

/**
 * The real app on a fresh real database (SQLite file or PostgreSQL schema), with a fake clock.
 * `env` overrides configuration variables (e.g. { SAHIFA_RENDER_CACHE: '0' }).
 */
export async function buildTestApp(engine: Engine, { env = {}, now = '2026-05-11T09:00:00Z' }: { env?: Record<string, string>; now?: string } = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine)
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SAHIFA_DEMO: '0', SAHIFA_PUBLIC_URL: 'http://sahifa.test', ...env })
  const instance = await startInstance(config, now, database.schema)
  return {
    ...instance,
    database,
    close: async () => {
      await instance.close()
      await database.drop()
    },
  }
}
