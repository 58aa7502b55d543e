import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../../../test/support/databases.js'
import { makeArticle } from '../../../test/support/factories.js'
import { buildTestApp, type TestApp } from '../../../test/support/test-app.js'
import type { CommentRow } from '../../db/schema.js'
import { commenterHistory, insertComment, listArticleThreads, purgeIpHashes, setCommentStatus, threadPageOf, upsertCommenter } from './comments.repository.js'

describeEachDatabase('comments repository', (engine) => {
  let t: TestApp
  let articleId: number
  let n = 0
  const minute = 60_000

  before(async () => {
    t = await buildTestApp(engine)
    articleId = (await makeArticle(t.deps)).id
  })
  after(() => t.close())

  /** Stores a comment `msAgo` before the fake clock's now. */
  const add = (over: Partial<Omit<CommentRow, 'id'>> = {}, msAgo = 0) => {
    const at = new Date(t.clock.now().getTime() - msAgo).toISOString()
    return insertComment(t.deps.db, {
      article_id: articleId,
      parent_id: null,
      depth: 0,
      author_name: 'قارئ',
      author_email: `reader${++n}@example.com`,
      author_url: '',
      body: `تعليق ${n}`,
      status: 'approved',
      user_id: null,
      ip_hash: null,
      user_agent: '',
      hold_reason: '',
      created_at: at,
      updated_at: at,
      ...over,
    })
  }
  const history = (over: Partial<Parameters<typeof commenterHistory>[1]> = {}) =>
    commenterHistory(t.deps.db, {
      email: 'nobody@example.com',
      ipHash: 'no-ip',
      articleId,
      body: '',
      since: new Date(t.clock.now().getTime() - 10 * minute),
      rejectedSince: new Date(t.clock.now().getTime() - 30 * 86_400_000),
      ...over,
    })

  it("reads an email's recent count, standing, duplicates and flags in one query", async () => {
    const email = 'history@example.com'
    assert.deepEqual(await history({ email }), { recentFromIp: 0, recentFromEmail: 0, approved: 0, recentlyRejected: 0, duplicate: false, trusted: false, blocked: false })
    await add({ author_email: email, body: 'قديم' }, 60 * minute)
    await add({ author_email: email, body: 'جديد' }, minute)
    const spam = await add({ author_email: email, body: 'مزعج', status: 'pending' })
    await setCommentStatus(t.deps.db, [spam], 'spam', t.clock.now())
    await upsertCommenter(t.deps.db, email, { trusted: true }, t.clock.now())
    const h = await history({ email, body: 'جديد' })
    assert.deepEqual(h, { recentFromIp: 0, recentFromEmail: 2, approved: 2, recentlyRejected: 1, duplicate: true, trusted: true, blocked: false })
    assert.equal((await history({ email, body: 'جديد', articleId: articleId + 1000 })).duplicate, false, 'a duplicate is the same text on the same article')
  })

  it('counts comments per IP from the minute counts kept on insert, within the window only', async () => {
    await add({ ip_hash: 'ip-a' }, 30 * minute)
    await add({ ip_hash: 'ip-a' }, 5 * minute)
    await add({ ip_hash: 'ip-a' }, 5 * minute)
    await add({ ip_hash: 'ip-a' })
    await add({ ip_hash: 'ip-b' })
    await add({ ip_hash: null })
    assert.equal((await history({ ipHash: 'ip-a' })).recentFromIp, 3)
    assert.equal((await history({ ipHash: 'ip-b' })).recentFromIp, 1)
    assert.equal((await history({ ipHash: 'ip-a', since: new Date(t.clock.now().getTime() - 60 * minute) })).recentFromIp, 4)
  })

  it('drops minute counts older than a day when a new minute starts', async () => {
    await add({ ip_hash: 'ip-old' }, 25 * 60 * minute)
    assert.equal((await history({ ipHash: 'ip-old', since: new Date(0) })).recentFromIp, 1)
    await add({ ip_hash: 'ip-new' })
    assert.equal((await history({ ipHash: 'ip-old', since: new Date(0) })).recentFromIp, 0)
    assert.equal((await history({ ipHash: 'ip-new', since: new Date(0) })).recentFromIp, 1)
  })

  it('erases minute counts with the IP hashes past retention', async () => {
    await add({ ip_hash: 'ip-retained' }, 2 * 86_400_000)
    assert.equal((await history({ ipHash: 'ip-retained', since: new Date(0) })).recentFromIp, 1)
    await purgeIpHashes(t.deps.db, new Date(t.clock.now().getTime() - 86_400_000))
    assert.equal((await history({ ipHash: 'ip-retained', since: new Date(0) })).recentFromIp, 0)
  })

  it('pages threads with their replies; a held reply only for its author, spam never', async () => {
    const article = (await makeArticle(t.deps)).id
    const threads: number[] = []
    for (let i = 0; i < 7; i++) threads.push(await add({ article_id: article }, (100 - i) * minute))
    const reply = await add({ article_id: article, parent_id: threads[6]!, depth: 1 }, 10 * minute)
    const nested = await add({ article_id: article, parent_id: reply, depth: 2 }, 9 * minute)
    const held = await add({ article_id: article, parent_id: threads[6]!, depth: 1, status: 'pending' }, 8 * minute)
    await add({ article_id: article, parent_id: threads[6]!, depth: 1, status: 'spam' }, 7 * minute)

    const page2 = await listArticleThreads(t.deps.db, article, { order: 'oldest', limit: 5, offset: 5 })
    assert.deepEqual(
      page2.comments.map((c) => c.id),
      [threads[5], threads[6], reply, nested],
    )
    assert.equal(page2.threads, 7)
    assert.equal(page2.total, 9)
    const own = await listArticleThreads(t.deps.db, article, { order: 'oldest', limit: 5, offset: 5, pendingIds: [held] })
    assert.deepEqual(
      own.comments.map((c) => c.id),
      [threads[5], threads[6], reply, held, nested],
    )

    assert.equal(await threadPageOf(t.deps.db, threads[4]!, 'oldest', 5), 1)
    assert.equal(await threadPageOf(t.deps.db, nested, 'oldest', 5), 2, "a reply is on its thread's page")
    assert.equal(await threadPageOf(t.deps.db, nested, 'newest', 5), 1)
  })
})
