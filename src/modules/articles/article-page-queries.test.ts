import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeArticle, makeCategory } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import * as repo from './articles.repository.js'

/** The queries behind the article page and the home page sections (few round trips, exact order). */
describeEachDatabase('article page and home sections queries', (engine) => {
  let t: TestApp
  const ids: Record<string, number> = {}
  const at = (iso: string) => new Date(iso)
  before(async () => {
    t = await buildTestApp(engine)
    const world = await makeCategory(t.deps, { slug: 'world', name: 'العالم' })
    const africa = await makeCategory(t.deps, { slug: 'africa', name: 'أفريقيا', parentId: world.id })
    const sport = await makeCategory(t.deps, { slug: 'sport', name: 'رياضة' })
    const empty = await makeCategory(t.deps, { slug: 'empty', name: 'فارغ' })
    Object.assign(ids, { world: world.id, africa: africa.id, sport: sport.id, empty: empty.id })
    const article = async (key: string, iso: string, extra: Parameters<typeof makeArticle>[1] = {}) => (ids[key] = (await makeArticle(t.deps, { title: key, publishedAt: at(iso), ...extra })).id)
    await article('subject', '2026-03-01T10:00:00Z', { tags: ['مياه', 'سدود', 'زراعة'], categoryIds: [world.id] })
    await article('twoOld', '2026-01-01T10:00:00Z', { tags: ['مياه', 'سدود'], categoryIds: [africa.id] })
    await article('twoNew', '2026-02-01T10:00:00Z', { tags: ['سدود', 'زراعة'], categoryIds: [sport.id] })
    await article('oneNewest', '2026-04-01T10:00:00Z', { tags: ['مياه'], categoryIds: [sport.id] })
    await article('oneOlder', '2026-03-15T10:00:00Z', { tags: ['زراعة'], categoryIds: [africa.id] })
    await article('oneOldest', '2025-12-01T10:00:00Z', { tags: ['مياه'], categoryIds: [world.id] })
    await article('draftThree', '2026-03-20T10:00:00Z', { tags: ['مياه', 'سدود', 'زراعة'], status: 'draft', categoryIds: [world.id] })
    await article('untagged', '2026-03-01T10:00:00Z', { categoryIds: [world.id] }) // same time as subject: the id breaks the tie
  })
  after(() => t.close())

  const titles = (list: Array<{ title: string }>) => list.map((a) => a.title)

  it('ranks related stories by shared tags, newest first among equals; never itself or a draft', async () => {
    const subject = (await repo.findPublishedArticle(t.deps.db, ids.subject!))!
    const related = await repo.listRelatedArticles(t.deps.db, { id: subject.id, tagIds: subject.tags.map((x) => x.id), categoryId: subject.category?.id }, 4)
    assert.deepEqual(titles(related), ['twoNew', 'twoOld', 'oneNewest', 'oneOlder'])
    const two = await repo.listRelatedArticles(t.deps.db, { id: subject.id, tagIds: subject.tags.map((x) => x.id) }, 2)
    assert.deepEqual(titles(two), ['twoNew', 'twoOld'])
    assert.equal(related[0]!.category?.slug, 'sport', 'with the primary category')
  })

  it('fills related stories from the same category when tags give too few', async () => {
    const untagged = (await repo.findPublishedArticle(t.deps.db, ids.untagged!))!
    const related = await repo.listRelatedArticles(t.deps.db, { id: untagged.id, tagIds: [], categoryId: ids.world }, 4)
    assert.deepEqual(titles(related), ['subject', 'oneOldest'])
  })

  it('finds previous/next in publication order, breaking a tie on the time by id', async () => {
    const subject = (await repo.findPublishedArticle(t.deps.db, ids.subject!))!
    const around = await repo.findArticleNeighbours(t.deps.db, { id: subject.id, publishedAt: subject.publishedAt, tagIds: subject.tags.map((x) => x.id), categoryId: subject.category?.id }, 4)
    assert.equal(around.previous?.title, 'twoNew')
    assert.equal(around.next?.title, 'untagged', 'same published_at, higher id')
    assert.deepEqual(titles(around.related), ['twoNew', 'twoOld', 'oneNewest', 'oneOlder'])
    const untagged = (await repo.findPublishedArticle(t.deps.db, ids.untagged!))!
    const { previous, next } = await repo.findAdjacentArticles(t.deps.db, untagged)
    assert.equal(previous?.title, 'subject')
    assert.equal(next?.title, 'oneOlder')
  })

  it('lists the newest articles of each section (with its sub-sections) in one go', async () => {
    const [world, sport, empty, none] = await repo.listLatestInCategoryGroups(t.deps.db, [[ids.world!, ids.africa!], [ids.sport!], [ids.empty!], []], 3)
    assert.deepEqual(titles(world!), ['oneOlder', 'untagged', 'subject'])
    assert.deepEqual(titles(sport!), ['oneNewest', 'twoNew'])
    assert.deepEqual(empty, [])
    assert.deepEqual(none, [])
    assert.equal(world![0]!.category?.slug, 'africa')
  })
})
