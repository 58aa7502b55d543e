import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { engines } from '../../../test/support/databases.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { createArticle } from '../articles/articles.service.js'
import { searchArticles, suggest } from './search.service.js'

/** ~210 real articles of one day (SaudiNewsNet, test data read at test time), every 8th, spread over 60 days. */
function corpus(): Array<{ title: string; paragraphs: string[]; publishedAt: Date }> {
  const all = JSON.parse(readFileSync(new URL('../../../../shared/data/saudinewsnet/2015-08-11.json', import.meta.url), 'utf8')) as Array<{ title: string; content: string; date_extracted: string }>
  return all
    .filter((_, i) => i % 8 === 0)
    .filter((a) => a.title.trim() && a.content.trim())
    .map((a, i) => ({
      title: a.title,
      paragraphs: a.content.split('\n').filter((p) => p.trim()),
      publishedAt: new Date(new Date(`${a.date_extracted.replace(' ', 'T')}Z`).getTime() - (i % 60) * 86_400_000),
    }))
}

const queries = [
  'السعودية',
  'المملكة العربية السعودية',
  'وزير الخارجية',
  '"ولي العهد"',
  '"خادم الحرمين الشريفين"',
  'الرياض -جدة',
  'اليمن الحوثيين',
  'أسعار النفط',
  'الأسهم',
  'الهلال النصر',
  'التعليم',
  'الصحة وزارة',
  'داعش',
  'مجلس الوزراء',
  'الأمن',
]

/** Words being typed (type-ahead only): one letter after an article is completed from the newest articles. */
const typing = ['الس', 'وزير الخ', 'للم', 'بالري', 'ولي الع', 'الت']

describe('search engines agree', { skip: engines.includes('postgres') ? false : 'PostgreSQL not configured (set TEST_DATABASE_URL)' }, () => {
  const apps: TestApp[] = []
  const now = new Date('2015-08-12T00:00:00Z')
  before(async () => {
    const articles = corpus()
    for (const engine of ['sqlite', 'postgres'] as const) {
      const t = await buildTestApp(engine, { now: now.toISOString() })
      for (const a of articles) await createArticle(t.deps.db, { ...a, status: 'published' }, a.publishedAt)
      apps.push(t)
    }
  })
  after(async () => {
    for (const t of apps) await t.close()
  })

  it('gives the same totals, the same top 5 and the same scores on SQLite and PostgreSQL', async () => {
    let compared = 0
    for (const q of queries) {
      for (const prefix of [false, true]) {
        const [lite, pg] = await Promise.all(apps.map((t) => searchArticles(t.deps, q, { now, limit: 5, prefix })))
        assert.equal(pg!.total, lite!.total, `total for ${q}`)
        assert.deepEqual(pg!.hits.map((h) => h.id), lite!.hits.map((h) => h.id), `top 5 for ${q}${prefix ? ' (type-ahead)' : ''}`)
        for (const [i, h] of lite!.hits.entries()) assert.ok(Math.abs(h.score! - pg!.hits[i]!.score!) < 1e-9 * h.score!, `score of ${h.id} for ${q}`)
        if (lite!.hits.length === 5) compared++
      }
      const [liteByDate, pgByDate] = await Promise.all(apps.map((t) => searchArticles(t.deps, q, { now, limit: 5, sort: 'date' })))
      assert.deepEqual(pgByDate!.hits.map((h) => h.id), liteByDate!.hits.map((h) => h.id), `newest for ${q}`)
    }
    assert.ok(compared >= 20, `most queries have five results to compare (${compared})`)
  })

  it('complete a word being typed the same way: totals, top 5, scores and suggestions', async () => {
    for (const q of typing) {
      const [lite, pg] = await Promise.all(apps.map((t) => searchArticles(t.deps, q, { now, limit: 5, prefix: true })))
      assert.ok(lite!.total >= 5, `${q}: ${lite!.total} results`)
      assert.equal(pg!.total, lite!.total, `total for ${q}`)
      assert.deepEqual(pg!.query, lite!.query, `completions of ${q}`)
      assert.deepEqual(pg!.hits.map((h) => h.id), lite!.hits.map((h) => h.id), `top 5 for ${q}`)
      for (const [i, h] of lite!.hits.entries()) assert.ok(Math.abs(h.score! - pg!.hits[i]!.score!) < 1e-9 * h.score!, `score of ${h.id} for ${q}`)
      const [liteSuggests, pgSuggests] = await Promise.all(apps.map((t) => suggest(t.deps, q, { now })))
      assert.deepEqual(pgSuggests!.titles, liteSuggests!.titles, `suggestions for ${q}`)
    }
  })
})
