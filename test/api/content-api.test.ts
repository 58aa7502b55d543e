/**
 * The content API (/api/v1) on SQLite and PostgreSQL: what it shows (published content only,
 * never an email), its filters and pages, caching validators, keys, the private mode, rate
 * limits, CORS, the OpenAPI document (every route in it, every documented path answering with
 * a body the document describes), and hostile input in every parameter (never a 500).
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { ConfigError, loadConfig } from '../../src/config.js'
import { insertComment } from '../../src/modules/comments/comments.repository.js'
import { createApiKey, hashApiKey, revokeApiKey } from '../../src/modules/api/api-keys.service.js'
import { insertCorrection } from '../../src/modules/articles/editorial.repository.js'
import { insertMedia } from '../../src/modules/media/media.repository.js'
import { saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { hostileQueries } from '../support/search-payloads.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const ORIGIN = 'http://sahifa.test'
const DAY = 86_400_000

type Json = any

/** A media row with WebP and AVIF variants (the files themselves are not needed). */
async function makeImage(t: TestApp, key: string, alt: string) {
  const variants = [320, 640, 1280].flatMap((width) => (['webp', 'avif'] as const).map((format) => ({ width, height: Math.round(width * 0.6), format, file: `${width}.${format}`, bytes: width * 10 })))
  return insertMedia(t.deps.db, {
    storage_key: key,
    original_name: `${key}.jpg`,
    mime: 'image/jpeg',
    bytes: 1000,
    width: 1280,
    height: 768,
    variants: JSON.stringify(variants),
    alt,
    caption: 'تعليق الصورة',
    credit: 'المصور',
    uploaded_by: null,
    created_at: t.clock.now().toISOString(),
  })
}

describeEachDatabase('content API', (engine) => {
  let t: TestApp
  const ids = {} as Record<'writer' | 'second' | 'drafter' | 'moderator' | 'politics' | 'economy' | 'sports' | 'a1' | 'a2' | 'a3' | 'a4' | 'a5' | 'draft' | 'scheduled' | 'trashed', number>
  const emails: string[] = []
  let featuredMediaId = 0
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers })
  const json = async (url: string, headers: Record<string, string> = {}): Promise<Json> => {
    const res = await get(url, headers)
    assert.equal(res.statusCode, 200, `${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
    assert.match(String(res.headers['content-type']), /^application\/json/)
    return res.json()
  }

  before(async () => {
    t = await buildTestApp(engine, { env: { SAHIFA_API_RATE_LIMIT: '1000000', SAHIFA_API_KEY_RATE_LIMIT: '1000000' } })
    const writer = await makeUser(t.deps, { name: 'أشرف كمال', slug: 'ashraf', bio: 'مراسل الخليج أونلاين.', email: 'ashraf.private@example.com' })
    const second = await makeUser(t.deps, { name: 'سلمى', slug: 'salma', email: 'salma.private@example.com' })
    const draftOnly = await makeUser(t.deps, { name: 'كاتب المسودات', slug: 'drafter', role: 'editor', email: 'drafter.private@example.com' })
    const moderator = await makeUser(t.deps, { name: 'المشرف', slug: 'moderator', role: 'moderator', email: 'mod.private@example.com' })
    emails.push('ashraf.private@example.com', 'salma.private@example.com', 'drafter.private@example.com', 'mod.private@example.com', 'reader.private@example.com')
    Object.assign(ids, { writer: writer.id, second: second.id, drafter: draftOnly.id, moderator: moderator.id })
    const photo = await makeImage(t, 'authorPhoto01', 'صورة الكاتب')
    await t.deps.db.updateTable('users').set({ photo_media_id: photo }).where('id', '=', writer.id).execute()

    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة', description: 'أخبار السياسة' })
    const economy = await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد', parentId: politics.id })
    const sports = await makeCategory(t.deps, { slug: 'sports', name: 'رياضة' })
    Object.assign(ids, { politics: politics.id, economy: economy.id, sports: sports.id })
    await t.deps.refreshFrame()

    const at = (day: number, hour = 8) => new Date(Date.UTC(2026, 4, day, hour))
    ids.a1 = (await makeArticle(t.deps, { title: 'القمة الخليجية', authorIds: [writer.id], categoryIds: [politics.id], tags: ['الخليج', 'قمة'], publishedAt: at(1) })).id
    ids.a2 = (await makeArticle(t.deps, { title: 'أسعار النفط', authorIds: [writer.id, second.id], categoryIds: [economy.id], tags: ['النفط', 'الخليج'], publishedAt: at(3) })).id
    ids.a3 = (await makeArticle(t.deps, { title: 'نهائي الكأس', authorIds: [second.id], categoryIds: [sports.id], tags: ['كرة القدم'], publishedAt: at(5) })).id
    ids.a4 = (await makeArticle(t.deps, {
      title: 'الخبر الكامل',
      authorIds: [writer.id],
      categoryIds: [economy.id, politics.id],
      tags: ['الخليج'],
      publishedAt: at(7),
      byline: 'أشرف كمال – الخليج أونلاين',
      dateline: 'الرياض',
      bodyHtml: '<p>فقرة مع <a href="/news/1/x">رابط داخلي</a> و<a href="https://example.org/">رابط خارجي</a>.</p><figure><img src="/media/bodyImage01/640.webp" alt="صورة"></figure><script>alert(1)</script>',
    })).id
    ids.a5 = (await makeArticle(t.deps, { title: 'خبر قديم', authorIds: [second.id], categoryIds: [politics.id], publishedAt: at(9, 23) })).id
    // Not published: never shown, nor their tags or their only writer.
    ids.draft = (await makeArticle(t.deps, { title: 'مسودة سرية', status: 'draft', authorIds: [draftOnly.id], categoryIds: [politics.id], tags: ['وسم المسودة'] })).id
    ids.scheduled = (await makeArticle(t.deps, { title: 'خبر مجدول', status: 'scheduled', publishedAt: new Date(t.clock.now().getTime() + DAY), authorIds: [draftOnly.id], tags: ['وسم مجدول'] })).id
    ids.trashed = (await makeArticle(t.deps, { title: 'خبر محذوف', status: 'trashed', authorIds: [draftOnly.id] })).id

    featuredMediaId = await makeImage(t, 'featured0001', 'صورة الخبر')
    await t.deps.db.updateTable('articles').set({ featured_media_id: featuredMediaId }).where('id', '=', ids.a4).execute()
    await insertCorrection(t.deps.db, { articleId: ids.a4, kind: 'correction', note: 'صُحّح اسم المدينة.', userId: writer.id }, new Date(t.clock.now().getTime() + 60_000))
    const now = t.clock.now().toISOString()
    await insertComment(t.deps.db, {
      article_id: ids.a4, parent_id: null, depth: 0, author_name: 'قارئ', author_email: 'reader.private@example.com', author_url: '', body: 'تعليق.', status: 'approved',
      user_id: null, ip_hash: null, user_agent: '', hold_reason: '', created_at: now, updated_at: now,
    })
    t.deps.events.changed()
    await t.deps.refreshFrame()
  })
  after(() => t.close())

  /** Every GET path of the API with real values (for the document and caching checks). */
  const samplePaths = () => [
    '/api/v1',
    '/api/v1/articles',
    `/api/v1/articles/${ids.a4}`,
    '/api/v1/categories',
    '/api/v1/categories/politics',
    '/api/v1/tags',
    `/api/v1/tags/${encodeURIComponent('الخليج')}`,
    '/api/v1/authors',
    '/api/v1/authors/ashraf',
  ]

  it('lists published stories only, newest first, with pages and links', async () => {
    const body = await json('/api/v1/articles')
    assert.deepEqual(body.items.map((a: Json) => a.id), [ids.a5, ids.a4, ids.a3, ids.a2, ids.a1])
    assert.equal(body.total, 5)
    assert.deepEqual([body.page, body.per_page], [1, 20])
    assert.deepEqual(body.links, { self: `${ORIGIN}/api/v1/articles`, first: `${ORIGIN}/api/v1/articles`, last: `${ORIGIN}/api/v1/articles`, prev: null, next: null })

    const page2 = await json('/api/v1/articles?per_page=2&page=2')
    assert.deepEqual(page2.items.map((a: Json) => a.id), [ids.a3, ids.a2])
    assert.equal(page2.links.self, `${ORIGIN}/api/v1/articles?per_page=2&page=2`)
    assert.equal(page2.links.prev, `${ORIGIN}/api/v1/articles?per_page=2`)
    assert.equal(page2.links.next, `${ORIGIN}/api/v1/articles?per_page=2&page=3`)
    assert.equal(page2.links.last, `${ORIGIN}/api/v1/articles?per_page=2&page=3`)
    const beyond = await json('/api/v1/articles?per_page=2&page=9')
    assert.deepEqual(beyond.items, [])
    assert.equal(beyond.links.prev, `${ORIGIN}/api/v1/articles?per_page=2&page=3`)

    const summary = body.items.find((a: Json) => a.id === ids.a4)
    assert.deepEqual(Object.keys(summary).sort(), ['category', 'comment_count', 'excerpt', 'featured_image', 'id', 'is_breaking', 'published_at', 'slug', 'title', 'updated_at', 'url'])
    assert.equal(summary.category.slug, 'economy')
    assert.equal(summary.url, `${ORIGIN}/news/${ids.a4}/${encodeURIComponent(summary.slug)}`)
    assert.equal(summary.featured_image.id, featuredMediaId)
    assert.equal(summary.comment_count, 1)
  })

  it('filters by section (with sub-sections), tag, writer and dates, together; sorts', async () => {
    const idsOf = async (query: string) => (await json(`/api/v1/articles?${query}`)).items.map((a: Json) => a.id)
    assert.deepEqual(await idsOf('category=politics'), [ids.a5, ids.a4, ids.a2, ids.a1])
    assert.deepEqual(await idsOf('category=economy'), [ids.a4, ids.a2])
    assert.deepEqual(await idsOf(`tag=${encodeURIComponent('الخليج')}`), [ids.a4, ids.a2, ids.a1])
    assert.deepEqual(await idsOf('author=salma'), [ids.a5, ids.a3, ids.a2])
    assert.deepEqual(await idsOf(`author=ashraf&tag=${encodeURIComponent('الخليج')}&category=economy`), [ids.a4, ids.a2])
    // Days are the site's (Africa/Cairo, UTC+3 in May): 9 May 23:00 UTC is already 10 May there.
    assert.deepEqual(await idsOf('from=2026-05-03&to=2026-05-09'), [ids.a4, ids.a3, ids.a2])
    assert.deepEqual(await idsOf('from=2026-05-10'), [ids.a5])
    assert.deepEqual(await idsOf('from=2026-05-03T08:00:00Z&to=2026-05-05T08:00:00Z'), [ids.a2])
    assert.deepEqual(await idsOf('from=2026-05-03T11:00:00%2B03:00&to=2026-05-05T08:00:00Z'), [ids.a2])
    assert.deepEqual(await idsOf('sort=oldest&per_page=2'), [ids.a1, ids.a2])
    // A slug that names nothing (or only a draft's tag) matches nothing.
    for (const q of ['category=nope', 'tag=nope', 'author=nope', `tag=${encodeURIComponent('وسم المسودة')}`, 'author=drafter', 'author=moderator']) {
      const body = await json(`/api/v1/articles?${q}`)
      assert.deepEqual([body.items, body.total], [[], 0], q)
    }
    // The filters travel with the page links.
    const linked = await json(`/api/v1/articles?category=politics&per_page=1&sort=oldest&tag=${encodeURIComponent('الخليج')}`)
    assert.equal(linked.links.next, `${ORIGIN}/api/v1/articles?category=politics&per_page=1&sort=oldest&tag=${encodeURIComponent('الخليج')}&page=2`)
    assert.equal(linked.links.self, `${ORIGIN}/api/v1/articles?category=politics&per_page=1&sort=oldest&tag=${encodeURIComponent('الخليج')}`)
    // An updated story comes first in sort=updated.
    await t.deps.db.updateTable('articles').set({ updated_at: new Date(t.clock.now().getTime() + 5000).toISOString() }).where('id', '=', ids.a1).execute()
    assert.equal((await idsOf('sort=updated'))[0], ids.a1)
  })

  it('refuses bad parameters with a 400 naming them, in Arabic and English', async () => {
    for (const [query, param] of [['page=0', 'page'], ['page=abc', 'page'], ['per_page=101', 'per_page'], ['per_page=-1', 'per_page'], ['sort=random', 'sort'], ['from=2026-13-01', 'from'], ['to=yesterday', 'to'], ['page=1.5', 'page']]) {
      const res = await get(`/api/v1/articles?${query}`)
      assert.equal(res.statusCode, 400, query)
      const { error } = res.json()
      assert.equal(error.code, 'BAD_PARAMETER')
      assert.ok(error.message_ar.includes(`«${param}»`), `${query}: ${error.message_ar}`)
      assert.ok(error.message_en.includes(`“${param}”`), error.message_en)
      assert.equal(res.headers['cache-control'], 'no-store')
    }
    const range = await get('/api/v1/articles?from=2026-05-09&to=2026-05-01')
    assert.equal(range.statusCode, 400)
    assert.equal(range.json().error.code, 'BAD_RANGE')
    const en = await get('/api/v1/articles?page=0', { 'accept-language': 'en' })
    assert.equal(en.json().error.message, en.json().error.message_en)
  })

  it('gives one story in full: sanitized body with absolute URLs, image variants, writers, sections, tags, corrections', async () => {
    const a = await json(`/api/v1/articles/${ids.a4}`)
    assert.equal(a.title, 'الخبر الكامل')
    assert.equal(a.byline, 'أشرف كمال – الخليج أونلاين')
    assert.equal(a.dateline, 'الرياض')
    assert.ok(!a.body_html.includes('<script'), 'the body is sanitized')
    assert.ok(a.body_html.includes(`href="${ORIGIN}/news/1/x"`), a.body_html)
    assert.ok(a.body_html.includes('href="https://example.org/"'))
    assert.ok(a.body_html.includes(`src="${ORIGIN}/media/bodyImage01/640.webp"`), a.body_html)
    assert.deepEqual(a.authors, [{ id: ids.writer, slug: 'ashraf', name: 'أشرف كمال', url: `${ORIGIN}/author/ashraf` }])
    assert.deepEqual(a.categories.map((c: Json) => c.slug), ['economy', 'politics'])
    assert.equal(a.category.slug, 'economy')
    assert.deepEqual(a.tags.map((x: Json) => x.name), ['الخليج'])
    assert.deepEqual(a.corrections, [{ kind: 'correction', note: 'صُحّح اسم المدينة.', created_at: new Date(t.clock.now().getTime() + 60_000).toISOString() }])
    const image = a.featured_image
    assert.equal(image.url, `${ORIGIN}/media/featured0001/1280.webp`)
    assert.equal(image.srcset.webp, `${ORIGIN}/media/featured0001/320.webp 320w, ${ORIGIN}/media/featured0001/640.webp 640w, ${ORIGIN}/media/featured0001/1280.webp 1280w`)
    assert.ok(image.srcset.avif.startsWith(`${ORIGIN}/media/featured0001/320.avif 320w`))
    assert.equal(image.variants.length, 6)
    assert.deepEqual(image.variants[0], { url: `${ORIGIN}/media/featured0001/320.avif`, width: 320, height: 192, format: 'avif', bytes: 3200 })
    assert.equal(image.alt, 'صورة الخبر')
    // Last-Modified: the latest of the story's change and its corrections.
    const res = await get(`/api/v1/articles/${ids.a4}`)
    assert.equal(res.headers['last-modified'], new Date(t.clock.now().getTime() + 60_000).toUTCString())
  })

  it('answers 404 for stories that are not published, and for unknown ids', async () => {
    for (const id of [ids.draft, ids.scheduled, ids.trashed, 999_999, 99_999_999_999]) {
      const res = await get(`/api/v1/articles/${id}`)
      assert.equal(res.statusCode, id > 2 ** 31 ? 400 : 404, String(id))
      assert.match(String(res.headers['content-type']), /^application\/json/)
    }
    assert.equal((await get(`/api/v1/articles/${ids.draft}`)).json().error.code, 'ARTICLE_NOT_FOUND')
    assert.equal((await get('/api/v1/articles/abc')).statusCode, 400)
    assert.equal((await get('/api/v1/nothing-here')).statusCode, 404)
    assert.match(String((await get('/api/v1/nothing-here')).headers['content-type']), /^application\/json/)
  })

  it('gives the sections as a tree, and one section with its sub-sections', async () => {
    const tree = await json('/api/v1/categories')
    const politics = tree.items.find((c: Json) => c.slug === 'politics')
    assert.deepEqual(tree.items.map((c: Json) => c.slug).sort(), ['politics', 'sports'])
    assert.deepEqual(politics.children.map((c: Json) => c.slug), ['economy'])
    assert.equal(politics.children[0].parent_id, ids.politics)
    assert.equal(politics.description, 'أخبار السياسة')
    assert.equal(politics.url, `${ORIGIN}/category/politics`)
    const one = await json('/api/v1/categories/economy')
    assert.deepEqual([one.id, one.parent_id, one.children], [ids.economy, ids.politics, []])
    assert.equal((await get('/api/v1/categories/nope')).statusCode, 404)
  })

  it('lists only the tags of published stories, with counts, in pages', async () => {
    const body = await json('/api/v1/tags')
    const names = body.items.map((x: Json) => x.name)
    assert.deepEqual([...names].sort(), ['الخليج', 'النفط', 'قمة', 'كرة القدم'].sort())
    assert.ok(!names.includes('وسم المسودة') && !names.includes('وسم مجدول'), 'tags of unpublished stories stay private')
    assert.equal(body.total, 4)
    const top = await json('/api/v1/tags?sort=count&per_page=1')
    assert.deepEqual([top.items[0].name, top.items[0].article_count, top.total], ['الخليج', 3, 4])
    assert.ok(top.links.next.endsWith('/api/v1/tags?sort=count&per_page=1&page=2'))
    const one = await json(`/api/v1/tags/${encodeURIComponent('النفط')}`)
    assert.deepEqual([one.name, one.article_count, one.url], ['النفط', 1, `${ORIGIN}/tag/${encodeURIComponent(one.slug)}`])
    const draftTag = await t.deps.db.selectFrom('tags').select('slug').where('name', '=', 'وسم المسودة').executeTakeFirstOrThrow()
    assert.equal((await get(`/api/v1/tags/${encodeURIComponent(draftTag.slug)}`)).statusCode, 404)
  })

  it('lists the writers of published stories with name, slug, bio and photo — never an email', async () => {
    const body = await json('/api/v1/authors')
    assert.deepEqual(body.items.map((a: Json) => a.slug).sort(), ['ashraf', 'salma'])
    const ashraf = body.items.find((a: Json) => a.slug === 'ashraf')
    assert.deepEqual(Object.keys(ashraf).sort(), ['article_count', 'bio', 'id', 'name', 'photo', 'slug', 'url'])
    assert.deepEqual([ashraf.name, ashraf.bio, ashraf.article_count], ['أشرف كمال', 'مراسل الخليج أونلاين.', 3])
    assert.equal(ashraf.photo.url, `${ORIGIN}/media/authorPhoto01/1280.webp`)
    assert.equal((await json('/api/v1/authors/salma')).photo, null)
    for (const slug of ['drafter', 'moderator', 'nope']) assert.equal((await get(`/api/v1/authors/${slug}`)).statusCode, 404, slug)

    // No email of staff or readers anywhere in the API, in any response.
    for (const url of [...samplePaths(), '/api/v1/openapi.json', '/api/v1/authors?per_page=1&page=2', `/api/v1/articles?author=ashraf`]) {
      const res = await get(url)
      for (const email of emails) assert.ok(!res.body.toLowerCase().includes(email.split('@')[0]!), `${url} leaks ${email}`)
      if (url !== '/api/v1/openapi.json') assert.ok(!res.body.includes('@'), `${url} has an @`)
    }
  })

  it('answers every GET with an ETag, public caching, and 304 when the client\'s copy is current', async () => {
    for (const url of samplePaths()) {
      const first = await get(url)
      assert.equal(first.statusCode, 200, url)
      const etag = String(first.headers.etag)
      assert.match(etag, /^"[\w-]{20,}"$/, url)
      assert.equal(first.headers['cache-control'], 'public, max-age=60', url)
      const again = await get(url, { 'if-none-match': etag })
      assert.equal(again.statusCode, 304, url)
      assert.equal(again.body, '')
      assert.equal(again.headers.etag, etag)
      assert.equal(again.headers['content-type'], undefined)
      assert.equal((await get(url, { 'if-none-match': `W/${etag}, "other"` })).statusCode, 304, 'weak comparison, lists')
      assert.equal((await get(url, { 'if-none-match': '"stale"' })).statusCode, 200)
      const head = await t.app.inject({ method: 'HEAD', url })
      assert.equal(head.statusCode, 200)
      assert.equal(head.headers.etag, etag, `${url}: HEAD has the GET's ETag`)
    }
    // A change gives a new tag; If-Modified-Since works where Last-Modified is given.
    const url = `/api/v1/articles/${ids.a3}`
    const before = await get(url)
    assert.equal((await get(url, { 'if-modified-since': String(before.headers['last-modified']) })).statusCode, 304)
    await t.deps.db.updateTable('articles').set({ title: 'نهائي الكأس (محدث)', updated_at: new Date(t.clock.now().getTime() + 3 * DAY).toISOString() }).where('id', '=', ids.a3).execute()
    const after = await get(url, { 'if-none-match': String(before.headers.etag) })
    assert.equal(after.statusCode, 200)
    assert.notEqual(after.headers.etag, before.headers.etag)
    assert.equal((await get(url, { 'if-modified-since': String(before.headers['last-modified']) })).statusCode, 200)
    // Errors are never cached.
    assert.equal((await get('/api/v1/articles/999999')).headers['cache-control'], 'no-store')
  })

  it('accepts read-only keys (Bearer or X-Api-Key), refuses bad and revoked ones with 401', async () => {
    const made = await createApiKey(t.deps.db, { name: 'تطبيق الجوال' }, ids.writer, t.clock.now())
    const row = await t.deps.db.selectFrom('api_keys').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow()
    assert.equal(row.key_hash, hashApiKey(made.key))
    assert.ok(!JSON.stringify(row).includes(made.key), 'the key itself is not stored')
    assert.equal(row.last_used_at, null)

    const bearer = await get('/api/v1/articles', { authorization: `Bearer ${made.key}` })
    assert.equal(bearer.statusCode, 200)
    assert.equal(bearer.headers['cache-control'], 'private, max-age=60')
    assert.equal((await get('/api/v1/articles', { 'x-api-key': made.key })).statusCode, 200)
    const used = await t.deps.db.selectFrom('api_keys').select('last_used_at').where('id', '=', made.id).executeTakeFirstOrThrow()
    assert.equal(used.last_used_at, t.clock.now().toISOString())

    for (const headers of [{ authorization: 'Bearer nope' }, { 'x-api-key': `${made.key.slice(0, -1)}${made.key.endsWith('x') ? 'y' : 'x'}` }, { 'x-api-key': '' }, { authorization: 'Bearer ' }] as Array<Record<string, string>>) {
      const res = await get('/api/v1/articles', headers)
      assert.equal(res.statusCode, 401, JSON.stringify(headers))
      assert.equal(res.json().error.code, 'API_KEY_INVALID')
      assert.match(String(res.headers['www-authenticate']), /^Bearer realm="sahifa-api", error="invalid_token"$/)
    }
    // Another scheme is not ours (a proxy's Basic auth): ignored.
    assert.equal((await get('/api/v1/articles', { authorization: 'Basic dXNlcjpwYXNz' })).statusCode, 200)

    await revokeApiKey(t.deps.db, made.id, ids.writer, t.clock.now())
    const revoked = await get('/api/v1/articles', { authorization: `Bearer ${made.key}` })
    assert.equal(revoked.statusCode, 401)
    assert.equal(revoked.json().error.code, 'API_KEY_INVALID')
  })

  it('while the API is private, answers only requests with a key (its description stays open)', async () => {
    const made = await createApiKey(t.deps.db, { name: 'شريك' }, ids.writer, t.clock.now())
    await saveSiteSettings(t.deps.db, { apiPublic: false })
    await t.deps.refreshFrame()
    try {
      for (const url of samplePaths().filter((u) => u !== '/api/v1')) {
        const res = await get(url)
        assert.equal(res.statusCode, 401, url)
        assert.equal(res.json().error.code, 'API_KEY_REQUIRED')
        assert.equal(res.headers['www-authenticate'], 'Bearer realm="sahifa-api"')
        const keyed = await get(url, { 'x-api-key': made.key })
        assert.equal(keyed.statusCode, 200, url)
        assert.equal(keyed.headers['cache-control'], 'private, max-age=60')
      }
      assert.equal((await get('/api/v1/openapi.json')).statusCode, 200)
      assert.equal((await get('/api/v1')).statusCode, 200)
    } finally {
      await saveSiteSettings(t.deps.db, { apiPublic: true })
      await t.deps.refreshFrame()
    }
  })

  it('documents every route in an OpenAPI 3.1 document, and every documented path answers as documented', async () => {
    const doc = await json('/api/v1/openapi.json')
    assert.equal(doc.openapi, '3.1.0')
    assert.equal(doc.info.title, 'Sahifa content API')
    assert.ok(doc.info.version)
    assert.deepEqual(doc.servers, [{ url: ORIGIN }])
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['apiKeyHeader', 'bearerKey'])
    assert.equal(doc.components.securitySchemes.bearerKey.scheme, 'bearer')

    // Every GET route the app has under /api/v1 is in the document (the document itself aside).
    const routes = (await t.app.lazyApp())
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .map((line) => /(\/api\/v1\S*) \(([^)]+)\)/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && m[2]!.includes('GET'))
      .map((m) => m[1]!.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '') || '/api/v1')
    const documented = Object.keys(doc.paths)
    for (const route of routes.filter((r) => r !== '/api/v1/openapi.json')) assert.ok(documented.includes(route), `${route} is documented`)
    assert.ok(documented.length >= 9, documented.join(' '))

    // Every documented operation: a summary, responses with descriptions; parameters described.
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })
    ajv.addSchema({ ...doc, $id: 'openapi.json' })
    const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')
    const sample: Record<string, string> = { id: String(ids.a4), slug: 'politics' }
    const sampleFor: Record<string, Record<string, string>> = { '/api/v1/tags/{slug}': { slug: encodeURIComponent('الخليج') }, '/api/v1/authors/{slug}': { slug: 'ashraf' } }
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      const op = item.get
      assert.ok(op, `${path} has GET`)
      assert.ok(op.summary, `${path} has a summary`)
      for (const [status, response] of Object.entries<Json>(op.responses)) assert.ok(response.description, `${path} ${status} has a description`)
      for (const p of op.parameters ?? []) assert.ok(p.in === 'path' || p.description, `${path} ${p.name} is described`)
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => sampleFor[path]?.[name] ?? sample[name]!)
        + (path === '/api/v1/search' ? `?q=${encodeURIComponent('الخليج')}` : '')
      const res = await get(url)
      assert.equal(res.statusCode, 200, `${url} answers`)
      const validate = ajv.getSchema(`openapi.json#/${pointer('paths', path, 'get', 'responses', '200', 'content', 'application/json', 'schema')}`)
      assert.ok(validate, `${path}: 200 schema`)
      assert.ok(validate(res.json()), `${url} matches its documented schema: ${JSON.stringify(validate.errors)}`)
    }
    // Error bodies match the documented error schema too.
    const notFound = await get('/api/v1/articles/999999')
    const validateError = ajv.getSchema(`openapi.json#/${pointer('paths', '/api/v1/articles/{id}', 'get', 'responses', '404', 'content', 'application/json', 'schema')}`)!
    assert.ok(validateError(notFound.json()), JSON.stringify(validateError.errors))
    const paged = await json('/api/v1/articles?per_page=1&page=2')
    const validateList = ajv.getSchema(`openapi.json#/${pointer('paths', '/api/v1/articles', 'get', 'responses', '200', 'content', 'application/json', 'schema')}`)!
    assert.ok(validateList(paged), JSON.stringify(validateList.errors))
  })

  it('never answers a 500 to hostile text in any parameter', async () => {
    const payloads = hostileQueries()
    const lists: Record<string, string[]> = {
      '/api/v1/articles': ['page', 'per_page', 'category', 'tag', 'author', 'from', 'to', 'sort'],
      '/api/v1/tags': ['page', 'per_page', 'sort'],
      '/api/v1/authors': ['page', 'per_page'],
    }
    const urls: string[] = []
    for (const [path, params] of Object.entries(lists)) for (const param of params) for (const p of payloads) urls.push(`${path}?${param}=${encodeURIComponent(p)}`)
    for (const p of payloads) {
      for (const path of ['/api/v1/articles/', '/api/v1/categories/', '/api/v1/tags/', '/api/v1/authors/']) urls.push(path + encodeURIComponent(p))
      urls.push(`/api/v1/articles?category=${encodeURIComponent(p)}&tag=${encodeURIComponent(p)}&author=${encodeURIComponent(p)}&from=${encodeURIComponent(p)}`)
    }
    const failures: string[] = []
    const check = (url: string, res: LightMyRequestResponse) => {
      if (res.statusCode >= 500 || ![200, 400, 404].includes(res.statusCode)) failures.push(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
      else if (!String(res.headers['content-type']).startsWith('application/json')) failures.push(`${url}: ${res.headers['content-type']}`)
    }
    for (let i = 0; i < urls.length; i += 25) {
      const batch = urls.slice(i, i + 25)
      const answers = await Promise.all(batch.map((url) => get(url)))
      answers.forEach((res, j) => check(batch[j]!, res))
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${urls.length} hostile requests failed`)
    // Raw bytes the router itself refuses (NUL, broken percent-encoding): a JSON 400 too.
    for (const url of ['/api/v1/articles?tag=%00', '/api/v1/tags/%E0%A4%A', '/api/v1/articles?category=%']) {
      const res = await get(url)
      assert.ok(res.statusCode === 400 || res.statusCode === 200 || res.statusCode === 404, `${url}: ${res.statusCode}`)
      assert.match(String(res.headers['content-type']), /^application\/json/, url)
    }
  })
})

describeEachDatabase('content API limits and CORS', (engine) => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp(engine, { env: { SAHIFA_API_RATE_LIMIT: '3', SAHIFA_API_KEY_RATE_LIMIT: '6', SAHIFA_API_CORS_ORIGINS: 'https://app.example, https://partner.example:8443' } })
  })
  after(() => t.close())

  it('limits requests per IP across every route, and per key with a higher budget (429 with Retry-After)', async () => {
    const from = (remoteAddress: string, url: string, headers: Record<string, string> = {}) => t.app.inject({ url, remoteAddress, headers })
    for (const url of ['/api/v1/articles', '/api/v1/tags', '/api/v1/categories']) assert.equal((await from('10.9.0.1', url)).statusCode, 200)
    const limited = await from('10.9.0.1', '/api/v1/authors')
    assert.equal(limited.statusCode, 429)
    assert.equal(limited.json().error.code, 'RATE_LIMITED')
    assert.ok(limited.json().error.message_ar && limited.json().error.message_en)
    assert.ok(Number(limited.headers['retry-after']) > 0)
    assert.equal((await from('10.9.0.2', '/api/v1/authors')).statusCode, 200, 'another IP has its own budget')

    // A key has its own, larger budget, wherever it comes from.
    const { key } = await createApiKey(t.deps.db, { name: 'حد' }, (await makeUser(t.deps, { role: 'admin' })).id, t.clock.now())
    const statuses = []
    for (let i = 0; i < 7; i++) statuses.push((await from(`10.9.1.${i}`, '/api/v1/articles', { 'x-api-key': key })).statusCode)
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429])
    // Guessing keys is limited like anything else from an IP.
    const guesses = []
    for (let i = 0; i < 4; i++) guesses.push((await from('10.9.2.1', '/api/v1/articles', { 'x-api-key': `sahifa_${'x'.repeat(39)}${i}` })).statusCode)
    assert.deepEqual(guesses, [401, 401, 401, 429])
  })

  it('reads the allowed origins from SAHIFA_API_CORS_ORIGINS and refuses anything but origins', () => {
    assert.deepEqual(loadConfig({ SAHIFA_API_CORS_ORIGINS: ' https://a.example/ ,http://b.example:8080' }).api.corsOrigins, ['https://a.example', 'http://b.example:8080'])
    assert.deepEqual(loadConfig({}).api, { corsOrigins: [], rateLimit: 120, keyRateLimit: 1200 })
    for (const bad of ['https://a.example/path', 'a.example', 'javascript:alert(1)', 'https://a.example,ftp://b.example']) {
      assert.throws(() => loadConfig({ SAHIFA_API_CORS_ORIGINS: bad }), ConfigError, bad)
    }
  })

  it('sends CORS headers to the configured origins only, on the API only', async () => {
    const res = await t.app.inject({ url: '/api/v1/categories', remoteAddress: '10.9.3.1', headers: { origin: 'https://app.example' } })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['access-control-allow-origin'], 'https://app.example')
    assert.match(String(res.headers['access-control-expose-headers']), /ETag/)
    assert.match(String(res.headers.vary), /Origin/)
    const other = await t.app.inject({ url: '/api/v1/categories', remoteAddress: '10.9.3.2', headers: { origin: 'https://evil.example' } })
    assert.equal(other.headers['access-control-allow-origin'], undefined)
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/articles',
      remoteAddress: '10.9.3.3',
      headers: { origin: 'https://partner.example:8443', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    })
    assert.equal(preflight.statusCode, 204)
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://partner.example:8443')
    assert.match(String(preflight.headers['access-control-allow-headers']), /Authorization/)
    // Errors carry CORS headers too (a browser app can read its 401).
    const bad = await t.app.inject({ url: '/api/v1/articles', remoteAddress: '10.9.3.4', headers: { origin: 'https://app.example', 'x-api-key': 'nope' } })
    assert.equal(bad.statusCode, 401)
    assert.equal(bad.headers['access-control-allow-origin'], 'https://app.example')
    // The site and the newsroom never answer cross-origin requests.
    const site = await t.app.inject({ url: '/', headers: { origin: 'https://app.example' } })
    assert.equal(site.headers['access-control-allow-origin'], undefined)
  })
})
