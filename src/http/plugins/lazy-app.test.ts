import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import Fastify from 'fastify'
import { formsPlugin } from './forms.js'
import { lazyApp } from './lazy-app.js'

/** A site app forwarding /office to a lazily built app that echoes what it received. */
async function siteWithOffice(options: { failFirst?: boolean } = {}) {
  let builds = 0
  let closed = 0
  const site = Fastify({ logger: false, bodyLimit: 100 })
  // The site parses forms itself (as the real one does): a forwarded body must still arrive whole.
  await site.register(formsPlugin, { bodyLimit: 100 })
  site.get('/', async () => 'site')
  await site.register(lazyApp, {
    prefixes: ['/office'],
    build: async () => {
      builds++
      if (options.failFirst && builds === 1) throw new Error('could not build')
      const office = Fastify({ logger: false, bodyLimit: 1000 })
      await office.register(formsPlugin, { bodyLimit: 1000 })
      office.addHook('onClose', async () => void closed++)
      office.get('/office', async () => ({ at: 'office root' }))
      office.all('/office/echo', async (request) => ({ method: request.method, body: request.body ?? null, query: request.query }))
      return office
    },
  })
  await site.ready()
  return { site, builds: () => builds, closed: () => closed }
}

describe('lazy app (the back office behind the site)', () => {
  it('is built on the first request for its prefix, once, however many requests arrive together', async () => {
    const { site, builds } = await siteWithOffice()
    assert.equal((await site.inject('/')).body, 'site')
    assert.equal(builds(), 0, 'a site page does not build it')
    const answers = await Promise.all(Array.from({ length: 5 }, () => site.inject('/office/echo?x=1')))
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      [200, 200, 200, 200, 200],
    )
    assert.deepEqual(answers[0]!.json(), { method: 'GET', body: null, query: { x: '1' } })
    assert.deepEqual((await site.inject('/office')).json(), { at: 'office root' })
    assert.equal(builds(), 1)
    await site.close()
  })

  it("hands the body over unread: the lazy app's own parsers and limits apply, over a real socket too", async () => {
    const { site, closed } = await siteWithOffice()
    // 300 bytes: over the site's limit (100), within the office's (1000).
    const text = 'ن'.repeat(150)
    const form = await site.inject({ method: 'POST', url: '/office/echo', payload: `a=${encodeURIComponent(text)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    assert.equal(form.statusCode, 200, form.body)
    assert.deepEqual(form.json().body, { a: text })
    const json = await site.inject({ method: 'PUT', url: '/office/echo', payload: { a: [1, 2] } })
    assert.deepEqual(json.json(), { method: 'PUT', body: { a: [1, 2] }, query: {} })
    const tooLarge = await site.inject({ method: 'POST', url: '/office/echo', payload: `a=${'x'.repeat(2000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    assert.equal(tooLarge.statusCode, 413, "the office's limit")

    const url = await site.listen({ port: 0, host: '127.0.0.1' })
    const response = await fetch(`${url}/office/echo`, { method: 'POST', body: new URLSearchParams({ a: text }) })
    assert.equal(response.status, 200)
    assert.deepEqual(((await response.json()) as { body: unknown }).body, { a: text })
    assert.equal((await fetch(`${url}/office/nothing`)).status, 404, "the office's own 404")
    assert.equal((await fetch(`${url}/officer`)).status, 404, 'a path that only starts like the prefix stays with the site')
    await site.close()
    assert.equal(closed(), 1, 'closing the site closes the lazy app')
  })

  it('a failed build answers 500 and the next request builds again', async () => {
    const { site, builds } = await siteWithOffice({ failFirst: true })
    assert.equal((await site.inject('/office/echo')).statusCode, 500)
    assert.equal((await site.inject('/office/echo')).statusCode, 200)
    assert.equal(builds(), 2)
    await site.close()
  })

  it('closing a site whose lazy app was never built builds nothing', async () => {
    const { site, builds, closed } = await siteWithOffice()
    await site.close()
    assert.equal(builds(), 0)
    assert.equal(closed(), 0)
  })
})

