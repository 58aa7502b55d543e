import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Role } from '../../src/db/schema.js'
import { t as translate } from '../../src/i18n/index.js'
import { findCategoryBySlug, findTagBySlug } from '../../src/modules/taxonomy/taxonomy.repository.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfFieldOf, inputValue, signInAs } from './sign-in.js'

interface Staff {
  id: number
  cookie: string
  csrf: string
}

/** The HTML-escaped form of a message, as it appears in a page. */
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

describeEachDatabase('taxonomy in the newsroom', (engine) => {
  let t: TestApp
  let editor: Staff
  let lastIp = 0

  async function signIn(role: Role): Promise<Staff> {
    const user = await makeUser(t.deps, { role })
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: `10.8.0.${++lastIp}` })
    assert.ok(session, `signed in as ${role}`)
    const home = await t.app.inject({ url: role === 'moderator' ? '/newsroom/comments' : '/newsroom', headers: { cookie: session } })
    const csrf = csrfFieldOf(home.body)
    assert.ok(csrf)
    return { id: user.id, cookie: session, csrf }
  }

  before(async () => {
    t = await buildTestApp(engine)
    editor = await signIn('editor')
  })
  after(() => t.close())

  const get = (url: string, who: Staff = editor) => t.app.inject({ url, headers: { cookie: who.cookie } })
  /** POSTs a form; then waits for the navigation reload that a change starts in the background. */
  async function post(url: string, fields: Record<string, string>, who: Staff = editor) {
    const res = await t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString() })
    await t.deps.refreshFrame()
    return res
  }
  const publicGet = (url: string) => t.app.inject({ url })
  const auditActions = async () => (await t.deps.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action)
  const categoriesOf = async (articleId: number) =>
    (await t.deps.db.selectFrom('article_categories').select(['category_id', 'position']).where('article_id', '=', articleId).orderBy('position').execute()).map((r) => [r.category_id, r.position])

  it('opens for admins and editors, refuses other roles with 403 and sends visitors to sign in', async () => {
    const admin = await signIn('admin')
    for (const url of ['/newsroom/taxonomy', '/newsroom/taxonomy/tags']) {
      assert.equal((await get(url, admin)).statusCode, 200)
      assert.equal((await get(url)).statusCode, 200)
    }
    for (const role of ['author', 'contributor', 'moderator'] as const) {
      const who = await signIn(role)
      assert.equal((await get('/newsroom/taxonomy', who)).statusCode, 403, role)
      assert.equal((await post('/newsroom/taxonomy/categories', { name: 'ممنوع' }, who)).statusCode, 403, role)
    }
    const visitor = await t.app.inject({ url: '/newsroom/taxonomy' })
    assert.equal(visitor.statusCode, 302)
    assert.match(visitor.headers.location ?? '', /^\/newsroom\/login\?next=%2Fnewsroom%2Ftaxonomy/)
    assert.equal(await findCategoryBySlug(t.deps.db, 'ممنوع'), undefined)
  })

  it('refuses a POST without the session CSRF token', async () => {
    const res = await post('/newsroom/taxonomy/categories', { name: 'بلا رمز', _csrf: 'wrong' })
    assert.equal(res.statusCode, 403)
    assert.equal(await findCategoryBySlug(t.deps.db, 'بلا-رمز'), undefined)
    assert.equal((await post('/newsroom/taxonomy/tags', { name: 'بلا رمز', _csrf: '' })).statusCode, 403)
  })

  it('creates a category with an Arabic slug, renames it and 301s the old URL', async () => {
    const created = await post('/newsroom/taxonomy/categories', { name: 'الرِّياضةُ المحلية', slug: '', parent: '', description: '' })
    assert.equal(created.statusCode, 303)
    const category = await findCategoryBySlug(t.deps.db, 'الرياضة-المحلية')
    assert.ok(category, 'slug without diacritics, NFC')
    assert.equal(category.name, 'الرِّياضةُ المحلية')
    assert.equal((await publicGet('/category/' + encodeURIComponent('الرياضة-المحلية'))).statusCode, 200)

    const renamed = await post(`/newsroom/taxonomy/categories/${category.id}`, { name: 'رياضة', slug: 'sport', parent: '', description: 'أخبار الملاعب' })
    assert.equal(renamed.statusCode, 303)
    const old = await publicGet('/category/' + encodeURIComponent('الرياضة-المحلية'))
    assert.equal(old.statusCode, 301)
    assert.equal(old.headers.location, '/category/sport')
    assert.equal((await publicGet('/category/sport')).statusCode, 200)

    // A second rename points the first old URL straight at the newest one (no chain).
    await post(`/newsroom/taxonomy/categories/${category.id}`, { name: 'رياضة', slug: 'sports', parent: '', description: '' })
    assert.equal((await publicGet('/category/' + encodeURIComponent('الرياضة-المحلية'))).headers.location, '/category/sports')
    assert.equal((await publicGet('/category/sport')).headers.location, '/category/sports')
    const actions = await auditActions()
    assert.ok(actions.includes('category.create') && actions.includes('category.rename'))
  })

  it('refuses a duplicate slug with 422, a clear message and the typed values kept', async () => {
    await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد' })
    const res = await post('/newsroom/taxonomy/categories', { name: 'مال وأعمال', slug: 'Economy', parent: '', description: 'وصف كتبته' })
    assert.equal(res.statusCode, 422)
    assert.ok(res.body.includes(escaped(translate('taxonomy.error.categorySlugTaken', { slug: 'economy' }))))
    assert.equal(inputValue(res.body, 'name'), 'مال وأعمال')
    assert.equal(inputValue(res.body, 'slug'), 'Economy')
    assert.match(res.body, /وصف كتبته<\/textarea>/)

    const tag = await post('/newsroom/taxonomy/tags', { name: 'وسم أول', slug: 'first' })
    assert.equal(tag.statusCode, 303)
    const again = await post('/newsroom/taxonomy/tags', { name: 'وسم آخر', slug: 'first' })
    assert.equal(again.statusCode, 422)
    assert.ok(again.body.includes(escaped(translate('taxonomy.error.tagSlugTaken', { slug: 'first' }))))
    assert.equal(inputValue(again.body, 'name'), 'وسم آخر')
  })

  it('prevents cycles in nesting', async () => {
    const parent = await makeCategory(t.deps, { name: 'عالم' })
    const child = await makeCategory(t.deps, { name: 'آسيا', parentId: parent.id })
    const grandchild = await makeCategory(t.deps, { name: 'اليابان', parentId: child.id })
    const res = await post(`/newsroom/taxonomy/categories/${parent.id}`, { name: 'عالم', slug: parent.slug, parent: String(grandchild.id), description: '' })
    assert.equal(res.statusCode, 422)
    assert.ok(res.body.includes(translate('taxonomy.error.cycle')))
    const self = await post(`/newsroom/taxonomy/categories/${parent.id}`, { name: 'عالم', slug: parent.slug, parent: String(parent.id), description: '' })
    assert.equal(self.statusCode, 422)
    const row = await t.deps.db.selectFrom('categories').select('parent_id').where('id', '=', parent.id).executeTakeFirstOrThrow()
    assert.equal(row.parent_id, null)
  })

  it('orders siblings with up/down and a position number', async () => {
    const root = await makeCategory(t.deps, { name: 'جذر' })
    const a = await makeCategory(t.deps, { name: 'أ', parentId: root.id })
    const b = await makeCategory(t.deps, { name: 'ب', parentId: root.id })
    const c = await makeCategory(t.deps, { name: 'ج', parentId: root.id })
    const order = async () => (await t.deps.db.selectFrom('categories').select('id').where('parent_id', '=', root.id).orderBy('position').execute()).map((r) => r.id)
    assert.equal((await post(`/newsroom/taxonomy/categories/${c.id}/move`, { direction: 'up' })).statusCode, 303)
    assert.deepEqual(await order(), [a.id, c.id, b.id])
    assert.equal((await post(`/newsroom/taxonomy/categories/${b.id}/move`, { position: '1' })).statusCode, 303)
    assert.deepEqual(await order(), [b.id, a.id, c.id])
    assert.equal((await post(`/newsroom/taxonomy/categories/${b.id}/move`, { position: 'x' })).statusCode, 422)
  })

  it('merges a category: articles move (primary kept), the category goes, its URL 301s to the target', async () => {
    const from = await makeCategory(t.deps, { slug: 'old-news', name: 'قديم' })
    const into = await makeCategory(t.deps, { slug: 'new-news', name: 'جديد' })
    const sub = await makeCategory(t.deps, { name: 'فرعي', parentId: from.id })
    const only = await makeArticle(t.deps, { categoryIds: [from.id] })
    const both = await makeArticle(t.deps, { categoryIds: [from.id, into.id] })
    const res = await post(`/newsroom/taxonomy/categories/${from.id}/merge`, { into: String(into.id) })
    assert.equal(res.statusCode, 303)
    assert.deepEqual(await categoriesOf(only.id), [[into.id, 0]])
    assert.deepEqual(await categoriesOf(both.id), [[into.id, 0]])
    assert.equal(await findCategoryBySlug(t.deps.db, 'old-news'), undefined)
    const moved = await t.deps.db.selectFrom('categories').select('parent_id').where('id', '=', sub.id).executeTakeFirstOrThrow()
    assert.equal(moved.parent_id, into.id)
    const old = await publicGet('/category/old-news')
    assert.equal(old.statusCode, 301)
    assert.equal(old.headers.location, '/category/new-news')
    assert.equal((await post(`/newsroom/taxonomy/categories/${into.id}/merge`, { into: String(into.id) })).statusCode, 422)
    assert.ok((await auditActions()).includes('category.merge'))
  })

  it('deletes a category only when empty or its articles move; the URL 301s to the target or parent', async () => {
    const parent = await makeCategory(t.deps, { slug: 'culture', name: 'ثقافة' })
    const full = await makeCategory(t.deps, { slug: 'books', name: 'كتب', parentId: parent.id })
    const other = await makeCategory(t.deps, { slug: 'arts', name: 'فنون' })
    const article = await makeArticle(t.deps, { categoryIds: [full.id] })
    const refused = await post(`/newsroom/taxonomy/categories/${full.id}/delete`, { moveTo: '' })
    assert.equal(refused.statusCode, 422)
    assert.ok(refused.body.includes(translate('taxonomy.error.notEmpty')))
    assert.ok(await findCategoryBySlug(t.deps.db, 'books'), 'still there')

    assert.equal((await post(`/newsroom/taxonomy/categories/${full.id}/delete`, { moveTo: String(other.id) })).statusCode, 303)
    assert.deepEqual(await categoriesOf(article.id), [[other.id, 0]])
    assert.equal((await publicGet('/category/books')).headers.location, '/category/arts')

    const empty = await makeCategory(t.deps, { slug: 'poetry', name: 'شعر', parentId: parent.id })
    assert.equal((await post(`/newsroom/taxonomy/categories/${empty.id}/delete`, {})).statusCode, 303)
    assert.equal((await publicGet('/category/poetry')).headers.location, '/category/culture')
    assert.equal((await auditActions()).filter((a) => a === 'category.delete').length, 2)
  })

  it('lists, searches, renames (301), merges (301) and deletes (410) tags', async () => {
    const a1 = await makeArticle(t.deps, { tags: ['انتخابات', 'برلمان'] })
    const a2 = await makeArticle(t.deps, { tags: ['انتخابات'] })
    const list = await get('/newsroom/taxonomy/tags?q=' + encodeURIComponent('انتخ'))
    assert.equal(list.statusCode, 200)
    assert.ok(list.body.includes('انتخابات'))
    assert.ok(!list.body.includes('برلمان'))

    const election = await findTagBySlug(t.deps.db, 'انتخابات')
    const parliament = await findTagBySlug(t.deps.db, 'برلمان')
    assert.ok(election && parliament)
    assert.equal((await post(`/newsroom/taxonomy/tags/${election.id}`, { name: 'الانتخابات', slug: 'elections' })).statusCode, 303)
    const old = await publicGet('/tag/' + encodeURIComponent('انتخابات'))
    assert.equal(old.statusCode, 301)
    assert.equal(old.headers.location, '/tag/elections')

    assert.equal((await post(`/newsroom/taxonomy/tags/${parliament.id}/merge`, { into: 'elections' })).statusCode, 303)
    const links = await t.deps.db.selectFrom('article_tags').select(['article_id']).where('tag_id', '=', election.id).orderBy('article_id').execute()
    assert.deepEqual(links.map((r) => r.article_id).sort(), [a1.id, a2.id].sort())
    assert.equal((await publicGet('/tag/' + encodeURIComponent('برلمان'))).headers.location, '/tag/elections')
    const missing = await post(`/newsroom/taxonomy/tags/${election.id}/merge`, { into: 'لا يوجد' })
    assert.equal(missing.statusCode, 422)
    assert.equal(inputValue(missing.body, 'into'), 'لا يوجد')

    assert.equal((await post(`/newsroom/taxonomy/tags/${election.id}/delete`, {})).statusCode, 303)
    assert.equal((await publicGet('/tag/elections')).statusCode, 410)
    assert.equal((await publicGet('/tag/' + encodeURIComponent('برلمان'))).statusCode, 410, 'redirects to a deleted tag are gone too')
    const actions = await auditActions()
    for (const action of ['tag.create', 'tag.rename', 'tag.merge', 'tag.delete']) assert.ok(actions.includes(action), action)
  })

  it('escapes a <script> category name on the taxonomy pages', async () => {
    const name = '<script>alert(1)</script>'
    assert.equal((await post('/newsroom/taxonomy/categories', { name, slug: 'xss', parent: '', description: '' })).statusCode, 303)
    const category = await findCategoryBySlug(t.deps.db, 'xss')
    assert.ok(category)
    for (const url of ['/newsroom/taxonomy', `/newsroom/taxonomy/categories/${category.id}`]) {
      const res = await get(url)
      assert.equal(res.statusCode, 200)
      assert.ok(!res.body.includes('<script>alert(1)'), url)
      assert.match(res.body, /&lt;script(>|&gt;)alert\(1\)&lt;\/script/, url)
    }
  })
})
