import assert from 'node:assert/strict'
import net from 'node:net'
import { after, before, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { upsertRedirect } from '../../src/modules/redirects/redirects.repository.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

/** Sends raw bytes to the listening server and returns the whole answer (latin1) and its status. */
function rawRequest(port: number, bytes: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes))
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1] ?? 0), text })
    })
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')))
  })
}

const request = (head: string, ...tail: Array<string | Buffer>) =>
  Buffer.concat([Buffer.from(head, 'latin1'), ...tail.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part))])

const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82])

describeEachDatabase('hostile requests', (engine) => {
  let t: TestApp
  let port: number
  let articleId: number

  before(async () => {
    t = await buildTestApp(engine)
    const author = await makeUser(t.deps, { slug: 'kamal' })
    const category = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    ;({ id: articleId } = await makeArticle(t.deps, { title: 'خبر للاختبار', authorIds: [author.id], categoryIds: [category.id], tags: ['وسم'] }))
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    port = (t.app.server.address() as net.AddressInfo).port
  })
  after(() => t.close())

  const stillServing = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`)
    assert.equal(res.status, 200, 'the server still answers afterwards')
    await res.arrayBuffer()
  }

  it('answers hostile URLs with a clear 4xx page, never a 500', async () => {
    const cases: Array<[url: string, status: number]> = [
      ['//', 404],
      ['//evil.com/', 404],
      ['/news/abc/x', 404],
      ['/news/99999999999999/x', 404],
      ['/news/-1/x', 404],
      ['/news/1.5/x', 404],
      [`/${'a'.repeat(10_000)}`, 404],
      [`/news/1/${'ب'.repeat(2_000)}`, 400],
      ['/category/%E0%A4%A', 400],
      ['/news/1/%ZZ', 400],
      ['/tag/%C0%80', 400],
      ['/%ED%A0%80', 400],
      // A NUL byte: PostgreSQL refuses it in text, so it must never reach a query.
      ['/category/%00', 400],
      ['/tag/%00', 400],
      ['/author/%00', 400],
      ['/page/%00', 400],
      ['/%00', 400],
      ['/search?q=%00', 400],
      ['/archive/99999', 404],
      ['/archive/2026/13', 404],
      ['/archive/2026/x', 404],
    ]
    for (const [url, status] of cases) {
      const res = await t.app.inject({ url })
      assert.equal(res.statusCode, status, `${url.slice(0, 60)} → ${res.statusCode}`)
      assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/)
      assert.match(res.body, /<html lang="ar" dir="rtl">/, 'the Arabic error page')
      assert.match(res.body, /<form\b[^>]*action="\/search"/, 'with a search form')
    }
    await stillServing()
  })

  it('never answers 5xx to odd query strings on any listing', async () => {
    const listings = ['/', '/category/politics', '/tag/%D9%88%D8%B3%D9%85', '/author/kamal', '/archive/2026', '/archive/2026/05', '/search?q=%D8%AE%D8%A8%D8%B1']
    const queries = ['page[]=1&page=x', 'page=-1', 'page=99999', 'page=0', 'page=1e3', 'page=%F0%9F%98%80', 'page=1&page=2', 'lang[]=en', 'q[]=a&q[x]=b']
    for (const listing of listings) {
      for (const query of queries) {
        const url = `${listing}${listing.includes('?') ? '&' : '?'}${query}`
        const res = await t.app.inject({ url })
        assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`)
      }
    }
  })

  it('answers a page number that is not a page of the listing with a 4xx', async () => {
    for (const query of ['page[]=1&page=x', 'page=-1', 'page=99999', 'page=0', 'page=abc']) {
      const res = await t.app.inject({ url: `/category/politics?${query}` })
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `?${query} → ${res.statusCode}`)
    }
  })

  it('answers a header with control characters with 400 and keeps serving', async () => {
    const res = await rawRequest(port, request('GET / HTTP/1.1\r\nHost: x\r\nX-Bad: \x01\x7f\r\n\r\n'))
    assert.equal(res.status, 400)
    await stillServing()
  })

  it('answers a request line with raw non-ASCII bytes with 400 and keeps serving', async () => {
    const res = await rawRequest(port, request('GET /', INVALID_UTF8, ' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))
    assert.equal(res.status, 400)
    await stillServing()
  })

  it('survives invalid UTF-8 in header values (ignored header, cookie, language, host, conditional)', async () => {
    const headers: Array<[name: string, path: string]> = [
      ['X-Bad', '/'],
      ['Cookie: sahifa_session=', '/newsroom'],
      ['Cookie: sahifa_login_csrf=', '/newsroom/login'],
      ['Accept-Language', '/missing-page'],
      ['If-None-Match', '/'],
      ['Accept-Encoding', `/news/${articleId}/x`],
    ]
    for (const [header, path] of headers) {
      const name = header.includes(':') ? header : `${header}: `
      const res = await rawRequest(port, request(`GET ${path} HTTP/1.1\r\nHost: x\r\n${name}`, INVALID_UTF8, '\r\nConnection: close\r\n\r\n'))
      assert.ok(res.status >= 200 && res.status < 500, `${header} on ${path} → ${res.status}`)
    }
    const host = await rawRequest(port, request('GET / HTTP/1.1\r\nHost: ', INVALID_UTF8, '\r\nConnection: close\r\n\r\n'))
    assert.ok(host.status >= 200 && host.status < 500, `bad Host → ${host.status}`)
    await stillServing()
  })

  it('answers garbage that is not HTTP with 400 and keeps serving', async () => {
    const res = await rawRequest(port, request('HELLO\r\n\r\n'))
    assert.equal(res.status, 400)
    await stillServing()
  })
})

// ---------------------------------------------------------------------------------------------

/** Asserts the DESIGN.md security headers on one response. */
function assertSecurityHeaders(res: LightMyRequestResponse, what: string, { tls }: { tls: boolean }) {
  const csp = res.headers['content-security-policy']
  assert.equal(typeof csp, 'string', `${what}: has a CSP`)
  assert.ok(!(csp as string).includes('unsafe-inline'), `${what}: CSP without 'unsafe-inline'`)
  assert.ok(!(csp as string).includes('unsafe-eval'), `${what}: CSP without 'unsafe-eval'`)
  assert.match(csp as string, /(^|; )frame-ancestors 'none'(;|$)/, `${what}: frame-ancestors 'none'`)
  assert.match(csp as string, /(^|; )script-src 'self'(;|$)/, `${what}: scripts only from the site`)
  assert.match(csp as string, /(^|; )object-src 'none'(;|$)/, `${what}: no plugins`)
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`)
  assert.ok(res.headers['referrer-policy'], `${what}: Referrer-Policy`)
  assert.ok(res.headers['permissions-policy'], `${what}: Permissions-Policy`)
  if (tls) assert.match(String(res.headers['strict-transport-security']), /^max-age=(\d+)/, `${what}: HSTS behind TLS`)
  else assert.equal(res.headers['strict-transport-security'], undefined, `${what}: no HSTS without TLS`)
}

for (const tls of [false, true]) {
  describeEachDatabase(`security headers${tls ? ' behind TLS' : ''}`, (engine) => {
    let t: TestApp
    let articleUrl: string

    before(async () => {
      t = await buildTestApp(engine, { env: { SAHIFA_TLS: tls ? '1' : '0' } })
      const category = await makeCategory(t.deps, { slug: 'economy' })
      const { id } = await makeArticle(t.deps, { title: 'خبر اقتصادي', categoryIds: [category.id] })
      articleUrl = (await t.app.inject({ url: `/news/${id}` })).headers.location as string
      await upsertRedirect(t.deps.db, '/old-story', articleUrl, 301, t.clock.now())
      await upsertRedirect(t.deps.db, '/gone-story', null, 410, t.clock.now())
    })
    after(() => t.close())

    it('are on every kind of response', async () => {
      const home = await t.app.inject({ url: '/' })
      const icon = /<link rel="icon" href="([^"]+)"/.exec(home.body)?.[1]
      const css = /<link rel="stylesheet" href="([^"]+)"/.exec(home.body)?.[1]
      assert.ok(icon && css)
      const login = await t.app.inject({ url: '/newsroom/login' })
      const form = (payload: string) => ({ method: 'POST' as const, url: '/newsroom/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload })
      const responses: Array<[string, LightMyRequestResponse, number]> = [
        ['home page', home, 200],
        ['home page from the render cache', await t.app.inject({ url: '/' }), 200],
        ['not modified', await t.app.inject({ url: '/', headers: { 'if-none-match': home.headers.etag as string } }), 304],
        ['article page', await t.app.inject({ url: articleUrl }), 200],
        ['category page', await t.app.inject({ url: '/category/economy' }), 200],
        ['search page', await t.app.inject({ url: '/search?q=%D8%AE%D8%A8%D8%B1' }), 200],
        ['article redirect', await t.app.inject({ url: articleUrl.replace(/\/[^/]+$/, '/wrong') }), 301],
        ['redirect row', await t.app.inject({ url: '/old-story' }), 301],
        ['gone row', await t.app.inject({ url: '/gone-story' }), 410],
        ['not found', await t.app.inject({ url: '/no/such/page' }), 404],
        ['bad percent-encoding', await t.app.inject({ url: '/category/%E0%A4%A' }), 400],
        ['NUL byte', await t.app.inject({ url: '/tag/%00' }), 400],
        ['over-long parameter', await t.app.inject({ url: `/category/${'x'.repeat(1000)}` }), 400],
        ['stylesheet', await t.app.inject({ url: css }), 200],
        ['linked icon', await t.app.inject({ url: icon }), 200],
        ['favicon.ico', await t.app.inject({ url: '/favicon.ico' }), 200],
        ['robots.txt', await t.app.inject({ url: '/robots.txt' }), 200],
        ['sign-in form', login, 200],
        ['newsroom redirect', await t.app.inject({ url: '/newsroom' }), 302],
        ['sign-in without CSRF', await t.app.inject(form('email=a%40b.c&password=x')), 403],
        ['sign-in with a broken body', await t.app.inject({ ...form('{'), headers: { 'content-type': 'application/json' } }), 400],
        ['sign-in too large', await t.app.inject(form(`email=${'x'.repeat(300_000)}`)), 413],
        ['sign-in with an unknown body type', await t.app.inject({ ...form('<x/>'), headers: { 'content-type': 'application/xml' } }), 415],
      ]
      for (const [what, res, status] of responses) {
        assert.equal(res.statusCode, status, what)
        assertSecurityHeaders(res, what, { tls })
      }
    })

    it('serve a favicon, and every page links an icon that answers 200', async () => {
      const favicon = await t.app.inject({ url: '/favicon.ico' })
      assert.equal(favicon.statusCode, 200)
      assert.match(favicon.headers['content-type'] as string, /^image\//)
      assert.ok(favicon.rawPayload.length > 0)
      for (const url of ['/', articleUrl, '/category/economy', '/no/such/page', '/newsroom/login']) {
        const page = await t.app.inject({ url })
        const href = /<link rel="icon" href="([^"]+)"/.exec(page.body)?.[1]
        assert.ok(href, `${url} links an icon`)
        const icon = await t.app.inject({ url: href })
        assert.equal(icon.statusCode, 200, `${url}: ${href}`)
        assert.match(icon.headers['content-type'] as string, /^image\//)
      }
    })
  })
}
