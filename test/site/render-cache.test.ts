import assert from 'node:assert/strict'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/container.js'
import { buildApp } from '../../src/http/app.js'
import { publicCacheControl } from '../../src/http/site/page-cache.js'
import { createTestDatabase, describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

/** A raw HTTP/1.1 GET against a listening server (the render cache's fast path answers these). */
function httpGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
      .on('error', reject)
      .end()
  })
}

describeEachDatabase('render cache', (engine) => {
  let t: TestApp
  let url: string

  before(async () => {
    t = await buildTestApp(engine)
    const category = await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد' })
    const { id } = await makeArticle(t.deps, { title: 'الأسواق تفتح على ارتفاع', categoryIds: [category.id], tags: ['أسواق'], paragraphs: Array(20).fill('ارتفعت مؤشرات الأسواق العربية في مستهل تعاملات الأسبوع.') })
    url = (await t.app.inject({ url: `/news/${id}` })).headers.location as string
  })
  after(() => t.close())

  it('serves a hit with the same bytes and ETag as the render, with Cache-Control, Last-Modified and the security headers', async () => {
    t.app.renderCache.clear()
    const first = await t.app.inject({ url })
    assert.equal(first.statusCode, 200)
    assert.equal(t.app.renderCache.size, 1)
    const second = await t.app.inject({ url })
    assert.equal(second.statusCode, 200)
    assert.deepEqual(second.rawPayload, first.rawPayload)
    assert.equal(second.headers.etag, first.headers.etag)
    assert.match(String(first.headers.etag), /^W\/"[\w-]{22}"$/, 'article pages carry a weak validator (their form token is re-filled)')
    for (const res of [first, second]) {
      assert.equal(res.headers['cache-control'], publicCacheControl)
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8')
      assert.equal(res.headers.vary, 'accept-encoding')
      assert.ok(res.headers['last-modified'])
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/)
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
      assert.equal(res.headers['x-frame-options'], 'DENY')
    }
  })

  it('re-fills the comment form token of a cached article every 2 s, keeping its ETag and 304s', async () => {
    t.app.renderCache.clear()
    const tokenOf = (html: string) => /name="_t" value="([^"]+)"/.exec(html)?.[1]
    const first = await t.app.inject({ url })
    t.clock.advance(5_000)
    await new Promise((resolve) => setTimeout(resolve, 2_100))
    const second = await t.app.inject({ url })
    assert.ok(tokenOf(first.body) && tokenOf(second.body))
    assert.notEqual(tokenOf(second.body), tokenOf(first.body), 'a fresh time token')
    assert.equal(second.body.replace(tokenOf(second.body)!, ''), first.body.replace(tokenOf(first.body)!, ''), 'nothing else changed')
    assert.equal(second.headers.etag, first.headers.etag)
    const again = await t.app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } })
    assert.equal(again.statusCode, 304)
  })

  it('answers If-None-Match (also weak, or in a list) with 304 and no body', async () => {
    const { headers } = await t.app.inject({ url })
    const etag = String(headers.etag)
    const strong = etag.replace(/^W\//, '')
    for (const inm of [etag, strong, `W/${strong}`, `"nope", ${etag}`]) {
      const res = await t.app.inject({ url, headers: { 'if-none-match': inm } })
      assert.equal(res.statusCode, 304, inm)
      assert.equal(res.body, '')
      assert.equal(res.headers.etag, etag)
      assert.equal(res.headers['cache-control'], publicCacheControl)
    }
    assert.equal((await t.app.inject({ url, headers: { 'if-none-match': '"other"' } })).statusCode, 200)
    const since = await t.app.inject({ url, headers: { 'if-modified-since': String(headers['last-modified']) } })
    assert.equal(since.statusCode, 304)
  })

  it('sends gzip to clients that accept it, under its own ETag, and 304s that ETag too', async () => {
    const plain = await t.app.inject({ url })
    const gz = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.deepEqual(gunzipSync(gz.rawPayload), plain.rawPayload)
    assert.notEqual(gz.headers.etag, plain.headers.etag)
    const again = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) } })
    assert.equal(again.statusCode, 304)
  })

  it('drops cached pages when content changes: a new article shows on the home page at once', async () => {
    const before = await t.app.inject({ url: '/' })
    assert.equal((await t.app.inject({ url: '/' })).headers.etag, before.headers.etag, 'the home page is cached')
    await makeArticle(t.deps, { title: 'خبر جديد بعد التخزين المؤقت' }) // calls deps.events.changed()
    const after = await t.app.inject({ url: '/' })
    assert.ok(!before.body.includes('خبر جديد بعد التخزين المؤقت'))
    assert.ok(after.body.includes('خبر جديد بعد التخزين المؤقت'))
    assert.notEqual(after.headers.etag, before.headers.etag)
  })

  describe('over HTTP (hits answered before Fastify)', () => {
    let port: number
    before(async () => {
      await t.app.listen({ host: '127.0.0.1', port: 0 })
      port = (t.app.server.address() as AddressInfo).port
    })

    it('answers a hit exactly as the Fastify path does: bytes, validators, caching and security headers', async () => {
      const routed = await t.app.inject({ url }) // renders (or hits) through Fastify
      const first = await httpGet(port, url)
      const hit = await httpGet(port, url)
      assert.equal(hit.status, 200)
      assert.deepEqual(hit.body, routed.rawPayload)
      for (const name of ['etag', 'last-modified', 'cache-control', 'vary', 'content-type', 'content-length', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'permissions-policy', 'cross-origin-opener-policy']) {
        assert.equal(hit.headers[name], routed.headers[name], name)
        assert.equal(hit.headers[name], first.headers[name], name)
      }
    })

    it('answers 304, gzip and HEAD on the fast path too', async () => {
      const { headers } = await httpGet(port, url)
      const notModified = await httpGet(port, url, { 'if-none-match': String(headers.etag) })
      assert.equal(notModified.status, 304)
      assert.equal(notModified.body.length, 0)
      assert.match(String(notModified.headers['content-security-policy']), /default-src/)
      const gz = await httpGet(port, url, { 'accept-encoding': 'gzip' })
      assert.equal(gz.headers['content-encoding'], 'gzip')
      assert.equal(gunzipSync(gz.body).length, Number(headers['content-length']))
      const head = await httpGet(port, url, {}, 'HEAD')
      assert.equal(head.status, 200)
      assert.equal(head.body.length, 0)
      assert.equal(head.headers['content-length'], headers['content-length'])
    })

    it('leaves misses and other methods to Fastify', async () => {
      assert.equal((await httpGet(port, '/no-such-page')).status, 404)
      assert.equal((await httpGet(port, url, {}, 'POST')).status, 404)
    })
  })
})

describe('render cache without a configured public URL', () => {
  it('keys pages by the Host they were rendered for: a forged Host header cannot poison what readers get', async () => {
    const database = await createTestDatabase('sqlite')
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, SAHIFA_DEMO: '0' })
    const deps = await createDeps(config)
    const app = await buildApp(deps, { logger: false })
    try {
      await app.ready()
      const { id } = await makeArticle(deps, { title: 'خبر عن الموانئ' })
      const path = (await app.inject({ url: `/news/${id}`, headers: { host: 'news.example' } })).headers.location as string
      const forged = await app.inject({ url: path, headers: { host: 'evil.example' } })
      assert.match(forged.body, /href="http:\/\/evil\.example\/news\//, 'rendered for the host it was asked for')
      const reader = await app.inject({ url: path, headers: { host: 'news.example' } })
      assert.ok(!reader.body.includes('evil.example'), 'the reader gets a page rendered for their host')
      assert.match(reader.body, /href="http:\/\/news\.example\/news\//)
      assert.equal(app.renderCache.size, 2)
    } finally {
      await app.close()
      await deps.close()
      await database.drop()
    }
  })
})

describe('render cache switched off (SAHIFA_RENDER_CACHE=0)', () => {
  it('renders every request, keeps nothing, and still answers ETag/304', async () => {
    const t = await buildTestApp('sqlite', { env: { SAHIFA_RENDER_CACHE: '0' } })
    try {
      await makeArticle(t.deps, { title: 'خبر بلا تخزين' })
      const first = await t.app.inject({ url: '/' })
      const second = await t.app.inject({ url: '/' })
      assert.equal(t.app.renderCache.size, 0)
      assert.equal(second.headers.etag, first.headers.etag)
      assert.equal((await t.app.inject({ url: '/', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304)
    } finally {
      await t.close()
    }
  })
})
