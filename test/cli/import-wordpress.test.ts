/**
 * `sahifa import wordpress` (src/modules/import/): the two WordPress theme test exports from
 * ../shared/data/wxr/ and a small Arabic export written here, on SQLite and PostgreSQL.
 * Expected numbers are read from the files independently of the importer (test/support/wxr-facts.ts).
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { hashIp } from '../../src/modules/auth/auth.service.js'
import { importWordpress, WxrSyntaxError, type ImportOptions, type ImportSummary } from '../../src/modules/import/wordpress.import.js'
import { searchArticles } from '../../src/modules/search/search.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { expectedCounts, readWxrFacts, type WxrFacts } from '../support/wxr-facts.js'
import { arabicExport } from './wxr-arabic-fixture.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const shared = join(root, '../shared/data/wxr')
const files = { theme: join(shared, 'themeunittestdata.wordpress.xml'), blocks: join(shared, '64-block-test-data.xml') }

/** Every table the importer writes, with its row count: "unchanged" compares these. */
const tables = ['users', 'categories', 'tags', 'articles', 'article_authors', 'article_categories', 'article_tags', 'article_media', 'pages', 'comments', 'redirects', 'media', 'import_map', 'search_documents'] as const

async function snapshot(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of tables) out[table] = Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const articles = await t.deps.db.selectFrom('articles').select(['id', 'version', 'title', 'status']).orderBy('id').execute()
  out.articlesDigest = articles.reduce((h, a) => (h * 31 + a.version + a.title.length + a.status.length) % 1_000_000_007, 7)
  return out
}

function run(t: TestApp, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  return importWordpress({ db: t.deps.db, secret: t.deps.secret, media: t.deps.config.media }, file, options, t.clock.now())
}

/** Our id of a WordPress thing, from the import map. */
async function targetOf(t: TestApp, kind: 'post' | 'page' | 'comment' | 'attachment', wpId: string): Promise<number | undefined> {
  return (await t.deps.db.selectFrom('import_map').select('target_id').where('kind', '=', kind).where('source_id', '=', wpId).executeTakeFirst())?.target_id
}

/** Paths Sahifa's own routes answer (redirects are only asked for paths nothing answers). */
const liveRoute = /^\/(search|news|category|tag|author|page|archive|feed|newsroom|media|preview|sitemaps?)(\/|$)/

const pathOf = (url: string) => new URL(url).pathname.replace(/\/{2,}/g, '/')

/** A path as a browser sends it (non-ASCII percent-encoded). */
const wire = (path: string) => path.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run))

/**
 * Fetches public pages breadth-first from `seeds` (same-origin links, the newsroom excluded) and
 * returns where any of `emails` shows up, in the usual disguises (any case, percent- or
 * entity-encoded, JSON-escaped). Search pages have the query itself removed first.
 */
async function leaksOf(t: TestApp, seeds: string[], emails: string[], limit = 1500): Promise<{ fetched: number; leaks: string[] }> {
  const forms = emails.flatMap((e) => [e, encodeURIComponent(e), e.replace('@', '&#64;'), e.replace('@', '&#x40;'), e.replace('@', '\\u0040')].map((f) => f.toLowerCase()))
  const queue = [...new Set(seeds)]
  const seen = new Set(queue)
  const leaks: string[] = []
  let fetched = 0
  while (queue.length > 0 && fetched < limit) {
    const url = queue.shift()!
    const res = await t.app.inject({ url })
    fetched++
    const q = new URL(url, 'http://x').searchParams.get('q')
    let text = `${JSON.stringify(res.headers)}\n${res.body}`.toLowerCase()
    if (q) for (const echo of [q, encodeURIComponent(q), new URLSearchParams({ q }).toString().slice(2)]) text = text.split(echo.toLowerCase()).join('')
    const leak = forms.find((f) => text.includes(f))
    if (leak) leaks.push(`${url}: ${leak}`)
    const location = res.headers.location
    const links = [...res.body.matchAll(/(?:href|src)="((?:https?:\/\/sahifa\.test)?\/[^"#]*)"/g)].map((m) => m[1]!.replace('http://sahifa.test', '').replace(/&amp;/g, '&'))
    if (typeof location === 'string' && location.startsWith('/')) links.push(location)
    for (const link of links) {
      if (link.startsWith('//') || link.startsWith('/newsroom') || link.startsWith('/assets') || seen.has(link)) continue
      seen.add(link)
      queue.push(link)
    }
  }
  return { fetched, leaks }
}

/** The commenters' and authors' emails of a file that its public content does not itself print. */
function privateEmails(facts: WxrFacts): string[] {
  const published = facts.items.map((i) => `${i.title} ${i.content}`).join('\n').toLowerCase()
  const emails = [...facts.items.flatMap((i) => i.comments.map((c) => c.email)), ...facts.authors.map((a) => a.email)].map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@'))
  return [...new Set(emails)].filter((e) => !published.includes(e))
}

const feedSeeds = ['/', '/feed', '/feed/atom', '/feed/json', '/comments/feed', '/feed/comments', '/sitemap.xml', '/robots.txt']

function checkCounts(summary: ImportSummary, facts: WxrFacts, column: 'imported' | 'updated') {
  const expected = expectedCounts(facts)
  assert.equal(summary.counts.posts[column], expected.posts, 'posts')
  assert.equal(summary.counts.pages[column], expected.pages, 'pages')
  assert.equal(summary.counts.attachments[column], expected.attachments, 'attachments')
  assert.deepEqual(summary.comments, expected.comments, 'comments by status')
  if (expected.commentsOnPages) assert.deepEqual(summary.skipped.find((s) => s.reason.startsWith('comments on pages'))?.count, expected.commentsOnPages)
}

for (const [name, file] of Object.entries(files)) {
  describeEachDatabase(`import wordpress: ${name} test export`, (engine) => {
    let t: TestApp
    let facts: WxrFacts
    let first: ImportSummary
    before(async () => {
      t = await buildTestApp(engine)
      facts = readWxrFacts(file)
      first = await run(t, file)
      await t.deps.refreshFrame()
    })
    after(() => t.close())

    it('brings in as many posts, pages, categories, tags, authors and comments (by status) as the file holds', async () => {
      const expected = expectedCounts(facts)
      checkCounts(first, facts, 'imported')
      const rows = await snapshot(t)
      assert.equal(rows.articles, expected.posts)
      assert.equal(rows.pages, expected.pages)
      assert.equal(rows.categories, expected.categories)
      assert.equal(rows.tags, expected.tags)
      assert.equal(rows.users, expected.authors)
      assert.equal(rows.media, expected.attachments)
      const byStatus = await t.deps.db.selectFrom('comments').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute()
      assert.deepEqual(Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])), Object.fromEntries(Object.entries(expected.comments).filter(([, n]) => n > 0)))
      const roles = await t.deps.db.selectFrom('users').select(['role', 'password_hash']).execute()
      assert.ok(roles.every((u) => u.role === 'author' && u.password_hash.startsWith('scrypt$')), 'authors, with a password nobody knows')
    })

    it('keeps the threads: every reply hangs under the comment it answered', async () => {
      let replies = 0
      for (const post of facts.items.filter((i) => i.type === 'post')) {
        for (const c of post.comments.filter((c) => c.parent !== '0' && c.parent !== '')) {
          const [ours, parent] = [await targetOf(t, 'comment', c.id), await targetOf(t, 'comment', c.parent)]
          const row = await t.deps.db.selectFrom('comments').select(['parent_id', 'depth']).where('id', '=', ours!).executeTakeFirstOrThrow()
          assert.equal(row.parent_id, parent, `comment ${c.id} replies to ${c.parent}`)
          assert.ok(row.depth >= 1)
          replies++
        }
      }
      assert.ok(replies > 0, 'the file has replies')
    })

    it('keeps the category tree', async () => {
      const parents = facts.items.length && (await t.deps.db.selectFrom('categories').select(['slug', 'parent_id']).execute())
      const tree = new Map((parents || []).map((c) => [c.slug, c.parent_id]))
      const content = readFileSync(file, 'utf8')
      for (const m of content.matchAll(/<wp:category_nicename>(?:<!\[CDATA\[)?([^<\]]+)(?:\]\]>)?<\/wp:category_nicename>\s*<wp:category_parent>(?:<!\[CDATA\[)?([^<\]]*)(?:\]\]>)?<\/wp:category_parent>/g)) {
        if (!m[2]) continue
        const parent = await t.deps.db.selectFrom('categories').select('id').where('slug', '=', m[2]).executeTakeFirstOrThrow()
        assert.equal(tree.get(m[1]!), parent.id, `${m[1]} is under ${m[2]}`)
      }
    })

    it('serves the published pages, and old permalinks answer 301 to the new addresses', async () => {
      let pages = 0
      for (const page of facts.items.filter((i) => i.type === 'page' && i.status === 'publish' && !i.password)) {
        const id = await targetOf(t, 'page', page.id)
        const { slug } = await t.deps.db.selectFrom('pages').select('slug').where('id', '=', id!).executeTakeFirstOrThrow()
        const res = await t.app.inject({ url: `/page/${encodeURIComponent(slug)}` })
        assert.equal(res.statusCode, 200, `page ${page.id}`)
        const old = await t.app.inject({ url: wire(pathOf(page.link)) })
        assert.equal(old.statusCode, 301, `${page.link} redirects`)
        assert.equal(old.headers.location, `/page/${encodeURIComponent(slug)}`)
        assert.equal((await t.app.inject({ url: `/?page_id=${page.id}` })).headers.location, `/page/${encodeURIComponent(slug)}`)
        pages++
      }
      let posts = 0
      for (const post of facts.items.filter((i) => i.type === 'post' && i.status === 'publish' && !i.password)) {
        const id = await targetOf(t, 'post', post.id)
        const canonical = (await t.app.inject({ url: `/news/${id}` })).headers.location as string
        const byId = await t.app.inject({ url: `/?p=${post.id}` })
        assert.equal(byId.statusCode, 301, `/?p=${post.id}`)
        assert.equal(byId.headers.location, canonical)
        // A live Sahifa address wins over an old one (the theme export has a post at /search/).
        if (!post.link.includes('?') && !liveRoute.test(pathOf(post.link))) {
          const old = await t.app.inject({ url: wire(pathOf(post.link)) })
          assert.equal(old.statusCode, 301, post.link)
          assert.equal(old.headers.location, canonical)
        }
        const page = await t.app.inject({ url: canonical })
        assert.equal(page.statusCode, 200, `${canonical} renders`)
        posts++
      }
      assert.ok(pages > 0 && posts > 0)
    })

    it('stores sanitized HTML: no script, no shortcodes or block comments left, galleries and captions as figures', async () => {
      const bodies = await t.deps.db.selectFrom('articles').select(['id', 'body_html']).execute()
      for (const { id, body_html } of bodies) {
        assert.doesNotMatch(body_html, /<script|<iframe|javascript:|on\w+=/i, `article ${id}`)
        assert.doesNotMatch(body_html, /<!--|\[\/?(caption|gallery|embed|video|audio|playlist)\b/, `article ${id}`)
      }
      const pages = await t.deps.db.selectFrom('pages').select('body_html').execute()
      for (const { body_html } of pages) assert.doesNotMatch(body_html, /<script|<!--/i)
      assert.ok(bodies.some((b) => b.body_html.includes('<figcaption>')), 'captions became figures')
    })

    it("never shows a commenter's or author's email on a public page, feed or sitemap", async () => {
      const emails = privateEmails(facts)
      assert.ok(emails.length > 0)
      const articles = await t.deps.db.selectFrom('articles').select('id').where('status', '=', 'published').execute()
      const seeds = [...feedSeeds, ...articles.map((a) => `/news/${a.id}`), ...emails.map((e) => `/search?q=${encodeURIComponent(e)}`)]
      const { fetched, leaks } = await leaksOf(t, seeds, emails)
      assert.ok(fetched > articles.length, `crawled ${fetched} pages`)
      assert.deepEqual(leaks, [])
    })

    it('a second run updates what the first made and adds nothing', async () => {
      const before = await snapshot(t)
      const second = await run(t, file)
      checkCounts(second, facts, 'updated')
      for (const kind of ['posts', 'pages', 'comments', 'attachments', 'authors', 'categories', 'tags'] as const) assert.equal(second.counts[kind].imported, 0, `no new ${kind}`)
      const after = await snapshot(t)
      assert.deepEqual({ ...after, articlesDigest: 0 }, { ...before, articlesDigest: 0 })
      const counts = await t.deps.db
        .selectFrom('articles')
        .select(['id', 'comment_count', (eb) => eb.selectFrom('comments').select((c) => c.fn.countAll<number>().as('n')).whereRef('comments.article_id', '=', 'articles.id').where('comments.status', '=', 'approved').as('approved')])
        .execute()
      for (const a of counts) assert.equal(a.comment_count, Number(a.approved), `article ${a.id}: comment count = approved comments`)
    })
  })
}

describeEachDatabase('import wordpress: an Arabic export', (engine) => {
  let t: TestApp
  let dir: string
  let file: string
  let summary: ImportSummary
  const fixture = arabicExport()
  before(async () => {
    t = await buildTestApp(engine, { now: '2026-05-11T09:00:00Z' })
    dir = mkdtempSync(join(tmpdir(), 'sahifa-wxr-'))
    file = join(dir, 'arabic.xml')
    writeFileSync(file, fixture.xml)
    summary = await run(t, file, { timeZone: 'Asia/Riyadh' })
    await t.deps.refreshFrame()
  })
  after(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const article = (wpId: string) => targetOf(t, 'post', wpId).then((id) => t.deps.db.selectFrom('articles').selectAll().where('id', '=', id!).executeTakeFirstOrThrow())

  it('decodes slugs to Arabic (NFC, no tashkeel) and maps statuses and dates (UTC; local time in the site zone when GMT is missing)', async () => {
    const news = await article('101')
    assert.equal(news.slug, 'اجتماع-وزراء-الخارجية-العرب')
    assert.equal(news.status, 'published')
    assert.equal(news.published_at, '2025-03-15T08:30:00.000Z')
    assert.equal(news.title, 'اجتماعٌ لوزراء الخارجية العرب في القاهرة')
    assert.equal((await article('102')).status, 'draft')
    assert.equal((await article('102')).created_at, '2025-03-16T07:00:00.000Z', 'draft: local 10:00 in Riyadh (UTC+3)')
    assert.equal((await article('103')).status, 'scheduled')
    assert.equal((await article('104')).status, 'review')
    assert.equal((await article('105')).status, 'unpublished', 'private')
    assert.equal((await article('105')).published_at, '2025-03-18T07:00:00.000Z', 'a private post was published (to staff): it keeps its publication time')
    assert.equal((await article('106')).status, 'unpublished', 'password-protected')
    assert.equal((await article('106')).published_at, '2025-03-19T07:00:00.000Z')
    assert.equal((await article('102')).published_at, null, 'a draft has no publication time')
    // Sahifa's own fields come only from its `_sahifa_*` meta, which a WordPress export has none of.
    assert.deepEqual(
      { byline: news.byline, source_line: news.source_line, dateline: news.dateline, is_breaking: news.is_breaking, created_at: news.created_at },
      { byline: '', source_line: '', dateline: '', is_breaking: 0, created_at: '2025-03-15T08:30:00.000Z' },
    )
    assert.equal((await article('107')).status, 'trashed')
    assert.equal((await article('107')).trashed_from, 'published')
    const categories = await t.deps.db.selectFrom('categories').select(['id', 'slug', 'parent_id']).orderBy('id').execute()
    const bySlug = new Map(categories.map((c) => [c.slug, c]))
    assert.equal(bySlug.get('سياسة')?.parent_id, bySlug.get('أخبار')?.id)
    assert.ok(await t.deps.db.selectFrom('tags').select('id').where('slug', '=', 'الجامعة-العربية').executeTakeFirst())
  })

  it('turns shortcodes and embeds into figures, removes scripts and unknown shortcodes, adds paragraphs to classic content', async () => {
    const { body_html: html } = await article('101')
    assert.match(html, /^<p>القاهرة - /)
    assert.match(html, /<figure><img src="https:\/\/news\.example\/wp-content\/uploads\/2025\/03\/meeting\.jpg" alt="الوزراء"[^>]*\/><figcaption>صورة الاجتماع<\/figcaption><\/figure>/)
    assert.match(html, /<figure class="embed" data-embed="youtube" data-embed-id="dQw4w9WgXcQ">/)
    assert.match(html, /<figure><img src="https:\/\/news\.example\/wp-content\/uploads\/2025\/03\/hall\.jpg" alt="القاعة" \/><\/figure>/, 'the gallery shows the attachment')
    assert.doesNotMatch(html, /script|alert|contact-form|\[/)
    assert.match(html, /<p>عاجل: ختام الاجتماع.<\/p>/, 'ordinary text stays')
  })

  it('keeps comment threads, statuses, private lower-cased emails and only keyed IP hashes (none past the retention period)', async () => {
    const id = (await article('101')).id
    const rows = await t.deps.db.selectFrom('comments').selectAll().where('article_id', '=', id).orderBy('id').execute()
    assert.equal(rows.length, fixture.comments.length)
    for (const c of fixture.comments) {
      const row = rows.find((r) => r.body === c.text)
      assert.ok(row, c.text)
      assert.equal(row.status, c.status)
      assert.equal(row.author_email, c.email.toLowerCase())
      assert.equal(row.ip_hash, c.recent ? hashIp(t.deps.secret, c.ip) : null)
      if (c.parent !== '0') assert.equal(row.parent_id, rows.find((r) => r.body === fixture.comments.find((p) => p.id === c.parent)!.text)!.id)
    }
    assert.equal((await article('101')).comment_count, fixture.comments.filter((c) => c.status === 'approved').length)
    const page = await t.app.inject({ url: (await t.app.inject({ url: `/news/${id}` })).headers.location as string })
    assert.equal(page.statusCode, 200)
    for (const c of fixture.comments) {
      assert.ok(!page.body.toLowerCase().includes(c.email.toLowerCase()), 'no email on the page')
      assert.equal(page.body.includes(c.text), c.status === 'approved', `${c.status} comment ${c.status === 'approved' ? 'shown' : 'hidden'}`)
    }
  })

  it("never shows a commenter's or author's email on a public page, feed or sitemap", async () => {
    const emails = [...fixture.comments.map((c) => c.email.toLowerCase()), 'editor1@news.example', 'page@mail.example']
    const articles = await t.deps.db.selectFrom('articles').select('id').execute()
    const seeds = [...feedSeeds, ...articles.map((a) => `/news/${a.id}`), ...emails.map((e) => `/search?q=${encodeURIComponent(e)}`)]
    const { fetched, leaks } = await leaksOf(t, seeds, emails)
    assert.ok(fetched > 20, `crawled ${fetched} pages`)
    assert.deepEqual(leaks, [])
    // Control: the crawl does see an email that a page prints.
    const news = await article('108')
    await t.deps.db.updateTable('articles').set({ excerpt: `اكتبوا إلى ${emails[1]}` }).where('id', '=', news.id).execute()
    t.deps.events.changed()
    assert.equal((await leaksOf(t, [`/news/${news.id}`], emails)).leaks.length > 0, true)
    await t.deps.db.updateTable('articles').set({ excerpt: news.excerpt }).where('id', '=', news.id).execute()
    t.deps.events.changed()
  })

  it('answers old permalinks with 301s: /?p=ID, /YYYY/MM/DD/slug/, /slug/, and the category path', async () => {
    const news = await article('101')
    const canonical = `/news/${news.id}/${encodeURIComponent(news.slug)}`
    // The last two as shared without their trailing slash.
    for (const old of ['/?p=101', `/2025/03/15/${fixture.encodedSlug}/`, `/${fixture.encodedSlug}/`, `/2025/03/15/${fixture.encodedSlug}`, `/${fixture.encodedSlug}`]) {
      const res = await t.app.inject({ url: old })
      assert.equal(res.statusCode, 301, old)
      assert.equal(res.headers.location, canonical, old)
    }
    const category = await t.app.inject({ url: `/category/${encodeURIComponent('أخبار')}/${encodeURIComponent('سياسة')}/` })
    assert.equal(category.statusCode, 301)
    assert.equal(category.headers.location, `/category/${encodeURIComponent('سياسة')}`)
    assert.equal((await t.app.inject({ url: '/?p=102' })).statusCode, 200, 'a draft leaves no redirect (the home page answers)')
    const child = await t.app.inject({ url: `/${encodeURIComponent('من-نحن')}/${encodeURIComponent('فريق-التحرير')}/` })
    assert.equal(child.statusCode, 301)
    assert.equal((await t.app.inject({ url: child.headers.location as string })).statusCode, 200, 'the child page renders')
  })

  it('makes the published articles searchable, and only those', async () => {
    const found = await searchArticles(t.deps, 'وزراء الخارجية', { now: t.clock.now() })
    assert.deepEqual(found.hits.map((h) => h.id), [(await article('101')).id])
    assert.equal((await searchArticles(t.deps, 'مسودة', { now: t.clock.now() })).total, 0, 'the draft is not indexed')
  })

  it('counts what it skipped, with reasons', () => {
    assert.ok(summary.skipped.some((s) => s.reason.includes('nav_menu_item')))
    assert.ok(summary.skipped.some((s) => s.reason.startsWith('comments on pages')))
  })

  it('leaves an article edited in Sahifa since the last run alone, and updates the others', async () => {
    const edited = await article('101')
    await t.deps.db.updateTable('articles').set({ title: 'عنوان عدّله المحرر', version: edited.version + 1 }).where('id', '=', edited.id).execute()
    const again = await run(t, file, { timeZone: 'Asia/Riyadh' })
    assert.equal((await article('101')).title, 'عنوان عدّله المحرر')
    assert.equal(again.counts.posts.kept, 1)
    assert.equal(again.counts.posts.updated, summary.counts.posts.imported - 1)
    assert.equal(again.counts.posts.imported, 0)
  })

  it('with --uploads, copies attachment files into the media library: pages show our copy', async () => {
    const uploads = join(dir, 'uploads')
    mkdirSync(join(uploads, '2025/03'), { recursive: true })
    const jpeg = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#2a6' } }).jpeg().toBuffer()
    writeFileSync(join(uploads, '2025/03/hall.jpg'), jpeg)
    const mediaDir = t.deps.config.media.dir
    const again = await run(t, file, { timeZone: 'Asia/Riyadh', uploadsDir: uploads })
    assert.equal(again.counts.attachments.updated, 2)
    const hall = await t.deps.db.selectFrom('media').selectAll().where('id', '=', (await targetOf(t, 'attachment', '201'))!).executeTakeFirstOrThrow()
    assert.notEqual(hall.variants, '[]')
    assert.equal(hall.source_url, 'https://news.example/wp-content/uploads/2025/03/hall.jpg')
    assert.ok(readdirSync(join(mediaDir, hall.storage_key)).includes('640.webp'))
    const featured = await article('108')
    assert.equal(featured.featured_media_id, hall.id)
    assert.match(featured.body_html, new RegExp(`src="/media/${hall.storage_key}/\\d+\\.webp"`), 'the body shows our copy')
  })
})

describeEachDatabase('import wordpress: a malformed file, a dry run', (engine) => {
  let t: TestApp
  let dir: string
  before(async () => {
    t = await buildTestApp(engine)
    dir = mkdtempSync(join(tmpdir(), 'sahifa-wxr-bad-'))
  })
  after(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stops with the line and column and leaves the database as it was (on an empty database, and after an earlier import); a dry run changes nothing', async () => {
    const whole = readFileSync(files.theme)
    const cut = join(dir, 'cut.xml')
    // Cut two thirds in: the authors, terms and most items are well-formed.
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.66)))
    const empty = await snapshot(t)
    const expectedLine = whole.subarray(0, Math.floor(whole.length * 0.66)).toString('utf8').split('\n').length
    const failure = await run(t, cut).then(
      () => assert.fail('a cut file must not import'),
      (error: unknown) => error,
    )
    assert.ok(failure instanceof WxrSyntaxError, String(failure))
    assert.match(failure.message, /^line \d+, column \d+: unclosed tag/)
    assert.equal(failure.line, expectedLine)
    assert.deepEqual(await snapshot(t), empty)

    const dry = await run(t, files.blocks, { dryRun: true })
    assert.equal(dry.dryRun, true)
    assert.equal(dry.counts.posts.imported, expectedCounts(readWxrFacts(files.blocks)).posts, 'a dry run counts as a real one')
    assert.deepEqual(await snapshot(t), empty, 'and changes nothing')

    const importLines = () => t.deps.db.selectFrom('audit_log').select(['user_id', 'action', 'subject_type', 'detail']).where('action', 'like', 'import.%').execute()
    assert.deepEqual(await importLines(), [], 'a failed run and a dry run leave no audit line')
    await run(t, files.blocks)
    const [line, ...more] = await importLines()
    assert.equal(more.length, 0)
    assert.deepEqual({ ...line, detail: '' }, { user_id: null, action: 'import.wordpress', subject_type: 'import', detail: '' })
    assert.match(line!.detail, /^wordpress:\S+ — .*posts \+\d+ ~0/, 'the audit line says where from and what came in')
    const imported = await snapshot(t)
    const garbled = join(dir, 'garbled.xml')
    const text = readFileSync(files.theme, 'utf8').split('\n')
    text[4000] = `${text[4000]}<wp:oops>`.replace(/$/, '</item-not>')
    writeFileSync(garbled, text.join('\n'))
    await assert.rejects(run(t, garbled), (error: unknown) => error instanceof WxrSyntaxError && error.line === 4001 && /line 4001, column \d+: /.test(error.message))
    assert.deepEqual(await snapshot(t), imported)
  })
})

describe('sahifa import wordpress (the command, SQLite file)', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sahifa-import-cli-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const sahifa = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, SAHIFA_MEDIA_DIR: join(dir, 'media') }
      execFile(process.execPath, [join(root, 'bin/sahifa.js'), ...args], { cwd: root, env, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      )
    })

  it('prints a summary on stdout; a malformed file exits non-zero with file, line and column', async () => {
    const ok = await sahifa(['import', 'wordpress', files.blocks])
    assert.equal(ok.code, 0, ok.stderr)
    assert.match(ok.stdout, /^posts\s+61\s+0\s+0$/m)
    assert.match(ok.stdout, /comments by status: approved 2, pending 0, spam 0, trash 0/)
    assert.match(ok.stdout, /items of type "wp_navigation"/)
    const again = await sahifa(['import', 'wordpress', files.blocks])
    assert.match(again.stdout, /^posts\s+0\s+61\s+0$/m, 'the re-run updates')

    const cut = join(dirname(join(dir, 'x')), 'cut.xml')
    writeFileSync(cut, readFileSync(files.blocks).subarray(0, 200_000))
    const bad = await sahifa(['import', 'wordpress', cut])
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /error: .*cut\.xml: line \d+, column \d+: .+ — nothing was imported/)
    assert.equal(bad.stdout, '')
  })
})
