import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { sql } from 'kysely'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { insertArticlesInBulk } from '../../../test/support/saudinewsnet.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { rebuildSearchIndex, syncSearchIndex } from './search.index.js'
import { parseQuery } from './search.query.js'
import { findMatches, RELEVANCE_CANDIDATES } from './search.repository.js'

/** More articles than relevance ranks, all with one word, one in 40 with another, some sharing a date. */
const COUNT = RELEVANCE_CANDIDATES + 150
const start = Date.parse('2026-01-01T00:00:00Z')
const words = ['اقتصاد', 'رياضة', 'ثقافة', 'سياسة', 'تعليم', 'صحة']
const articles = Array.from({ length: COUNT }, (_, i) => ({
  title: `تقرير ${words[i % words.length]} رقم ${i}`,
  paragraphs: [`${'المملكة '.repeat(1 + (i % 7))}${i % 40 === 0 ? 'البتروكيماويات ' : ''}${words[(i * 5) % words.length]} ${'نص '.repeat(i % 11)}`],
  // Shuffled dates (ids do not follow time), and pairs with the same time (ties go to the higher id).
  publishedAt: new Date(start + Math.floor(((i * 7919) % COUNT) / 2) * 3_600_000),
}))

describeEachDatabase('search matches at scale', (engine) => {
  let t: TestApp
  let ids: number[] = []
  const now = new Date('2026-03-01T00:00:00Z')
  before(async () => {
    t = await buildTestApp(engine)
    ids = await insertArticlesInBulk(t.deps.db, articles)
    await rebuildSearchIndex(t.deps.db, engine)
  })
  after(() => t.close())

  /** Ids of the given articles, newest first, ties by higher id (what a date sort must give). */
  const newest = (indexes: number[]) =>
    indexes
      .map((i) => ({ id: ids[i]!, at: articles[i]!.publishedAt.toISOString() }))
      .sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1))
      .map((x) => x.id)
  const page = async (q: string, sort: 'date' | 'relevance', offset: number, limit: number, filters = {}) =>
    (await findMatches(t.deps.db, engine, parseQuery(q), filters, { sort, offset, limit, now })).map((m) => m.id)

  it('sorts a common word by date exactly, page by page, whether it probes the newest articles or sorts every match', async () => {
    const all = newest(articles.map((_, i) => i))
    for (const [offset, limit] of [[0, 10], [10, 10], [90, 10], [0, 1], [95, 30], [COUNT - 5, 10]] as const) {
      assert.deepEqual(await page('المملكة', 'date', offset, limit), all.slice(offset, offset + limit), `offset ${offset}, limit ${limit}`)
    }
    const from = new Date(start + 100 * 3_600_000).toISOString()
    const inRange = articles.flatMap((a, i) => (a.publishedAt.toISOString() >= from ? [i] : []))
    assert.deepEqual(await page('المملكة', 'date', 0, 10, { from }), newest(inRange).slice(0, 10))
  })

  it('sorts a rare word by date exactly (too rare to probe for)', async () => {
    const rare = newest(articles.flatMap((_, i) => (i % 40 === 0 ? [i] : [])))
    assert.deepEqual(await page('البتروكيماويات', 'date', 0, 10), rare.slice(0, 10))
    assert.deepEqual(await page('البتروكيماويات المملكة', 'date', 5, 10), rare.slice(5, 15))
  })

  // PostgreSQL only: FTS5 keeps its own totals.
  if (engine === 'postgres') it('keeps the totals BM25 reads (search_stats) equal to the table through inserts, updates and deletes', async () => {
    const totals = async () => {
      const { rows } = await sql<{ n: number; tokens: number; documents: number; terms: number }>`
        select (select count(*) from search_documents) as n, (select coalesce(sum(term_count), 0) from search_documents) as tokens, s.documents, s.terms
        from search_stats s`.execute(t.deps.db)
      const r = rows[0]!
      assert.deepEqual([Number(r.documents), Number(r.terms)], [Number(r.n), Number(r.tokens)])
      return Number(r.n)
    }
    assert.equal(await totals(), COUNT)
    await syncSearchIndex(t.deps.db, ids.slice(0, 3))
    await t.deps.db.updateTable('articles').set({ status: 'draft' }).where('id', 'in', ids.slice(3, 5)).execute()
    await syncSearchIndex(t.deps.db, ids.slice(3, 5))
    assert.equal(await totals(), COUNT - 2)
    await t.deps.db.updateTable('articles').set({ status: 'published' }).where('id', 'in', ids.slice(3, 5)).execute()
    await syncSearchIndex(t.deps.db, ids.slice(3, 5))
    assert.equal(await totals(), COUNT)
  })

  it('ranks more matches than RELEVANCE_CANDIDATES with pages that follow each other', async () => {
    const long = await page('المملكة', 'relevance', 0, 100)
    assert.equal(long.length, 100)
    assert.equal(new Set(long).size, 100)
    const pages: number[] = []
    for (let offset = 0; offset < 100; offset += 10) pages.push(...(await page('المملكة', 'relevance', offset, 10)))
    assert.deepEqual(pages, long)
    const scores = (await findMatches(t.deps.db, engine, parseQuery('المملكة'), {}, { sort: 'relevance', offset: 0, limit: 100, now })).map((m) => m.score!)
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'best first')
  })
})
