import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { Migrator, sql, type Kysely } from 'kysely'
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/support/databases.js'
import { parseDatabaseUrl } from '../config.js'
import { openDatabase, type DatabaseHandle } from './database.js'

describeEachDatabase('migrations', (engine) => {
  let database: TestDatabase
  let handle: DatabaseHandle
  before(async () => {
    database = await createTestDatabase(engine)
    handle = openDatabase(parseDatabaseUrl(database.url), { schema: database.schema })
  })
  after(async () => {
    await handle.close()
    await database.drop()
  })

  it('applies a migration that fails halfway not at all, so the next start can run it again', async () => {
    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(handle.db)).rows[0]?.s : undefined
    const failing = {
      async up(db: Kysely<any>) {
        await db.schema.createTable('half').addColumn('id', 'integer').execute()
        await db.schema.createIndex('half_id').on('half').column('id').execute()
        throw new Error('the power went out')
      },
    }
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => ({ '0001-half': failing }) }, ...(schema ? { migrationTableSchema: schema } : {}) })
    const result = await migrator.migrateToLatest()
    assert.ok(result.error)
    const tables = await handle.db.introspection.getTables()
    assert.equal(tables.some((t) => t.name === 'half'), false, 'the first statement was rolled back with the rest')
  })
})
