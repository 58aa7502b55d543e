import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { openLoginForm, postLogin, signInAs } from '../newsroom/sign-in.js'

const SCRIPT = '<script>alert(1)</script>'
const IMG = '"><img src=x onerror=alert(1)>'

/**
 * The user-controlled fields, each carrying both payloads, with single spaces (so what is
 * stored after whitespace normalization is exactly this text).
 */
const fields = {
  title: `عنوان ${SCRIPT} ${IMG} الخبر`,
  excerpt: `ملخص ${SCRIPT} ${IMG} الخبر`,
  tag: `وسم ${SCRIPT} ${IMG}`,
  authorName: `كاتب ${SCRIPT} ${IMG}`,
  authorBio: `سيرة ${SCRIPT} ${IMG}`,
  categoryName: `قسم ${SCRIPT} ${IMG}`,
  categoryDescription: `وصف ${SCRIPT} ${IMG}`,
  byline: `مراسل ${SCRIPT} ${IMG}`,
  dateline: `مدينة ${SCRIPT} ${IMG}`,
}
type Field = keyof typeof fields

const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/**
 * The text as HTML shows it when escaped: `<` and `&` must be entities, `"` must be an entity
 * (it may sit in an attribute), `>` may be either.
 */
function escapedPattern(text: string): RegExp {
  let source = ''
  for (const ch of text) {
    if (ch === '<') source += '&lt;'
    else if (ch === '>') source += '(?:>|&gt;)'
    else if (ch === '"') source += '(?:&quot;|&#34;|&#x22;)'
    else if (ch === '&') source += '&amp;'
    else source += regexEscape(ch)
  }
  return new RegExp(source)
}

/** The payloads never come out as markup; every listed field comes out as escaped text. */
function assertEscaped(html: string, page: string, shown: Field[]) {
  assert.ok(!html.includes(SCRIPT), `${page}: raw <script> payload`)
  assert.ok(!html.includes(IMG), `${page}: raw <img> payload`)
  assert.ok(!/<script>alert/i.test(html), `${page}: an executable <script>`)
  assert.ok(!/<img src=x/i.test(html), `${page}: an <img onerror>`)
  assert.ok(!html.includes('">&lt;img src=x'), `${page}: a quote left unescaped (attribute break-out)`)
  for (const field of shown) assert.match(html, escapedPattern(fields[field]), `${page}: ${field} shown as escaped text`)
}

describeEachDatabase('untrusted text is escaped on every page', (engine) => {
  let t: TestApp
  let author: { id: number; email: string; password: string }
  let articleUrl: string
  let tagUrl: string

  before(async () => {
    t = await buildTestApp(engine)
    author = await makeUser(t.deps, { name: fields.authorName, bio: fields.authorBio, slug: 'hostile-author', role: 'author' })
    const category = await makeCategory(t.deps, { slug: 'hostile-section', name: fields.categoryName, description: fields.categoryDescription })
    const { id } = await makeArticle(t.deps, {
      title: fields.title,
      excerpt: fields.excerpt,
      tags: [fields.tag],
      byline: fields.byline,
      dateline: fields.dateline,
      authorIds: [author.id],
      categoryIds: [category.id],
      publishedAt: new Date('2026-05-10T08:00:00Z'),
    })
    // A second story, so the first one also appears in "previous/next" and related lists.
    await makeArticle(t.deps, { title: 'خبر آخر في القسم', categoryIds: [category.id], tags: [fields.tag], publishedAt: new Date('2026-05-10T09:00:00Z') })
    articleUrl = (await t.app.inject({ url: `/news/${id}` })).headers.location as string
    const article = await t.app.inject({ url: articleUrl })
    tagUrl = /<a href="(\/tag\/[^"]+)" rel="tag">/.exec(article.body)![1]!
  })
  after(() => t.close())

  const pages: Array<[name: string, url: () => string, shown: Field[]]> = [
    ['home', () => '/', ['title', 'excerpt', 'categoryName']],
    ['article', () => articleUrl, ['title', 'excerpt', 'tag', 'authorName', 'categoryName', 'byline', 'dateline']],
    ['category', () => '/category/hostile-section', ['categoryName', 'categoryDescription', 'title', 'excerpt']],
    ['tag', () => tagUrl, ['tag', 'title', 'excerpt']],
    ['author', () => '/author/hostile-author', ['authorName', 'authorBio', 'title', 'excerpt']],
    ['search results', () => `/search?q=${encodeURIComponent('عنوان')}`, ['title', 'excerpt']],
    ['month archive', () => '/archive/2026/05', ['title', 'excerpt']],
    ['year archive', () => '/archive/2026', ['title', 'excerpt']],
  ]
  for (const [name, url, shown] of pages) {
    it(`on the ${name} page`, async () => {
      const res = await t.app.inject({ url: url() })
      assert.equal(res.statusCode, 200)
      // Search results mark the matched words (<mark>, the only markup in a title or snippet).
      assertEscaped(res.body.replace(/<\/?mark>/g, ''), name, shown)
    })
  }

  it('in the search box and heading when the query itself is the payload', async () => {
    const q = `${SCRIPT} ${IMG}`
    const res = await t.app.inject({ url: `/search?q=${encodeURIComponent(q)}` })
    assert.equal(res.statusCode, 200)
    assertEscaped(res.body, 'search for the payload', [])
    assert.match(res.body, escapedPattern(q), 'the query is echoed as text')
  })

  it('on the newsroom dashboard (the user name and the story titles)', async () => {
    const { session } = await signInAs(t.app, author.email, author.password)
    assert.ok(session)
    const res = await t.app.inject({ url: '/newsroom', headers: { cookie: session } })
    assert.equal(res.statusCode, 200)
    assertEscaped(res.body, 'dashboard', ['authorName', 'title'])
  })

  it('on the sign-in form that keeps a hostile email', async () => {
    const form = await openLoginForm(t.app)
    const email = `${IMG}${SCRIPT}@example.com`
    const res = await postLogin(t.app, { email, password: 'whatever', _csrf: form.csrf }, { cookie: form.cookie })
    assert.equal(res.statusCode, 422)
    assertEscaped(res.body, 'sign-in form', [])
    assert.match(res.body, escapedPattern(email))
  })
})
