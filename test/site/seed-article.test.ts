import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, it } from 'node:test'
import { saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeCategory, makeUser, makeArticle } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

/** The real article from ../shared/data: title = first line, paragraphs up to the byline line. */
function loadSeedArticle() {
  const lines = readFileSync(new URL('../../../shared/data/fixtures/seed-article.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const title = lines[0]!
  const bylineIndex = lines.findIndex((l) => /^[^“”]{3,40} – [^“”]{3,40}$/.test(l))
  const paragraphs = lines.slice(1, bylineIndex)
  const [byline, source] = lines[bylineIndex]!.split(' – ')
  return { title, paragraphs, byline: byline!, source: source! }
}

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')

describeEachDatabase('seed article page', (engine) => {
  let t: TestApp
  let url: string
  const seed = loadSeedArticle()

  before(async () => {
    t = await buildTestApp(engine)
    const author = await makeUser(t.deps, { name: 'أشرف كمال', slug: 'ashraf-kamal' })
    const category = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    const { id } = await makeArticle(t.deps, {
      title: seed.title,
      paragraphs: seed.paragraphs,
      byline: seed.byline,
      sourceLine: seed.source,
      dateline: 'مراكش',
      publishedAt: new Date('2022-05-11T10:00:00Z'),
      authorIds: [author.id],
      categoryIds: [category.id],
      tags: ['داعش', 'التحالف الدولي'],
    })
    const res = await t.app.inject({ url: `/news/${id}` })
    assert.equal(res.statusCode, 301)
    url = res.headers.location as string
  })
  after(() => t.close())

  it('shows every paragraph in order with the quotes intact', async () => {
    const res = await t.app.inject({ url })
    assert.equal(res.statusCode, 200)
    const body = text(res.body)
    let from = 0
    for (const paragraph of seed.paragraphs) {
      const at = body.indexOf(paragraph, from)
      assert.ok(at >= 0, `paragraph missing or out of order: ${paragraph.slice(0, 40)}…`)
      from = at + paragraph.length
    }
    assert.ok(body.includes('“إن تنامي الجماعات المسلحة يعتبر نتيجة لهشاشة الأوضاع السياسية في بعض المناطق”'))
  })

  it('shows byline and source as separate fields', async () => {
    const res = await t.app.inject({ url })
    // Names are bidi-isolated (<bdi>): a Latin source name must not reorder the Arabic around it.
    assert.match(res.body, /<bdi class="byline-name">أشرف كمال<\/bdi>/)
    assert.match(res.body, /<bdi class="source-name">الخليج أونلاين<\/bdi>/)
    assert.ok(!res.body.includes('أشرف كمال – الخليج أونلاين'), 'byline and source must not be one string')
  })

  it('dates the story "11 مايو 2022" with Latin digits and "١١ مايو ٢٠٢٢" with Arabic-Indic digits', async () => {
    let res = await t.app.inject({ url })
    assert.match(res.body, /<time datetime="2022-05-11T10:00:00.000Z">11 مايو 2022<\/time>/)
    await saveSiteSettings(t.deps.db, { digits: 'arab' })
    t.deps.events.changed()
    await t.deps.refreshFrame()
    res = await t.app.inject({ url })
    assert.match(res.body, /<time datetime="2022-05-11T10:00:00.000Z">١١ مايو ٢٠٢٢<\/time>/)
  })
})
