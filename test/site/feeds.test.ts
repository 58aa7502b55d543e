/**
 * The site's feeds (issue "Distribution"): RSS 2.0, Atom and JSON Feed 1.1 for the site, each
 * section, tag and author, and readers' comments (the site's and one article's). Each XML feed is
 * read by a real feed reader, Debian's python3-feedparser (test/support/parse-feed.py, feed-reader.ts), which must
 * find no fault (bozo 0), the right version, and the items, links, dates (UTC), authors, tags,
 * full text and enclosures the database holds. feedparser 6 does not read JSON Feed: those are
 * checked against the JSON Feed 1.1 spec's fields here. Also: discovery links on every kind of
 * page, 404/301 for unknown or renamed scopes, the render cache (ETag, 304, invalidation), and no
 * commenter email or IP hash in any comment feed.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import sharp from 'sharp'
import { insertComment } from '../../src/modules/comments/comments.repository.js'
import { feedFormats, type FeedFormat } from '../../src/modules/feeds/feeds.schema.js'
import { syncArticleMedia, uploadMedia } from '../../src/modules/media/media.service.js'
import { variantsOf } from '../../src/modules/media/media.schema.js'
import { upsertRedirect } from '../../src/modules/redirects/redirects.repository.js'
import { saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { paths } from '../../src/views/paths.js'
import { describeEachDatabase } from '../support/databases.js'
import { assertJsonFeed11, noFeedparser, parseFeed, RFC3339, RFC822, utc, type ParsedFeed } from '../support/feed-reader.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const origin = 'http://sahifa.test'
const versions: Record<Exclude<FeedFormat, 'json'>, string> = { rss: 'rss20', atom: 'atom10' }
const contentTypes: Record<FeedFormat, string> = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' }

describeEachDatabase('feeds', (engine) => {
  let t: TestApp
  let dir: string
  const ids: Record<string, number> = {}
  const emails: string[] = []
  const ipHashes: string[] = []
  let image: { key: string; file: string; bytes: number }

  /** Fetches a feed and has feedparser read it. */
  async function read(url: string): Promise<{ parsed: ParsedFeed; body: string }> {
    const res = await t.app.inject({ url })
    assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`)
    return { parsed: parseFeed(res.rawPayload, dir), body: res.body }
  }

  const articleUrl = async (id: number) => {
    const row = await t.deps.db.selectFrom('articles').select(['id', 'slug']).where('id', '=', id).executeTakeFirstOrThrow()
    return paths.article(row)
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sahifa-feeds-'))
    t = await buildTestApp(engine, { env: { SAHIFA_MEDIA_DIR: join(dir, 'media') } })
    await saveSiteSettings(t.deps.db, { name: 'صحيفة الخليج', tagline: 'أخبار موثوقة كل يوم', logoUrl: '/static/logo.png', commentsPerPage: 5, commentOrder: 'oldest' })
    const ashraf = await makeUser(t.deps, { name: 'أشرف كمال', slug: 'ashraf' })
    const huda = await makeUser(t.deps, { name: 'هدى علي', slug: 'huda' })
    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    const economy = await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد', parentId: politics.id })
    const sports = await makeCategory(t.deps, { slug: 'sports', name: 'رياضة' })
    Object.assign(ids, { ashraf: ashraf.id, huda: huda.id, politics: politics.id })

    const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 20, g: 90, b: 140 } } }).png().toBuffer()
    const media = await uploadMedia(t.deps.db, t.deps.config.media, { id: ashraf.id, role: 'editor' }, { bytes: png, originalName: 'dam.png', alt: 'سد النهضة', caption: '', credit: '' }, t.clock.now())
    const row = await t.deps.db.selectFrom('media').selectAll().where('id', '=', media.id).executeTakeFirstOrThrow()
    const variant = variantsOf(row).find((v) => v.format === 'webp' && v.width === 1280)!
    image = { key: media.storageKey, file: variant.file, bytes: variant.bytes }

    const water = await makeArticle(t.deps, {
      title: 'التحالف يعلن «خطة المياه» الجديدة لعام ٢٠٢٦',
      excerpt: 'قال المتحدث إن الخطة تبدأ غدًا.',
      bodyHtml: `<p>قال المتحدث باسم التحالف: «نبدأ غدًا».</p><p><a href="/category/politics">المزيد من السياسة</a></p><figure data-media-id="${media.id}"><img src="/media/${media.storageKey}/640.webp" alt="سد"></figure>`,
      authorIds: [ashraf.id, huda.id],
      categoryIds: [politics.id],
      tags: ['المياه', 'سدود'],
      publishedAt: new Date('2026-05-10T07:30:00Z'),
    })
    await t.deps.db.updateTable('articles').set({ featured_media_id: media.id, updated_at: '2026-05-10T10:15:00.000Z' }).where('id', '=', water.id).execute()
    await syncArticleMedia(t.deps.db, water.id, { featuredMediaId: media.id, bodyHtml: '' })
    const market = await makeArticle(t.deps, { title: 'البورصة ترتفع بعد قرار المياه', authorIds: [huda.id], categoryIds: [economy.id], tags: ['المياه'], publishedAt: new Date('2026-05-09T12:00:00Z') })
    const match = await makeArticle(t.deps, { title: 'الفريق يفوز في النهائي', authorIds: [ashraf.id], categoryIds: [sports.id], publishedAt: new Date('2026-05-08T18:45:00Z') })
    const draft = await makeArticle(t.deps, { title: 'مسودة لم تُنشر عن المياه', status: 'draft', authorIds: [ashraf.id], categoryIds: [politics.id], tags: ['المياه'] })
    Object.assign(ids, { water: water.id, market: market.id, match: match.id, draft: draft.id })

    // Readers: six approved threads and a reply on the water story (two comment pages of five),
    // one held, one spam, one trashed; one approved on the market story and one on the draft.
    let minute = 0
    const comment = async (articleId: number, status: 'approved' | 'pending' | 'spam' | 'trash', body: string, parentId: number | null = null) => {
      const n = emails.length + 1
      const email = `secret-reader-${n}-${engine}@readers.example`
      const ipHash = `iphash${n}x${'0'.repeat(40)}`
      emails.push(email)
      ipHashes.push(ipHash)
      const at = new Date(Date.parse('2026-05-11T06:00:00Z') + ++minute * 60_000).toISOString()
      return insertComment(t.deps.db, {
        article_id: articleId,
        parent_id: parentId,
        depth: parentId === null ? 0 : 1,
        author_name: `قارئ ${n}`,
        author_email: email,
        author_url: n === 1 ? 'https://reader.example/' : '',
        body,
        status,
        user_id: null,
        ip_hash: ipHash,
        user_agent: 'test',
        hold_reason: '',
        created_at: at,
        updated_at: at,
      })
    }
    const first = await comment(water.id, 'approved', 'تعليق أول: متى تبدأ الخطة؟\nسطر ثانٍ https://example.org/a.')
    for (let i = 2; i <= 6; i++) ids[`thread${i}`] = await comment(water.id, 'approved', `تعليق منشور رقم ${i}.`)
    ids.first = first
    ids.reply = await comment(water.id, 'approved', 'رد على التعليق الأول.', first)
    await comment(water.id, 'pending', 'تعليق ينتظر المراجعة.')
    await comment(water.id, 'spam', 'تعليق مزعج.')
    const trashed = await comment(water.id, 'trash', 'تعليق محذوف.')
    // Approved, but under a trashed comment: not on the page, so not in a feed either.
    ids.orphan = await comment(water.id, 'approved', 'رد تحت تعليق محذوف.', trashed)
    ids.marketComment = await comment(market.id, 'approved', 'تعليق على البورصة.')
    await comment(draft.id, 'approved', 'تعليق على مسودة.')
    t.deps.events.changed()
    await t.deps.refreshFrame()
  })
  after(async () => {
    await t?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Every article feed URL, in every format. */
  const articleFeeds = () => [paths.feed, (f: FeedFormat) => paths.categoryFeed('politics', f), (f: FeedFormat) => paths.tagFeed('المياه', f), (f: FeedFormat) => paths.authorFeed('ashraf', f)]

  it('every feed answers with its content type, and feedparser reads each XML one without fault', { skip: noFeedparser }, async () => {
    const waterPath = await articleUrl(ids.water!)
    const all = [...articleFeeds(), paths.commentsFeed, (f: FeedFormat) => paths.articleCommentsFeed({ id: ids.water!, slug: decodeURIComponent(waterPath.split('/')[3]!) }, f)]
    for (const feed of all) {
      for (const format of feedFormats) {
        const url = feed(format)
        const res = await t.app.inject({ url })
        assert.equal(res.statusCode, 200, url)
        assert.equal(res.headers['content-type'], contentTypes[format], url)
        if (format === 'json') {
          assertJsonFeed11(JSON.parse(res.body), url)
          continue
        }
        const { parsed } = await read(url)
        assert.equal(parsed.bozo, 0, `${url}: ${parsed.bozo_exception}`)
        assert.equal(parsed.version, versions[format], url)
        assert.ok(parsed.entries.length > 0, `${url} has entries`)
        assert.equal(parsed.feed.links.find((l) => l.rel === 'self')?.href, origin + url, `${url}: self link`)
        assert.equal(parsed.feed.language, 'ar', `${url}: language`)
      }
    }
  })

  it('the site feed lists the published stories newest first, as the database holds them', { skip: noFeedparser }, async () => {
    const rows = await t.deps.db.selectFrom('articles').select(['id', 'slug', 'title', 'excerpt', 'published_at', 'updated_at']).where('status', '=', 'published').orderBy('published_at', 'desc').execute()
    assert.equal(rows.length, 3)
    for (const format of ['rss', 'atom'] as const) {
      const { parsed, body } = await read(paths.feed(format))
      assert.equal(parsed.feed.title, 'صحيفة الخليج')
      assert.equal(parsed.feed.subtitle, 'أخبار موثوقة كل يوم')
      assert.equal(parsed.feed.link, `${origin}/`)
      assert.equal(parsed.feed.image, `${origin}/static/logo.png`, 'the site logo is the feed image')
      assert.deepEqual(
        parsed.entries.map((e) => e.link),
        rows.map((r) => origin + paths.article(r)),
      )
      for (const [i, e] of parsed.entries.entries()) {
        const row = rows[i]!
        assert.equal(e.title, row.title, 'Arabic title intact')
        assert.equal(e.id, `${origin}/news/${row.id}`, 'a stable id that survives a slug change')
        assert.equal(e.published, utc(row.published_at!))
        assert.equal(e.updated, utc(format === 'atom' ? row.updated_at : row.published_at!), 'dates in UTC')
      }
      assert.ok(!body.includes('مسودة لم تُنشر'), 'drafts never appear')
      assert.ok(!body.includes('@example.com'), 'no staff email (makeUser gives user{n}@example.com)')
      if (format === 'rss') for (const date of [...body.matchAll(/<pubDate>([^<]+)<\/pubDate>/g)].map((m) => m[1]!)) assert.match(date, RFC822)
      else for (const date of [...body.matchAll(/<(?:published|updated)>([^<]+)</g)].map((m) => m[1]!)) assert.match(date, RFC3339)
    }
  })

  it('items carry the full text with absolute URLs, authors, sections and tags, and the featured image', { skip: noFeedparser }, async () => {
    const imageUrl = `${origin}/media/${image.key}/${image.file}`
    for (const format of ['rss', 'atom'] as const) {
      const { parsed } = await read(paths.feed(format))
      const water = parsed.entries.find((e) => e.id === `${origin}/news/${ids.water}`)!
      const html = water.content[0]!.value
      assert.equal(water.content[0]!.type, 'text/html')
      assert.ok(html.includes('قال المتحدث باسم التحالف: «نبدأ غدًا».'), 'full text, Arabic intact')
      assert.ok(html.includes(`href="${origin}/category/politics"`), 'links made absolute')
      assert.ok(html.includes(`src="${origin}/media/${image.key}/640.webp"`), 'images made absolute')
      assert.ok(!/(?:href|src)="\//.test(html), 'no relative URL left')
      assert.equal(water.summary, 'قال المتحدث إن الخطة تبدأ غدًا.')
      assert.deepEqual(water.authors.map((a) => a.name), ['أشرف كمال', 'هدى علي'])
      if (format === 'atom') assert.equal(water.authors[0]!.href, `${origin}/author/ashraf`)
      assert.deepEqual(water.tags, ['سياسة', 'المياه', 'سدود'])
      assert.deepEqual(water.enclosures, [{ href: imageUrl, type: 'image/webp', length: String(image.bytes) }])
      const market = parsed.entries.find((e) => e.id === `${origin}/news/${ids.market}`)!
      assert.deepEqual(market.enclosures, [], 'no enclosure without a featured image')
    }
    const json = JSON.parse((await t.app.inject({ url: paths.feed('json') })).body)
    const water = json.items.find((i: any) => i.id === `${origin}/news/${ids.water}`)
    assert.equal(water.title, 'التحالف يعلن «خطة المياه» الجديدة لعام ٢٠٢٦')
    assert.equal(water.image, imageUrl)
    assert.equal(water.date_published, '2026-05-10T07:30:00.000Z')
    assert.equal(water.date_modified, '2026-05-10T10:15:00.000Z')
    assert.deepEqual(water.authors, [
      { name: 'أشرف كمال', url: `${origin}/author/ashraf` },
      { name: 'هدى علي', url: `${origin}/author/huda` },
    ])
    assert.deepEqual(water.tags, ['سياسة', 'المياه', 'سدود'])
    assert.ok(water.content_html.includes(`href="${origin}/category/politics"`))
  })

  it('section (with sub-sections), tag and author feeds hold only their stories', { skip: noFeedparser }, async () => {
    const expect = async (url: string, articleIds: number[], title: string) => {
      const { parsed } = await read(url)
      assert.equal(parsed.bozo, 0, url)
      assert.deepEqual(parsed.entries.map((e) => e.id), articleIds.map((id) => `${origin}/news/${id}`), url)
      assert.equal(parsed.feed.title, title, url)
    }
    await expect(paths.categoryFeed('politics'), [ids.water!, ids.market!], 'قسم سياسة — صحيفة الخليج')
    await expect(paths.categoryFeed('economy', 'atom'), [ids.market!], 'قسم اقتصاد — صحيفة الخليج')
    await expect(paths.tagFeed('المياه'), [ids.water!, ids.market!], 'وسم «المياه» — صحيفة الخليج')
    await expect(paths.authorFeed('ashraf', 'atom'), [ids.water!, ids.match!], 'أخبار أشرف كمال — صحيفة الخليج')
    await expect(paths.authorFeed('huda'), [ids.water!, ids.market!], 'أخبار هدى علي — صحيفة الخليج')
  })

  it('unknown sections, tags and authors are 404s; a renamed section\'s feed follows it (301), a removed one is 410', async () => {
    for (const url of ['/category/nope/feed', '/category/nope/feed/json', '/tag/nope/feed/atom', '/author/nobody/feed', '/news/999999/x/comments/feed', '/news/abc/x/comments/feed']) {
      const res = await t.app.inject({ url })
      assert.equal(res.statusCode, 404, url)
      assert.match(String(res.headers['content-type']), /^text\/html/, 'the site\'s not-found page')
    }
    const draft = await t.app.inject({ url: `/news/${ids.draft}/x/comments/feed` })
    assert.equal(draft.statusCode, 404, 'no comment feed for an unpublished story')
    await upsertRedirect(t.deps.db, '/category/old-politics', '/category/politics', 301, t.clock.now())
    await upsertRedirect(t.deps.db, '/category/gone', null, 410, t.clock.now())
    const moved = await t.app.inject({ url: '/category/old-politics/feed/atom' })
    assert.equal(moved.statusCode, 301)
    assert.equal(moved.headers.location, '/category/politics/feed/atom')
    assert.equal((await t.app.inject({ url: '/category/gone/feed' })).statusCode, 410)
  })

  it('comment feeds hold approved comments on published stories only, link to their page, and never an email or IP hash', { skip: noFeedparser }, async () => {
    const waterPath = await articleUrl(ids.water!)
    const waterSlug = decodeURIComponent(waterPath.split('/')[3]!)
    const rows = await t.deps.db
      .selectFrom('comments')
      .innerJoin('articles', 'articles.id', 'comments.article_id')
      .select(['comments.id', 'comments.author_name', 'comments.created_at', 'comments.article_id'])
      .where('comments.status', '=', 'approved')
      .where('articles.status', '=', 'published')
      .where('comments.id', '!=', ids.orphan!)
      .orderBy('comments.created_at', 'desc')
      .execute()
    assert.equal(rows.length, 8)
    for (const format of ['rss', 'atom'] as const) {
      const site = await read(paths.commentsFeed(format))
      assert.equal(site.parsed.bozo, 0)
      assert.equal(site.parsed.feed.title, 'تعليقات القراء — صحيفة الخليج')
      assert.deepEqual(site.parsed.entries.map((e) => e.id), rows.map((r) => `${origin}/news/${r.article_id}#comment-${r.id}`))
      for (const [i, e] of site.parsed.entries.entries()) {
        assert.equal(e.published, utc(rows[i]!.created_at))
        assert.deepEqual(e.authors.map((a) => a.name), [rows[i]!.author_name])
        assert.equal(e.authors[0]!.email, null)
      }
      const page = await read(paths.articleCommentsFeed({ id: ids.water!, slug: waterSlug }, format))
      assert.equal(page.parsed.feed.title, 'التعليقات على «التحالف يعلن «خطة المياه» الجديدة لعام ٢٠٢٦» — صحيفة الخليج')
      assert.equal(page.parsed.feed.link, `${origin}${waterPath}#comments`)
      assert.equal(page.parsed.entries.length, 7, 'the water story\'s approved comments only')
      const byId = (id: number) => page.parsed.entries.find((e) => e.id === `${origin}/news/${ids.water}#comment-${id}`)!
      assert.equal(byId(ids.first!).title, 'تعليق قارئ 1 على «التحالف يعلن «خطة المياه» الجديدة لعام ٢٠٢٦»')
      assert.equal(byId(ids.first!).link, `${origin}${waterPath}#comment-${ids.first}`)
      assert.equal(byId(ids.reply!).link, `${origin}${waterPath}#comment-${ids.reply}`, 'a reply is on its thread\'s page')
      assert.equal(byId(ids.thread6!).link, `${origin}${waterPath}?cpage=2#comment-${ids.thread6}`, 'the sixth thread is on the second page of five')
      const html = byId(ids.first!).content[0]!.value
      assert.ok(html.includes('تعليق أول: متى تبدأ الخطة؟<br />سطر ثانٍ'), 'the text as the page shows it')
      assert.match(html, /<a [^>]*href="https:\/\/example\.org\/a"/)
      assert.match(html, /<a [^>]*rel="nofollow ugc noopener"/)
      if (format === 'atom') assert.equal(byId(ids.first!).authors[0]!.href, 'https://reader.example/')
      for (const body of [site.body, page.body]) {
        for (const hidden of ['تعليق ينتظر المراجعة.', 'تعليق مزعج.', 'تعليق محذوف.', 'رد تحت تعليق محذوف.', 'تعليق على مسودة.']) assert.ok(!body.includes(hidden), `${hidden} is not in a feed`)
        for (const secret of [...emails, ...ipHashes, 'readers.example', '@example.com']) assert.ok(!body.includes(secret), `${secret} leaked`)
      }
    }
    for (const url of [paths.commentsFeed('json'), paths.articleCommentsFeed({ id: ids.water!, slug: waterSlug }, 'json')]) {
      const res = await t.app.inject({ url })
      assertJsonFeed11(JSON.parse(res.body), url)
      for (const secret of [...emails, ...ipHashes, 'readers.example']) assert.ok(!res.body.includes(secret), `${secret} leaked in ${url}`)
    }
    // A wrong or old slug answers 301 to the canonical feed URL, as the article does.
    const moved = await t.app.inject({ url: `/news/${ids.water}/old-slug/comments/feed/atom` })
    assert.equal(moved.statusCode, 301)
    assert.equal(moved.headers.location, `${waterPath}/comments/feed/atom`)
  })

  it('feeds are served from the render cache with validators, 304s, and fresh content after a change', async () => {
    const first = await t.app.inject({ url: '/feed/atom' })
    const again = await t.app.inject({ url: '/feed/atom' })
    assert.equal(again.headers.etag, first.headers.etag)
    assert.ok(first.headers['last-modified'])
    assert.equal(first.headers['cache-control'], 'public, max-age=30, s-maxage=60, stale-while-revalidate=300')
    assert.equal(first.headers['x-content-type-options'], 'nosniff', 'the security headers come with cached feeds too')
    assert.ok(t.app.renderCache.size > 0)
    const notModified = await t.app.inject({ url: '/feed/atom', headers: { 'if-none-match': String(first.headers.etag) } })
    assert.equal(notModified.statusCode, 304)
    assert.equal(notModified.body, '')
    const gzip = await t.app.inject({ url: '/feed', headers: { 'accept-encoding': 'gzip' } })
    assert.equal(gzip.headers['content-encoding'], 'gzip')
    assert.equal(gzip.headers['content-type'], contentTypes.rss)

    await makeArticle(t.deps, { title: 'خبر عاجل جديد بعد التخزين', categoryIds: [ids.politics!], publishedAt: t.clock.now() })
    const fresh = await t.app.inject({ url: '/feed/atom', headers: { 'if-none-match': String(first.headers.etag) } })
    assert.equal(fresh.statusCode, 200, 'a new story makes the cached feed stale')
    assert.ok(fresh.body.includes('خبر عاجل جديد بعد التخزين'))
  })

  it('every page links its feeds for discovery: the site feed everywhere, a page\'s own feed first', async () => {
    const waterPath = await articleUrl(ids.water!)
    const linksOf = async (url: string) => {
      const res = await t.app.inject({ url })
      assert.equal(res.statusCode, 200, url)
      const head = res.body.slice(0, res.body.indexOf('</head>'))
      return [...head.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)"\/?>/g)].map((m) => ({ type: m[1]!, title: m[2]!, href: m[3]! }))
    }
    const site = [
      { type: 'application/rss+xml', title: 'صحيفة الخليج (RSS)', href: `${origin}/feed` },
      { type: 'application/atom+xml', title: 'صحيفة الخليج (Atom)', href: `${origin}/feed/atom` },
      { type: 'application/feed+json', title: 'صحيفة الخليج (JSON Feed)', href: `${origin}/feed/json` },
    ]
    const own = (title: string, path: (f: FeedFormat) => string) =>
      feedFormats.map((f, i) => ({ type: site[i]!.type, title: `${title} (${['RSS', 'Atom', 'JSON Feed'][i]})`, href: origin + path(f) }))
    assert.deepEqual(await linksOf('/'), site)
    assert.deepEqual(await linksOf('/search?q=%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D9%87'), site)
    assert.deepEqual(await linksOf('/category/politics'), [...own('قسم سياسة — صحيفة الخليج', (f) => paths.categoryFeed('politics', f)), ...site])
    assert.deepEqual(await linksOf(paths.tag('المياه')), [...own('وسم «المياه» — صحيفة الخليج', (f) => paths.tagFeed('المياه', f)), ...site])
    assert.deepEqual(await linksOf('/author/ashraf'), [...own('أخبار أشرف كمال — صحيفة الخليج', (f) => paths.authorFeed('ashraf', f)), ...site])
    const article = await linksOf(waterPath)
    assert.deepEqual(article, [...own('التعليقات على «التحالف يعلن «خطة المياه» الجديدة لعام ٢٠٢٦» — صحيفة الخليج', (f) => `${waterPath}/comments${paths.feed(f)}`), ...site])
    // Every advertised feed answers with the advertised type.
    for (const link of [...article, ...(await linksOf('/category/politics'))]) {
      const res = await t.app.inject({ url: link.href.slice(origin.length) })
      assert.equal(res.statusCode, 200, link.href)
      assert.equal(String(res.headers['content-type']).split(';')[0], link.type, link.href)
    }
  })
})
