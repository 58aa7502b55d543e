import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe } from 'node:test'
import pg from 'pg'
import type { Engine } from '../../src/db/dialect/index.js'

/**
 * The databases every repository and route test runs on, with one test body:
 * a real SQLite file always, and PostgreSQL when TEST_DATABASE_URL is set (CI sets it).
 */
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']

/** Runs `body` once per engine inside `describe('<name> on <engine>')`. */
export function describeEachDatabase(name: string, body: (engine: Engine) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    const available = engines.includes(engine)
    describe(`${name} [${engine}]`, { skip: available ? false : 'PostgreSQL not configured (set TEST_DATABASE_URL)' }, () => body(engine))
  }
}

export interface TestDatabase {
  url: string
  schema?: string
  drop(): Promise<void>
}

/** A fresh, empty database: a new SQLite file in a temp folder, or a new PostgreSQL schema. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sahifa-test-'))
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_DATABASE_URL is not set')
  const schema = `t_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`create schema ${schema}`)
  await client.end()
  return {
    url,
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema if exists ${schema} cascade`)
      await c.end()
    },
  }
}
