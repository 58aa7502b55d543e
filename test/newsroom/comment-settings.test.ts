import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfFieldOf, signInAs } from './sign-in.js'

describeEachDatabase('comment policy settings', (engine) => {
  let t: TestApp
  let editor: string
  let moderator: string
  before(async () => {
    t = await buildTestApp(engine)
    const e = await makeUser(t.deps, { role: 'editor' })
    const m = await makeUser(t.deps, { role: 'moderator' })
    editor = (await signInAs(t.app, e.email, e.password, { remoteAddress: '198.51.100.20' })).session!
    moderator = (await signInAs(t.app, m.email, m.password, { remoteAddress: '198.51.100.21' })).session!
  })
  after(() => t.close())

  const form = (csrf: string, over: Record<string, string> = {}) =>
    new URLSearchParams({
      _csrf: csrf,
      commentModeration: 'all',
      commentMaxDepth: '4',
      commentOrder: 'newest',
      commentsPerPage: '20',
      commentCloseAfterDays: '30',
      commentIpRetentionDays: '14',
      commentMinFillSeconds: '5',
      commentMaxLinks: '1',
      commentBlocklist: 'كلب\nكازينو\n\nكلب',
      commentWatchlist: 'مراهنات',
      ...over,
    }).toString()
  const post = (cookie: string, payload: string) =>
    t.app.inject({ method: 'POST', url: '/newsroom/comments/settings', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload })

  it('lets editors read and save the policy, deduplicating word lists', async () => {
    const page = await t.app.inject({ url: '/newsroom/comments/settings', headers: { cookie: editor } })
    assert.equal(page.statusCode, 200)
    const res = await post(editor, form(csrfFieldOf(page.body)!))
    assert.equal(res.statusCode, 303)
    const s = t.deps.frame().settings
    assert.equal(s.commentModeration, 'all')
    assert.equal(s.commentMaxDepth, 4)
    assert.equal(s.commentOrder, 'newest')
    assert.deepEqual(s.commentBlocklist, ['كلب', 'كازينو'])
    const log = await t.deps.db.selectFrom('moderation_log').selectAll().where('action', '=', 'settings').execute()
    assert.equal(log.length, 1)
  })

  it('answers invalid values with 422, a message per field, and keeps what was typed', async () => {
    const page = await t.app.inject({ url: '/newsroom/comments/settings', headers: { cookie: editor } })
    const res = await post(editor, form(csrfFieldOf(page.body)!, { commentMaxDepth: '99', commentModeration: 'sometimes', commentWatchlist: 'نص كتبه المحرر' }))
    assert.equal(res.statusCode, 422)
    assert.match(res.body, /اكتب رقمًا صحيحًا بين 1 و10\./)
    assert.match(res.body, /اختر أحد الخيارات المعروضة\./)
    assert.match(res.body, /value="99"/)
    assert.match(res.body, /نص كتبه المحرر/)
    assert.equal(t.deps.frame().settings.commentMaxDepth, 4, 'nothing saved')
  })

  it('refuses a missing CSRF token and keeps moderators out', async () => {
    assert.equal((await post(editor, form('wrong'))).statusCode, 403)
    assert.equal((await t.app.inject({ url: '/newsroom/comments/settings', headers: { cookie: moderator } })).statusCode, 403)
    assert.equal((await post(moderator, form('x'))).statusCode, 403)
    const home = await t.app.inject({ url: '/newsroom', headers: { cookie: moderator } })
    assert.equal(home.statusCode, 303)
    assert.equal(home.headers.location, '/newsroom/comments')
  })
})
