import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeArticle, makeUser, articleDraft } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { listRevisions } from '../articles/editorial.repository.js'
import { addCorrection, deleteArticle, restoreRevision, saveArticle, trashArticle, type ArticleDraft, type EditorialDeps } from '../articles/editorial.service.js'
import { publishDueArticles } from '../articles/scheduler.js'
import { documentTerms, ensureSearchIndex, MAX_INDEXED_TERMS, rebuildSearchIndex, syncSearchIndex } from './search.index.js'
import { searchArticles } from './search.service.js'

const draft = (overrides: Partial<ArticleDraft> = {}): ArticleDraft => articleDraft({ title: 'قمة الاتحاد الأفريقي', bodyHtml: '<p>اجتمع القادة في أديس أبابا.</p>', ...overrides })

describeEachDatabase('search index upkeep', (engine) => {
  let t: TestApp
  let editorial: EditorialDeps
  let actor: { id: number; role: 'editor' }
  before(async () => {
    t = await buildTestApp(engine)
    editorial = { db: t.deps.db, events: { changed: () => undefined } }
    actor = { id: (await makeUser(t.deps, { role: 'editor' })).id, role: 'editor' }
  })
  after(() => t.close())

  /** Ids found for `q`, checked against the total (an index out of step with its table shows there). */
  const found = async (q: string): Promise<number[]> => {
    const r = await searchArticles(t.deps, q, { now: t.clock.now(), limit: 50 })
    assert.equal(r.total, r.hits.length, `total and hits agree for ${q}`)
    return r.hits.map((h) => h.id)
  }
  const indexedIds = async () => (await t.deps.db.selectFrom('search_documents').select('article_id').orderBy('article_id').execute()).map((r) => r.article_id)

  it('indexes on publish, follows edits, and drops on unpublish, trash and delete', async () => {
    const { id, version } = await saveArticle(editorial, actor, undefined, draft({ title: 'مسودة عن أديس أبابا' }), 'save', t.clock.now())
    assert.deepEqual(await found('أديس'), [], 'a draft is not searchable')
    const published = await saveArticle(editorial, actor, id, draft({ title: 'قمة الاتحاد الأفريقي', version }), 'publish', t.clock.now())
    assert.deepEqual(await found('الاتحاد'), [id])
    assert.deepEqual(await found('أديس أبابا'), [id])

    const edited = await saveArticle(editorial, actor, id, draft({ title: 'قمة التحالف', bodyHtml: '<p>انعقدت في نيروبي.</p>', version: published.version }), 'save', t.clock.now())
    assert.deepEqual(await found('الاتحاد'), [], 'the old title is gone')
    assert.deepEqual(await found('أديس'), [], 'the old body is gone')
    assert.deepEqual(await found('للتحالف نيروبي'), [id])

    const unpublished = await saveArticle(editorial, actor, id, draft({ title: 'قمة التحالف', bodyHtml: '<p>انعقدت في نيروبي.</p>', version: edited.version }), 'unpublish', t.clock.now())
    assert.deepEqual(await found('نيروبي'), [])
    await saveArticle(editorial, actor, id, draft({ title: 'قمة التحالف', bodyHtml: '<p>انعقدت في نيروبي.</p>', version: unpublished.version }), 'publish', t.clock.now())
    assert.deepEqual(await found('نيروبي'), [id])

    await trashArticle(editorial, actor, id, true, t.clock.now())
    assert.deepEqual(await found('نيروبي'), [])
    await trashArticle(editorial, actor, id, false, t.clock.now())
    assert.deepEqual(await found('نيروبي'), [], 'restored from the trash as unpublished')
    await trashArticle(editorial, actor, id, true, t.clock.now())
    await deleteArticle(editorial, actor, id, t.clock.now())
    assert.deepEqual(await found('نيروبي'), [])
    assert.ok(!(await indexedIds()).includes(id))
  })

  it('indexes a scheduled story when the scheduler publishes it, and follows a restored revision', async () => {
    const publishAt = new Date(t.clock.now().getTime() + 60_000)
    const { id, version } = await saveArticle(editorial, actor, undefined, draft({ title: 'موعد الإطلاق في الرياض', publishAt }), 'schedule', t.clock.now())
    assert.deepEqual(await found('الإطلاق'), [])
    t.clock.advance(61_000)
    assert.deepEqual(await publishDueArticles(editorial, t.clock.now()), [id])
    assert.deepEqual(await found('الإطلاق'), [id])

    await saveArticle(editorial, actor, id, draft({ title: 'موعد التدشين في جدة', version }), 'save', t.clock.now())
    assert.deepEqual(await found('الإطلاق'), [])
    const revisions = await listRevisions(t.deps.db, id)
    await restoreRevision(editorial, actor, id, revisions[revisions.length - 1]!.id, version + 1, t.clock.now())
    assert.deepEqual(await found('الإطلاق'), [id], 'the restored title is searchable again')
    assert.deepEqual(await found('التدشين'), [])

    await addCorrection(editorial, actor, id, { kind: 'update', note: 'تحديث' }, t.clock.now())
    assert.deepEqual(await found('الإطلاق'), [id])
  })

  it('indexes articles created through the plain insert (demo seed, importers) when published', async () => {
    const live = await makeArticle(t.deps, { title: 'خبر عن الزراعة' })
    await makeArticle(t.deps, { title: 'مسودة عن الزراعة', status: 'draft' })
    assert.deepEqual(await found('الزراعة'), [live.id])
  })

  it('drops an article deleted behind the application (foreign key cascade)', async () => {
    const { id } = await makeArticle(t.deps, { title: 'خبر يحذف مباشرة عن الصيد' })
    await t.deps.db.deleteFrom('articles').where('id', '=', id).execute()
    assert.deepEqual(await found('الصيد'), [])
    assert.ok(!(await indexedIds()).includes(id))
  })

  it('rebuilds from the articles: changes made behind the application, in batches, with progress', async () => {
    const { id } = await makeArticle(t.deps, { title: 'خبر عن السياحة' })
    const hidden = await makeArticle(t.deps, { title: 'خبر عن الطيران', status: 'draft' })
    await t.deps.db.updateTable('articles').set({ title: 'خبر عن الفلك' }).where('id', '=', id).execute()
    await t.deps.db.updateTable('articles').set({ status: 'published', published_at: t.clock.now().toISOString() }).where('id', '=', hidden.id).execute()
    assert.deepEqual(await found('الفلك'), [], 'not seen before the rebuild')

    const progress: number[] = []
    const { n } = await t.deps.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const result = await rebuildSearchIndex(t.deps.db, t.deps.engine, { batchSize: 2, onProgress: (p) => progress.push(p.done) })
    assert.deepEqual(await found('الفلك'), [id])
    assert.deepEqual(await found('السياحة'), [])
    assert.deepEqual(await found('الطيران'), [hidden.id])
    const published = (await t.deps.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute()).map((r) => r.id)
    assert.deepEqual(await indexedIds(), published)
    assert.equal(result.indexed, published.length)
    assert.equal(progress[0], 0)
    assert.equal(progress[progress.length - 1], Number(n))
    assert.equal(progress.length, Math.ceil(Number(n) / 2) + 1)
  })

  it('rebuilds at start only when the index was built with another analysis (or never)', async () => {
    assert.ok(await ensureSearchIndex(t.deps.db, t.deps.engine), 'a new database: built once')
    assert.equal(await ensureSearchIndex(t.deps.db, t.deps.engine), undefined, 'then current')
    await t.deps.db.updateTable('settings').set({ value: JSON.stringify('analysis-0') }).where('key', '=', 'search.index').execute()
    await t.deps.db.deleteFrom('search_documents').execute()
    assert.equal((await found('الفلك')).length, 0)
    const rebuilt = await ensureSearchIndex(t.deps.db, t.deps.engine)
    assert.ok(rebuilt && rebuilt.indexed > 0)
    assert.equal((await found('الفلك')).length, 1)
  })

  it('caps what one article indexes, the same on both engines', async () => {
    const words = Array.from({ length: MAX_INDEXED_TERMS + 500 }, (_, i) => `كلمة${i}`).join(' ')
    const terms = documentTerms('عنوان', words)
    assert.equal(terms.title.length + terms.body.length, MAX_INDEXED_TERMS)
    const { id } = await makeArticle(t.deps, { title: 'مقال طويل جدا', paragraphs: [words, `${'ب'.repeat(100)} نهاية`] })
    assert.deepEqual(await found('مقال طويل'), [id])
    const row = await t.deps.db.selectFrom('search_documents').select('term_count').where('article_id', '=', id).executeTakeFirstOrThrow()
    assert.equal(row.term_count, MAX_INDEXED_TERMS)
    assert.deepEqual(await syncSearchIndex(t.deps.db, [id, 999_999]), { indexed: 1, removed: 1 })
  })

  it('ends with the index in step with the published articles (SQLite: FTS5 integrity check against its table)', async () => {
    const published = await t.deps.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute()
    assert.deepEqual(await indexedIds(), published.map((r) => r.id))
    if (engine === 'sqlite') await sql`insert into article_search (article_search, rank) values ('integrity-check', 1)`.execute(t.deps.db)
  })
})
