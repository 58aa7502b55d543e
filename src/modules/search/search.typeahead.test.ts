import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { completionsIn, MAX_COMPLETIONS } from './search.completion.js'
import { searchArticles, suggest } from './search.service.js'

describe('completionsIn', () => {
  it('gives the terms of definite words starting with the letter, in any form, the most frequent first', () => {
    const titles = ['التحالف يعلن عملية', 'قمة التعاون الخليجي', 'للتحالف دور والتعاون قائم', 'والتحالف يرد', 'ترتفع الأسعار بعد تصريح', 'التي قالت للبنان']
    assert.deepEqual(completionsIn(titles, 'ت'), ['تحالف', 'تعاون'], 'not ترتفع, تصريح (no article) nor التي (a stop word)')
    assert.deepEqual(completionsIn(titles, 'ب'), [], 'للبنان is ل + لبنان')
    assert.deepEqual(completionsIn(['الأمير والإمارات', 'الامير'], 'ا'), ['امير', 'امار'], 'hamza folded')
    const many = Array.from({ length: 20 }, (_, i) => `التقرير${'ا'.repeat(i)}`)
    assert.equal(completionsIn(many, 'ت').length, MAX_COMPLETIONS)
  })
})

/**
 * Type-ahead while the reader is still typing a definite word: the article and one letter
 * ("الت" on the way to "التحالف", "اتفاق الس") find definite words starting with that letter
 * in any form (التحالف, للتحالف, والتحالف); a bare article or one letter finds nothing.
 */
describeEachDatabase('search type-ahead', (engine) => {
  let t: TestApp
  const ids: Record<string, number> = {}
  const at = (day: string) => new Date(`2026-05-${day}T08:00:00Z`)

  before(async () => {
    t = await buildTestApp(engine)
    const noura = await makeUser(t.deps, { name: 'نورة التركي', slug: 'noura' })
    const make = async (key: string, title: string, paragraphs: string[], day: string, extra: Record<string, unknown> = {}) => {
      ids[key] = (await makeArticle(t.deps, { title, paragraphs, publishedAt: at(day), ...extra })).id
    }
    await make('coalition', 'التحالف يعلن عملية جديدة', ['أعلن التحالف العربي بدء عملية واسعة.'], '06', { tags: ['التحالف العربي'], authorIds: [noura.id] })
    await make('lil', 'اجتماع في الرياض', ['قال المتحدث إن للتحالف دوراً في المنطقة.'], '05')
    await make('wa', 'بيان مشترك', ['والتحالف يؤكد موقفه من القرار.'], '04')
    await make('oil', 'أسعار النفط ترتفع', ['ارتفعت الأسعار بعد تصريح الوزير.'], '03')
    await make('peace', 'اتفاق السلام يدخل حيز التنفيذ', ['وقع الطرفان اتفاقا ينهي النزاع.'], '02')
    await make('trade', 'اتفاق تجاري مع سنغافورة', ['وقع البلدان اتفاقا تجاريا جديدا.'], '01')
  })
  after(() => t.close())

  const found = async (q: string) => (await searchArticles(t.deps, q, { now: t.clock.now(), prefix: true })).hits.map((h) => h.id)
  const titles = async (q: string) => (await suggest(t.deps, q, { now: t.clock.now() })).titles.map((x) => x.id)

  it('"الت" finds definite words starting with ت in every form, title matches first, not ترتفع or تصريح', async () => {
    const hits = await found('الت')
    assert.deepEqual(new Set(hits), new Set([ids.coalition, ids.lil, ids.wa, ids.peace]))
    assert.deepEqual(new Set(hits.slice(0, 2)), new Set([ids.coalition, ids.peace]), 'the two with it in the title first')
    for (const q of ['للت', 'والت', 'بالت', 'الت']) assert.deepEqual(new Set(await found(q)), new Set(hits), q)
    const r = await searchArticles(t.deps, 'الت', { now: t.clock.now(), prefix: true })
    const coalition = r.hits.find((h) => h.id === ids.coalition)!
    assert.deepEqual(coalition.titleParts.filter((p) => p.mark).map((p) => p.text), ['التحالف'], 'the completed word is marked')
    assert.deepEqual(r.hits.find((h) => h.id === ids.wa)!.snippet.filter((p) => p.mark).map((p) => p.text), ['والتحالف'])
  })

  it('"اتفاق الس" finds the agreement on peace, not the other one', async () => {
    assert.deepEqual(await found('اتفاق الس'), [ids.peace])
    assert.deepEqual(await titles('اتفاق الس'), [ids.peace])
  })

  it('two letters after an article match as a prefix, even after بال', async () => {
    assert.deepEqual(new Set(await found('التح')), new Set([ids.coalition, ids.lil, ids.wa]))
    assert.deepEqual(new Set(await found('بالتح')), new Set([ids.coalition, ids.lil, ids.wa]))
  })

  it('suggests titles (newest first), tags and writers for "الت"', async () => {
    const s = await suggest(t.deps, 'الت', { now: t.clock.now() })
    assert.deepEqual(s.titles.map((x) => x.id), [ids.coalition, ids.peace])
    assert.deepEqual(s.tags.map((x) => x.name), ['التحالف العربي'])
    assert.deepEqual(s.authors.map((a) => a.slug), ['noura'])
    assert.deepEqual(await titles('للت'), [ids.coalition, ids.peace])
  })

  it('a bare article or a single letter finds nothing; an article after other words is left out', async () => {
    for (const q of ['ال', 'وال', 'بال', 'لل', 'أل', 'ت', 'ا']) {
      assert.deepEqual(await found(q), [], q)
      assert.deepEqual(await suggest(t.deps, q), { titles: [], tags: [], authors: [] }, q)
    }
    assert.deepEqual(new Set(await found('اتفاق ال')), new Set([ids.peace, ids.trade]), 'not required while it is being typed')
    assert.deepEqual(new Set(await found('اتفاق ا')), new Set([ids.peace, ids.trade]))
    assert.deepEqual(await titles('اتفاق ال'), [ids.peace, ids.trade])
  })
})

/**
 * A letter after the article is completed from the articles the search's filters allow: a
 * section's own words, not the words of the newest stories elsewhere.
 */
describeEachDatabase('search type-ahead within filters', (engine) => {
  let t: TestApp
  let exportStory: number
  let economy: number
  before(async () => {
    t = await buildTestApp(engine)
    economy = (await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد' })).id
    exportStory = (await makeArticle(t.deps, { title: 'ارتفاع التصدير في الربع الأول', paragraphs: ['نما التصدير بنسبة كبيرة.'], categoryIds: [economy], publishedAt: new Date('2026-05-01T08:00:00Z') })).id
    // Newer stories elsewhere, each of four definite ت-words twice: more frequent, and newer.
    const words = ['التحالف', 'التعاون', 'التنمية', 'التجارة']
    for (const [i, word] of [...words, ...words].entries()) {
      await makeArticle(t.deps, { title: `${word} في خبر رقم ${i + 1}`, paragraphs: ['نص قصير.'], publishedAt: new Date(Date.parse('2026-05-02T08:00:00Z') + i * 3_600_000) })
    }
  })
  after(() => t.close())

  it('"الت" in a section finds its story, though the newest stories elsewhere have four other words', async () => {
    const r = await searchArticles(t.deps, 'الت', { now: t.clock.now(), prefix: true, categoryIds: [economy] })
    assert.deepEqual(r.hits.map((h) => h.id), [exportStory])
    const from = new Date('2026-04-30T00:00:00Z')
    const to = new Date('2026-05-01T23:00:00Z')
    assert.deepEqual((await searchArticles(t.deps, 'الت', { now: t.clock.now(), prefix: true, from, to })).hits.map((h) => h.id), [exportStory], 'a date range too')
    assert.equal((await searchArticles(t.deps, 'الت', { now: t.clock.now(), prefix: true })).total, 8, 'without filters, the four newer words')
  })
})
