/**
 * Page metadata (issue "Distribution"): canonical link, Open Graph and Twitter cards (with the
 * picture's size), JSON-LD NewsArticle (authors, publisher with logo, image variants, section,
 * language, corrections), BreadcrumbList on stories and section pages, WebSite with SearchAction
 * on the home page. Every ld+json block is read with JSON.parse; a headline made to break out
 * of its <script> stays inside it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { insertCorrection } from '../../src/modules/articles/editorial.repository.js'
import { insertMedia } from '../../src/modules/media/media.repository.js'
import { saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { SHIPPED_LOGO_SIZE } from '../../src/views/components/structured-data.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const ORIGIN = 'http://sahifa.test'
const HOSTILE = '</script><script>alert(1)</script>'

/** Decodes the entities preact writes in attribute values. */
const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&')

/** Every `<meta property|name="key" content="…">` of the head, as [key, content] pairs in order. */
function metaOf(html: string): Array<[string, string]> {
  const head = html.slice(0, html.indexOf('</head>'))
  return [...head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\s*\/?>/g)].map((m) => [m[1]!, decode(m[2]!)])
}
/** The one value of a meta key (asserting there is exactly one), or undefined. */
function one(html: string, key: string): string | undefined {
  const values = metaOf(html).filter(([k]) => k === key)
  assert.ok(values.length <= 1, `${key} appears ${values.length} times`)
  return values[0]?.[1]
}
const all = (html: string, key: string) => metaOf(html).filter(([k]) => k === key).map(([, v]) => v)

/** Each ld+json block, parsed (a block that does not parse fails the test). */
function jsonLdOf(html: string): any[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!))
}
const ofType = (html: string, type: string) => jsonLdOf(html).filter((b) => b['@type'] === type)

describeEachDatabase('page metadata', (engine) => {
  let t: TestApp
  const ids = {} as Record<'story' | 'plain' | 'hostile' | 'scheduledLate', number>
  const paths = {} as Record<keyof typeof ids, string>
  let sectionSlug = ''
  const get = (url: string) => t.app.inject({ url })

  before(async () => {
    t = await buildTestApp(engine)
    await saveSiteSettings(t.deps.db, { name: 'صحيفة الغد', locale: 'ar-MA' })
    const ashraf = await makeUser(t.deps, { name: 'أشرف كمال', slug: 'ashraf-kamal' })
    const layla = await makeUser(t.deps, { name: 'ليلى حسن', slug: 'layla-hassan' })
    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    const arab = await makeCategory(t.deps, { slug: 'arab-politics', name: 'سياسة عربية', parentId: politics.id })
    sectionSlug = 'arab-politics'
    ids.story = (
      await makeArticle(t.deps, {
        title: 'اجتماع جديد للتحالف في أبوظبي',
        excerpt: 'ملخص الخبر للقراء.',
        authorIds: [ashraf.id, layla.id],
        categoryIds: [arab.id],
        tags: ['التحالف الدولي', 'أبوظبي'],
        publishedAt: new Date('2026-05-10T08:00:00Z'),
      })
    ).id
    ids.plain = (await makeArticle(t.deps, { title: 'خبر بلا صورة ولا كاتب', excerpt: '', publishedAt: new Date('2026-05-09T08:00:00Z') })).id
    ids.hostile = (await makeArticle(t.deps, { title: HOSTILE, excerpt: `${HOSTILE} & "quotes"`, tags: [HOSTILE], authorIds: [ashraf.id], categoryIds: [arab.id] })).id
    ids.scheduledLate = (await makeArticle(t.deps, { title: 'خبر حفظ قبل نشره', publishedAt: new Date('2026-05-11T08:00:00Z') })).id
    // Saved at 07:00, went out (scheduled) at 08:00: dateModified must not come before datePublished.
    await t.deps.db.updateTable('articles').set({ updated_at: '2026-05-11T07:00:00.000Z' }).where('id', '=', ids.scheduledLate).execute()
    const mediaId = await insertMedia(t.deps.db, {
      storage_key: 'metaKey0001',
      original_name: 'photo.jpg',
      mime: 'image/jpeg',
      bytes: 1,
      width: 1600,
      height: 900,
      variants: JSON.stringify([320, 640, 960, 1280, 1600].flatMap((w) => (['webp', 'avif'] as const).map((format) => ({ width: w, height: (w * 9) / 16, format, file: `${w}.${format}`, bytes: 1000 })))),
      alt: 'وزراء الخارجية حول الطاولة',
      caption: 'الاجتماع',
      credit: 'رويترز',
      uploaded_by: null,
      created_at: t.clock.now().toISOString(),
    })
    await t.deps.db.updateTable('articles').set({ featured_media_id: mediaId, updated_at: '2026-05-10T12:00:00.000Z' }).where('id', '=', ids.story).execute()
    await insertCorrection(t.deps.db, { articleId: ids.story, kind: 'correction', note: 'صُحح اسم الوزير.', userId: null }, new Date('2026-05-10T10:00:00Z'))
    await insertCorrection(t.deps.db, { articleId: ids.story, kind: 'update', note: 'أضيفت تصريحات جديدة.', userId: null }, new Date('2026-05-10T11:00:00Z'))
    t.deps.events.changed()
    await t.deps.refreshFrame()
    for (const key of Object.keys(ids) as Array<keyof typeof ids>) paths[key] = String((await get(`/news/${ids[key]}`)).headers.location)
  })
  after(() => t.close())

  describe('a story', () => {
    let html = ''
    before(async () => {
      const res = await get(paths.story)
      assert.equal(res.statusCode, 200)
      html = res.body
    })

    it('has its canonical link and Open Graph tags, with the picture, its size and alt text', () => {
      const url = ORIGIN + paths.story
      assert.match(html, new RegExp(`<link rel="canonical" href="${url.replace(/[.?]/g, '\\$&')}"`))
      assert.equal(one(html, 'og:type'), 'article')
      assert.equal(one(html, 'og:title'), 'اجتماع جديد للتحالف في أبوظبي')
      assert.equal(one(html, 'og:description'), 'ملخص الخبر للقراء.')
      assert.equal(one(html, 'og:url'), url)
      assert.equal(one(html, 'og:site_name'), 'صحيفة الغد')
      assert.equal(one(html, 'og:locale'), 'ar_MA', 'from the locale setting')
      assert.equal(one(html, 'og:image'), `${ORIGIN}/media/metaKey0001/1280.webp`)
      assert.equal(one(html, 'og:image:type'), 'image/webp')
      assert.equal(one(html, 'og:image:width'), '1280')
      assert.equal(one(html, 'og:image:height'), '720')
      assert.equal(one(html, 'og:image:alt'), 'وزراء الخارجية حول الطاولة')
    })

    it('has the article:* properties: times, section, tags and author pages', () => {
      assert.equal(one(html, 'article:published_time'), '2026-05-10T08:00:00.000Z')
      assert.equal(one(html, 'article:modified_time'), '2026-05-10T12:00:00.000Z')
      assert.equal(one(html, 'article:section'), 'سياسة عربية')
      assert.deepEqual(all(html, 'article:tag').sort(), ['أبوظبي', 'التحالف الدولي'].sort())
      assert.deepEqual(all(html, 'article:author'), [`${ORIGIN}/author/ashraf-kamal`, `${ORIGIN}/author/layla-hassan`])
    })

    it('has a large-image Twitter card', () => {
      assert.equal(one(html, 'twitter:card'), 'summary_large_image')
      assert.equal(one(html, 'twitter:title'), 'اجتماع جديد للتحالف في أبوظبي')
      assert.equal(one(html, 'twitter:description'), 'ملخص الخبر للقراء.')
      assert.equal(one(html, 'twitter:image'), `${ORIGIN}/media/metaKey0001/1280.webp`)
      assert.equal(one(html, 'twitter:image:alt'), 'وزراء الخارجية حول الطاولة')
    })

    it('has a NewsArticle with authors, publisher and logo, image variants, section, language and its correction', () => {
      const [article, ...more] = ofType(html, 'NewsArticle')
      assert.equal(more.length, 0)
      const url = ORIGIN + paths.story
      assert.equal(article['@context'], 'https://schema.org')
      assert.equal(article.headline, 'اجتماع جديد للتحالف في أبوظبي')
      assert.equal(article.description, 'ملخص الخبر للقراء.')
      assert.equal(article.url, url)
      assert.deepEqual(article.mainEntityOfPage, { '@type': 'WebPage', '@id': url })
      assert.equal(article.datePublished, '2026-05-10T08:00:00.000Z')
      assert.equal(article.dateModified, '2026-05-10T12:00:00.000Z')
      assert.equal(article.inLanguage, 'ar')
      assert.equal(article.articleSection, 'سياسة عربية')
      assert.deepEqual(article.author, [
        { '@type': 'Person', name: 'أشرف كمال', url: `${ORIGIN}/author/ashraf-kamal` },
        { '@type': 'Person', name: 'ليلى حسن', url: `${ORIGIN}/author/layla-hassan` },
      ])
      assert.equal(article.publisher['@type'], 'Organization')
      assert.equal(article.publisher.name, 'صحيفة الغد')
      assert.equal(article.publisher.url, `${ORIGIN}/`)
      assert.equal(article.publisher.logo['@type'], 'ImageObject')
      assert.match(article.publisher.logo.url, /^http:\/\/sahifa\.test\/assets\/logo\.[\w-]+\.png$/)
      assert.equal(article.publisher.logo.width, SHIPPED_LOGO_SIZE.width)
      assert.equal(article.publisher.logo.height, SHIPPED_LOGO_SIZE.height)
      assert.deepEqual(
        article.image,
        [1600, 1280, 960, 640, 320].map((w) => ({ '@type': 'ImageObject', url: `${ORIGIN}/media/metaKey0001/${w}.webp`, width: w, height: (w * 9) / 16 })),
      )
      assert.deepEqual(article.correction, [{ '@type': 'CorrectionComment', text: 'صُحح اسم الوزير.', datePublished: '2026-05-10T10:00:00.000Z' }], 'corrections only; update notes are not corrections')
    })

    it('the publisher logo is served, a PNG of the size the structured data gives', async () => {
      const logo = ofType(html, 'NewsArticle')[0].publisher.logo.url as string
      const res = await get(logo.slice(ORIGIN.length))
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-type'], 'image/png')
      const png = res.rawPayload
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG')
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [SHIPPED_LOGO_SIZE.width, SHIPPED_LOGO_SIZE.height])
    })

    it('has a BreadcrumbList home → section\'s parent → section → story', () => {
      const [crumbs] = ofType(html, 'BreadcrumbList')
      assert.deepEqual(crumbs.itemListElement, [
        { '@type': 'ListItem', position: 1, name: 'الرئيسية', item: `${ORIGIN}/` },
        { '@type': 'ListItem', position: 2, name: 'سياسة', item: `${ORIGIN}/category/politics` },
        { '@type': 'ListItem', position: 3, name: 'سياسة عربية', item: `${ORIGIN}/category/arab-politics` },
        { '@type': 'ListItem', position: 4, name: 'اجتماع جديد للتحالف في أبوظبي' },
      ])
    })
  })

  it('a story without picture or credited author: summary card, no og:image, the publisher as author', async () => {
    const html = (await get(paths.plain)).body
    assert.equal(one(html, 'twitter:card'), 'summary')
    assert.equal(one(html, 'og:image'), undefined)
    assert.equal(one(html, 'twitter:image'), undefined)
    assert.equal(one(html, 'og:description'), undefined)
    assert.deepEqual(all(html, 'article:author'), [])
    const [article] = ofType(html, 'NewsArticle')
    assert.deepEqual(article.author, [{ '@type': 'Organization', name: 'صحيفة الغد', url: `${ORIGIN}/` }])
    assert.equal(article.image, undefined)
    assert.equal(article.correction, undefined)
    assert.equal(article.articleSection, undefined)
    assert.deepEqual(ofType(html, 'BreadcrumbList')[0].itemListElement.map((i: any) => i.name), ['الرئيسية', 'خبر بلا صورة ولا كاتب'])
  })

  it('dateModified is never before datePublished (a story saved, then published on schedule)', async () => {
    const html = (await get(paths.scheduledLate)).body
    const [article] = ofType(html, 'NewsArticle')
    assert.equal(article.datePublished, '2026-05-11T08:00:00.000Z')
    assert.equal(article.dateModified, '2026-05-11T08:00:00.000Z')
    assert.equal(one(html, 'article:modified_time'), '2026-05-11T08:00:00.000Z')
  })

  it(`a headline of ${HOSTILE} stays text: in the title, the meta tags and inside its JSON-LD block`, async () => {
    const res = await get(paths.hostile)
    assert.equal(res.statusCode, 200)
    const html = res.body
    assert.ok(!html.includes('<script>alert(1)'), 'no script element made from the headline')
    assert.ok(!/<\/script><script>/.test(html), 'no closed-then-opened script from the headline')
    const blocks = jsonLdOf(html)
    assert.equal(blocks.length, 2, 'the NewsArticle and the BreadcrumbList, each whole')
    const [article] = ofType(html, 'NewsArticle')
    assert.equal(article.headline, HOSTILE)
    assert.equal(article.description, `${HOSTILE} & "quotes"`)
    assert.equal(article.keywords, HOSTILE)
    assert.equal(ofType(html, 'BreadcrumbList')[0].itemListElement.at(-1).name, HOSTILE)
    assert.equal(one(html, 'og:title'), HOSTILE)
    assert.equal(one(html, 'twitter:title'), HOSTILE)
    assert.deepEqual(all(html, 'article:tag'), [HOSTILE])
    // Every <script> in the page is one the site wrote (JSON-LD, JSON data, its own scripts).
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /type="application\/(ld\+)?json"|src="\/assets\//, tag)
  })

  it('the home page: WebSite with a SearchAction, the publisher Organization, a website card', async () => {
    const html = (await get('/')).body
    assert.match(html, /<link rel="canonical" href="http:\/\/sahifa\.test\/"/)
    assert.equal(one(html, 'og:type'), 'website')
    assert.equal(one(html, 'og:url'), `${ORIGIN}/`)
    assert.equal(one(html, 'twitter:card'), 'summary')
    const [site] = ofType(html, 'WebSite')
    assert.equal(site.name, 'صحيفة الغد')
    assert.equal(site.url, `${ORIGIN}/`)
    assert.equal(site.inLanguage, 'ar')
    assert.deepEqual(site.potentialAction, { '@type': 'SearchAction', target: `${ORIGIN}/search?q={search_term_string}`, 'query-input': 'required name=search_term_string' })
    const [org] = ofType(html, 'Organization')
    assert.equal(org['@context'], 'https://schema.org')
    assert.equal(org.name, 'صحيفة الغد')
    assert.equal(org.logo.width, SHIPPED_LOGO_SIZE.width)
  })

  it('a section page: canonical link and a BreadcrumbList home → parent → section; other listings have none', async () => {
    const html = (await get(`/category/${sectionSlug}`)).body
    assert.match(html, /<link rel="canonical" href="http:\/\/sahifa\.test\/category\/arab-politics"/)
    assert.equal(one(html, 'og:type'), 'website')
    assert.deepEqual(ofType(html, 'BreadcrumbList')[0].itemListElement, [
      { '@type': 'ListItem', position: 1, name: 'الرئيسية', item: `${ORIGIN}/` },
      { '@type': 'ListItem', position: 2, name: 'سياسة', item: `${ORIGIN}/category/politics` },
      { '@type': 'ListItem', position: 3, name: 'سياسة عربية', item: `${ORIGIN}/category/arab-politics` },
    ])
    assert.deepEqual(jsonLdOf((await get('/author/ashraf-kamal')).body), [])
  })

  it('a logo setting becomes the publisher logo (its size unknown, so none is claimed)', async () => {
    await saveSiteSettings(t.deps.db, { logoUrl: '/media/logoKey0001/640.webp' })
    t.deps.events.changed()
    await t.deps.refreshFrame()
    try {
      const [article] = ofType((await get(paths.story)).body, 'NewsArticle')
      assert.deepEqual(article.publisher.logo, { '@type': 'ImageObject', url: `${ORIGIN}/media/logoKey0001/640.webp` })
      await saveSiteSettings(t.deps.db, { logoUrl: 'https://cdn.example/logo.png' })
      t.deps.events.changed()
      await t.deps.refreshFrame()
      const [org] = ofType((await get('/')).body, 'Organization')
      assert.equal(org.logo.url, 'https://cdn.example/logo.png')
    } finally {
      await saveSiteSettings(t.deps.db, { logoUrl: '' })
      t.deps.events.changed()
      await t.deps.refreshFrame()
    }
  })
})
