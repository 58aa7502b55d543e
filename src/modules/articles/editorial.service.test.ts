import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createDeps } from '../../container.js'
import { loadConfig } from '../../config.js'
import { systemClock } from '../../lib/clock.js'
import { createTestDatabase, describeEachDatabase } from '../../../test/support/databases.js'
import { makeUser, articleDraft } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { canArticle, type ArticleAction } from './articles.policy.js'
import { findEditableArticle, listRevisions } from './editorial.repository.js'
import { AUTOSAVE_REVISION_MINUTES, ConflictError, findPendingAutosave, restoreRevision, saveArticle, trashArticle, type ArticleDraft, type EditorialDeps } from './editorial.service.js'
import { publishDueArticles } from './scheduler.js'
import { startScheduler } from './scheduler.js'

const draft = (overrides: Partial<ArticleDraft> = {}): ArticleDraft => articleDraft({ title: 'مجلس الوزراء يقر الموازنة', excerpt: 'ملخص', bodyHtml: '<p>نص الخبر الأول.</p>', tags: ['اقتصاد'], dateline: 'القاهرة', ...overrides })

describe('article policy', () => {
  // Every role × action, for the writer's own article and for someone else's, in each status that matters.
  const own = (status: 'draft' | 'published') => ({ createdBy: 1, authorIds: [1], status })
  const theirs = { createdBy: 2, authorIds: [2], status: 'draft' as const }
  const table: Record<string, Record<ArticleAction, [boolean, boolean, boolean]>> = {
    //              [own draft, own published, someone else's draft]
    admin: { create: [true, true, true], edit: [true, true, true], submit: [true, true, true], publish: [true, true, true], schedule: [true, true, true], unpublish: [true, true, true], trash: [true, true, true], restore: [true, true, true], delete: [true, true, true], correct: [true, true, true], preview: [true, true, true], revisions: [true, true, true] },
    editor: { create: [true, true, true], edit: [true, true, true], submit: [true, true, true], publish: [true, true, true], schedule: [true, true, true], unpublish: [true, true, true], trash: [true, true, true], restore: [true, true, true], delete: [true, true, true], correct: [true, true, true], preview: [true, true, true], revisions: [true, true, true] },
    author: { create: [true, true, true], edit: [true, true, false], submit: [true, true, false], publish: [true, true, false], schedule: [true, true, false], unpublish: [true, true, false], trash: [true, true, false], restore: [true, true, false], delete: [false, false, false], correct: [true, true, false], preview: [true, true, false], revisions: [true, true, false] },
    contributor: { create: [true, true, true], edit: [true, false, false], submit: [true, false, false], publish: [false, false, false], schedule: [false, false, false], unpublish: [false, false, false], trash: [true, false, false], restore: [false, false, false], delete: [false, false, false], correct: [false, false, false], preview: [true, false, false], revisions: [true, false, false] },
    moderator: { create: [false, false, false], edit: [false, false, false], submit: [false, false, false], publish: [false, false, false], schedule: [false, false, false], unpublish: [false, false, false], trash: [false, false, false], restore: [false, false, false], delete: [false, false, false], correct: [false, false, false], preview: [false, false, false], revisions: [false, false, false] },
  }
  for (const [role, actions] of Object.entries(table)) {
    for (const [action, [ownDraft, ownPublished, other]] of Object.entries(actions)) {
      it(`${role} ${action}: own draft ${ownDraft}, own published ${ownPublished}, another's ${other}`, () => {
        const actor = { id: 1, role: role as 'admin' }
        assert.equal(canArticle(actor, action as ArticleAction, own('draft')), ownDraft)
        assert.equal(canArticle(actor, action as ArticleAction, own('published')), ownPublished)
        assert.equal(canArticle(actor, action as ArticleAction, theirs), other)
      })
    }
  }
})

describeEachDatabase('editorial workflow', (engine) => {
  let t: TestApp
  let editorial: EditorialDeps
  let changes = 0
  before(async () => {
    t = await buildTestApp(engine)
    editorial = { db: t.deps.db, events: { changed: () => void changes++ } }
  })
  after(() => t.close())

  it('keeps a revision per save and refuses a stale save with both versions, losing nothing', async () => {
    const editor = await makeUser(t.deps, { role: 'editor' })
    const actor = { id: editor.id, role: 'editor' as const }
    const created = await saveArticle(editorial, actor, undefined, draft(), 'save', t.clock.now())
    assert.equal(created.version, 1)
    const first = await saveArticle(editorial, actor, created.id, draft({ bodyHtml: '<p>نسخة المحرر الأول</p>', version: 1 }), 'save', t.clock.now())
    assert.equal(first.version, 2)
    await assert.rejects(saveArticle(editorial, actor, created.id, draft({ bodyHtml: '<p>نسخة المحرر الثاني</p>', version: 1 }), 'save', t.clock.now()), (error: unknown) => {
      assert.ok(error instanceof ConflictError)
      assert.equal(error.status, 409)
      assert.match(error.current.row.body_html, /نسخة المحرر الأول/)
      return true
    })
    const stored = await findEditableArticle(t.deps.db, created.id)
    assert.match(stored!.row.body_html, /نسخة المحرر الأول/, 'the first save was not overwritten')
    const revisions = await listRevisions(t.deps.db, created.id)
    assert.deepEqual(revisions.map((r) => r.version), [2, 1])
    assert.equal(revisions[0]!.user?.id, editor.id)

    const restored = await restoreRevision(editorial, actor, created.id, revisions[1]!.id, 2, t.clock.now())
    assert.equal(restored.version, 3)
    assert.match((await findEditableArticle(t.deps.db, created.id))!.row.body_html, /نص الخبر الأول/)
    assert.equal((await listRevisions(t.deps.db, created.id)).length, 3, 'restoring adds a revision, history is kept')
  })

  it('folds a writer’s autosaves into one revision; explicit saves, other writers and time each start a new one', async () => {
    const editor = await makeUser(t.deps, { role: 'editor' })
    const actor = { id: editor.id, role: 'editor' as const }
    const autosave = (version: number, body: string, who = actor) => {
      t.clock.advance(15_000)
      return saveArticle(editorial, who, id, draft({ bodyHtml: `<p>${body}</p>`, version }), 'save', t.clock.now(), { autosave: true })
    }
    const history = async () => (await listRevisions(t.deps.db, id)).map((r) => [r.version, r.autosave, r.user?.id])
    const { id } = await saveArticle(editorial, actor, undefined, draft(), 'save', t.clock.now())

    // Three autosaves 15 s apart: three new versions, one revision holding the last.
    assert.equal((await autosave(1, 'مسودة أولى')).version, 2)
    assert.equal((await autosave(2, 'مسودة ثانية')).version, 3)
    assert.equal((await autosave(3, 'مسودة ثالثة')).version, 4)
    assert.deepEqual(await history(), [
      [4, true, editor.id],
      [1, false, editor.id],
    ])
    const folded = (await listRevisions(t.deps.db, id))[0]!
    assert.match(folded.bodyHtml, /مسودة ثالثة/)
    assert.equal(folded.createdAt, t.clock.now().toISOString(), 'dated by its latest autosave')

    // The version check is unchanged: a stale autosave is refused and folds nothing.
    await assert.rejects(autosave(3, 'نسخة قديمة'), ConflictError)
    assert.match((await listRevisions(t.deps.db, id))[0]!.bodyHtml, /مسودة ثالثة/)

    // An explicit save always adds a revision, and the next autosave starts a new one after it.
    t.clock.advance(15_000)
    assert.equal((await saveArticle(editorial, actor, id, draft({ bodyHtml: '<p>حفظ صريح</p>', version: 4 }), 'save', t.clock.now())).version, 5)
    await autosave(5, 'بعد الحفظ')
    await autosave(6, 'بعد الحفظ مرة أخرى')
    assert.deepEqual((await history()).map(([version, auto]) => [version, auto]), [
      [7, true],
      [5, false],
      [4, true],
      [1, false],
    ])

    // Another writer's autosave is theirs; the first writer's next autosave does not reach back past it.
    const other = await makeUser(t.deps, { role: 'editor' })
    await autosave(7, 'كاتب آخر', { id: other.id, role: 'editor' })
    await autosave(8, 'عودة الكاتب الأول')
    assert.deepEqual((await history()).slice(0, 3), [
      [9, true, editor.id],
      [8, true, other.id],
      [7, true, editor.id],
    ])

    // Writing on without a stop: a run older than the window starts a new revision.
    for (let version = 9, elapsed = 0; elapsed < AUTOSAVE_REVISION_MINUTES * 60_000; version++, elapsed += 15_000) await autosave(version, `دقيقة ${elapsed}`)
    const run = (await listRevisions(t.deps.db, id)).filter((r) => r.version >= 9)
    assert.equal(run.length, 2, `${AUTOSAVE_REVISION_MINUTES} minutes of autosaves every 15 s: two revisions`)
    assert.equal(run[0]!.version, (await findEditableArticle(t.deps.db, id))!.row.version, 'the newest revision is the current version')
  })

  it('lets exactly one of two racing autosaves of one version through, and keeps one revision for it', async () => {
    const editor = await makeUser(t.deps, { role: 'editor' })
    const actor = { id: editor.id, role: 'editor' as const }
    const { id } = await saveArticle(editorial, actor, undefined, draft(), 'save', t.clock.now())
    await saveArticle(editorial, actor, id, draft({ bodyHtml: '<p>أ</p>', version: 1 }), 'save', t.clock.now(), { autosave: true })
    const race = await Promise.allSettled(['ب', 'ج'].map((body) => saveArticle(editorial, actor, id, draft({ bodyHtml: `<p>${body}</p>`, version: 2 }), 'save', t.clock.now(), { autosave: true })))
    assert.deepEqual(race.map((r) => r.status).sort(), ['fulfilled', 'rejected'])
    assert.ok((race.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason instanceof ConflictError)
    const stored = (await findEditableArticle(t.deps.db, id))!.row
    const revisions = await listRevisions(t.deps.db, id)
    assert.deepEqual(revisions.map((r) => r.version), [3, 1])
    assert.equal(revisions[0]!.bodyHtml, stored.body_html, 'the revision holds what won')
  })

  it('keeps an autosave of a live story aside: story, version and page cache untouched; offered to its writer until a save', async () => {
    const editor = await makeUser(t.deps, { role: 'editor' })
    const actor = { id: editor.id, role: 'editor' as const }
    const { id } = await saveArticle(editorial, actor, undefined, draft({ bodyHtml: '<p>النص المنشور</p>' }), 'publish', t.clock.now())
    const live = (await findEditableArticle(t.deps.db, id))!
    const changesBefore = changes
    const autosave = (body: string, version = 1) => {
      t.clock.advance(15_000)
      return saveArticle(editorial, actor, id, draft({ bodyHtml: `<p>${body}</p>`, tags: ['وسم لم يُحفظ بعد'], version }), 'save', t.clock.now(), { autosave: true })
    }
    assert.deepEqual(await autosave('نص نصف مكتوب'), { id, version: 1, aside: true })
    assert.deepEqual(await autosave('نص أطول قليلًا'), { id, version: 1, aside: true })
    assert.deepEqual(await findEditableArticle(t.deps.db, id), live, 'the stored story, its links and version are as they were')
    assert.equal(changes, changesBefore, 'the page cache is not invalidated')
    assert.equal((await t.deps.db.selectFrom('tags').select('id').where('name', '=', 'وسم لم يُحفظ بعد').execute()).length, 0)
    await assert.rejects(autosave('نسخة قديمة', 0), ConflictError)

    const revisions = await listRevisions(t.deps.db, id)
    assert.deepEqual(revisions.map((r) => [r.version, r.autosave, r.fields.aside === true]), [
      [1, true, true],
      [1, false, false],
    ])
    assert.match(revisions[0]!.bodyHtml, /نص أطول قليلًا/, 'the two autosaves folded into one revision')
    assert.equal((await findPendingAutosave(t.deps.db, live, editor.id))?.id, revisions[0]!.id)
    const other = await makeUser(t.deps, { role: 'editor' })
    assert.equal(await findPendingAutosave(t.deps.db, live, other.id), undefined, "another writer's autosave is not theirs")

    // "Update" from the form (same version) is no conflict; after it nothing is pending.
    const updated = await saveArticle(editorial, actor, id, draft({ bodyHtml: '<p>نص أطول قليلًا</p>', version: 1 }), 'save', t.clock.now())
    assert.equal(updated.version, 2)
    assert.equal(changes, changesBefore + 1)
    assert.equal(await findPendingAutosave(t.deps.db, (await findEditableArticle(t.deps.db, id))!, editor.id), undefined)
  })

  it('still autosaves drafts in place, and the first autosave of a new article creates it', async () => {
    const editor = await makeUser(t.deps, { role: 'editor' })
    const actor = { id: editor.id, role: 'editor' as const }
    const created = await saveArticle(editorial, actor, undefined, draft(), 'save', t.clock.now(), { autosave: true })
    assert.deepEqual(created, { id: created.id, version: 1 })
    t.clock.advance(15_000)
    assert.deepEqual(await saveArticle(editorial, actor, created.id, draft({ bodyHtml: '<p>مسودة</p>', version: 1 }), 'save', t.clock.now(), { autosave: true }), { id: created.id, version: 2 })
    const stored = (await findEditableArticle(t.deps.db, created.id))!
    assert.equal(stored.row.body_html, '<p>مسودة</p>')
    assert.deepEqual((await listRevisions(t.deps.db, created.id)).map((r) => [r.version, r.autosave]), [[2, true]], 'one autosave run, from the creation on')
    assert.equal(await findPendingAutosave(t.deps.db, stored, editor.id), undefined, 'a draft autosaved in place has nothing pending')
  })

  it('publishes a scheduled article once its time comes, exactly once with several schedulers, and audits it', async () => {
    const author = await makeUser(t.deps, { role: 'author' })
    const actor = { id: author.id, role: 'author' as const }
    const at = new Date(t.clock.now().getTime() + 3_600_000)
    const { id } = await saveArticle(editorial, actor, undefined, draft({ publishAt: at }), 'schedule', t.clock.now())
    assert.equal((await findEditableArticle(t.deps.db, id))!.row.status, 'scheduled')
    assert.deepEqual(await publishDueArticles(editorial, t.clock.now()), [], 'not before its time')
    t.clock.advance(3_600_000)
    const runs = await Promise.all([publishDueArticles(editorial, t.clock.now()), publishDueArticles(editorial, t.clock.now()), publishDueArticles(editorial, t.clock.now())])
    assert.deepEqual(runs.flat(), [id], 'published by exactly one of three concurrent runs')
    const row = (await findEditableArticle(t.deps.db, id))!.row
    assert.equal(row.status, 'published')
    assert.equal(row.published_at, at.toISOString())
    const audits = await t.deps.db.selectFrom('audit_log').selectAll().where('subject_id', '=', id).where('action', '=', 'article.publish').execute()
    assert.equal(audits.length, 1)
    assert.equal(audits[0]!.user_id, null, 'the scheduler publishes as the system')
  })

  it('refuses to schedule in the past and to publish without a body, with field messages', async () => {
    const editor = await makeUser(t.deps, { role: 'editor' })
    const actor = { id: editor.id, role: 'editor' as const }
    await assert.rejects(saveArticle(editorial, actor, undefined, draft({ publishAt: new Date(t.clock.now().getTime() - 1000) }), 'schedule', t.clock.now()), (e: { status: number; fields: Record<string, string> }) => e.status === 422 && e.fields.publishAt === 'articles.error.publishAtPast')
    await assert.rejects(saveArticle(editorial, actor, undefined, draft({ bodyHtml: '<p> </p>' }), 'publish', t.clock.now()), (e: { fields: Record<string, string> }) => e.fields.bodyHtml === 'articles.error.bodyRequired')
  })

  it('lets a contributor submit for review but not publish, and trashes and restores', async () => {
    const contributor = await makeUser(t.deps, { role: 'contributor' })
    const actor = { id: contributor.id, role: 'contributor' as const }
    const { id } = await saveArticle(editorial, actor, undefined, draft(), 'save', t.clock.now())
    await assert.rejects(saveArticle(editorial, actor, id, draft({ version: 1 }), 'publish', t.clock.now()), { status: 403 })
    await saveArticle(editorial, actor, id, draft({ version: 1 }), 'submit', t.clock.now())
    assert.equal((await findEditableArticle(t.deps.db, id))!.row.status, 'review')
    await assert.rejects(trashArticle(editorial, actor, id, true, t.clock.now()), { status: 403 }, 'once in review it is the editors’')
    const editor = await makeUser(t.deps, { role: 'editor' })
    await trashArticle(editorial, { id: editor.id, role: 'editor' }, id, true, t.clock.now())
    assert.equal((await findEditableArticle(t.deps.db, id))!.row.status, 'trashed')
    await trashArticle(editorial, { id: editor.id, role: 'editor' }, id, false, t.clock.now())
    assert.equal((await findEditableArticle(t.deps.db, id))!.row.status, 'review', 'restore puts it back where it was')
  })
})

describe('scheduler in real time', () => {
  it('publishes an article scheduled 2 s ahead within the scheduler interval, and missed ones at start', async () => {
    const database = await createTestDatabase('sqlite')
    const deps = await createDeps(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SAHIFA_DEMO: '0' }), { clock: systemClock })
    try {
      const editor = await makeUser(deps, { role: 'editor' })
      const actor = { id: editor.id, role: 'editor' as const }
      const editorial = { db: deps.db, events: deps.events }
      // Scheduled, then "the server was down" past its time: the first tick at start publishes it.
      const missed = await saveArticle(editorial, actor, undefined, draft({ publishAt: new Date(Date.now() + 300) }), 'schedule', new Date())
      await new Promise((r) => setTimeout(r, 400))
      const dueAt = new Date(Date.now() + 2000)
      const soon = await saveArticle(editorial, actor, undefined, draft({ title: 'بعد ثانيتين', publishAt: dueAt }), 'schedule', new Date())
      const stop = startScheduler({ ...editorial, clock: systemClock }, { intervalMs: 250, onError: (e) => assert.fail(String(e)) })
      try {
        await new Promise((r) => setTimeout(r, 150))
        assert.equal((await findEditableArticle(deps.db, missed.id))!.row.status, 'published', 'a missed schedule goes out at start')
        assert.equal((await findEditableArticle(deps.db, soon.id))!.row.status, 'scheduled')
        while ((await findEditableArticle(deps.db, soon.id))!.row.status !== 'published') {
          assert.ok(Date.now() < dueAt.getTime() + 5000, 'published within 5 s of its time')
          await new Promise((r) => setTimeout(r, 50))
        }
        assert.ok(Date.now() >= dueAt.getTime(), 'not before its time')
        assert.ok(Date.now() - dueAt.getTime() < 1500, `published ${Date.now() - dueAt.getTime()} ms after its time`)
      } finally {
        stop()
      }
    } finally {
      await deps.close()
      await database.drop()
    }
  })
})
