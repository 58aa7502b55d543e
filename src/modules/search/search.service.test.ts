import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../../../test/support/factories.js'
import { hostileQueries } from '../../../test/support/search-payloads.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { parseQuery, toFts5Match } from './search.query.js'
import { highlightHtml } from './search.snippet.js'
import { didYouMean, searchArticles, suggest, type SearchOptions } from './search.service.js'

describeEachDatabase('search', (engine) => {
  let t: TestApp
  const ids: Record<string, number> = {}
  const at = (day: string) => new Date(`2026-05-${day}T08:00:00Z`)

  before(async () => {
    t = await buildTestApp(engine)
    const salma = await makeUser(t.deps, { name: 'سلمى حداد', slug: 'salma' })
    const omar = await makeUser(t.deps, { name: 'عمر الفاروق', slug: 'omar' })
    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    const economy = await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد' })
    const summit = {
      title: 'قمة الاتحاد الأفريقي في أديس أبابا',
      paragraphs: ['اجتمع قادة الاتحادِ الأفريقيّ لبحث الأمن في القارة.', 'وقال المتحدث إن للتحالف دوراً في المنطقة.'],
      publishedAt: at('01'),
      categoryIds: [politics.id],
      authorIds: [salma.id],
      tags: ['الاتحاد الأفريقي'],
    }
    ids.summit = (await makeArticle(t.deps, summit)).id
    ids.coalition = (await makeArticle(t.deps, { title: 'التحالف يعلن عملية جديدة', paragraphs: ['أعلن التحالف العربي بدء عملية.', 'والتحالف يؤكد التزامه.'], publishedAt: at('05'), categoryIds: [politics.id], authorIds: [omar.id] })).id
    ids.oil = (await makeArticle(t.deps, { title: 'أسعار النفط ترتفع', paragraphs: ['ارتفعت أسعار النفط بعد تصريح وزير الطاقة.'], publishedAt: at('03'), categoryIds: [economy.id], authorIds: [salma.id] })).id
    ids.script = (await makeArticle(t.deps, { title: 'تحذير <script>alert(1)</script>', paragraphs: ['نص فيه <script>alert("x")</script> ثم التحالف & الشركاء.'], publishedAt: at('02'), categoryIds: [politics.id] })).id
    ids.vowelled = (await makeArticle(t.deps, { title: 'مقال مشكول', paragraphs: [`${'تمهيد طويل قبل الموضوع. '.repeat(20)}وَأَكَّدَ التَّحالُفُ العَرَبِيُّ موقفه.`], publishedAt: at('04'), categoryIds: [economy.id] })).id
    ids.draft = (await makeArticle(t.deps, { title: 'مسودة عن التحالف', status: 'draft' })).id
    Object.assign(ids, { salma: salma.id, omar: omar.id, politics: politics.id, economy: economy.id })
  })
  after(() => t.close())

  const search = (q: string, options: SearchOptions = {}) => searchArticles(t.deps, q, { now: t.clock.now(), ...options })
  const found = async (q: string, options: SearchOptions = {}) => (await search(q, options)).hits.map((h) => h.id)

  it('finds every form of a word, published articles only, the title match first', async () => {
    const r = await search('تحالف')
    assert.equal(r.total, 4)
    assert.deepEqual(new Set(r.hits.map((h) => h.id)), new Set([ids.coalition, ids.summit, ids.script, ids.vowelled]))
    assert.equal(r.hits[0]!.id, ids.coalition, 'twice in the body and in the title')
    assert.ok(!r.hits.some((h) => h.id === ids.draft))
    for (const h of r.hits) assert.ok(h.score! > 0)
    assert.deepEqual(await found('للتحالف'), r.hits.map((h) => h.id))
    assert.deepEqual(await found('والتحالف'), r.hits.map((h) => h.id))
  })

  it('matches across hamza and diacritics: "الاتحاد الافريقي" finds "الاتحادِ الأفريقيّ"', async () => {
    assert.deepEqual(await found('الاتحاد الافريقي'), [ids.summit])
    assert.deepEqual(await found('الإتحاد الأَفريقى'), [ids.summit])
  })

  it('requires every word, keeps "phrases" in order and leaves out -exclusions', async () => {
    assert.deepEqual(await found('التحالف النفط'), [])
    assert.deepEqual(await found('"الاتحاد الأفريقي"'), [ids.summit])
    assert.deepEqual(await found('"الأفريقي الاتحاد"'), [])
    assert.deepEqual(new Set(await found('"التحالف العربي"')), new Set([ids.coalition, ids.vowelled]))
    assert.deepEqual(new Set(await found('تحالف -العربي')), new Set([ids.summit, ids.script]))
    assert.deepEqual(new Set(await found('تحالف -"التحالف العربي"')), new Set([ids.summit, ids.script]))
    assert.deepEqual(await found('-تحالف'), [], 'only exclusions find nothing')
  })

  it('matches the last word as a prefix when typing ahead', async () => {
    assert.deepEqual(await found('قمة الاتح', { prefix: true }), [ids.summit])
    assert.deepEqual(await found('قمة الاتح'), [])
    assert.deepEqual(await found('أسع', { prefix: true }), [ids.oil])
  })

  it('filters by category, author and dates; sorts by date; pages with a total', async () => {
    assert.deepEqual(new Set(await found('تحالف', { categoryIds: [ids.economy!] })), new Set([ids.vowelled]))
    assert.deepEqual(await found('تحالف', { authorId: ids.omar }), [ids.coalition])
    assert.deepEqual(await found('الاتحاد', { authorId: ids.omar }), [])
    assert.deepEqual(await found('تحالف', { sort: 'date', from: at('02'), to: at('05') }), [ids.vowelled, ids.script])
    assert.deepEqual(await found('تحالف', { sort: 'date' }), [ids.coalition, ids.vowelled, ids.script, ids.summit])
    const page2 = await search('تحالف', { sort: 'date', limit: 3, offset: 3 })
    assert.equal(page2.total, 4)
    assert.deepEqual(page2.hits.map((h) => h.id), [ids.summit])
    assert.equal(page2.hits[0]!.score, null)
    assert.equal((await search('تحالف', { categoryIds: [ids.economy!] })).total, 1)
  })

  it('returns article summaries with the title and a snippet marked, diacritics kept', async () => {
    const hit = (await search('التحالف العربي')).hits.find((h) => h.id === ids.vowelled)!
    assert.equal(hit.title, 'مقال مشكول')
    assert.equal(hit.category?.slug, 'economy')
    assert.deepEqual(hit.snippet.filter((p) => p.mark).map((p) => p.text), ['التَّحالُفُ', 'العَرَبِيُّ'])
    assert.ok(hit.snippet[0]!.text.startsWith('… '), 'the passage around the match, not the beginning')
    const coalition = (await search('تحالف')).hits.find((h) => h.id === ids.coalition)!
    assert.deepEqual(coalition.titleParts, [{ text: 'التحالف', mark: true }, { text: ' يعلن عملية جديدة', mark: false }])
  })

  it('keeps <script> in a story as text in titles and snippets', async () => {
    const hit = (await search('تحالف تحذير')).hits[0]!
    assert.equal(hit.id, ids.script)
    assert.equal(hit.titleParts.map((p) => p.text).join(''), 'تحذير <script>alert(1)</script>')
    assert.match(hit.snippet.map((p) => p.text).join(''), /<script>alert\("x"\)<\/script>/)
    const html = highlightHtml(hit.snippet)
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; ثم <mark>التحالف<\/mark> &amp; الشركاء\./)
  })

  it('never fails on hostile queries: each gives results or none, and the search page never a 500', async () => {
    // Many payloads read as the same words: each distinct query runs once (parsing is tested on all).
    // The page runs the whole search; type-ahead is run directly.
    const seen = new Set<string>()
    for (const q of hostileQueries()) {
      for (const prefix of [false, true]) {
        const key = `${toFts5Match(parseQuery(q, { prefix }))}|${prefix}`
        if (seen.has(key)) continue
        seen.add(key)
        if (prefix) {
          const r = await search(q, { prefix })
          assert.ok(r.total >= 0 && r.hits.length <= r.total, q)
        } else {
          // A reader each (the page is rate limited per IP; the limit has its own tests).
          const res = await t.app.inject({ url: `/search?q=${encodeURIComponent(q)}`, remoteAddress: `10.9.${seen.size >> 8}.${seen.size & 255}` })
          assert.ok(res.statusCode === 200 || res.statusCode === 400, `${res.statusCode} for ${JSON.stringify(q)}`)
        }
      }
    }
    assert.ok(seen.size > 300)
  })

  it('suggests a query with results when there are none: keyboard layout, a slip, no quotes', async () => {
    const typedOnLatin = await search('hgjphgt')
    assert.equal(typedOnLatin.total, 0)
    assert.deepEqual(typedOnLatin.didYouMean, { query: 'التحالف', total: 4 })
    assert.deepEqual((await search('الاتحد الافريقي')).didYouMean, { query: 'الاتحاد الافريقي', total: 1 })
    assert.deepEqual((await search('"الأفريقي الاتحاد"')).didYouMean, { query: 'الأفريقي الاتحاد', total: 1 })
    assert.equal((await search('تحالف')).didYouMean, undefined, 'only without results')
    assert.equal(await didYouMean(t.deps, 'كلمةغيرموجودةابدا'), undefined)
  })

  it('suggests titles, tags and writers for type-ahead', async () => {
    const s = await suggest(t.deps, 'الاتح', { now: t.clock.now() })
    assert.deepEqual(s.titles.map((x) => x.id), [ids.summit])
    assert.deepEqual(s.tags.map((x) => x.name), ['الاتحاد الأفريقي'])
    assert.deepEqual((await suggest(t.deps, 'سلم')).authors, [{ slug: 'salma', name: 'سلمى حداد' }])
    assert.deepEqual((await suggest(t.deps, 'الفار')).authors.map((a) => a.slug), ['omar'])
    assert.deepEqual(await suggest(t.deps, ' ؟ '), { titles: [], tags: [], authors: [] })
    assert.deepEqual((await suggest(t.deps, 'التحالف', { limit: 1 })).titles.map((x) => x.id), [ids.coalition])
  })
})
