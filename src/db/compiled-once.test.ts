import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql, type Kysely } from 'kysely'
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/support/databases.js'
import { parseDatabaseUrl } from '../config.js'
import { compiledOnce } from './compiled-once.js'
import { openDatabase, type DatabaseHandle, type Db } from './database.js'

interface Things {
  things: { id: number; name: string; n: number }
}
/** The test's own table, through the app's Db type (compiledOnce takes a Db). */
const things = (db: Db) => (db as unknown as Kysely<Things>).selectFrom('things')

describeEachDatabase('compiledOnce', (engine) => {
  let database: TestDatabase
  let handle: DatabaseHandle
  before(async () => {
    database = await createTestDatabase(engine)
    handle = openDatabase(parseDatabaseUrl(database.url), { schema: database.schema })
    const db = handle.db as unknown as Kysely<Things>
    await db.schema.createTable('things').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text').addColumn('n', 'integer').execute()
    await db
      .insertInto('things')
      .values(Array.from({ length: 10 }, (_, i) => ({ id: i + 1, name: `شيء ${i + 1}`, n: i % 3 })))
      .execute()
  })
  after(async () => {
    await handle.close()
    await database.drop()
  })

  it('runs the query built once with each call’s values, as the query built for them would', async () => {
    let builds = 0
    const byNameAndN = compiledOnce((db, name: string, n: number) => {
      builds++
      return things(db).select(['id']).where('name', '=', name).where('n', '=', n)
    })
    for (let id = 1; id <= 10; id++) {
      const name = `شيء ${id}`
      const n = (id - 1) % 3
      assert.deepEqual(await byNameAndN(handle.db, name, n), await things(handle.db).select(['id']).where('name', '=', name).where('n', '=', n).execute())
      assert.deepEqual(await byNameAndN(handle.db, name, (n + 1) % 3), [])
    }
    assert.equal(builds, 1)
  })

  it('compiles once per list length, and per value of an inlined argument', async () => {
    let builds = 0
    const firstOf = compiledOnce(
      (db, ids: number[], limit: number) => {
        builds++
        return things(db).select(['id']).where('id', 'in', ids).orderBy('id', 'desc').limit(sql.lit(limit))
      },
      { inline: [1] },
    )
    const ids = async (list: number[], limit: number) => (await firstOf(handle.db, list, limit)).map((r) => r.id)
    assert.deepEqual(await ids([1, 2, 3], 2), [3, 2])
    assert.deepEqual(await ids([4, 5, 6], 2), [6, 5])
    assert.equal(builds, 1)
    assert.deepEqual(await ids([7, 8], 2), [8, 7])
    assert.equal(builds, 2, 'two ids: another SQL')
    assert.deepEqual(await ids([4, 5, 6], 1), [6])
    assert.equal(builds, 3, 'another limit: another SQL')
    assert.deepEqual(await ids([9, 1, 5], 2), [9, 5])
    assert.equal(builds, 3)
  })

  it('compiles for each database it runs on (their SQL may differ)', async () => {
    const other = openDatabase(parseDatabaseUrl(database.url), { schema: database.schema })
    try {
      let builds = 0
      const byId = compiledOnce((db, id: number) => {
        builds++
        return things(db).select(['name']).where('id', '=', id)
      })
      assert.deepEqual(await byId(handle.db, 2), [{ name: 'شيء 2' }])
      assert.deepEqual(await byId(other.db, 3), [{ name: 'شيء 3' }])
      assert.equal(builds, 2)
    } finally {
      await other.close()
    }
  })

  it('refuses a builder that writes a value into the SQL instead of passing it', async () => {
    const wrong = compiledOnce((db, id: number) => things(db).select(['name']).where(sql<boolean>`id = ${sql.raw(String(id))}`))
    await assert.rejects(wrong(handle.db, 1), /every argument must reach the query as a value \(0 of 1 did\)/)
  })
})
