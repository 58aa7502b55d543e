import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeArticle } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { siteSettingsSchema } from '../settings/settings.service.js'
import { findComment } from '../comments/comments.repository.js'
import { formToken, submitComment, type CommentForm } from '../comments/comments.service.js'
import { runMaintenance } from './maintenance.service.js'

describeEachDatabase('maintenance', (engine) => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp(engine)
  })
  after(() => t.close())

  it('erases IP hashes older than the retention period and keeps recent ones', async () => {
    const { id: articleId } = await makeArticle(t.deps)
    const settings = siteSettingsSchema.parse({ commentIpRetentionDays: 30 })
    const post = async (email: string) => {
      const form: CommentForm = { name: 'قارئ', email, url: '', body: `نص ${email}`, parentId: '', website2: '', token: formToken(t.deps.secret, new Date(t.clock.now().getTime() - 60_000)) }
      return submitComment(t.deps.db, form, { articleId, article: { status: 'published', commentStatus: 'open', publishedAt: null }, ip: '192.0.2.7', userAgent: '' }, {
        settings,
        secret: t.deps.secret,
        limits: { perIp: 100, perEmail: 100, windowMinutes: 10 },
        now: t.clock.now(),
      })
    }
    const old = await post('old@example.com')
    t.clock.advance(31 * 86_400_000)
    const recent = await post('recent@example.com')
    const result = await runMaintenance(t.deps.db, settings, t.clock.now())
    assert.equal(result.ipHashesErased, 1)
    assert.equal((await findComment(t.deps.db, old.id))!.ip_hash, null)
    assert.ok((await findComment(t.deps.db, recent.id))!.ip_hash)
  })

  // SQLite only: PostgreSQL's autovacuum keeps its own statistics.
  if (engine === 'sqlite') it('on SQLite, gives the query planner statistics when a table has none', async () => {
    for (let i = 0; i < 30; i++) await makeArticle(t.deps)
    const analyzed = async () => {
      const tables = await sql<{ name: string }>`select name from sqlite_master where name = 'sqlite_stat1'`.execute(t.deps.db)
      if (tables.rows.length === 0) return []
      return (await sql<{ tbl: string }>`select distinct tbl from sqlite_stat1`.execute(t.deps.db)).rows.map((r) => r.tbl)
    }
    await sql`drop table if exists sqlite_stat1`.execute(t.deps.db).catch(() => undefined)
    await sql`delete from sqlite_stat1`.execute(t.deps.db).catch(() => undefined)
    assert.ok(!(await analyzed()).includes('articles'), 'no statistics before')
    await runMaintenance(t.deps.db, siteSettingsSchema.parse({}), t.clock.now(), engine)
    assert.ok((await analyzed()).includes('articles'), 'the articles table has statistics after')
  })
})
