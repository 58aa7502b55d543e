import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Migrator, sql, type Kysely } from 'kysely'
import pg from 'pg'
import { createTestDatabase, describeEachDatabase, engines, type TestDatabase } from '../../test/support/databases.js'
import { parseDatabaseUrl } from '../config.js'
import { openDatabase, type DatabaseHandle } from './database.js'
import { allMigrations, migrateToLatest } from './migrate.js'

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

  it('0007 fills the tag matching key of existing tags and adds the autosave and two-step columns', async () => {
    const fresh = await createTestDatabase(engine)
    const own = openDatabase(parseDatabaseUrl(fresh.url), { schema: fresh.schema })
    try {
      const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(own.db)).rows[0]?.s : undefined
      const migrator = new Migrator({ db: own.db, provider: { getMigrations: async () => allMigrations(engine) }, ...(schema ? { migrationTableSchema: schema } : {}) })
      assert.equal((await migrator.migrateTo('0006-newsroom')).error, undefined)
      const names = ['إسلام', 'مسؤولون', 'COVID-19', 'الطَّاقة']
      const db = own.db as unknown as Kysely<any>
      for (const [i, name] of names.entries()) await db.insertInto('tags').values({ slug: `tag-${i}`, name }).execute()
      const { error, results } = await migrator.migrateTo('0007-newsroom-safeguards')
      assert.equal(error, undefined)
      assert.deepEqual(results?.map((r) => r.migrationName), ['0007-newsroom-safeguards'])
      const rows = await db.selectFrom('tags').select(['name', 'name_match']).orderBy('id').execute()
      assert.deepEqual(
        rows.map((r) => r.name_match),
        ['اسلام', 'مسءولون', 'covid-19', 'الطاقه'],
      )
      const columns = Object.fromEntries((await own.db.introspection.getTables()).map((t) => [t.name, t.columns.map((c) => c.name)]))
      assert.ok(columns.users?.includes('totp_last_step'))
      assert.ok(columns.article_revisions?.includes('autosave_started_at'))
    } finally {
      await own.close()
      await fresh.drop()
    }
  })
})

describe('migrations while other schemas come and go [postgres]', { skip: engines.includes('postgres') ? false : 'PostgreSQL not configured (set TEST_DATABASE_URL)' }, () => {
  it('a start is never failed by another connection dropping its own schema meanwhile', async () => {
    const database = await createTestDatabase('postgres')
    const handle = openDatabase(parseDatabaseUrl(database.url), { schema: database.schema })
    const other = new pg.Client({ connectionString: database.url })
    await other.connect()
    let stop = false
    const churn = (async () => {
      for (let i = 0; !stop; i++) {
        const schema = `${database.schema}_churn_${i}`
        await other.query(`create schema ${schema}; create table ${schema}.a (id serial primary key, b text)`)
        await other.query(`drop schema ${schema} cascade`)
      }
    })()
    const failures: string[] = []
    try {
      await migrateToLatest(handle.db, 'postgres')
      // Each run introspects the catalogue; Kysely's own introspector failed ~1 run in 3 here.
      for (let run = 0; run < 60; run++) await migrateToLatest(handle.db, 'postgres').catch((error: Error) => failures.push(error.message))
    } finally {
      stop = true
      await churn
      await other.end()
      await handle.close()
      await database.drop()
    }
    assert.deepEqual(failures, [])
  })
})

describe('0012: article bodies last [sqlite]', () => {
  it('rebuilds articles with the bodies last, keeping rows, links, indexes, foreign keys and the id counter', async () => {
    const fresh = await createTestDatabase('sqlite')
    const own = openDatabase(parseDatabaseUrl(fresh.url))
    const db = own.db as unknown as Kysely<any>
    try {
      const migrator = new Migrator({ db: own.db, provider: { getMigrations: async () => allMigrations('sqlite') } })
      assert.equal((await migrator.migrateTo('0011-change-signals')).error, undefined)
      const columnsBefore = (await sql<{ name: string }>`select name from pragma_table_info('articles')`.execute(db)).rows.map((c) => c.name)
      assert.ok(columnsBefore.indexOf('body_text') < columnsBefore.indexOf('published_at'), 'the old order')

      await db.insertInto('tags').values({ slug: 'وسم', name: 'وسم', name_match: 'وسم' }).execute()
      const article = (id: number) => ({
        id,
        slug: `خبر-${id}`,
        title: `خبر ${id}`,
        body_html: `<p>${'نص طويل '.repeat(2000)}${id}</p>`,
        body_text: `${'نص طويل '.repeat(2000)}${id}`,
        status: 'published',
        published_at: `2026-01-0${id}T10:00:00.000Z`,
        created_at: '2026-01-01T10:00:00.000Z',
        updated_at: '2026-01-01T10:00:00.000Z',
        comment_count: id,
      })
      await db.insertInto('articles').values([article(1), article(2), article(3)]).execute()
      await db.deleteFrom('articles').where('id', '=', 3).execute() // the counter must not hand out 3 again
      await db.insertInto('article_tags').values([{ article_id: 1, tag_id: 1 }, { article_id: 2, tag_id: 1 }]).execute()
      const rowsBefore = await db.selectFrom('articles').selectAll().orderBy('id').execute()
      const indexesBefore = (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'articles' order by name`.execute(db)).rows

      assert.deepEqual(await migrateToLatest(own.db, 'sqlite'), ['0012-article-bodies-last'])

      const columnsAfter = (await sql<{ name: string }>`select name from pragma_table_info('articles')`.execute(db)).rows.map((c) => c.name)
      assert.deepEqual(columnsAfter.slice(-2), ['body_html', 'body_text'])
      assert.deepEqual([...columnsAfter].sort(), [...columnsBefore].sort())
      assert.deepEqual(await db.selectFrom('articles').selectAll().orderBy('id').execute(), rowsBefore)
      assert.deepEqual((await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'articles' order by name`.execute(db)).rows, indexesBefore)
      assert.equal((await db.selectFrom('article_tags').select('article_id').execute()).length, 2, 'no tag link lost to a cascade')
      // Foreign keys are on again and hold: a link to a missing article is refused, deleting an article cascades.
      await assert.rejects(db.insertInto('article_tags').values({ article_id: 99, tag_id: 1 }).execute(), /FOREIGN KEY/)
      await db.deleteFrom('articles').where('id', '=', 2).execute()
      assert.deepEqual((await db.selectFrom('article_tags').select('article_id').execute()).map((r) => r.article_id), [1])
      const { id } = await db.insertInto('articles').values({ ...article(4), id: undefined }).returning('id').executeTakeFirstOrThrow()
      assert.equal(id, 4, 'AUTOINCREMENT continues after the highest id ever used')
    } finally {
      await own.close()
      await fresh.drop()
    }
  })
})
