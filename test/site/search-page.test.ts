/**
 * The reader's search (issue: snippets and the /search page): Arabic variant spellings, the
 * matched words marked in the original text (diacritics kept) and escaped, filters, paging that
 * keeps them, "did you mean", refused values answered with the form as typed (never a 500),
 * the type-ahead JSON (/search/suggest) and /api/v1/search, and every hostile query of
 * ../shared/data/payloads/ on all three. Runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import sharp from 'sharp'
import { syncArticleMedia, uploadMedia } from '../../src/modules/media/media.service.js'
import { setSettings } from '../comments/comment-helpers.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { hostileQueries } from '../support/search-payloads.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const enc = encodeURIComponent
const at = (day: string) => new Date(`2026-05-${day}T08:00:00Z`)

/** The `<main>` of a page (the masthead's search box and the footer left out). */
const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'))
/** Result headlines (text, marks removed) in page order. */
const titlesOf = (html: string) => [...mainOf(html).matchAll(/<h2 class="search-hit-title"><a href="[^"]+">(.*?)<\/a><\/h2>/g)].map((m) => m[1]!.replace(/<\/?mark>/g, ''))
/** The value attribute of the form field `name` on the search page's own form. */
const valueOf = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]* value="([^"]*)"`).exec(mainOf(html))?.[1]
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

describeEachDatabase('reader search: page, type-ahead and API', (engine) => {
  let t: TestApp
  let mediaDir: string
  const ids: Record<string, number> = {}
  let ip = 0
  /** Each request from its own address, so that the rate limits stay out of the way (one test checks them). */
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers, remoteAddress: `10.${(++ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}` })

  before(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'sahifa-search-media-'))
    t = await buildTestApp(engine, { env: { SAHIFA_MEDIA_DIR: mediaDir } })
    await setSettings(t, { perPage: 3 })
    const salma = await makeUser(t.deps, { name: 'سلمى حداد', slug: 'salma', role: 'editor' })
    const omar = await makeUser(t.deps, { name: 'عمر الفاروق', slug: 'omar' })
    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    const gulf = await makeCategory(t.deps, { slug: 'gulf', name: 'الخليج', parentId: politics.id })
    const economy = await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد' })
    ids.summit = (
      await makeArticle(t.deps, {
        title: 'قمة الاتحاد الأفريقي في أديس أبابا',
        paragraphs: ['اجتمع قادة الاتحادِ الأفريقيّ لبحث الأمن في القارة.', 'وقال المتحدث إن للتحالف دوراً في المنطقة.'],
        publishedAt: at('01'),
        categoryIds: [politics.id],
        authorIds: [salma.id, omar.id],
        tags: ['الاتحاد الأفريقي'],
      })
    ).id
    ids.coalition = (await makeArticle(t.deps, { title: 'التحالف يعلن عملية جديدة', excerpt: 'بيان التحالف صباح اليوم.', paragraphs: ['أعلن التحالف العربي بدء عملية.', 'والتحالف يؤكد التزامه.'], publishedAt: at('05'), categoryIds: [gulf.id], authorIds: [omar.id] })).id
    ids.script = (await makeArticle(t.deps, { title: 'تحذير <script>alert(1)</script> من التحالف', paragraphs: ['نص فيه <script>alert("x")</script> ثم التحالف & الشركاء.'], publishedAt: at('02'), categoryIds: [politics.id] })).id
    ids.vowelled = (await makeArticle(t.deps, { title: 'مقال مشكول', excerpt: '', paragraphs: [`${'تمهيد طويل قبل الموضوع. '.repeat(20)}وَأَكَّدَ التَّحالُفُ العَرَبِيُّ موقفه.`], publishedAt: at('04'), categoryIds: [economy.id], authorIds: [salma.id] })).id
    ids.excerptOnly = (await makeArticle(t.deps, { title: 'ندوة عن مستقبل الهدنة', excerpt: 'ملخص يذكر الهدنة الإقليمية.', paragraphs: ['نص لا يذكر الموضوع.'], publishedAt: at('03'), categoryIds: [economy.id] })).id
    ids.oil = (await makeArticle(t.deps, { title: 'أسعار النفط ترتفع', paragraphs: ['ارتفعت أسعار النفط بعد تصريح وزير الطاقة.'], publishedAt: at('06'), categoryIds: [economy.id], authorIds: [salma.id] })).id
    ids.draft = (await makeArticle(t.deps, { title: 'مسودة عن التحالف', status: 'draft' })).id
    // One result with a picture.
    const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#9b1c1c' } }).png().toBuffer()
    const media = await uploadMedia(t.deps.db, t.deps.config.media, { id: salma.id, role: 'editor' }, { bytes: png, originalName: 'summit.png', alt: 'قاعة القمة', caption: '', credit: '' }, t.clock.now())
    await t.deps.db.updateTable('articles').set({ featured_media_id: media.id }).where('id', '=', ids.summit).execute()
    await syncArticleMedia(t.deps.db, ids.summit, { featuredMediaId: media.id, bodyHtml: '' })
    t.deps.events.changed()
    await t.deps.refreshFrame()
  })
  after(async () => {
    await t?.close()
    rmSync(mediaDir, { recursive: true, force: true })
  })

  describe('the /search page', () => {
    it('finds every spelling of a word: التحالف, للتحالف, والتحالف, التَّحالُفُ; الاتحاد الافريقي ↔ الأفريقي', async () => {
      const all = ['التحالف يعلن عملية جديدة', 'تحذير <script>alert(1)</script> من التحالف', 'مقال مشكول', 'قمة الاتحاد الأفريقي في أديس أبابا']
      const found = async (q: string, extra = '') => {
        const titles: string[] = []
        for (let page = 1; ; page++) {
          const res = await get(`/search?q=${enc(q)}${extra}${page > 1 ? `&page=${page}` : ''}`)
          assert.equal(res.statusCode, 200, `${q} page ${page}: ${res.statusCode}`)
          titles.push(...titlesOf(res.body).map(unescape))
          if (!res.body.includes('rel="next"')) return titles
        }
      }
      for (const q of ['تحالف', 'التحالف', 'للتحالف', 'والتحالف', 'التَّحالُفُ']) assert.deepEqual(new Set(await found(q)), new Set(all), q)
      assert.deepEqual(await found('الاتحاد الافريقي'), ['قمة الاتحاد الأفريقي في أديس أبابا'])
      assert.deepEqual(await found('الإتحاد الأَفريقى'), ['قمة الاتحاد الأفريقي في أديس أبابا'])
      assert.ok(!(await found('تحالف')).includes('مسودة عن التحالف'), 'drafts are never found')
    })

    it('marks the matched words as written (diacritics kept) in titles and snippets', async () => {
      const main = mainOf((await get(`/search?q=${enc('التحالف')}&category=politics`)).body)
      assert.match(main, /<mark>التحالف<\/mark> يعلن عملية جديدة/, 'the title')
      assert.match(main, /<mark>للتحالف<\/mark> دوراً/, 'the attached particle stays inside the mark')
      const vowelled = mainOf((await get(`/search?q=${enc('التحالف')}&category=economy`)).body)
      assert.match(vowelled, /وَأَكَّدَ <mark>التَّحالُفُ<\/mark> العَرَبِيُّ/, 'the vowelled word, marked as written, in a snippet cut to the match')
      assert.match(vowelled, /<p class="search-hit-snippet">… /, 'a passage from the middle starts with an ellipsis')
      const summit = mainOf((await get(`/search?q=${enc('الاتحاد الافريقي')}`)).body)
      assert.match(summit, /قادة <mark>الاتحادِ<\/mark> <mark>الأفريقيّ<\/mark> لبحث/)
      assert.match(summit, /<mark>الاتحاد<\/mark> <mark>الأفريقي<\/mark> في أديس أبابا/)
    })

    it('shows the excerpt, marked, when only the title and summary matched', async () => {
      const main = mainOf((await get(`/search?q=${enc('الهدنة')}`)).body)
      assert.match(main, /<mark>الهدنة<\/mark><\/a><\/h2><p class="search-hit-snippet">ملخص يذكر <mark>الهدنة<\/mark> الإقليمية\.<\/p>/)
    })

    it('escapes <script> from stories and from the query; views only ever print text', async () => {
      const res = await get(`/search?q=${enc('تحالف <script>alert(2)</script> "><img src=x onerror=alert(3)>')}`)
      assert.equal(res.statusCode, 200)
      assert.ok(!/<script>alert/i.test(res.body) && !/<img src=x/i.test(res.body), 'no markup from the query')
      const stories = mainOf((await get(`/search?q=${enc('تحذير')}`)).body) + mainOf((await get(`/search?q=${enc('الشركاء')}`)).body)
      assert.match(stories, /<mark>تحذير<\/mark> &lt;script>alert\(1\)&lt;\/script> من التحالف/, 'the title')
      assert.match(stories, /script>alert\(&quot;x&quot;\)&lt;\/script> ثم التحالف &amp; <mark>الشركاء<\/mark>\./, 'the snippet')
      assert.ok(!/<script>alert/i.test(stories))
      const tags = [...mainOf(res.body).matchAll(/<(\w+)[\s>]/g)].map((m) => m[1]!)
      assert.ok(tags.every((tag) => tag !== 'script' && tag !== 'img' && tag !== 'iframe'), `tags in results: ${[...new Set(tags)].join(' ')}`)
    })

    it('shows section, date in <time datetime>, writers in <bdi>, and the picture when a story has one', async () => {
      const main = mainOf((await get(`/search?q=${enc('قمة')}`)).body)
      assert.match(main, /<a class="kicker" href="\/category\/politics">سياسة<\/a>/)
      assert.match(main, /<time datetime="2026-05-01T08:00:00.000Z">1 مايو 2026<\/time>/)
      assert.match(main, /بقلم <a href="\/author\/salma"><bdi>سلمى حداد<\/bdi><\/a> و<a href="\/author\/omar"><bdi>عمر الفاروق<\/bdi><\/a>/)
      assert.match(main, /<li class="search-hit has-image"[^>]*><a class="search-hit-image" href="\/news\/\d+\/[^"]+" tabindex="-1" aria-hidden="true"><picture>/)
      assert.match(main, /<img src="\/media\/[^"]+" [^>]* alt loading="lazy"/, 'the picture link is hidden, its alt empty')
    })

    it('counts results in Arabic plural forms, announced in a status', async () => {
      const count = async (q: string) => /<p class="search-count" role="status">([^<]*)<\/p>/.exec((await get(`/search?q=${enc(q)}`)).body)?.[1]
      assert.equal(await count('قمة'), 'نتيجة واحدة')
      assert.equal(await count('الاتحاد'), 'نتيجة واحدة')
      assert.equal(await count('النفط'), 'نتيجة واحدة')
      assert.equal(await count('عملية'), 'نتيجة واحدة')
      assert.equal(await count('التحالف'), '4 نتائج')
      assert.equal(await count('زززززز'), 'لا توجد نتائج')
      assert.equal(/<p class="search-count" role="status">([^<]*)<\/p>/.exec((await get(`/search?q=${enc('التحالف')}&lang=en`)).body)?.[1], '4 results')
      await setSettings(t, { digits: 'arab' })
      try {
        assert.equal(await count('التحالف'), '٤ نتائج')
      } finally {
        await setSettings(t, { digits: 'latn' })
      }
    })

    it('narrows by section (with its sub-sections), writer and dates, and sorts by date', async () => {
      const titles = async (query: string) => titlesOf((await get(`/search?q=${enc('التحالف')}&${query}`)).body).map(unescape)
      assert.deepEqual(await titles('category=economy'), ['مقال مشكول'])
      assert.deepEqual(new Set(await titles('category=politics')), new Set(['التحالف يعلن عملية جديدة', 'تحذير <script>alert(1)</script> من التحالف', 'قمة الاتحاد الأفريقي في أديس أبابا']), 'a sub-section’s story is in its section')
      assert.deepEqual(await titles('category=gulf'), ['التحالف يعلن عملية جديدة'])
      assert.deepEqual(await titles('author=omar&sort=date'), ['التحالف يعلن عملية جديدة', 'قمة الاتحاد الأفريقي في أديس أبابا'])
      assert.deepEqual(await titles('from=2026-05-02&to=2026-05-04&sort=date'), ['مقال مشكول', 'تحذير <script>alert(1)</script> من التحالف'], 'both days included')
      assert.deepEqual(await titles(`from=${enc('٢٠٢٦-٠٥-٠٤')}&to=2026-5-4`), ['مقال مشكول'], 'Arabic-Indic digits and single-digit months read')
      assert.deepEqual(await titles('sort=date'), ['التحالف يعلن عملية جديدة', 'مقال مشكول', 'تحذير <script>alert(1)</script> من التحالف'])
      // The form shows the filters chosen.
      const page = (await get(`/search?q=${enc('التحالف')}&category=gulf&author=omar&from=${enc('٢٠٢٦-٠٥-٠١')}&to=2026-05-31&sort=date`)).body
      assert.match(page, /<option value="gulf" selected>/)
      assert.match(page, /<option value="omar" selected>/)
      assert.equal(valueOf(page, 'search-from'), '2026-05-01', 'a date box holds the day as YYYY-MM-DD')
      assert.equal(valueOf(page, 'search-to'), '2026-05-31')
      assert.match(page, /<option value="date" selected>/)
      assert.match(page, /<option value="gulf"[^>]*>\u00a0\u00a0الخليج<\/option>/, 'sub-sections indented under their section')
    })

    it('pages through results keeping the words, filters and order', async () => {
      const first = await get(`/search?q=${enc('التحالف')}&category=politics&from=2026-05-01&sort=date`)
      assert.equal(titlesOf(first.body).length, 3)
      const all = await get(`/search?q=${enc('التحالف')}&sort=date`)
      const next = /<a href="([^"]+)" rel="next">/.exec(all.body)?.[1]?.replace(/&amp;/g, '&')
      assert.equal(next, `/search?q=${enc('التحالف')}&sort=date&page=2`)
      const second = await get(next!)
      assert.equal(second.statusCode, 200)
      assert.deepEqual(titlesOf(second.body), ['قمة الاتحاد الأفريقي في أديس أبابا'])
      assert.match(second.body, /<ol class="search-hits" start="4">/, 'numbering continues')
      assert.match(second.body, /<a href="\/search\?q=[^"]+&amp;sort=date" rel="prev">/)
      const filtered = await get(`/search?q=${enc('تحالف')}&category=politics&author=omar&from=2026-05-01&to=2026-05-31&sort=relevance&page=1`)
      assert.equal(filtered.statusCode, 200)
      const withFilters = await get(`/search?q=${enc('ال')}`)
      assert.ok(withFilters.statusCode < 500)
      // With one page per result, every page link keeps every filter.
      await setSettings(t, { perPage: 1 })
      try {
        const res = await get(`/search?q=${enc('التحالف')}&category=politics&author=omar&from=2026-05-01&to=2026-05-31&sort=date`)
        const link = /<a href="([^"]+)" rel="next">/.exec(res.body)?.[1]?.replace(/&amp;/g, '&')
        assert.equal(link, `/search?q=${enc('التحالف')}&category=politics&author=omar&from=2026-05-01&to=2026-05-31&sort=date&page=2`)
        assert.equal((await get(link!)).statusCode, 200)
      } finally {
        await setSettings(t, { perPage: 3 })
      }
    })

    it('offers "did you mean" for no results when a close spelling matches, keeping the filters', async () => {
      for (const [q, meant] of [
        ['التحالفف', 'التحالف'],
        ['hgjphgt', 'التحالف'],
        ['الافريقي الاتحد', 'الافريقي الاتحاد'],
      ] as const) {
        const res = await get(`/search?q=${enc(q)}`)
        assert.equal(res.statusCode, 200)
        const link = /<p class="did-you-mean">هل تقصد <a href="([^"]+)"><bdi>([^<]+)<\/bdi><\/a>؟/.exec(res.body)
        assert.ok(link, `${q}: did you mean`)
        assert.equal(link[2], meant)
        assert.equal(link[1], `/search?q=${enc(meant)}`)
        assert.ok(titlesOf((await get(link[1]!)).body).length > 0, 'the suggestion has results')
      }
      const filtered = await get(`/search?q=${enc('التحالفف')}&category=economy&sort=date`)
      assert.match(filtered.body, new RegExp(`<a href="/search\\?q=${enc('التحالف')}&amp;category=economy&amp;sort=date"><bdi>التحالف</bdi></a>`))
      assert.match(filtered.body, /\(نتيجة واحدة\)/, 'with the suggestion’s own count, within the filters')
    })

    it('helps when nothing matches: what was searched, tips, and a way out of the filters', async () => {
      const none = mainOf((await get(`/search?q=${enc('زززززز')}`)).body)
      assert.match(none, /لم نجد أخبارًا تطابق «زززززز»\./)
      assert.ok(!none.includes('did-you-mean'), 'nothing close: no suggestion')
      assert.match(none, /<ul class="search-tips">/)
      assert.ok(!none.includes('تصفية</a>'), 'no filters to remove')
      const filtered = mainOf((await get(`/search?q=${enc('النفط')}&category=politics&sort=date`)).body)
      assert.match(filtered, /ضمن عوامل التصفية المختارة/)
      assert.match(filtered, new RegExp(`<a href="/search\\?q=${enc('النفط')}&amp;sort=date">ابحث في كل الأخبار بلا عوامل تصفية</a>`))
    })

    it('asks for words when there are none, without results', async () => {
      for (const url of ['/search', '/search?q=', '/search?q=%20%20', '/search?category=politics']) {
        const res = await get(url)
        assert.equal(res.statusCode, 200, url)
        assert.match(res.body, /<h1 id="search-heading">البحث<\/h1>/)
        assert.match(res.body, /اكتب كلمة أو أكثر للبحث في الأخبار\./)
        assert.ok(!res.body.includes('search-count'), url)
      }
    })

    it('answers refused values with 400/404, a clear Arabic message and the form as typed', async () => {
      const cases: Array<[query: string, status: number, message: RegExp, field: string | undefined]> = [
        [`q=${enc('التحالف')}&from=2026-02-30`, 400, /التاريخ «2026-02-30» غير صالح/, 'search-from'],
        [`q=${enc('التحالف')}&to=${enc('أمس')}`, 400, /التاريخ «أمس» غير صالح/, 'search-to'],
        [`q=${enc('التحالف')}&from=2026-05-10&to=2026-05-01`, 400, /تاريخ البداية بعد تاريخ النهاية/, 'search-from'],
        [`q=${enc('التحالف')}&category=${enc('رياضة')}`, 400, /لا يوجد قسم بالمعرّف «رياضة»/, 'search-category'],
        [`q=${enc('التحالف')}&author=nobody`, 400, /لا يوجد كاتب بالمعرّف «nobody»/, 'search-author'],
        [`q=${enc('التحالف')}&sort=oldest`, 400, /الترتيب «oldest» غير معروف/, 'search-sort'],
        [`q=${enc('التحالف')}&page=abc`, 400, /رقم الصفحة غير صالح/, undefined],
        [`q=${enc('التحالف')}&page=0`, 400, /رقم الصفحة غير صالح/, undefined],
        [`q=${enc('التحالف')}&page=1&page=2`, 400, /المعامل «page» مكرّر/, undefined],
        [`q=${enc('التحالف')}&page=99`, 404, /لا توجد صفحة 99 في هذه النتائج\./, undefined],
        [`q=${enc('التحالف')}&page=999999`, 400, /لا يمكن تصفّح النتائج بعد النتيجة 10000/, undefined],
      ]
      for (const [query, status, message, field] of cases) {
        const res = await get(`/search?${query}`)
        assert.equal(res.statusCode, status, query)
        assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/)
        assert.equal(res.headers['cache-control'], 'no-store')
        const main = mainOf(res.body)
        assert.match(main, /<p class="form-error" id="search-error" role="alert">/, query)
        assert.match(main, message, query)
        assert.equal(valueOf(res.body, 'q'), 'التحالف', `${query}: the words kept`)
        if (field) assert.match(main, new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="search-error"`), `${query}: the field marked`)
      }
      // A wrong date stays as typed in a text box (a date box would empty it).
      const bad = (await get(`/search?q=${enc('التحالف')}&from=${enc('11/5/2026')}&to=2026-05-31`)).body
      assert.match(bad, /<input id="search-from" name="from" value="11\/5\/2026" dir="ltr" type="text" placeholder="[^"]+"/)
      assert.match(bad, /<input id="search-to" name="to" value="2026-05-31" dir="ltr" type="date"/)
      // The page past the last links back to the first, filters kept.
      assert.match((await get(`/search?q=${enc('التحالف')}&sort=date&page=9`)).body, new RegExp(`<a href="/search\\?q=${enc('التحالف')}&amp;sort=date">العودة إلى الصفحة الأولى من النتائج</a>`))
      const english = await get(`/search?q=x&from=bad&lang=en`)
      assert.match(english.body, /The date “bad” is not valid/)
    })

    it('is a search landmark with labels, a heading and noindex; fast, and not kept in the render cache', async (context) => {
      const url = `/search?q=${enc('التحالف')}`
      const res = await get(url)
      assert.match(res.body, /<form class="search-page-form" role="search" aria-label="البحث في الأخبار" action="\/search" method="get">/)
      assert.match(res.body, /<label for="q">ابحث عن<\/label>/)
      for (const id of ['search-category', 'search-author', 'search-from', 'search-to', 'search-sort']) assert.match(res.body, new RegExp(`<label for="${id}">`), id)
      assert.match(res.body, /<fieldset class="search-filters"><legend>تضييق النتائج<\/legend>/)
      assert.match(res.body, /<h1 id="search-heading">نتائج البحث عن «التحالف»<\/h1>/)
      assert.match(res.body, /<section class="search-results" aria-labelledby="search-heading">/)
      assert.match(res.body, /<meta name="robots" content="noindex"\/>/)
      assert.equal((res.body.match(/role="search"/g) ?? []).length, 2, 'the masthead’s and the page’s (the page’s has a name)')
      assert.equal(res.headers['cache-control'], 'public, max-age=60')
      assert.equal(t.app.renderCache.get(`http://sahifa.test${url}`), undefined, 'not in the render cache')
      // The type-ahead script is linked (no inline script) and served.
      const script = /<script src="(\/assets\/search\.[\w-]+\.js)" defer><\/script>/.exec(res.body)?.[1]
      assert.ok(script, 'search.js is linked')
      const js = await get(script)
      assert.equal(js.statusCode, 200)
      assert.match(js.headers['content-type'] as string, /^text\/javascript/)
      assert.ok(js.body.length < 8000, `search.js stays small (${js.body.length} bytes)`)
      assert.ok(!/<script>/.test(res.body), 'no inline script')
      // Speed: a results page in milliseconds (warm), on either engine.
      const times: number[] = []
      for (let i = 0; i < 20; i++) {
        const start = performance.now()
        const r = await get(`/search?q=${enc(i % 2 ? 'التحالف العربي' : 'الاتحاد الافريقي')}&sort=${i % 3 ? 'relevance' : 'date'}`)
        times.push(performance.now() - start)
        assert.equal(r.statusCode, 200)
      }
      times.sort((a, b) => a - b)
      context.diagnostic(`results page: median ${times[10]!.toFixed(1)} ms, slowest ${times[19]!.toFixed(1)} ms`)
      // Loose bounds (a loaded CI machine); quiet runs measure a few milliseconds (see the diagnostic).
      assert.ok(times[10]! < 250, `median ${times[10]} ms`)
    })
  })

  describe('/search/suggest', () => {
    it('answers { titles, tags, authors }, each with its URL, cacheable for a short while', async () => {
      const res = await get(`/search/suggest?q=${enc('الاتح')}`)
      assert.equal(res.statusCode, 200)
      assert.match(res.headers['content-type'] as string, /^application\/json/)
      assert.equal(res.headers['cache-control'], 'public, max-age=60')
      const body = res.json()
      assert.deepEqual(Object.keys(body).sort(), ['authors', 'tags', 'titles'])
      assert.deepEqual(body.titles, [{ id: ids.summit, title: 'قمة الاتحاد الأفريقي في أديس أبابا', url: `/news/${ids.summit}/${enc('قمة-الاتحاد-الأفريقي-في-أديس-أبابا')}` }])
      assert.deepEqual(body.tags, [{ name: 'الاتحاد الأفريقي', url: `/tag/${enc('الاتحاد-الأفريقي')}` }])
      assert.deepEqual(body.authors, [])
      const writer = (await get(`/search/suggest?q=${enc('سلم')}`)).json()
      assert.deepEqual(writer.authors, [{ name: 'سلمى حداد', url: '/author/salma' }])
      const typed = (await get(`/search/suggest?q=${enc('التحا')}`)).json()
      assert.ok(typed.titles.length >= 2 && typed.titles.length <= 5, 'the last word as a prefix')
      for (const title of typed.titles) assert.deepEqual(Object.keys(title).sort(), ['id', 'title', 'url'])
      assert.deepEqual((await get(`/search/suggest?q=${enc('؟؟')}`)).json(), { titles: [], tags: [], authors: [] }, 'nothing to suggest for punctuation')
    })

    it('refuses a missing, empty, repeated or over-long q with a 400 in JSON, Arabic or English', async () => {
      for (const query of ['', '?q=', '?q=%20', '?q=a&q=b', `?q=${'ب'.repeat(101)}`]) {
        const res = await get(`/search/suggest${query}`)
        assert.equal(res.statusCode, 400, query)
        assert.match(res.headers['content-type'] as string, /^application\/json/, `${query}: JSON without asking`)
        assert.equal(res.headers['cache-control'], 'no-store')
        const { error } = res.json()
        assert.ok(/[\u0600-\u06FF]/.test(error.message) && error.message === error.message_ar && /^[\x20-\x7e“”–—…]+$/.test(error.message_en), JSON.stringify(error))
      }
      assert.match((await get(`/search/suggest?q=${'x'.repeat(101)}&lang=en`)).json().error.message, /at most 100 characters/)
      assert.match((await get('/search/suggest', { 'accept-language': 'en-GB,en;q=0.9' })).json().error.message, /Type one or more words/)
    })

    it('is quick: milliseconds per answer', async (context) => {
      const words = ['الاتح', 'التحا', 'سلم', 'قمة ال', 'النف', 'أسع', 'عمر', 'تحذ']
      const times: number[] = []
      for (let i = 0; i < 40; i++) {
        const start = performance.now()
        const res = await get(`/search/suggest?q=${enc(words[i % words.length]!)}`)
        times.push(performance.now() - start)
        assert.equal(res.statusCode, 200)
      }
      times.sort((a, b) => a - b)
      context.diagnostic(`suggest: median ${times[20]!.toFixed(1)} ms, slowest ${times[39]!.toFixed(1)} ms`)
      assert.ok(times[20]! < 150, `median ${times[20]} ms`)
    })

    it('is rate limited per address, with a JSON 429', async () => {
      let last: LightMyRequestResponse | undefined
      for (let i = 0; i < 241; i++) last = await t.app.inject({ url: `/search/suggest?q=${enc('قمة')}`, remoteAddress: '192.0.2.77' })
      assert.equal(last!.statusCode, 429)
      assert.match(last!.headers['content-type'] as string, /^application\/json/)
      assert.equal(last!.json().error.code, 'RATE_LIMITED')
      const other = await t.app.inject({ url: `/search/suggest?q=${enc('قمة')}`, remoteAddress: '192.0.2.78' })
      assert.equal(other.statusCode, 200, 'another address is not limited')
    })
  })

  describe('/api/v1/search', () => {
    it('answers { total, page, per_page, items, did_you_mean } with escaped, marked snippets', async () => {
      const res = await get(`/api/v1/search?q=${enc('التحالف')}&per_page=2&sort=date`)
      assert.equal(res.statusCode, 200)
      const body = res.json()
      assert.deepEqual(Object.keys(body).sort(), ['did_you_mean', 'items', 'page', 'per_page', 'total'])
      assert.deepEqual([body.total, body.page, body.per_page, body.did_you_mean], [4, 1, 2, null])
      assert.deepEqual(Object.keys(body.items[0]).sort(), ['authors', 'excerpt', 'id', 'published_at', 'section', 'snippet', 'title', 'url'])
      const coalition = body.items[0]
      assert.equal(coalition.id, ids.coalition)
      assert.equal(coalition.url, `http://sahifa.test/news/${ids.coalition}/${enc('التحالف-يعلن-عملية-جديدة')}`)
      assert.equal(coalition.title, 'التحالف يعلن عملية جديدة')
      assert.equal(coalition.excerpt, 'بيان التحالف صباح اليوم.')
      assert.equal(coalition.published_at, '2026-05-05T08:00:00.000Z')
      assert.deepEqual(coalition.section, { slug: 'gulf', name: 'الخليج', url: 'http://sahifa.test/category/gulf' })
      assert.deepEqual(coalition.authors, [{ slug: 'omar', name: 'عمر الفاروق', url: 'http://sahifa.test/author/omar' }])
      assert.match(coalition.snippet, /أعلن <mark>التحالف<\/mark> العربي بدء عملية\./)
      const vowelled = body.items[1]
      assert.match(vowelled.snippet, /وَأَكَّدَ <mark>التَّحالُفُ<\/mark> العَرَبِيُّ/)
      const page2 = (await get(`/api/v1/search?q=${enc('التحالف')}&per_page=2&sort=date&page=2`)).json()
      assert.equal(page2.items.length, 2)
      assert.match(page2.items[0].snippet, /نص فيه &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; ثم <mark>التحالف<\/mark> &amp; الشركاء\./, 'every character escaped, only <mark> is markup')
      assert.equal(page2.items[0].title, 'تحذير <script>alert(1)</script> من التحالف', 'titles are plain text (JSON)')
      for (const item of [...body.items, ...page2.items]) assert.equal(item.snippet.replace(/<\/?mark>/g, '').includes('<'), false)
    })

    it('filters like the page and suggests a spelling with its API URL', async () => {
      const ids_ = async (query: string) => (await get(`/api/v1/search?q=${enc('التحالف')}&${query}`)).json().items.map((i: { id: number }) => i.id)
      assert.deepEqual(await ids_('category=economy'), [ids.vowelled])
      assert.deepEqual(await ids_('author=omar&sort=date'), [ids.coalition, ids.summit])
      assert.deepEqual(await ids_('from=2026-05-02&to=2026-05-04&sort=date'), [ids.vowelled, ids.script])
      const missed = (await get(`/api/v1/search?q=hgjphgt&category=politics`)).json()
      assert.equal(missed.total, 0)
      assert.deepEqual(missed.did_you_mean, { query: 'التحالف', total: 3, url: `http://sahifa.test/api/v1/search?q=${enc('التحالف')}&category=politics` })
    })

    it('refuses invalid parameters with a 400 JSON error in Arabic and English; a page past the last is a 404', async () => {
      const cases: Array<[string, number, string]> = [
        ['', 400, 'SEARCH_QUERY_REQUIRED'],
        ['q=%20', 400, 'SEARCH_QUERY_REQUIRED'],
        [`q=${'ب'.repeat(257)}`, 400, 'SEARCH_QUERY_TOO_LONG'],
        ['q=x&from=2026-13-01', 400, 'SEARCH_DATE_INVALID'],
        ['q=x&from=2026-05-02&to=2026-05-01', 400, 'SEARCH_DATE_ORDER'],
        ['q=x&category=nope', 400, 'SEARCH_CATEGORY_UNKNOWN'],
        ['q=x&author=nope', 400, 'SEARCH_AUTHOR_UNKNOWN'],
        ['q=x&sort=newest', 400, 'SEARCH_SORT_INVALID'],
        ['q=x&per_page=51', 400, 'SEARCH_PER_PAGE_INVALID'],
        ['q=x&per_page=0', 400, 'SEARCH_PER_PAGE_INVALID'],
        ['q=x&page=abc', 400, 'BAD_PAGE'],
        ['q=x&page=1001&per_page=50', 400, 'SEARCH_PAGE_TOO_DEEP'],
        [`q=${enc('التحالف')}&page=3`, 404, 'PAGE_OUT_OF_RANGE'],
      ]
      for (const [query, status, code] of cases) {
        const res = await get(`/api/v1/search?${query}`)
        assert.equal(res.statusCode, status, `${query}: ${res.body}`)
        assert.match(res.headers['content-type'] as string, /^application\/json/)
        const { error } = res.json()
        assert.equal(error.code, code, query)
        assert.ok(/[\u0600-\u06FF]/.test(error.message_ar) && error.message === error.message_ar && error.message_en && !/[\u0600-\u06FF]/.test(error.message_en.replace(/«[^»]*»|“[^”]*”/g, '')), JSON.stringify(error))
      }
      assert.match((await get('/api/v1/search?q=x&sort=newest&lang=en')).json().error.message, /^Unknown order “newest”/)
      assert.match((await get('/api/v1/search?q=x&sort=newest', { 'accept-language': 'en' })).json().error.message, /^Unknown order/)
      const repeated = await get('/api/v1/search?q=a&q=b')
      assert.equal(repeated.statusCode, 400)
      const zero = await get(`/api/v1/search?q=${enc('زززززز')}&page=1`)
      assert.equal(zero.statusCode, 200, 'the first page of nothing is an empty page')
      assert.deepEqual(zero.json().items, [])
    })
  })

  describe('hostile input (../shared/data/payloads) never makes a 500', () => {
    const queries = hostileQueries()
    /** Runs `check` over the values, eight at a time. */
    async function each(values: readonly string[], check: (value: string) => Promise<void>) {
      for (let i = 0; i < values.length; i += 8) await Promise.all(values.slice(i, i + 8).map(check))
    }
    const tagLike = (s: string) => /<[a-z!/]/i.test(s) && s.length > 4

    it(`on the page: ${queries.length} queries, and a sample in every filter`, async () => {
      await each(queries, async (q) => {
        const res = await get(`/search?q=${enc(q)}`)
        assert.ok(res.statusCode < 500, `${JSON.stringify(q).slice(0, 80)} → ${res.statusCode}`)
        if (res.statusCode === 200 && tagLike(q)) assert.ok(!mainOf(res.body).includes(q.trim()), `${JSON.stringify(q).slice(0, 80)} echoed unescaped`)
      })
      const sample = queries.filter((_q, i) => i % 7 === 0)
      for (const field of ['category', 'author', 'from', 'to', 'sort', 'page']) {
        await each(sample, async (value) => {
          const res = await get(`/search?q=${enc('التحالف')}&${field}=${enc(value)}`)
          assert.ok(res.statusCode < 500, `${field}=${JSON.stringify(value).slice(0, 80)} → ${res.statusCode}`)
          if (tagLike(value)) assert.ok(!res.body.includes(value.trim()), `${field}=${JSON.stringify(value).slice(0, 80)} echoed unescaped`)
        })
      }
    })

    it(`on /search/suggest: ${queries.length} queries`, async () => {
      await each(queries, async (q) => {
        const res = await get(`/search/suggest?q=${enc(q)}`)
        assert.ok(res.statusCode === 200 || res.statusCode === 400, `${JSON.stringify(q).slice(0, 80)} → ${res.statusCode}`)
        if (res.statusCode === 200) assert.deepEqual(Object.keys(res.json()).sort(), ['authors', 'tags', 'titles'])
      })
    })

    it(`on /api/v1/search: ${queries.length} queries, and a sample in every parameter`, async () => {
      await each(queries, async (q) => {
        const res = await get(`/api/v1/search?q=${enc(q)}`)
        assert.ok(res.statusCode === 200 || res.statusCode === 400, `${JSON.stringify(q).slice(0, 80)} → ${res.statusCode}`)
        assert.match(res.headers['content-type'] as string, /^application\/json/)
      })
      const sample = queries.filter((_q, i) => i % 7 === 0)
      for (const field of ['category', 'author', 'from', 'to', 'sort', 'page', 'per_page']) {
        await each(sample, async (value) => {
          const res = await get(`/api/v1/search?q=${enc('التحالف')}&${field}=${enc(value)}`)
          assert.ok(res.statusCode < 500, `${field}=${JSON.stringify(value).slice(0, 80)} → ${res.statusCode}`)
        })
      }
    })
  })
})
