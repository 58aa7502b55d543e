/**
 * Sitemaps (issue "Distribution"): the index names every non-empty sitemap; article pages hold
 * published stories only, oldest first, 1,000 a page, with lastmod and their featured image; the
 * news sitemap holds the last 48 hours by the app's clock; sections, tags and authors with
 * published stories; robots.txt names the index; ETag/304 and the render cache. Every document
 * is validated with xmllint against sitemaps.org's schemas (../shared/data/xsd/) and, for the
 * news and image elements, the project's own schemas (test/fixtures/xsd/).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { NewArticle } from '../../src/db/schema.js'
import { insertMedia } from '../../src/modules/media/media.repository.js'
import { ARTICLES_PER_SITEMAP, NEWS_WINDOW_MS } from '../../src/modules/sitemaps/sitemaps.service.js'
import { saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const ORIGIN = 'http://sahifa.test'
const root = fileURLToPath(new URL('../..', import.meta.url))
const sharedXsd = join(root, '..', 'shared', 'data', 'xsd')
const ownXsd = join(root, 'test', 'fixtures', 'xsd')

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0
if (!hasXmllint) console.error('\n!!! xmllint is missing (apt-get install libxml2-utils): sitemaps are NOT validated against their XML schemas !!!\n')
const hasSharedXsd = existsSync(join(sharedXsd, 'sitemap.xsd')) && existsSync(join(sharedXsd, 'siteindex.xsd'))
if (!hasSharedXsd) console.error(`\n!!! ${sharedXsd} is missing: sitemaps are NOT validated against the sitemaps.org schemas !!!\n`)

/**
 * Validates a document with `xmllint --nonet --noout --schema`: an index against siteindex.xsd,
 * a urlset against a wrapper importing sitemaps.org's sitemap.xsd and our news and image
 * schemas (the urlset's strict `##other` wildcard needs each extension namespace declared).
 * Returns xmllint's complaint, or undefined when valid (or when xmllint cannot run: said loudly above).
 */
let scratch: string | undefined
function schemaErrors(xml: string): string | undefined {
  if (!hasXmllint || !hasSharedXsd) return undefined
  scratch ??= mkdtempSync(join(tmpdir(), 'sahifa-sitemap-xsd-'))
  const wrapper = join(scratch, 'urlset.xsd')
  if (!existsSync(wrapper)) {
    const imports: Array<[string, string]> = [
      ['http://www.sitemaps.org/schemas/sitemap/0.9', join(sharedXsd, 'sitemap.xsd')],
      ['http://www.google.com/schemas/sitemap-news/0.9', join(ownXsd, 'sitemap-news.xsd')],
      ['http://www.google.com/schemas/sitemap-image/1.1', join(ownXsd, 'sitemap-image.xsd')],
    ]
    writeFileSync(
      wrapper,
      `<?xml version="1.0" encoding="UTF-8"?>\n<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n${imports.map(([ns, file]) => `  <xsd:import namespace="${ns}" schemaLocation="${file}"/>`).join('\n')}\n</xsd:schema>\n`,
    )
  }
  const schema = xml.includes('<sitemapindex') ? join(sharedXsd, 'siteindex.xsd') : wrapper
  const file = join(scratch, `doc-${Math.random().toString(36).slice(2)}.xml`)
  writeFileSync(file, xml)
  const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, file], { encoding: 'utf8' })
  rmSync(file)
  return run.status === 0 ? undefined : run.stderr
}

function assertValid(xml: string, what: string) {
  const errors = schemaErrors(xml)
  assert.equal(errors, undefined, `${what} is not valid against its schema:\n${errors}`)
}

/** The text of each element with this (prefixed) name, entities decoded. */
function textsOf(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
  )
}

/** Each `<url>` element's inside. */
const urlsOf = (xml: string) => [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1]!)

/** A 1600×900 image's stored variants (the sitemap only reads the row). */
const VARIANTS = JSON.stringify(
  [320, 640, 960, 1280, 1600].flatMap((w) => (['webp', 'avif'] as const).map((format) => ({ width: w, height: (w * 9) / 16, format, file: `${w}.${format}`, bytes: 1000 }))),
)

describe('the schema check itself', { skip: !hasXmllint || !hasSharedXsd }, () => {
  it('rejects what it should (so a pass below means something)', () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
    const news = (inner: string) => `${head}<url><loc>http://sahifa.test/news/1/a</loc><news:news>${inner}</news:news></url></urlset>`
    const publication = '<news:publication><news:name>صحيفة</news:name><news:language>ar</news:language></news:publication>'
    assert.equal(schemaErrors(news(`${publication}<news:publication_date>2026-05-11T08:00:00Z</news:publication_date><news:title>عنوان</news:title>`)), undefined)
    assert.match(String(schemaErrors(news(`${publication}<news:publication_date>2026-05-11T08:00:00Z</news:publication_date>`))), /title/, 'a missing title')
    assert.match(String(schemaErrors(news(`${publication}<news:publication_date>yesterday</news:publication_date><news:title>ع</news:title>`))), /publication_date/, 'a bad date')
    assert.ok(schemaErrors(`${head}<url><loc>http://sahifa.test/x</loc><lastmod>today</lastmod></url></urlset>`), 'a bad lastmod')
    const image = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url><loc>http://sahifa.test/x</loc><image:image><image:loc>/media/k/1280.webp</image:loc></image:image></url></urlset>'
    assert.ok(schemaErrors(image), 'a relative image URL')
    // sitemaps.org's schema alone refuses extension elements (its wildcard is strict): why ours exist.
    const plain = spawnSync('xmllint', ['--nonet', '--noout', '--schema', join(sharedXsd, 'sitemap.xsd'), '-'], { input: news(`${publication}<news:publication_date>2026-05-11</news:publication_date><news:title>ع</news:title>`), encoding: 'utf8' })
    assert.match(plain.stderr, /strict wildcard/)
  })
})

describeEachDatabase('sitemaps', (engine) => {
  let t: TestApp
  const ids = {} as Record<'old' | 'pictured' | 'recent' | 'edge' | 'stale' | 'draft' | 'scheduled' | 'unpublished', number>
  const now = () => t.clock.now().getTime()
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers })
  const canonicalOf = async (id: number) => {
    const { slug } = await t.deps.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow()
    return `${ORIGIN}/news/${id}/${encodeURIComponent(slug)}`
  }

  before(async () => {
    t = await buildTestApp(engine)
    await saveSiteSettings(t.deps.db, { name: 'صحيفة الغد & "الأمس"' })
    const writer = await makeUser(t.deps, { name: 'أشرف كمال', slug: 'ashraf-kamal' })
    await makeUser(t.deps, { name: 'لم يكتب بعد', slug: 'no-stories' })
    const drafter = await makeUser(t.deps, { name: 'كاتب المسودات', slug: 'drafts-only' })
    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    const arab = await makeCategory(t.deps, { slug: 'arab-politics', name: 'سياسة عربية', parentId: politics.id })
    await makeCategory(t.deps, { slug: 'empty-section', name: 'قسم فارغ' })
    const hours = (h: number) => new Date(now() - h * 3_600_000)
    const common = { authorIds: [writer.id], categoryIds: [arab.id] }
    ids.old = (await makeArticle(t.deps, { ...common, title: 'خبر قديم', tags: ['المياه'], publishedAt: hours(24 * 30) })).id
    ids.pictured = (await makeArticle(t.deps, { ...common, title: 'خبر مصور', publishedAt: hours(24 * 3) })).id
    ids.stale = (await makeArticle(t.deps, { ...common, title: 'خبر من قبل يومين وساعة', publishedAt: hours(49) })).id
    ids.edge = (await makeArticle(t.deps, { ...common, title: 'خبر من قبل ٤٧ ساعة', publishedAt: hours(47) })).id
    ids.recent = (await makeArticle(t.deps, { ...common, title: 'النفط & "الغاز" <عاجل> </script>', tags: ['الطاقة'], publishedAt: hours(1) })).id
    const hidden = { authorIds: [drafter.id], categoryIds: [(await makeCategory(t.deps, { slug: 'drafts-section' })).id], tags: ['وسم المسودات'] }
    ids.draft = (await makeArticle(t.deps, { ...hidden, title: 'مسودة', status: 'draft' })).id
    ids.scheduled = (await makeArticle(t.deps, { ...hidden, title: 'مجدول', status: 'scheduled', publishedAt: new Date(now() + 3_600_000) })).id
    ids.unpublished = (await makeArticle(t.deps, { ...hidden, title: 'مسحوب', status: 'unpublished', publishedAt: hours(2) })).id
    const mediaId = await insertMedia(t.deps.db, {
      storage_key: 'sitemapKey01',
      original_name: 'photo.jpg',
      mime: 'image/jpeg',
      bytes: 1,
      width: 1600,
      height: 900,
      variants: VARIANTS,
      alt: 'صورة',
      caption: '',
      credit: '',
      uploaded_by: null,
      created_at: t.clock.now().toISOString(),
    })
    await t.deps.db.updateTable('articles').set({ featured_media_id: mediaId, updated_at: hours(2).toISOString() }).where('id', '=', ids.pictured).execute()
    t.deps.events.changed()
    await t.deps.refreshFrame()
  })
  after(async () => {
    await t.close()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
    scratch = undefined
  })

  it('the index lists every non-empty sitemap with absolute URLs, and validates', async () => {
    const res = await get('/sitemap.xml')
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
    assert.ok(res.headers.etag && res.headers['last-modified'])
    assertValid(res.body, '/sitemap.xml')
    assert.deepEqual(textsOf(res.body, 'loc'), ['news', 'categories', 'tags', 'authors'].map((n) => `${ORIGIN}/sitemaps/${n}.xml`).concat(`${ORIGIN}/sitemaps/articles-1.xml`))
    // The news entry's lastmod is its newest story's publication time; an article page's is its
    // stories' newest change (drafts and the like do not count).
    const published = [ids.old, ids.pictured, ids.stale, ids.edge, ids.recent]
    const rows = await t.deps.db.selectFrom('articles').select('updated_at').where('id', 'in', published).execute()
    const newest = rows.map((r) => r.updated_at).sort().at(-1)
    assert.deepEqual(textsOf(res.body, 'lastmod'), [new Date(now() - 3_600_000).toISOString(), newest])
  })

  it('article sitemaps list published stories only, oldest first, with lastmod and the featured image', async () => {
    const res = await get('/sitemaps/articles-1.xml')
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
    assertValid(res.body, 'articles-1.xml')
    const published = [ids.old, ids.pictured, ids.stale, ids.edge, ids.recent]
    assert.deepEqual(textsOf(res.body, 'loc'), await Promise.all(published.map(canonicalOf)))
    for (const id of [ids.draft, ids.scheduled, ids.unpublished]) assert.ok(!res.body.includes(`/news/${id}/`), `article ${id} is not published: not listed`)
    const rows = await t.deps.db.selectFrom('articles').select(['id', 'updated_at']).where('id', 'in', published).execute()
    const updated = new Map(rows.map((r) => [r.id, r.updated_at]))
    assert.deepEqual(textsOf(res.body, 'lastmod'), published.map((id) => new Date(updated.get(id)!).toISOString()))
    // The picture is the file pages print as <img src> (the largest WebP up to 1280 px).
    const urls = urlsOf(res.body)
    assert.deepEqual(textsOf(urls[1]!, 'image:loc'), [`${ORIGIN}/media/sitemapKey01/1280.webp`])
    assert.equal(urls.filter((u) => u.includes('<image:image>')).length, 1, 'only the story with a picture has an image entry')
    assert.match(res.body, /xmlns:image="http:\/\/www\.google\.com\/schemas\/sitemap-image\/1\.1"/)
    assert.doesNotMatch(res.body, /xmlns:(news|video|xhtml)=/, 'no namespace the document does not use')
    // The page's Last-Modified is its newest change.
    assert.equal(res.headers['last-modified'], new Date(Math.floor(Math.max(...[...updated.values()].map((v) => Date.parse(v))) / 1000) * 1000).toUTCString())
  })

  it('answers 404 past the last page and for any other spelling of a page number', async () => {
    for (const url of ['/sitemaps/articles-2.xml', '/sitemaps/articles-0.xml', '/sitemaps/articles-01.xml', '/sitemaps/articles-x.xml', '/sitemaps/articles-.xml', '/sitemaps/articles-1.xml.gz', '/sitemaps/other.xml']) {
      assert.equal((await get(url)).statusCode, 404, url)
    }
  })

  it('the news sitemap holds the stories of the last 48 hours with publication name, language, date and title', async () => {
    const res = await get('/sitemaps/news.xml')
    assert.equal(res.statusCode, 200)
    assertValid(res.body, 'news.xml')
    assert.deepEqual(textsOf(res.body, 'loc'), [await canonicalOf(ids.recent), await canonicalOf(ids.edge)])
    assert.deepEqual(textsOf(res.body, 'news:name'), ['صحيفة الغد & "الأمس"', 'صحيفة الغد & "الأمس"'])
    assert.deepEqual(textsOf(res.body, 'news:language'), ['ar', 'ar'])
    assert.deepEqual(textsOf(res.body, 'news:title'), ['النفط & "الغاز" <عاجل> </script>', 'خبر من قبل ٤٧ ساعة'])
    assert.deepEqual(textsOf(res.body, 'news:publication_date'), [new Date(now() - 3_600_000).toISOString(), new Date(now() - 47 * 3_600_000).toISOString()])
    assert.ok(!res.body.includes('<عاجل>'), 'the title is escaped')
    assert.doesNotMatch(res.body, /xmlns:image=/)
  })

  it('the news window moves with the clock (no content change needed), down to an empty sitemap the index leaves out', async () => {
    try {
      t.clock.advance(2 * 3_600_000)
      assert.deepEqual(textsOf((await get('/sitemaps/news.xml')).body, 'loc'), [await canonicalOf(ids.recent)], 'two hours later the 47-hour story is out')
      t.clock.advance(NEWS_WINDOW_MS)
      const empty = await get('/sitemaps/news.xml')
      assert.equal(empty.statusCode, 200)
      assert.equal(urlsOf(empty.body).length, 0)
      assert.match(empty.body, /^<\?xml version="1\.0" encoding="UTF-8"\?><urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9"><\/urlset>$/)
      const index = await get('/sitemap.xml')
      assert.ok(!index.body.includes('/sitemaps/news.xml'), 'an empty news sitemap is not listed')
      assertValid(index.body, 'the index without news')
    } finally {
      t.clock.set(new Date(now() - 2 * 3_600_000 - NEWS_WINDOW_MS))
    }
  })

  it('sections (with stories in them or a sub-section), tags and authors with published stories', async () => {
    const sections = await get('/sitemaps/categories.xml')
    assertValid(sections.body, 'categories.xml')
    assert.deepEqual(textsOf(sections.body, 'loc'), [`${ORIGIN}/category/politics`, `${ORIGIN}/category/arab-politics`])
    const tags = await get('/sitemaps/tags.xml')
    assertValid(tags.body, 'tags.xml')
    assert.deepEqual(textsOf(tags.body, 'loc'), ['المياه', 'الطاقة'].map((tag) => `${ORIGIN}/tag/${encodeURIComponent(tag)}`))
    const authors = await get('/sitemaps/authors.xml')
    assertValid(authors.body, 'authors.xml')
    assert.deepEqual(textsOf(authors.body, 'loc'), [`${ORIGIN}/author/ashraf-kamal`])
  })

  it('robots.txt names the index with an absolute URL', async () => {
    const res = await get('/robots.txt')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /^Sitemap: http:\/\/sahifa\.test\/sitemap\.xml$/m)
    assert.match(res.body, /^Disallow: \/newsroom$/m)
  })

  it('answers 304 to a current ETag, keeps article pages in the render cache and drops them on a change', async () => {
    for (const url of ['/sitemap.xml', '/sitemaps/articles-1.xml', '/sitemaps/news.xml', '/sitemaps/tags.xml']) {
      const first = await get(url)
      const again = await get(url, { 'if-none-match': String(first.headers.etag) })
      assert.equal(again.statusCode, 304, url)
      assert.equal(again.body, '')
    }
    assert.equal((await get('/sitemaps/articles-1.xml', { 'accept-encoding': 'gzip' })).headers['content-encoding'], 'gzip')
    const cached = (url: string) => t.app.renderCache.get(`${ORIGIN}${url}`) !== undefined
    assert.ok(cached('/sitemaps/articles-1.xml') && cached('/sitemaps/tags.xml') && cached('/sitemaps/categories.xml'))
    assert.ok(!cached('/sitemap.xml') && !cached('/sitemaps/news.xml'), 'the index and the news sitemap follow the clock: never kept')
    const before = (await get('/sitemaps/articles-1.xml')).body
    await t.deps.db.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', ids.old).execute()
    assert.equal((await get('/sitemaps/articles-1.xml')).body, before, 'served from the cache until content changes')
    t.deps.events.changed()
    const after = (await get('/sitemaps/articles-1.xml')).body
    assert.ok(!after.includes(`/news/${ids.old}/`), 'a story taken down leaves the sitemap after the change event')
    await t.deps.db.updateTable('articles').set({ status: 'published' }).where('id', '=', ids.old).execute()
    t.deps.events.changed()
  })

  it('takes the origin from the request when no public URL is configured', async () => {
    const local = await buildTestApp(engine, { env: { SAHIFA_PUBLIC_URL: undefined as unknown as string } })
    try {
      await makeArticle(local.deps, { title: 'خبر محلي' })
      const headers = { host: 'sitemap-host.example:8080' }
      assert.match((await local.app.inject({ url: '/robots.txt', headers })).body, /^Sitemap: http:\/\/sitemap-host\.example:8080\/sitemap\.xml$/m)
      assert.deepEqual(textsOf((await local.app.inject({ url: '/sitemap.xml', headers })).body, 'loc'), [`http://sitemap-host.example:8080/sitemaps/news.xml`, `http://sitemap-host.example:8080/sitemaps/articles-1.xml`])
      assert.match((await local.app.inject({ url: '/sitemaps/articles-1.xml', headers })).body, /<loc>http:\/\/sitemap-host\.example:8080\/news\/1\//)
    } finally {
      await local.close()
    }
  })
})

describeEachDatabase('article sitemap pages', (engine) => {
  let t: TestApp
  const get = (url: string) => t.app.inject({ url })
  before(async () => {
    t = await buildTestApp(engine)
  })
  after(() => t.close())

  /** Inserts `count` published articles at once (one multi-row insert per 250), oldest first after `from`. */
  async function insertPublished(count: number, from: number) {
    for (let start = 0; start < count; start += 250) {
      const rows: NewArticle[] = []
      for (let i = start; i < Math.min(count, start + 250); i++) {
        const at = new Date(Date.parse('2025-01-01T00:00:00Z') + (from + i) * 60_000).toISOString()
        rows.push({ slug: `story-${from + i}`, title: `خبر ${from + i}`, excerpt: '', body_html: '<p>نص</p>', body_text: 'نص', status: 'published', byline: '', source_line: '', dateline: '', comment_status: 'open', is_breaking: 0, is_lead: 0, seo_title: '', seo_description: '', published_at: at, created_at: at, updated_at: at, version: 1 })
      }
      await t.deps.db.insertInto('articles').values(rows).execute()
    }
    t.deps.events.changed()
  }

  it(`splits at ${ARTICLES_PER_SITEMAP} stories a page: exactly full, then one more on a second page`, async () => {
    await insertPublished(ARTICLES_PER_SITEMAP, 0)
    let index = await get('/sitemap.xml')
    assert.deepEqual(textsOf(index.body, 'loc'), [`${ORIGIN}/sitemaps/articles-1.xml`])
    const full = await get('/sitemaps/articles-1.xml')
    assert.equal(urlsOf(full.body).length, ARTICLES_PER_SITEMAP)
    assertValid(full.body, 'a full page')
    assert.equal(textsOf(full.body, 'loc')[0], `${ORIGIN}/news/1/story-0`)
    assert.equal((await get('/sitemaps/articles-2.xml')).statusCode, 404)

    await insertPublished(1, ARTICLES_PER_SITEMAP)
    index = await get('/sitemap.xml')
    assertValid(index.body, 'the index of two pages')
    assert.deepEqual(textsOf(index.body, 'loc'), [1, 2].map((n) => `${ORIGIN}/sitemaps/articles-${n}.xml`))
    // Each page's lastmod is its own newest story: the last of page 1, the only one of page 2.
    const minute = (i: number) => new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000).toISOString()
    assert.deepEqual(textsOf(index.body, 'lastmod'), [minute(ARTICLES_PER_SITEMAP - 1), minute(ARTICLES_PER_SITEMAP)])
    const first = await get('/sitemaps/articles-1.xml')
    assert.equal(first.body, full.body, 'page 1 does not move when news is published: the newest story goes on the last page')
    const second = await get('/sitemaps/articles-2.xml')
    assertValid(second.body, 'the second page')
    assert.deepEqual(textsOf(second.body, 'loc'), [`${ORIGIN}/news/${ARTICLES_PER_SITEMAP + 1}/story-${ARTICLES_PER_SITEMAP}`])
    assert.equal((await get('/sitemaps/articles-3.xml')).statusCode, 404)
    // Editing an old story moves only its page's lastmod.
    await t.deps.db.updateTable('articles').set({ updated_at: minute(5000) }).where('slug', '=', 'story-3').execute()
    t.deps.events.changed()
    index = await get('/sitemap.xml')
    assert.deepEqual(textsOf(index.body, 'lastmod'), [minute(5000), minute(ARTICLES_PER_SITEMAP)])
  })

  it('an empty site: an empty sitemapindex, and page 1 exists but is empty', async () => {
    const empty = await buildTestApp(engine)
    try {
      const index = await empty.app.inject({ url: '/sitemap.xml' })
      assert.equal(index.statusCode, 200)
      assert.match(index.body, /<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9"><\/sitemapindex>$/)
      const page = await empty.app.inject({ url: '/sitemaps/articles-1.xml' })
      assert.equal(page.statusCode, 200)
      assert.equal(urlsOf(page.body).length, 0)
      assert.equal(urlsOf((await empty.app.inject({ url: '/sitemaps/tags.xml' })).body).length, 0)
    } finally {
      await empty.close()
    }
  })
})
