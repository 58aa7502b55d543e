import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Role } from '../../src/db/schema.js'
import { findComment, insertComment } from '../../src/modules/comments/comments.repository.js'
import { formToken, submitComment, type CommentForm } from '../../src/modules/comments/comments.service.js'
import { saveSiteSettings, type SiteSettings } from '../../src/modules/settings/settings.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfFieldOf, inputValue, signInAs } from './sign-in.js'

const ar = {
  csrf: 'انتهت صلاحية النموذج أو أُرسل من مصدر غير موثوق. أعد تحميل الصفحة وحاول مرة أخرى.',
  forbidden: 'غير مسموح',
  noAction: 'اختر إجراءً من القائمة ثم اضغط «تطبيق».',
  badAction: 'هذا الإجراء غير معروف.',
  noIds: 'لم تختر أي تعليق.',
  badIds: 'قائمة التعليقات المختارة غير صالحة.',
  approvedTwo: 'نُشر تعليقان.',
  editInvalid: 'لم تُحفظ التعديلات. صحّح الحقول المشار إليها ثم أعد الحفظ؛ ما كتبته ما زال هنا.',
  nameRequired: 'اكتب اسم المعلّق؛ لا يُنشر تعليق بلا اسم.',
  urlInvalid: 'الموقع يجب أن يكون رابطًا يبدأ بـ http:// أو https://.',
  replyRequired: 'اكتب نص الرد.',
}

interface Staff {
  id: number
  name: string
  cookie: string
  csrf: string
}

/** The form fields as a browser sends them (repeated keys for multi-valued fields). */
function encode(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
  return body.toString()
}

/** The numbers in the status tabs, in tab order (pending, approved, spam, trash). */
function tabCounts(html: string): number[] {
  const nav = /<nav class="mod-tabs"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? ''
  return [...nav.matchAll(/class="mod-count">(\d+)</g)].map((m) => Number(m[1]))
}

/** Ids of the comments listed on a moderation page, in order. */
const listedIds = (html: string) => [...html.matchAll(/<li class="mod-item" id="c-(\d+)"/g)].map((m) => Number(m[1]))

describeEachDatabase('comment moderation in the newsroom', (engine) => {
  let t: TestApp
  let moderator: Staff
  let lastIp = 0
  let n = 0
  const secret = 'm'.repeat(32)

  async function signIn(role: Role): Promise<Staff> {
    const user = await makeUser(t.deps, { role })
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: `10.9.0.${++lastIp}` })
    assert.ok(session, `signed in as ${role}`)
    // Moderators land on the comment queue; the other roles on the dashboard.
    const dashboard = await t.app.inject({ url: role === 'moderator' ? '/newsroom/comments' : '/newsroom', headers: { cookie: session } })
    const csrf = csrfFieldOf(dashboard.body)
    assert.ok(csrf)
    const name = /<span class="who"><bdi>([^<]*)<\/bdi>/.exec(dashboard.body)?.[1] ?? ''
    return { id: user.id, name, cookie: session, csrf }
  }

  before(async () => {
    t = await buildTestApp(engine)
    moderator = await signIn('moderator')
  })
  after(() => t.close())

  const get = (url: string, who: Staff = moderator) => t.app.inject({ url, headers: { cookie: who.cookie } })
  const post = (url: string, fields: Record<string, string | string[]>, who: Staff = moderator) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: encode(fields) })

  /** A comment stored as-is (status chosen by the test), like the submission service stores it. */
  async function comment(
    articleId: number,
    over: { status?: 'pending' | 'approved' | 'spam' | 'trash'; name?: string; email?: string; url?: string; body?: string; reason?: string; parent?: { id: number; depth: number } } = {},
  ) {
    const i = ++n
    const now = new Date(t.clock.now().getTime() + i * 1000).toISOString()
    return insertComment(t.deps.db, {
      article_id: articleId,
      parent_id: over.parent?.id ?? null,
      depth: over.parent ? over.parent.depth + 1 : 0,
      author_name: over.name ?? `قارئ ${i}`,
      author_email: over.email ?? `reader${i}@example.com`,
      author_url: over.url ?? '',
      body: over.body ?? `تعليق رقم ${i}`,
      status: over.status ?? 'pending',
      user_id: null,
      ip_hash: null,
      user_agent: 'test',
      hold_reason: over.reason ?? '',
      created_at: now,
      updated_at: now,
    })
  }

  const commentCount = async (articleId: number) =>
    Number((await t.deps.db.selectFrom('articles').select('comment_count').where('id', '=', articleId).executeTakeFirstOrThrow()).comment_count)
  const statusOf = async (id: number) => (await findComment(t.deps.db, id))?.status
  const logFor = (commentId: number) => t.deps.db.selectFrom('moderation_log').selectAll().where('comment_id', '=', commentId).orderBy('id').execute()

  it('shows the queues with counts per status, filtered by article', async () => {
    const { id: a } = await makeArticle(t.deps)
    const { id: b } = await makeArticle(t.deps)
    const pending = [await comment(a), await comment(a), await comment(a)]
    await comment(a, { status: 'approved' })
    await comment(a, { status: 'approved' })
    await comment(a, { status: 'spam' })
    await comment(a, { status: 'trash' })
    const other = await comment(b)

    const res = await get(`/newsroom/comments?article=${a}`)
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<html lang="ar" dir="rtl">/)
    assert.equal(res.headers['cache-control'], 'no-store')
    assert.match(res.body, /<meta name="robots" content="noindex, nofollow"/)
    assert.deepEqual(tabCounts(res.body), [3, 2, 1, 1])
    assert.deepEqual(listedIds(res.body), [...pending].reverse(), 'pending queue of article A, newest first')
    assert.ok(!listedIds(res.body).includes(other))

    const spam = await get(`/newsroom/comments?status=spam&article=${a}`)
    assert.equal(listedIds(spam.body).length, 1)
    assert.match(spam.body, /<a href="[^"]*status=spam[^"]*" aria-current="page">/)
  })

  it('lists each comment with what a moderator needs, as text', async () => {
    const { id: a } = await makeArticle(t.deps, { title: 'خبر عن الانتخابات', slug: 'انتخابات-البلدية' })
    const id = await comment(a, { name: 'سلمى', email: 'salma@example.com', url: 'https://salma.example/', body: 'سطر أول\nسطر ثانٍ', reason: 'policy: first comment' })
    const res = await get(`/newsroom/comments?article=${a}`)
    const item = new RegExp(`<li class="mod-item" id="c-${id}"[\\s\\S]*?</li>`).exec(res.body)?.[0] ?? ''
    assert.match(item, /<bdi>سلمى<\/bdi>/)
    assert.ok(item.includes('salma@example.com'), 'moderators see the email')
    assert.match(item, /href="https:\/\/salma\.example\/" rel="nofollow ugc noopener noreferrer"/)
    assert.match(item, /<div class="mod-text" dir="auto">سطر أول\nسطر ثانٍ<\/div>/)
    assert.ok(item.includes(`href="/news/${a}/${encodeURIComponent('انتخابات-البلدية')}#comment-${id}"`), 'links the public page at the comment')
    assert.ok(item.includes('خبر عن الانتخابات'))
    assert.match(item, /<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z"/)
    assert.ok(item.includes('أول تعليق من هذا البريد'), 'the hold reason, in Arabic')
    assert.ok(item.includes('href="/newsroom/comments/commenter?email=salma%40example.com"'), 'a history link per commenter')
    assert.match(item, /<input type="checkbox" name="ids" value="\d+" form="mod-bulk"/)
    for (const action of ['approve', 'spam', 'trash']) assert.ok(item.includes(`name="action" value="${action}"`), `quick ${action} button`)
    assert.ok(!item.includes('name="action" value="restore"'), 'no action that would not change it')
  })

  it('searches text, name and email, taking % and _ literally', async () => {
    const { id: a } = await makeArticle(t.deps)
    const percent = await comment(a, { body: 'خصم 50% اليوم' })
    await comment(a, { body: 'خصم 500 اليوم' })
    const underscore = await comment(a, { name: 'user_one' })
    await comment(a, { name: 'userXone' })
    const byEmail = await comment(a, { email: 'Unique.Finder@Example.com'.toLowerCase() })
    const byName = await comment(a, { name: 'عبد الرحمن الشريف' })

    const search = async (q: string) => listedIds((await get(`/newsroom/comments?article=${a}&q=${encodeURIComponent(q)}`)).body)
    assert.deepEqual(await search('50%'), [percent])
    assert.deepEqual(await search('user_one'), [underscore])
    assert.deepEqual(await search('UNIQUE.finder'), [byEmail], 'email search ignores case')
    assert.deepEqual(await search('الرحمن'), [byName])
    assert.deepEqual(await search('%'), [percent])

    const exact = await get(`/newsroom/comments?email=${encodeURIComponent('unique.finder@example.com')}`)
    assert.deepEqual(listedIds(exact.body), [byEmail])
    assert.equal(inputValue((await get(`/newsroom/comments?article=${a}&q=${encodeURIComponent('50%')}`)).body, 'q'), '50%', 'the search box keeps the query')
  })

  it('applies bulk approve, spam, trash and restore, keeping comment counts, filters and the log right', async () => {
    const { id: a } = await makeArticle(t.deps)
    const [c1, c2, c3] = [await comment(a), await comment(a), await comment(a)]
    let changes = 0
    const listener = () => changes++
    t.deps.events.on('changed', listener)
    try {
      const back = `/newsroom/comments?article=${a}&q=${encodeURIComponent('تعليق رقم')}`
      const approve = await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back, action: 'approve', ids: [String(c1), String(c2)] })
      assert.equal(approve.statusCode, 303)
      const location = new URL(approve.headers.location as string, 'http://x')
      assert.equal(location.pathname, '/newsroom/comments')
      assert.equal(location.searchParams.get('article'), String(a), 'the filters are kept')
      assert.equal(location.searchParams.get('q'), 'تعليق رقم')
      assert.equal(location.searchParams.get('done'), 'approve')
      assert.equal(location.searchParams.get('n'), '2')
      assert.equal(await commentCount(a), 2)
      assert.equal(changes, 1, 'public pages are told to re-render')
      const page = await get(approve.headers.location as string)
      assert.ok(page.body.includes(ar.approvedTwo), 'a notice of how many changed')

      assert.equal((await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back, action: 'spam', ids: String(c1) })).statusCode, 303)
      assert.equal(await statusOf(c1), 'spam')
      assert.equal(await commentCount(a), 1)
      assert.equal((await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back, action: 'trash', ids: [String(c2), String(c3)] })).statusCode, 303)
      assert.deepEqual([await statusOf(c2), await statusOf(c3)], ['trash', 'trash'])
      assert.equal(await commentCount(a), 0)
      const restore = await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back, action: 'restore', ids: [String(c1), String(c2)] })
      assert.equal(new URL(restore.headers.location as string, 'http://x').searchParams.get('n'), '2')
      assert.deepEqual([await statusOf(c1), await statusOf(c2)], ['pending', 'pending'])
      const again = await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back, action: 'restore', ids: String(c1) })
      assert.equal(new URL(again.headers.location as string, 'http://x').searchParams.get('n'), '0', 'nothing changed, nothing counted')
      assert.equal(changes, 4)

      const log = [...(await logFor(c1)), ...(await logFor(c2))]
      assert.deepEqual(log.map((r) => r.action), ['approve', 'spam', 'restore', 'approve', 'trash', 'restore'])
      assert.ok(log.every((r) => r.user_id === moderator.id), 'every action logged with who did it')
    } finally {
      t.deps.events.off('changed', listener)
    }
  })

  it('refuses a bulk action without a valid action or selection with 422 and a clear message', async () => {
    const { id: a } = await makeArticle(t.deps)
    const c = await comment(a)
    const back = `/newsroom/comments?article=${a}`
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ ids: String(c) }, ar.noAction],
      [{ ids: String(c), action: 'delete' }, ar.badAction],
      [{ action: 'approve' }, ar.noIds],
      [{ action: 'approve', ids: ['1', 'abc'] }, ar.badIds],
      [{ action: 'approve', ids: '-3' }, ar.badIds],
    ]
    for (const [fields, message] of cases) {
      const res = await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back, ...fields })
      assert.equal(res.statusCode, 422, JSON.stringify(fields))
      assert.ok(res.body.includes(message), message)
      assert.deepEqual(listedIds(res.body), [c], 'the same queue comes back')
    }
    const kept = await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back, ids: String(c) })
    assert.match(kept.body, new RegExp(`value="${c}" form="mod-bulk" id="sel-${c}" checked`), 'the selection is kept')
    assert.equal(await statusOf(c), 'pending')
  })

  it('returns only to moderation lists, whatever `back` says', async () => {
    const { id: a } = await makeArticle(t.deps)
    const c = await comment(a)
    for (const back of ['https://evil.example/newsroom/comments', '//evil.example/x', '/newsroom/comments/../../login', 'javascript:alert(1)']) {
      const res = await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back, action: 'approve', ids: String(c) })
      assert.equal(res.statusCode, 303)
      assert.match(res.headers.location as string, /^\/newsroom\/comments\?/)
    }
    const fromHistory = await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, back: '/newsroom/comments/commenter?email=someone%40example.com', action: 'trash', ids: String(c) })
    assert.equal(fromHistory.headers.location, '/newsroom/comments/commenter?email=someone%40example.com&done=trash&n=1', 'back to the commenter history')
  })

  it('edits a comment; a refused edit answers 422 with a message per field and keeps what was typed', async () => {
    const { id: a } = await makeArticle(t.deps)
    const c = await comment(a, { status: 'approved', name: 'كريم', body: 'نص أصلي' })
    const form = await get(`/newsroom/comments/${c}/edit?back=${encodeURIComponent(`/newsroom/comments?status=approved&article=${a}`)}`)
    assert.equal(form.statusCode, 200)
    assert.equal(inputValue(form.body, 'name'), 'كريم')
    assert.match(form.body, /<textarea id="edit-body"[^>]*>\n?نص أصلي<\/textarea>/)

    const typed = { name: '', url: 'ftp://nope', body: 'نص جديد كتبه المشرف <b>' }
    const bad = await post(`/newsroom/comments/${c}`, { _csrf: moderator.csrf, back: `/newsroom/comments?status=approved&article=${a}`, ...typed })
    assert.equal(bad.statusCode, 422)
    assert.ok(bad.body.includes(ar.editInvalid))
    assert.match(bad.body, new RegExp(`id="edit-name-error">${ar.nameRequired}<`))
    assert.ok(bad.body.includes(ar.urlInvalid))
    assert.equal(inputValue(bad.body, 'url'), 'ftp://nope', 'typed website kept')
    assert.match(bad.body, /<textarea id="edit-body"[^>]*>\n?نص جديد كتبه المشرف &lt;b><\/textarea>/, 'typed text kept, as text')
    assert.equal((await findComment(t.deps.db, c))?.body, 'نص أصلي', 'nothing saved')

    const good = await post(`/newsroom/comments/${c}`, { _csrf: moderator.csrf, back: `/newsroom/comments?status=approved&article=${a}`, name: ' كريم م. ', url: 'https://karim.example', body: 'نص مصحح' })
    assert.equal(good.statusCode, 303)
    assert.equal(good.headers.location, `/newsroom/comments?status=approved&article=${a}&done=edit`)
    const stored = await findComment(t.deps.db, c)
    assert.deepEqual([stored?.author_name, stored?.author_url, stored?.body], ['كريم م.', 'https://karim.example', 'نص مصحح'])
    assert.deepEqual((await logFor(c)).map((r) => [r.action, r.user_id]), [['edit', moderator.id]])

    assert.equal((await get('/newsroom/comments/999999/edit')).statusCode, 404)
    assert.equal((await get('/newsroom/comments/abc/edit')).statusCode, 404)
  })

  it('replies under a comment at the depth limit at the deepest allowed level, as a reader’s reply would go', async () => {
    const { id: a } = await makeArticle(t.deps)
    const d0 = await comment(a, { status: 'approved' })
    const d1 = await comment(a, { status: 'approved', parent: { id: d0, depth: 0 } })
    const d2 = await comment(a, { status: 'approved', parent: { id: d1, depth: 1 } })
    const reply = async (to: number, body: string) => {
      const res = await post(`/newsroom/comments/${to}/reply`, { _csrf: moderator.csrf, body })
      assert.equal(res.statusCode, 303, res.body)
      const row = await t.deps.db.selectFrom('comments').select(['parent_id', 'depth']).where('body', '=', body).executeTakeFirstOrThrow()
      return [row.parent_id, row.depth]
    }
    const setMaxDepth = async (commentMaxDepth: number) => {
      await saveSiteSettings(t.deps.db, { commentMaxDepth })
      await t.deps.refreshFrame()
    }
    // Default limit 3 (depths 0–2): under d1 a reply nests; under d2 (already deepest) it joins d2's level.
    assert.deepEqual(await reply(d1, 'رد على مستوى ثانٍ'), [d1, 2])
    assert.deepEqual(await reply(d2, 'رد على أعمق تعليق'), [d1, 2])
    try {
      // The limit lowered after the thread grew: a reply to d2 climbs to the deepest level allowed now.
      await setMaxDepth(2)
      assert.deepEqual(await reply(d2, 'رد بعد خفض العمق'), [d0, 1])
      await setMaxDepth(1)
      assert.deepEqual(await reply(d1, 'رد بلا سلاسل'), [null, 0])
    } finally {
      await setMaxDepth(3)
    }
  })

  it('replies as the newsroom: an approved, badged staff comment under the parent', async () => {
    const { id: a } = await makeArticle(t.deps)
    const parent = await comment(a)
    const res = await post(`/newsroom/comments/${parent}/reply`, { _csrf: moderator.csrf, back: `/newsroom/comments?article=${a}`, body: 'شكرًا على ملاحظتك، صحّحنا الخبر.' })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/newsroom/comments?article=${a}&done=reply`)
    const reply = await t.deps.db.selectFrom('comments').selectAll().where('parent_id', '=', parent).executeTakeFirstOrThrow()
    assert.equal(reply.status, 'approved')
    assert.equal(reply.user_id, moderator.id)
    assert.equal(reply.author_name, moderator.name)
    assert.equal(await statusOf(parent), 'approved', 'the pending parent is published with the reply')
    assert.equal(await commentCount(a), 2)
    assert.deepEqual((await logFor(reply.id)).map((r) => [r.action, r.user_id]), [['reply', moderator.id]])

    const approved = await get(`/newsroom/comments?status=approved&article=${a}`)
    assert.match(approved.body, new RegExp(`id="c-${reply.id}"[\\s\\S]*?<span class="badge">فريق التحرير</span>`), 'badged as staff')

    const empty = await post(`/newsroom/comments/${parent}/reply`, { _csrf: moderator.csrf, body: '   ' })
    assert.equal(empty.statusCode, 422)
    assert.ok(empty.body.includes(ar.replyRequired))
    const spam = await comment(a, { status: 'spam' })
    const hidden = await post(`/newsroom/comments/${spam}/reply`, { _csrf: moderator.csrf, body: 'رد لن يراه أحد' })
    assert.equal(hidden.statusCode, 422, 'no reply under a spam comment')
    assert.ok(hidden.body.includes('لا يمكن الرد على تعليق مزعج أو في المهملات'))
    assert.match(hidden.body, /<textarea id="reply-body"[^>]*>\n?رد لن يراه أحد<\/textarea>/, 'the typed reply is kept')
    const nul = await post(`/newsroom/comments/${parent}/reply`, { _csrf: moderator.csrf, body: 'نص\u0000' })
    assert.equal(nul.statusCode, 400, 'a NUL byte is refused with a 4xx, never a 500')
  })

  it('shows a commenter’s whole history and trusts or blocks them in one click', async () => {
    const { id: a } = await makeArticle(t.deps)
    const email = 'history.reader@example.com'
    const ids = [await comment(a, { email, status: 'approved' }), await comment(a, { email, status: 'spam' }), await comment(a, { email, status: 'trash' }), await comment(a, { email })]
    await comment(a, { email: 'someone.else@example.com' })

    const history = await get(`/newsroom/comments/commenter?email=${encodeURIComponent(email.toUpperCase())}`)
    assert.equal(history.statusCode, 200)
    assert.deepEqual(listedIds(history.body).sort(), [...ids].sort(), 'every status, only this email')
    assert.ok(history.body.includes('عادي، تُطبّق عليه سياسة الموقع.'))

    const settings: SiteSettings = { ...t.deps.frame().settings, commentModeration: 'all' }
    const form = (body: string): CommentForm => ({ name: 'قارئ دائم', email, url: '', body, parentId: '', website2: '', token: formToken(secret, new Date(t.clock.now().getTime() - 60_000)) })
    const submit = (body: string) =>
      submitComment(
        t.deps.db,
        form(body),
        { articleId: a, article: { status: 'published', commentStatus: 'open', publishedAt: null }, ip: '203.0.113.7', userAgent: 'test' },
        { settings, secret, limits: { perIp: 1000, perEmail: 1000, windowMinutes: 10 }, now: t.clock.now() },
      )

    // A recently rejected commenter is held whatever the standing; trust must still win here,
    // so the spam/trash comments are moved out of the window first.
    await t.deps.db.updateTable('comments').set({ updated_at: '2020-01-01T00:00:00.000Z' }).where('author_email', '=', email).execute()
    assert.equal((await submit('قبل الوثوق')).status, 'pending', 'hold all')

    const trust = await post('/newsroom/comments/commenter', { _csrf: moderator.csrf, email, action: 'trust' })
    assert.equal(trust.statusCode, 303)
    assert.equal(trust.headers.location, `/newsroom/comments/commenter?email=${encodeURIComponent(email)}&done=trust`)
    assert.equal((await submit('بعد الوثوق')).status, 'approved', 'trusted: approved even under hold all')
    const trusted = await get(trust.headers.location as string)
    assert.ok(trusted.body.includes('أصبح المعلّق موثوقًا'))
    assert.ok(trusted.body.includes('name="action" value="untrust"'), 'one click to undo')

    assert.equal((await post('/newsroom/comments/commenter', { _csrf: moderator.csrf, email, action: 'block' })).statusCode, 303)
    assert.equal((await submit('بعد الحظر')).status, 'spam')
    assert.ok((await get(`/newsroom/comments/commenter?email=${encodeURIComponent(email)}`)).body.includes('name="action" value="unblock"'))
    assert.equal((await post('/newsroom/comments/commenter', { _csrf: moderator.csrf, email, action: 'unblock' })).statusCode, 303)

    const log = await t.deps.db.selectFrom('moderation_log').selectAll().where('detail', '=', email).orderBy('id').execute()
    assert.deepEqual(log.map((r) => [r.action, r.user_id]), [['trust', moderator.id], ['block', moderator.id], ['unblock', moderator.id]])

    const bad = await post('/newsroom/comments/commenter', { _csrf: moderator.csrf, email, action: 'delete' })
    assert.equal(bad.statusCode, 422)
    assert.equal((await get('/newsroom/comments/commenter')).statusCode, 400)
  })

  it('shows the moderation log: who, what, when', async () => {
    const { id: a } = await makeArticle(t.deps)
    const c = await comment(a)
    await post('/newsroom/comments/bulk', { _csrf: moderator.csrf, action: 'spam', ids: String(c) })
    const res = await get('/newsroom/comments/log')
    assert.equal(res.statusCode, 200)
    const row = new RegExp(`<tr>(?:(?!</tr>)[\\s\\S])*?#${c}</a>[\\s\\S]*?</tr>`).exec(res.body)?.[0] ?? ''
    assert.ok(row.includes(`<bdi>${moderator.name}</bdi>`), 'who')
    assert.ok(row.includes('تعليم كمزعج'), 'what')
    assert.match(row, /<time datetime=/, 'when')
  })

  it('refuses every POST without the session CSRF token (403, Arabic message), changing nothing', async () => {
    const { id: a } = await makeArticle(t.deps)
    const c = await comment(a, { body: 'نص لا يتغير' })
    const wrong = 'x'.repeat(moderator.csrf.length)
    const posts: Array<[string, Record<string, string>]> = [
      ['/newsroom/comments/bulk', { action: 'approve', ids: String(c) }],
      [`/newsroom/comments/${c}`, { name: 'اسم', url: '', body: 'نص مزور' }],
      [`/newsroom/comments/${c}/reply`, { body: 'رد مزور' }],
      ['/newsroom/comments/commenter', { email: 'victim@example.com', action: 'block' }],
    ]
    for (const [url, fields] of posts) {
      for (const token of [undefined, wrong, '']) {
        const res = await post(url, token === undefined ? fields : { ...fields, _csrf: token })
        assert.equal(res.statusCode, 403, `${url} with ${token === undefined ? 'no' : 'a wrong'} token`)
        assert.ok(res.body.includes(ar.csrf), 'the Arabic CSRF message')
      }
    }
    const stored = await findComment(t.deps.db, c)
    assert.deepEqual([stored?.status, stored?.body], ['pending', 'نص لا يتغير'])
    assert.equal((await t.deps.db.selectFrom('comments').select('id').where('parent_id', '=', c).execute()).length, 0)
    assert.equal((await t.deps.db.selectFrom('commenters').select('email').where('email', '=', 'victim@example.com').execute()).length, 0)
  })

  it('lets admins, editors and moderators in; authors and contributors get 403 on every route', async () => {
    const { id: a } = await makeArticle(t.deps)
    const c = await comment(a)
    const pages = ['/newsroom/comments', '/newsroom/comments?status=spam', `/newsroom/comments/${c}/edit`, '/newsroom/comments/commenter?email=a%40example.com', '/newsroom/comments/log']
    for (const role of ['admin', 'editor', 'moderator'] as const) {
      const who = role === 'moderator' ? moderator : await signIn(role)
      for (const url of pages) assert.equal((await get(url, who)).statusCode, 200, `${role} ${url}`)
    }
    for (const role of ['author', 'contributor'] as const) {
      const who = await signIn(role)
      for (const url of pages) {
        const res = await get(url, who)
        assert.equal(res.statusCode, 403, `${role} GET ${url}`)
        assert.ok(res.body.includes(ar.forbidden))
      }
      const posts: Array<[string, Record<string, string>]> = [
        ['/newsroom/comments/bulk', { action: 'approve', ids: String(c) }],
        [`/newsroom/comments/${c}`, { name: 'اسم', url: '', body: 'نص' }],
        [`/newsroom/comments/${c}/reply`, { body: 'رد' }],
        ['/newsroom/comments/commenter', { email: 'x@example.com', action: 'trust' }],
      ]
      for (const [url, fields] of posts) assert.equal((await post(url, { ...fields, _csrf: who.csrf }, who)).statusCode, 403, `${role} POST ${url}`)
    }
    assert.equal(await statusOf(c), 'pending')
    assert.equal((await t.app.inject({ url: '/newsroom/comments' })).statusCode, 302, 'no session: to the sign-in form')
  })

  it('answers bad filters with a clear 400, never a 500', async () => {
    for (const query of ['status=deleted', 'article=abc', 'page=-1', `q=${'x'.repeat(300)}`]) {
      const res = await get(`/newsroom/comments?${query}`)
      assert.equal(res.statusCode, 400, query)
      assert.ok(res.body.includes('رابط القائمة يحتوي على تصفية غير صالحة.'))
    }
  })

  it('shows <script> in a name, text or website as text on the queue page', async () => {
    const { id: a } = await makeArticle(t.deps)
    const payload = '<script>alert(1)</script>'
    await comment(a, { name: payload, body: `قبل ${payload} بعد`, url: 'javascript:alert(1)' })
    const res = await get(`/newsroom/comments?article=${a}`)
    assert.ok(!res.body.includes(payload), 'never raw')
    assert.ok(!/<script>alert/i.test(res.body))
    assert.ok(res.body.includes('<bdi>&lt;script>alert(1)&lt;/script></bdi>'), 'the name as text')
    assert.ok(res.body.includes('قبل &lt;script>alert(1)&lt;/script> بعد'), 'the text as text')
    assert.ok(!res.body.includes('href="javascript:'), 'no script URL in a link')
  })
})
