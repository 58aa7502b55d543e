import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Role } from '../../src/db/schema.js'
import { recordAudit } from '../../src/modules/audit/audit.repository.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfFieldOf, signInAs } from './sign-in.js'

describeEachDatabase('audit log in the newsroom', (engine) => {
  let t: TestApp
  let editor: { id: number; cookie: string; csrf: string }
  let lastIp = 0

  async function signIn(role: Role, name?: string) {
    const user = await makeUser(t.deps, { role, name })
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: `10.7.0.${++lastIp}` })
    assert.ok(session, `signed in as ${role}`)
    const home = await t.app.inject({ url: role === 'moderator' ? '/newsroom/comments' : '/newsroom', headers: { cookie: session } })
    const csrf = csrfFieldOf(home.body)
    assert.ok(csrf)
    return { id: user.id, cookie: session, csrf }
  }

  before(async () => {
    t = await buildTestApp(engine)
    editor = await signIn('editor', 'محررة <b>الأخبار</b>')
  })
  after(() => t.close())

  const get = (url: string, cookie = editor.cookie) => t.app.inject({ url, headers: { cookie } })
  /** The action codes of the table's rows, in order. */
  const actionsShown = (html: string) => [...html.matchAll(/<code dir="ltr">([^<]+)<\/code>/g)].map((m) => m[1])

  it('opens for admins and editors only; visitors are sent to sign in', async () => {
    const admin = await signIn('admin')
    assert.equal((await get('/newsroom/audit', admin.cookie)).statusCode, 200)
    assert.equal((await get('/newsroom/audit')).statusCode, 200)
    for (const role of ['author', 'contributor', 'moderator'] as const) {
      const who = await signIn(role)
      assert.equal((await get('/newsroom/audit', who.cookie)).statusCode, 403, role)
    }
    const visitor = await t.app.inject({ url: '/newsroom/audit' })
    assert.equal(visitor.statusCode, 302)
    assert.match(visitor.headers.location ?? '', /^\/newsroom\/login\?next=%2Fnewsroom%2Faudit/)
  })

  it('shows lines written by taxonomy changes, newest first, with dates and escaped names', async () => {
    const post = (url: string, fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: editor.csrf, ...fields }).toString() })
    assert.equal((await post('/newsroom/taxonomy/categories', { name: 'منوعات', slug: 'misc' })).statusCode, 303)
    t.clock.advance(60_000)
    assert.equal((await post('/newsroom/taxonomy/tags', { name: 'طقس', slug: 'weather' })).statusCode, 303)
    const res = await get('/newsroom/audit')
    assert.equal(res.statusCode, 200)
    const shown = actionsShown(res.body)
    assert.ok(shown.indexOf('tag.create') < shown.indexOf('category.create') && shown.indexOf('tag.create') >= 0, 'newest first')
    assert.match(res.body, /<time datetime="\d{4}-\d{2}-\d{2}T/)
    assert.ok(res.body.includes('<bdi>محررة &lt;b>الأخبار&lt;/b></bdi>'))
    assert.ok(!res.body.includes('<b>الأخبار</b>'))
  })

  it('filters by action family and by user, and pages', async () => {
    const admin = await makeUser(t.deps, { role: 'admin', name: 'مدير النظام' })
    const now = t.deps.clock.now()
    await recordAudit(t.deps.db, { userId: admin.id, action: 'article.publish', subjectType: 'article', subjectId: 7, detail: 'خبر' }, now)
    await recordAudit(t.deps.db, { userId: null, action: 'settings.update', subjectType: 'settings' }, now)
    for (let i = 0; i < 55; i++) await recordAudit(t.deps.db, { userId: admin.id, action: 'user.role', subjectType: 'user', subjectId: i }, now)

    const articles = await get('/newsroom/audit?action=article')
    assert.deepEqual(actionsShown(articles.body), ['article.publish'])
    const byEditor = await get(`/newsroom/audit?user=${editor.id}`)
    assert.deepEqual(new Set(actionsShown(byEditor.body)), new Set(['category.create', 'tag.create']))
    assert.ok((await get('/newsroom/audit?action=settings')).body.includes('النظام'))

    const users = await get(`/newsroom/audit?action=user&user=${admin.id}`)
    assert.equal(actionsShown(users.body).length, 50)
    assert.match(users.body, /rel="next"/)
    const second = await get(`/newsroom/audit?action=user&user=${admin.id}&page=2`)
    assert.equal(actionsShown(second.body).length, 5)
    assert.equal((await get('/newsroom/audit?action=nonsense')).statusCode, 400)
  })
})
