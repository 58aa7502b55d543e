/**
 * Content changed by another process reaches this one's render cache: a second server instance on
 * the same database (PostgreSQL behind a load balancer, or two servers on one SQLite file), and
 * commands such as `sahifa import` (a process that changes content and exits). Each change is
 * counted in change_signals; each server polls the counters (SAHIFA_CHANGE_POLL_MS).
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { createDeps } from '../../src/container.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle } from '../support/factories.js'
import { buildSecondInstance, buildTestApp, type TestApp } from '../support/test-app.js'

describeEachDatabase('changes made by other processes', (engine) => {
  let a: TestApp
  let b: Awaited<ReturnType<typeof buildSecondInstance>>
  before(async () => {
    a = await buildTestApp(engine)
    await makeArticle(a.deps, { title: 'الخبر الأول على الموقع' })
    b = await buildSecondInstance(a)
  })
  after(async () => {
    await b.close()
    await a.close()
  })

  const home = async (instance: { app: TestApp['app'] }) => (await instance.app.inject({ url: '/' })).body

  it('a story published on one instance shows on the other after its next poll, not before', async () => {
    assert.match(await home(b), /الخبر الأول على الموقع/)

    await makeArticle(a.deps, { title: 'خبر نشرته النسخة الأخرى' })
    await a.deps.changes.settled()
    assert.match(await home(a), /خبر نشرته النسخة الأخرى/, 'the instance that changed it knows at once')
    assert.doesNotMatch(await home(b), /خبر نشرته النسخة الأخرى/, 'the other still serves its cached page (the test would pass vacuously otherwise)')

    assert.equal(await b.deps.changes.poll(), 'content')
    assert.match(await home(b), /خبر نشرته النسخة الأخرى/)
    assert.equal(await b.deps.changes.poll(), undefined, 'nothing new: the cache stays')
    assert.equal(await a.deps.changes.poll(), undefined, 'its own change is not news to the instance that made it')
  })

  it('a change of what only pages show (a published comment) is told as such', async () => {
    a.deps.events.pagesChanged()
    await a.deps.changes.settled()
    assert.equal(await b.deps.changes.poll(), 'pages')
    assert.equal(await a.deps.changes.poll(), undefined)
  })

  it('a command that changes content and exits (sahifa import) is counted before its database closes', async () => {
    const command = await createDeps(a.deps.config, { schema: a.database.schema })
    await makeArticle(command, { title: 'خبر جاء به الاستيراد' })
    await command.close()
    assert.equal(await a.deps.changes.poll(), 'content')
    assert.equal(await b.deps.changes.poll(), 'content')
    assert.match(await home(a), /خبر جاء به الاستيراد/)
    assert.match(await home(b), /خبر جاء به الاستيراد/)
  })

  it('a watching server polls by itself', async () => {
    b.deps.changes.watch(20)
    try {
      await makeArticle(a.deps, { title: 'خبر يلتقطه الفحص الدوري' })
      const deadline = Date.now() + 5000
      while (!/خبر يلتقطه الفحص الدوري/.test(await home(b))) {
        assert.ok(Date.now() < deadline, 'the watching instance did not notice within 5 s')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } finally {
      b.deps.changes.stop()
    }
  })
})
