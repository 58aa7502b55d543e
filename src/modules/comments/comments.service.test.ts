import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeArticle } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import { AppError } from '../../lib/errors.js'
import { siteSettingsSchema, type SiteSettings } from '../settings/settings.service.js'
import { findComment, setCommentStatus, upsertCommenter } from './comments.repository.js'
import { formToken, submitComment, type CommentForm } from './comments.service.js'

describeEachDatabase('comment submission', (engine) => {
  let t: TestApp
  let articleId: number
  const article = { status: 'published', commentStatus: 'open' as const, publishedAt: '2026-05-10T00:00:00.000Z' }
  let settings: SiteSettings
  const secret = 'x'.repeat(32)
  const limits = { perIp: 1000, perEmail: 1000, windowMinutes: 10 }
  let n = 0

  before(async () => {
    t = await buildTestApp(engine)
    articleId = (await makeArticle(t.deps)).id
    settings = siteSettingsSchema.parse({ commentBlocklist: ['كلب'], commentWatchlist: ['مراهنات'] })
  })
  after(() => t.close())

  const form = (over: Partial<CommentForm> = {}): CommentForm => ({
    name: 'قارئ',
    email: `reader${++n}@example.com`,
    url: '',
    body: `تعليق رقم ${n}`,
    parentId: '',
    website2: '',
    token: formToken(secret, new Date(t.clock.now().getTime() - 60_000)),
    ...over,
  })
  const submit = (f: CommentForm, s: Partial<SiteSettings> = {}, ip = '203.0.113.9') =>
    submitComment(t.deps.db, f, { articleId, article, ip, userAgent: 'test' }, { settings: { ...settings, ...s }, secret, limits, now: t.clock.now() })

  it('holds the first comment of an unknown email, approves the next once one is approved', async () => {
    const first = await submit(form({ email: 'new@example.com' }))
    assert.equal(first.status, 'pending')
    await setCommentStatus(t.deps.db, [first.id], 'approved', t.clock.now())
    assert.equal((await submit(form({ email: 'new@example.com' }))).status, 'approved')
  })

  it('follows the hold-all and hold-none policies', async () => {
    await upsertCommenter(t.deps.db, 'regular@example.com', { trusted: false }, t.clock.now())
    assert.equal((await submit(form(), { commentModeration: 'all' })).status, 'pending')
    assert.equal((await submit(form(), { commentModeration: 'none' })).status, 'approved')
  })

  it('sends blocklisted words to spam and watchlisted words to the queue, Arabic-aware', async () => {
    assert.equal((await submit(form({ body: 'يا الكَلـب' }), { commentModeration: 'none' })).status, 'spam')
    assert.equal((await submit(form({ body: 'موقع للمراهنات' }), { commentModeration: 'none' })).status, 'pending')
    assert.equal((await submit(form({ body: 'الكلبشة في يده' }), { commentModeration: 'none' })).status, 'approved')
  })

  it('catches honeypots, fast fills, many links and blocked commenters', async () => {
    assert.equal((await submit(form({ website2: 'http://spam' }), { commentModeration: 'none' })).status, 'spam')
    assert.equal((await submit(form({ token: formToken(secret, t.clock.now()) }), { commentModeration: 'none' })).status, 'pending')
    assert.equal((await submit(form({ token: 'forged.token' }), { commentModeration: 'none' })).status, 'pending')
    assert.equal((await submit(form({ body: 'http://a.example http://b.example http://c.example' }), { commentModeration: 'none' })).status, 'pending')
    await upsertCommenter(t.deps.db, 'troll@example.com', { blocked: true }, t.clock.now())
    assert.equal((await submit(form({ email: 'troll@example.com' }), { commentModeration: 'none' })).status, 'spam')
  })

  it('holds a commenter whose comments were recently rejected, and trusts the trusted', async () => {
    const c = await submit(form({ email: 'meh@example.com' }), { commentModeration: 'none' })
    await setCommentStatus(t.deps.db, [c.id], 'spam', t.clock.now())
    assert.equal((await submit(form({ email: 'meh@example.com' }), { commentModeration: 'none' })).status, 'pending')
    await upsertCommenter(t.deps.db, 'fan@example.com', { trusted: true }, t.clock.now())
    assert.equal((await submit(form({ email: 'fan@example.com' }), { commentModeration: 'all' })).status, 'approved')
  })

  it('stores the text exactly as typed and the email lower-cased, the IP only as a hash', async () => {
    const body = '  سطر أول\n\n<b>ليس HTML</b> &amp; ‮عكس  '
    const { id } = await submit(form({ body, email: 'Mixed@Example.COM' }))
    const row = (await findComment(t.deps.db, id))!
    assert.equal(row.body, body)
    assert.equal(row.author_email, 'mixed@example.com')
    assert.ok(row.ip_hash && !row.ip_hash.includes('203.0.113.9'))
  })

  it('answers invalid input with per-field messages', async () => {
    await assert.rejects(submit(form({ name: ' ', email: 'nope', url: 'javascript:alert(1)', body: '' })), (e: unknown) => {
      assert.ok(e instanceof AppError)
      assert.equal(e.status, 422)
      assert.deepEqual(Object.keys(e.fields).sort(), ['body', 'email', 'name', 'url'])
      return true
    })
    await assert.rejects(submit(form({ body: 'x'.repeat(5001) })), (e: unknown) => e instanceof AppError && e.fields.body === 'comment.error.bodyTooLong')
    await assert.rejects(submit(form({ name: 'a\u0000b' })), (e: unknown) => e instanceof AppError && e.fields.name === 'comment.error.forbiddenChars')
  })

  it('places replies by the depth limit: nested while allowed, then at the deepest allowed level; top level without threads', async () => {
    const open = { commentModeration: 'none' as const }
    const placed = async (parentId: number, s: Partial<SiteSettings> = {}) => {
      const { id, status } = await submit(form({ parentId: String(parentId) }), { ...open, ...s })
      assert.equal(status, 'approved')
      const row = (await findComment(t.deps.db, id))!
      return { id, at: [row.parent_id, row.depth] }
    }
    const d0 = (await submit(form(), open)).id
    const d1 = await placed(d0)
    const d2 = await placed(d1.id)
    assert.deepEqual([d1.at, d2.at], [[d0, 1], [d1.id, 2]], 'default limit 3: depths 0, 1, 2')
    assert.deepEqual((await placed(d2.id)).at, [d1.id, 2], 'a reply to the deepest comment joins its level')
    assert.deepEqual((await placed(d2.id, { commentMaxDepth: 2 })).at, [d0, 1], 'a limit lowered after the thread grew: up to the deepest level allowed now')
    assert.deepEqual((await placed(d1.id, { commentMaxDepth: 1 })).at, [null, 0], 'no threads: a top-level comment')
  })

  it('refuses duplicates, closed articles, foreign parents, and floods', async () => {
    const f = form({ email: 'dup@example.com', body: 'نفس النص' })
    await submit(f)
    await assert.rejects(submit({ ...f }), (e: unknown) => e instanceof AppError && e.status === 409)
    await assert.rejects(
      submitComment(t.deps.db, form(), { articleId, article: { ...article, commentStatus: 'closed' }, ip: '1.1.1.1', userAgent: '' }, { settings, secret, limits, now: t.clock.now() }),
      (e: unknown) => e instanceof AppError && e.status === 403,
    )
    const other = (await makeArticle(t.deps)).id
    const foreign = await submitComment(t.deps.db, form(), { articleId: other, article, ip: '1.1.1.1', userAgent: '' }, { settings: { ...settings, commentModeration: 'none' }, secret, limits, now: t.clock.now() })
    await assert.rejects(submit(form({ parentId: String(foreign.id) })), (e: unknown) => e instanceof AppError && e.status === 422)
    const tight = { perIp: 2, perEmail: 100, windowMinutes: 10 }
    const flood = () => submitComment(t.deps.db, form(), { articleId, article, ip: '198.51.100.1', userAgent: '' }, { settings, secret, limits: tight, now: t.clock.now() })
    await flood()
    await flood()
    await assert.rejects(flood(), (e: unknown) => e instanceof AppError && e.status === 429)
  })
})
