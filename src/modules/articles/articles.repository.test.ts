import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import * as repo from './articles.repository.js'

describeEachDatabase('articles repository', (engine) => {
  let t: TestApp
  const ids: Record<string, number> = {}
  before(async () => {
    t = await buildTestApp(engine)
    const writer = await makeUser(t.deps, { name: 'سلمى حداد' })
    const parent = await makeCategory(t.deps, { slug: 'sports', name: 'رياضة' })
    const child = await makeCategory(t.deps, { slug: 'football', name: 'كرة القدم', parentId: parent.id })
    const at = (iso: string) => new Date(iso)
    ids.old = (await makeArticle(t.deps, { title: 'قديم', publishedAt: at('2026-01-01T10:00:00Z'), categoryIds: [parent.id], tags: ['ملاعب'], authorIds: [writer.id] })).id
    ids.mid = (await makeArticle(t.deps, { title: 'أوسط', publishedAt: at('2026-02-01T10:00:00Z'), categoryIds: [child.id], tags: ['ملاعب', 'دوري'] })).id
    ids.new = (await makeArticle(t.deps, { title: 'أحدث', publishedAt: at('2026-03-01T10:00:00Z'), categoryIds: [child.id], tags: ['دوري'], isLead: false, authorIds: [writer.id] })).id
    ids.draft = (await makeArticle(t.deps, { title: 'مسودة', status: 'draft', categoryIds: [child.id], tags: ['دوري'] })).id
    Object.assign(ids, { parent: parent.id, child: child.id, writer: writer.id })
  })
  after(() => t.close())

  it('lists published articles newest first, never drafts', async () => {
    const latest = await repo.listLatestPublished(t.deps.db, { limit: 10 })
    assert.deepEqual(latest.map((a) => a.title), ['أحدث', 'أوسط', 'قديم'])
    assert.equal(latest[0]!.category?.slug, 'football')
    assert.equal(await repo.findPublishedArticle(t.deps.db, ids.draft!), undefined)
  })

  it('pages a category with its descendants and counts them', async () => {
    const page = await repo.listPublishedInCategories(t.deps.db, [ids.parent!, ids.child!], { limit: 2, offset: 0 })
    assert.equal(page.total, 3)
    assert.deepEqual(page.items.map((a) => a.title), ['أحدث', 'أوسط'])
    const second = await repo.listPublishedInCategories(t.deps.db, [ids.parent!, ids.child!], { limit: 2, offset: 2 })
    assert.deepEqual(second.items.map((a) => a.title), ['قديم'])
  })

  it('finds by author and by date range', async () => {
    const byAuthor = await repo.listPublishedByAuthor(t.deps.db, ids.writer!, { limit: 10, offset: 0 })
    assert.deepEqual(byAuthor.items.map((a) => a.title), ['أحدث', 'قديم'])
    const feb = await repo.listPublishedBetween(t.deps.db, new Date('2026-02-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'), { limit: 10, offset: 0 })
    assert.deepEqual(feb.items.map((a) => a.title), ['أوسط'])
  })

  it('loads the detail with authors, categories and tags, and its neighbours', async () => {
    const mid = (await repo.findPublishedArticle(t.deps.db, ids.mid!))!
    assert.deepEqual(mid.tags.map((x) => x.name).sort(), ['دوري', 'ملاعب'].sort())
    const { previous, next } = await repo.findAdjacentArticles(t.deps.db, mid)
    assert.equal(previous?.title, 'قديم')
    assert.equal(next?.title, 'أحدث')
  })

  it('ranks related stories by shared tags, excluding itself and drafts', async () => {
    const mid = (await repo.findPublishedArticle(t.deps.db, ids.mid!))!
    const related = await repo.listRelatedArticles(t.deps.db, { id: mid.id, tagIds: mid.tags.map((x) => x.id), categoryId: mid.category?.id }, 4)
    assert.deepEqual(related.map((a) => a.title).sort(), ['أحدث', 'قديم'].sort())
  })

  it('counts by status for the dashboard', async () => {
    const counts = await repo.countArticlesByStatus(t.deps.db)
    assert.equal(counts.published, 3)
    assert.equal(counts.draft, 1)
  })
})
