import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { insertPage } from '../../src/modules/pages/pages.repository.js'
import { upsertRedirect } from '../../src/modules/redirects/redirects.repository.js'
import { saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const TITLE_WITH_TASHKEEL = 'اجتماعٌ جديدٌ للتحالفِ الدوليّ في أبوظبي'
const EXPECTED_SLUG = 'اجتماع-جديد-للتحالف-الدولي-في-أبوظبي'
const TASHKEEL = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/
const PER_PAGE = 2

/** The inside of <main>: the page's own content, without masthead and footer. */
const mainOf = (html: string) => /<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? ''
/** The href of the pagination link with this rel, if any. */
const relLink = (html: string, rel: 'next' | 'prev') => {
  const tag = mainOf(html).match(/<a\b[^>]*>/g)?.find((a) => a.includes(` rel="${rel}"`))
  return tag && /\shref="([^"]*)"/.exec(tag)?.[1]
}

describeEachDatabase('public site routes', (engine) => {
  let t: TestApp
  const ids = {} as Record<'lead' | 'second' | 'third' | 'april' | 'draft' | 'unpublished', number>
  const titles = { second: 'خبر سياسي ثان', third: 'خبر سياسي ثالث', april: 'خبر رياضي من أبريل', draft: 'مسودة لم تنشر', unpublished: 'خبر سحب من النشر' }

  before(async () => {
    t = await buildTestApp(engine)
    await saveSiteSettings(t.deps.db, { perPage: PER_PAGE })
    const ashraf = await makeUser(t.deps, { name: 'أشرف كمال', slug: 'ashraf-kamal' })
    const other = await makeUser(t.deps, { name: 'ليلى حسن', slug: 'layla-hassan' })
    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    const arab = await makeCategory(t.deps, { slug: 'arab-politics', name: 'سياسة عربية', parentId: politics.id })
    const sports = await makeCategory(t.deps, { slug: 'sports', name: 'رياضة' })
    const common = { authorIds: [ashraf.id], tags: ['التحالف الدولي'] }
    ids.lead = (await makeArticle(t.deps, { ...common, title: TITLE_WITH_TASHKEEL, categoryIds: [arab.id], publishedAt: new Date('2026-05-10T08:00:00Z') })).id
    ids.second = (await makeArticle(t.deps, { ...common, title: titles.second, categoryIds: [politics.id], publishedAt: new Date('2026-05-08T08:00:00Z') })).id
    ids.third = (await makeArticle(t.deps, { ...common, title: titles.third, categoryIds: [politics.id], publishedAt: new Date('2026-05-05T08:00:00Z') })).id
    ids.april = (await makeArticle(t.deps, { title: titles.april, authorIds: [other.id], categoryIds: [sports.id], publishedAt: new Date('2026-04-20T08:00:00Z') })).id
    ids.draft = (await makeArticle(t.deps, { ...common, title: titles.draft, status: 'draft', categoryIds: [politics.id] })).id
    ids.unpublished = (await makeArticle(t.deps, { ...common, title: titles.unpublished, status: 'unpublished', categoryIds: [politics.id], publishedAt: new Date('2026-05-09T08:00:00Z') })).id
    await insertPage(t.deps.db, { slug: 'about', title: 'من نحن', bodyHtml: '<p>صحيفة عربية مستقلة.</p>', status: 'published', now: t.clock.now() })
    await insertPage(t.deps.db, { slug: 'secret', title: 'صفحة غير منشورة', bodyHtml: '<p>لا تظهر.</p>', status: 'draft', now: t.clock.now() })
    t.deps.events.changed()
    await t.deps.refreshFrame()
  })
  after(() => t.close())

  const get = (url: string) => t.app.inject({ url })
  const slugOf = async (id: number) => (await t.deps.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug
  const canonicalOf = async (id: number) => `/news/${id}/${encodeURIComponent(await slugOf(id))}`

  describe('articles', () => {
    it('stores an Arabic slug in NFC without tashkeel and serves the story at /news/{id}/{slug}', async () => {
      const slug = await slugOf(ids.lead)
      assert.equal(slug, EXPECTED_SLUG)
      assert.equal(slug, slug.normalize('NFC'))
      assert.doesNotMatch(slug, TASHKEEL)
      assert.ok(slug.includes('\u0623'), 'hamza on alif is a letter, not a diacritic: it stays')

      const res = await get(await canonicalOf(ids.lead))
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /<html lang="ar" dir="rtl">/)
      assert.ok(res.body.includes(TITLE_WITH_TASHKEEL), 'the title keeps its tashkeel on the page')
      assert.ok(res.body.includes(`<link rel="canonical" href="http://sahifa.test${await canonicalOf(ids.lead)}"/>`))
    })

    it('answers /news/{id}, a wrong, vowelled or decomposed slug with 301 to the canonical URL', async () => {
      const canonical = await canonicalOf(ids.lead)
      const variants = [
        `/news/${ids.lead}`,
        `/news/${ids.lead}/wrong-slug`,
        `/news/${ids.lead}/${encodeURIComponent('اجتماعٌ-جديدٌ')}`,
        `/news/${ids.lead}/${encodeURIComponent(EXPECTED_SLUG.normalize('NFD'))}`,
      ]
      for (const url of variants) {
        const res = await get(url)
        assert.equal(res.statusCode, 301, url)
        assert.equal(res.headers.location, canonical, url)
      }
      const location = (await get(`/news/${ids.lead}`)).headers.location as string
      assert.match(location, /^[\x21-\x7e]+$/, 'the Location header is percent-encoded ASCII')
      assert.equal(decodeURIComponent(location), `/news/${ids.lead}/${EXPECTED_SLUG}`)

      const withQuery = await get(`/news/${ids.lead}/old?utm_source=feed`)
      assert.equal(withQuery.statusCode, 301)
      assert.equal(withQuery.headers.location, `${canonical}?utm_source=feed`, 'the query string survives the redirect')
    })

    it('answers 404 for drafts and unpublished stories, and leaves them out of every list', async () => {
      for (const id of [ids.draft, ids.unpublished]) {
        for (const url of [`/news/${id}`, await canonicalOf(id)]) {
          const res = await get(url)
          assert.equal(res.statusCode, 404, url)
          assert.ok(res.body.includes('الصفحة غير موجودة'))
        }
      }
      for (const url of ['/', '/category/politics', '/category/politics?page=2', '/author/ashraf-kamal', '/author/ashraf-kamal?page=2', '/archive/2026/05', '/archive/2026/05?page=2']) {
        const res = await get(url)
        assert.equal(res.statusCode, 200, url)
        assert.ok(!res.body.includes(titles.draft) && !res.body.includes(titles.unpublished), `${url} shows no unpublished story`)
      }
    })

    it('dates stories with <time datetime> (ISO) and the Arabic date', async () => {
      const article = await get(await canonicalOf(ids.lead))
      assert.match(article.body, /<time datetime="2026-05-10T08:00:00\.000Z"[^>]*>10 مايو 2026<\/time>/)
      const listing = await get('/archive/2026/04')
      assert.match(listing.body, /<time datetime="2026-04-20T08:00:00\.000Z"[^>]*>20 أبريل 2026<\/time>/)
    })
  })

  describe('listings', () => {
    it("includes a sub-category's stories on its parent category page", async () => {
      const parent = mainOf((await get('/category/politics')).body) + mainOf((await get('/category/politics?page=2')).body)
      for (const title of [TITLE_WITH_TASHKEEL, titles.second, titles.third]) assert.ok(parent.includes(title), `politics lists ${title}`)
      assert.ok(!parent.includes(titles.april))

      const child = mainOf((await get('/category/arab-politics')).body)
      assert.ok(child.includes(TITLE_WITH_TASHKEEL))
      assert.ok(!child.includes(titles.second), 'the parent’s own stories are not in the child')
    })

    const paged: Array<[name: string, base: string, expected: () => string[]]> = [
      ['category', '/category/politics', () => [TITLE_WITH_TASHKEEL, titles.second, titles.third]],
      ['tag', `/tag/${encodeURIComponent('التحالف-الدولي')}`, () => [TITLE_WITH_TASHKEEL, titles.second, titles.third]],
      ['author', '/author/ashraf-kamal', () => [TITLE_WITH_TASHKEEL, titles.second, titles.third]],
      ['year archive', '/archive/2026', () => [TITLE_WITH_TASHKEEL, titles.second, titles.third, titles.april]],
      ['month archive', '/archive/2026/05', () => [TITLE_WITH_TASHKEEL, titles.second, titles.third]],
    ]
    for (const [name, base, expected] of paged) {
      it(`pages the ${name} listing with rel=next/prev; past the last page is 404`, async () => {
        const first = await get(base)
        assert.equal(first.statusCode, 200)
        assert.equal(relLink(first.body, 'next'), `${base}?page=2`)
        assert.equal(relLink(first.body, 'prev'), undefined)
        assert.equal(expected().filter((title) => mainOf(first.body).includes(title)).length, PER_PAGE, `${PER_PAGE} stories on page 1`)

        const second = await get(`${base}?page=2`)
        assert.equal(second.statusCode, 200)
        assert.equal(relLink(second.body, 'prev'), base, 'page 1 has no ?page')
        assert.equal(relLink(second.body, 'next'), undefined)

        const both = mainOf(first.body) + mainOf(second.body)
        for (const title of expected()) assert.ok(both.includes(title), `${name} lists ${title} on page 1 or 2`)

        const beyond = await get(`${base}?page=3`)
        assert.equal(beyond.statusCode, 404)
        assert.ok(beyond.body.includes('الصفحة غير موجودة'))
      })
    }

    it('names the archive period in Arabic and shows one page without pagination', async () => {
      const month = await get('/archive/2026/05')
      assert.match(month.body, /<h1>أرشيف مايو 2026<\/h1>/)
      const year = await get('/archive/2026')
      assert.match(year.body, /<h1>أرشيف 2026<\/h1>/)
      const april = await get('/archive/2026/04')
      assert.equal(april.statusCode, 200)
      assert.ok(april.body.includes(titles.april))
      assert.ok(!april.body.includes('class="pagination"'), 'a single page has no pagination')
      const empty = await get('/archive/2025')
      assert.equal(empty.statusCode, 200, 'an empty archive is a page, not an error')
      assert.ok(empty.body.includes('لا توجد أخبار هنا بعد.'))
    })
  })

  describe('pages, errors and redirects', () => {
    it('serves a published static page and links it in the footer; a draft page is 404', async () => {
      const about = await get('/page/about')
      assert.equal(about.statusCode, 200)
      assert.ok(mainOf(about.body).includes('من نحن'))
      assert.ok(mainOf(about.body).includes('<p>صحيفة عربية مستقلة.</p>'))
      assert.ok((await get('/')).body.includes('<a href="/page/about">من نحن</a>'))
      assert.equal((await get('/page/secret')).statusCode, 404)
      assert.equal((await get('/page/missing')).statusCode, 404)
    })

    it('answers an unknown path with the Arabic 404 page, a search form and a link home', async () => {
      const res = await get('/this/page/does-not-exist')
      assert.equal(res.statusCode, 404)
      assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/)
      assert.match(res.body, /<html lang="ar" dir="rtl">/)
      assert.match(res.body, /<meta name="robots" content="noindex"\/>/)
      const main = mainOf(res.body)
      assert.ok(main.includes('الصفحة غير موجودة'))
      assert.match(main, /<form [^>]*action="\/search" method="get"/, 'a search form on the page itself')
      assert.match(main, /<input [^>]*name="q"/)
      assert.match(main, /<a [^>]*href="\/"[^>]*>العودة إلى الرئيسية<\/a>/)
    })

    it('answers a path recorded as gone with the Arabic 410 page', async () => {
      await upsertRedirect(t.deps.db, '/2019/05/old-story', null, 410, t.clock.now())
      const res = await get('/2019/05/old-story')
      assert.equal(res.statusCode, 410)
      assert.match(res.body, /<html lang="ar" dir="rtl">/)
      assert.ok(mainOf(res.body).includes('لم تعد هذه الصفحة متاحة'))
      assert.ok(mainOf(res.body).includes('أُزيل هذا المحتوى نهائيًا'))
    })

    it('answers a recorded redirect (an old WordPress permalink, Arabic included) with 301', async () => {
      const canonical = await canonicalOf(ids.second)
      await upsertRedirect(t.deps.db, '/2020/01/خبر-قديم', canonical, 301, t.clock.now())
      const res = await get(`/2020/01/${encodeURIComponent('خبر-قديم')}`)
      assert.equal(res.statusCode, 301)
      assert.equal(res.headers.location, canonical)

      // A target stored as readable Arabic (as an importer may) still makes a valid Location.
      await upsertRedirect(t.deps.db, '/2020/02/another', `/news/${ids.lead}/${EXPECTED_SLUG}`, 301, t.clock.now())
      const arabic = await get('/2020/02/another')
      assert.equal(arabic.statusCode, 301)
      assert.equal(arabic.headers.location, await canonicalOf(ids.lead))
    })

    it('answers lang="ar" dir="rtl" on every kind of page', async () => {
      for (const url of ['/', await canonicalOf(ids.lead), '/category/politics', '/author/ashraf-kamal', '/archive/2026', '/search?q=%D8%AE%D8%A8%D8%B1', '/page/about', '/missing']) {
        const res = await get(url)
        assert.match(res.body, /^<!doctype html><html lang="ar" dir="rtl">/i, url)
      }
    })
  })

  describe('date settings', () => {
    const apply = async (changes: Parameters<typeof saveSiteSettings>[1]) => {
      await saveSiteSettings(t.deps.db, changes)
      t.deps.events.changed()
      await t.deps.refreshFrame()
    }

    it('shows the Hijri date beside the Gregorian one when the setting is on', async () => {
      const url = await canonicalOf(ids.lead)
      assert.ok(!(await get(url)).body.includes('class="hijri"'), 'off by default')
      await apply({ hijri: true })
      try {
        const res = await get(url)
        assert.ok(res.body.includes('class="hijri"'))
        assert.match(res.body, /23 ذو القعدة 1447 هـ/)
        assert.match(res.body, /10 مايو 2026/, 'the Gregorian date stays')
      } finally {
        await apply({ hijri: false })
      }
      assert.ok(!(await get(url)).body.includes('class="hijri"'), 'off again: the cached page was dropped')
    })

    it('uses the Moroccan month names with the ar-MA locale', async () => {
      const url = await canonicalOf(ids.lead)
      await apply({ locale: 'ar-MA' })
      try {
        const article = await get(url)
        assert.match(article.body, /<time datetime="2026-05-10T08:00:00\.000Z"[^>]*>10 ماي 2026<\/time>/)
        assert.ok(!article.body.includes('مايو'))
        assert.match((await get('/archive/2026/05')).body, /<h1>أرشيف ماي 2026<\/h1>/)
      } finally {
        await apply({ locale: 'ar-EG' })
      }
      assert.match((await get(url)).body, /10 مايو 2026/)
    })
  })
})
