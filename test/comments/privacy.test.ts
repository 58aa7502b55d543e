/**
 * A commenter's email never appears in any public response (issue 3, DESIGN "Comments"): readers
 * with unique emails post comments (top-level, replies, one held, one spam), a moderator approves
 * them, then a crawler fetches every public page it can reach from the home page plus a list of
 * seeds (comment pages, listings with pagination, search — for the email itself too — static
 * pages, robots.txt, error pages, and the feed/sitemap/API URLs the design promises, which may
 * still be 404s), and asserts no response body or header holds an email in any usual disguise:
 * any case, percent-encoded, entity-encoded, JSON-escaped, base64, or hashed as Gravatar does.
 * The comment POST's JSON answer and its 303 Location are checked the same way.
 *
 * A guard compares the app's registered GET routes with what the crawl reached, so a public
 * route added later (feeds, sitemap, API) fails this test until the crawl covers it.
 */
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { setCommentStatus } from '../../src/modules/comments/comments.repository.js'
import { insertPage } from '../../src/modules/pages/pages.repository.js'
import { cookieOf, signInAs } from '../newsroom/sign-in.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { registeredRoutes } from '../support/routes.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { articlePath, commentIdOf, oldToken, postComment, setSettings } from './comment-helpers.js'

/**
 * URLs the design names for feeds, sitemaps and the API (DESIGN "Content and URLs") and common
 * WordPress-style comment URLs. Those not built yet answer 404, which is fine; once they exist
 * they are checked like every other page. `{id}` is an article id, `{cid}` a comment id.
 */
const futureSeeds = [
  '/feed',
  '/feed/',
  '/feed/rss',
  '/feed/atom',
  '/feed/json',
  '/feed/comments',
  '/comments/feed',
  '/news/{id}/feed',
  '/rss.xml',
  '/atom.xml',
  '/sitemap.xml',
  '/sitemap_index.xml',
  '/sitemap-news.xml',
  '/api/v1',
  '/api/v1/articles',
  '/api/v1/articles/{id}',
  '/api/v1/articles/{id}/comments',
  '/api/v1/comments',
  '/api/v1/comments/{cid}',
  '/api/v1/search?q=secret',
  '/wp-json/wp/v2/comments',
  '/news/{id}/comments',
  '/news/{id}/comments/{cid}',
]

interface Fetched {
  url: string
  status: number
  res: LightMyRequestResponse
}

/** Every way an email commonly leaks: as typed, lower-case, encoded, escaped, base64'd or hashed. */
function disguisesOf(email: string): string[] {
  const lower = email.toLowerCase()
  const forms = new Set<string>()
  for (const e of [email, lower]) {
    forms.add(e)
    forms.add(encodeURIComponent(e))
    forms.add(e.replace('@', '&#64;'))
    forms.add(e.replace('@', '&#x40;'))
    forms.add(e.replace('@', '\\u0040'))
    forms.add(Buffer.from(e).toString('base64').replace(/=+$/, ''))
    forms.add(Buffer.from(e).toString('base64url'))
    for (const algo of ['md5', 'sha1', 'sha256']) forms.add(createHash(algo).update(e.trim()).digest('hex'))
  }
  return [...forms]
}

/** The first leak of any email found in `text` (compared case-insensitively), or undefined. */
function findLeak(text: string, emails: Array<{ email: string; token: string; forms: string[] }>): string | undefined {
  const haystack = text.toLowerCase()
  for (const e of emails) {
    // The random part alone (hex, so percent-encoding leaves it as it is) is the strictest check.
    if (haystack.includes(e.token)) return `${e.email} (its random part)`
    for (const form of e.forms) if (haystack.includes(form.toLowerCase())) return `${e.email} as ${form}`
  }
  return undefined
}

/**
 * A search page repeats the searcher's own query (in the heading, the search box and the paging
 * links); that echo is removed before looking for leaks, so a search for an email must not find
 * anything else about it (a result would show the email's comment or article elsewhere).
 */
function withoutEcho(url: string, body: string): string {
  const q = new URL(url, 'http://x').searchParams.get('q')
  if (!url.startsWith('/search') || !q) return body
  let out = body
  for (const form of [q, encodeURIComponent(q), new URLSearchParams({ q }).toString().slice(2)]) out = out.split(form).join('')
  return out
}

/** A route pattern (`/news/:id/:slug`) as a RegExp over paths. */
const routeRegExp = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*')}$`)

describeEachDatabase('commenters\' emails never leave the newsroom', (engine) => {
  let t: TestApp
  let mediaDir: string
  const emails: Array<{ email: string; token: string; forms: string[] }> = []
  const articleIds: number[] = []
  const commentIdList: number[] = []
  let pendingCookie = ''
  let pendingLocation = ''
  const postAnswers: LightMyRequestResponse[] = []
  let moderatorCookie = ''

  /** A unique, recognizable email; the random part is what the crawl looks for. */
  function newEmail(style: 'lower' | 'mixed' = 'lower'): string {
    const token = randomBytes(8).toString('hex')
    const email = style === 'mixed' ? `Secret-${token.toUpperCase()}@Example.COM` : `secret-${token}@example.com`
    emails.push({ email, token, forms: disguisesOf(email) })
    return email
  }

  before(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'sahifa-privacy-media-'))
    t = await buildTestApp(engine, { env: { SAHIFA_COMMENT_LIMIT_PER_IP: '100000', SAHIFA_COMMENT_LIMIT_PER_EMAIL: '100000', SAHIFA_MEDIA_DIR: mediaDir } })
    // Small pages, so that listings and comments paginate with a handful of items.
    await setSettings(t, { perPage: 2, commentsPerPage: 5, commentModeration: 'first' })
    const author = await makeUser(t.deps, { name: 'كاتب الخبر', slug: 'writer', role: 'author' })
    const moderator = await makeUser(t.deps, { role: 'moderator' })
    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    const economy = await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد', parentId: politics.id })
    await insertPage(t.deps.db, { slug: 'about', title: 'من نحن', bodyHtml: '<p>صفحة ثابتة.</p>', status: 'published', now: t.clock.now() })
    for (let i = 0; i < 5; i++) {
      const { id } = await makeArticle(t.deps, {
        title: `خبر الخصوصية رقم ${i + 1} عن المياه`,
        authorIds: [author.id],
        categoryIds: [i % 2 ? economy.id : politics.id],
        tags: ['المياه', `وسم ${i}`],
        publishedAt: new Date(Date.UTC(2026, 3 + (i % 2), 10 + i, 8)),
      })
      articleIds.push(id)
    }

    const mainId = articleIds[0]!
    // Eight readers on the first article (two comment pages), one on each other article; replies too.
    const post = async (articleId: number, email: string, extra: Record<string, string> = {}, json = false) => {
      const res = await postComment(
        t,
        articleId,
        { author: `قارئ ${commentIdList.length + 1}`, email, url: 'https://reader.example/', comment: `تعليق ${commentIdList.length + 1} على الخبر.`, _t: oldToken(t), ...extra },
        { json, cookie: pendingCookie ? `sahifa_pending=${pendingCookie}` : undefined },
      )
      assert.ok(res.statusCode === 303 || res.statusCode === 201, `comment posted (${res.statusCode}): ${res.body.slice(0, 300)}`)
      postAnswers.push(res)
      const id = res.statusCode === 201 ? (res.json() as { id: number }).id : commentIdOf(res.headers.location)
      pendingCookie = cookieOf(res, 'sahifa_pending')?.value ?? pendingCookie
      commentIdList.push(id)
      return id
    }
    for (let i = 0; i < 8; i++) {
      t.clock.advance(1000)
      await post(mainId, newEmail(i === 3 ? 'mixed' : 'lower'), {}, i % 2 === 1)
    }
    for (const id of articleIds.slice(1)) await post(id, newEmail())
    // Everything so far was held (first comment of an unknown email): a moderator approves it.
    await setCommentStatus(t.deps.db, [...commentIdList], 'approved', t.clock.now())
    t.deps.events.changed()
    const reply = await post(mainId, newEmail(), { parent_id: String(commentIdList[0]) }, true)
    await setCommentStatus(t.deps.db, [reply], 'approved', t.clock.now())
    // One stays pending (its author keeps the cookie), one lands in spam via the honeypot.
    await post(mainId, newEmail(), { comment: 'تعليق ينتظر.' })
    pendingLocation = String(postAnswers[postAnswers.length - 1]!.headers.location)
    await post(articleIds[1]!, newEmail(), { hp_website: 'http://bot.example/' })
    // A returning (approved) email publishes at once.
    await post(articleIds[2]!, emails[0]!.email, { comment: 'تعليق ثانٍ من القارئ نفسه.' })
    t.deps.events.changed()
    await t.deps.refreshFrame()

    const signedIn = await signInAs(t.app, moderator.email, moderator.password)
    assert.ok(signedIn.session)
    moderatorCookie = signedIn.session
  })
  after(async () => {
    await t.close()
    rmSync(mediaDir, { recursive: true, force: true })
  })

  it('the emails are stored and shown to moderators (so the crawl below looks for something real)', async () => {
    const rows = await t.deps.db.selectFrom('comments').select(['author_email', 'status']).execute()
    assert.equal(rows.length, commentIdList.length)
    for (const e of emails) assert.ok(rows.some((r) => r.author_email === e.email.toLowerCase()), `${e.email} is stored`)
    const queue = await t.app.inject({ url: '/newsroom/comments?status=approved', headers: { cookie: moderatorCookie } })
    assert.equal(queue.statusCode, 200)
    assert.ok(findLeak(queue.body, emails), 'the moderation queue shows emails (control)')
    assert.ok(rows.some((r) => r.status === 'pending') && rows.some((r) => r.status === 'spam'))
  })

  it('no public page, feed, API answer or error page contains an email, in any case or encoding', async (context) => {
    const paths = await Promise.all(articleIds.map((id) => articlePath(t, id)))
    const seeds = new Set<string>(['/', '/robots.txt', '/favicon.ico', '/page/about', '/no-such-page', '/search', '/author/writer', '/category/politics', '/category/economy'])
    for (const path of paths) {
      for (const q of ['', '?cpage=1', '?cpage=2', '?cpage=99', '?lang=en', `?replytocom=${commentIdList[0]}`]) seeds.add(path + q)
    }
    for (const id of articleIds) seeds.add(`/news/${id}`)
    for (const id of commentIdList) seeds.add(`${paths[0]}?replytocom=${id}`)
    for (const e of emails) {
      seeds.add(`/search?q=${encodeURIComponent(e.email)}`)
      seeds.add(`/search?q=${e.token}`)
    }
    for (const q of ['المياه', 'قارئ', 'تعليق', 'secret', 'example.com']) {
      seeds.add(`/search?q=${encodeURIComponent(q)}`)
      seeds.add(`/search?q=${encodeURIComponent(q)}&page=2`)
    }
    // The type-ahead and the search API (JSON): the words on the pages, and the emails themselves.
    for (const q of ['المياه', 'قارئ', 'كاتب', 'secret', ...emails.slice(0, 3).map((e) => e.email)]) {
      seeds.add(`/search/suggest?q=${encodeURIComponent(q)}`)
      seeds.add(`/api/v1/search?q=${encodeURIComponent(q)}`)
    }
    for (const e of emails) seeds.add(`/search/suggest?q=${encodeURIComponent(e.token)}`)
    for (const year of ['2026']) {
      seeds.add(`/archive/${year}`)
      seeds.add(`/archive/${year}?page=2`)
      seeds.add(`/archive/${year}/04`)
      seeds.add(`/archive/${year}/5`)
    }
    for (const s of ['/category/politics', '/tag/%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D9%87', '/author/writer']) for (const p of [2, 3, 99]) seeds.add(`${s}?page=${p}`)
    // Feeds in every format (their links are absolute, so the crawl would not follow them): the
    // site's, sections', tags', the author's, and readers' comments, the site's and each article's.
    const feedScopes = ['', '/category/politics', '/category/economy', '/tag/%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D9%87', '/author/writer', '/comments', ...paths.map((p) => `${p}/comments`)]
    for (const scope of feedScopes) for (const feed of ['/feed', '/feed/atom', '/feed/json']) seeds.add(scope + feed)
    // The sitemaps (their <loc> URLs are absolute, so the crawl would not follow them from the index).
    for (const name of ['articles-1', 'articles-2', 'news', 'categories', 'tags', 'authors']) seeds.add(`/sitemaps/${name}.xml`)
    // The content API (its links are absolute, so the crawl would not follow them): lists with pages
    // and filters, each kind of item, and its OpenAPI document.
    for (const path of ['/api/v1/articles?per_page=2&page=2', '/api/v1/articles?author=writer', '/api/v1/articles?category=politics', '/api/v1/categories', '/api/v1/categories/politics', '/api/v1/tags', '/api/v1/tags/%D8%A7%D9%84%D9%85%D9%8A%D8%A7%D9%87', '/api/v1/authors', '/api/v1/authors/writer', '/api/v1/openapi.json']) seeds.add(path)
    // A private preview (a published article's, which has comments) and an uploaded image's variant.
    await t.deps.db.updateTable('articles').set({ preview_token: 'privacy-crawl-preview-token-0001' }).where('id', '=', articleIds[0]!).execute()
    seeds.add('/preview/privacy-crawl-preview-token-0001')
    mkdirSync(join(mediaDir, 'privacyKey01'), { recursive: true })
    writeFileSync(join(mediaDir, 'privacyKey01', '640.webp'), 'not really an image, served as stored')
    seeds.add('/media/privacyKey01/640.webp')
    for (const f of futureSeeds) seeds.add(f.replace('{id}', String(articleIds[0])).replace('{cid}', String(commentIdList[0])))

    // Breadth-first over same-origin links (newsroom excluded: it is not public).
    const queue = [...seeds]
    const seen = new Set(queue)
    const fetched: Fetched[] = []
    while (queue.length > 0 && fetched.length < 600) {
      const url = queue.shift()!
      for (const accept of ['text/html', 'application/json']) {
        // JSON variants only for the API and error answers (the site's pages are HTML either way).
        if (accept === 'application/json' && !url.startsWith('/api/') && !url.includes('no-such-page') && !url.includes('cpage=99')) continue
        const res = await t.app.inject({ url, headers: { accept } })
        assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`)
        fetched.push({ url, status: res.statusCode, res })
        const links = [res.headers.location, ...[...res.body.matchAll(/\s(?:href|src|action)="([^"]+)"/g)].map((m) => m[1])]
        for (const raw of links) {
          if (typeof raw !== 'string') continue
          const link = raw.replace(/&amp;/g, '&').split('#')[0]!
          if (!link.startsWith('/') || link.startsWith('//') || link.startsWith('/newsroom') || seen.has(link)) continue
          seen.add(link)
          queue.push(link)
        }
      }
    }
    assert.ok(queue.length === 0, `the crawl stopped early with ${queue.length} URLs left`)

    const leaks: string[] = []
    for (const f of fetched) {
      const headers = Object.entries(f.res.headers)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join('\n')
      const leak = findLeak(withoutEcho(f.url, f.res.body), emails) ?? findLeak(headers, emails)
      if (leak) leaks.push(`${f.url} (${f.status}): ${leak}`)
      // HTML comments and JSON-LD blocks, one by one (they are where templates leak data).
      for (const block of [...f.res.body.matchAll(/<!--[\s\S]*?-->|<script type="application\/ld\+json">[\s\S]*?<\/script>/g)].map((m) => m[0])) {
        const inBlock = findLeak(block, emails)
        if (inBlock) leaks.push(`${f.url}: in ${block.slice(0, 40)}…: ${inBlock}`)
      }
    }
    assert.deepEqual(leaks, [], 'emails found in public responses')

    // The crawl really saw the comments, their pages, listings and structured data.
    const ok = (pattern: RegExp) => fetched.filter((f) => f.status === 200 && pattern.test(f.url))
    assert.ok(ok(/\?cpage=2$/).length >= 1, 'a second comment page was fetched')
    assert.ok(ok(/^\/category\/politics\?page=2$/).length === 1, 'listing pagination was fetched')
    const main = fetched.find((f) => f.url === paths[0] && f.status === 200)!
    assert.ok(main.res.body.includes('قارئ 1'), 'comments are on the article page')
    const jsonLd = [...main.res.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
    assert.ok(jsonLd.length > 0, 'the article page carries JSON-LD')
    for (const block of jsonLd) assert.doesNotThrow(() => JSON.parse(block))

    // Every public GET route of the app was reached (a new route must join this crawl).
    // The site's routes and the back office's (the content API), which the site forwards to.
    const backOffice = await t.app.lazyApp()
    const publicRoutes = [...registeredRoutes(t.app), ...registeredRoutes(backOffice)].filter(
      (r) => r.methods.includes('GET') && !r.path.startsWith('/newsroom') && !r.path.endsWith('*'),
    )
    assert.ok(publicRoutes.length >= 9, `routes parsed from printRoutes: ${publicRoutes.map((r) => r.path).join(', ')}`)
    const uncovered = publicRoutes.filter((r) => !fetched.some((f) => f.status < 400 && routeRegExp(r.path).test(f.url.split('?')[0]!)))
    assert.deepEqual(
      uncovered.map((r) => r.path),
      [],
      'public GET routes the privacy crawl never fetched successfully: add seeds for them',
    )
    const notBuilt = fetched.filter((f) => f.status === 404 && futureSeeds.some((s) => routeRegExp(s.replace(/\{c?id\}/g, ':x').split('?')[0]!).test(f.url.split('?')[0]!)))
    context.diagnostic(`privacy crawl: ${fetched.length} responses from ${seen.size} URLs; not built yet (404): ${[...new Set(notBuilt.map((f) => f.url))].join(' ') || 'none'}`)
  })

  it('the comment POST answers (JSON and 303 Location) carry no email', () => {
    assert.ok(postAnswers.length > 10)
    for (const res of postAnswers) {
      const location = String(res.headers.location ?? '')
      assert.equal(findLeak(location, emails), undefined, `Location ${location}`)
      assert.equal(findLeak(res.body, emails), undefined, `POST answer ${res.body.slice(0, 200)}`)
      // Cookies: the pending cookie holds ids only; nobody asked to be remembered.
      const cookies = String(res.headers['set-cookie'] ?? '')
      assert.equal(findLeak(cookies, emails), undefined, `Set-Cookie ${cookies}`)
    }
    const json = postAnswers.filter((r) => r.statusCode === 201)
    assert.ok(json.length >= 4, 'some answers were JSON')
    for (const res of json) assert.deepEqual(Object.keys(res.json() as object).sort(), ['html', 'id', 'location', 'notice', 'status'])
  })

  it('a reader\'s own page (pending cookie) and error re-renders show no email but theirs as typed', async () => {
    // The held comment is the ninth thread: the 303 sends its author to the second comment page.
    assert.match(pendingLocation, /\?cpage=2#comment-\d+$/)
    const mine = await t.app.inject({ url: pendingLocation.split('#')[0]!, headers: { cookie: `sahifa_pending=${pendingCookie}` } })
    assert.equal(mine.statusCode, 200)
    assert.ok(mine.body.includes('تعليق ينتظر.'), 'the pending comment is shown to its author')
    assert.equal(findLeak(mine.body, emails), undefined)
    // A 422 page gives back what this reader typed (their own email) and nobody else's.
    const own = `someone-${randomBytes(4).toString('hex')}@example.com`
    const res = await postComment(t, articleIds[0]!, { author: '', email: own, comment: 'نص', _t: oldToken(t) })
    assert.equal(res.statusCode, 422)
    assert.ok(res.body.includes(own), 'the reader\'s own email is kept in their form')
    assert.equal(findLeak(res.body, emails), undefined)
  })
})
