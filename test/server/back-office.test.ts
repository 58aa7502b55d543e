import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../support/databases.js'
import { registeredRoutes } from '../support/routes.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

/** The paths the site forwards to the back office (src/http/app.ts). */
const FORWARDED = ['/newsroom', '/api/v1']
const under = (path: string) => FORWARDED.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))

describeEachDatabase('the back office (newsroom and content API) behind the site', (engine) => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp(engine)
  })
  after(() => t.close())

  it('the site holds no newsroom or API route of its own, only the forwarding ones', async () => {
    for (const prefix of FORWARDED) {
      for (const method of ['GET', 'POST', 'DELETE'] as const) assert.ok(t.app.hasRoute({ method, url: `${prefix}/*` }), `${method} ${prefix}/*`)
    }
    const backOffice = await t.app.lazyApp()
    for (const url of ['/newsroom/login', '/newsroom/articles/:id', '/api/v1/articles', '/api/v1/openapi.json']) {
      assert.equal(t.app.hasRoute({ method: 'GET', url }), false, url)
      assert.equal(backOffice.hasRoute({ method: 'GET', url }), true, url)
    }
  })

  it('answers through the site: the sign-in redirect, the sign-in form, the API index, their own 404s', async () => {
    const home = await t.app.inject('/newsroom')
    assert.equal(home.statusCode, 302)
    assert.equal(home.headers.location, '/newsroom/login?next=%2Fnewsroom')
    const login = await t.app.inject('/newsroom/login')
    assert.equal(login.statusCode, 200)
    assert.match(login.body, /<form[^>]+method="post"/)
    assert.match(String(login.headers['content-security-policy']), /default-src/, 'the security headers')
    const index = await t.app.inject('/api/v1')
    assert.equal(index.statusCode, 200)
    assert.match(String(index.headers['content-type']), /^application\/json/)
    const missing = await t.app.inject('/api/v1/nothing')
    assert.equal(missing.statusCode, 404)
    assert.equal(missing.json().error.code, 'NOT_FOUND')
    const page = await t.app.inject('/newsroom/nothing')
    assert.equal(page.statusCode, 404)
    assert.match(page.body, /<html lang="ar" dir="rtl"/)
  })

  it('every back-office route lies under a forwarded prefix (one outside could never be reached)', async () => {
    const routes = registeredRoutes(await t.app.lazyApp())
    assert.ok(routes.length > 40, `${routes.length} routes`)
    assert.deepEqual(
      routes.filter((r) => !under(r.path)).map((r) => r.path),
      [],
    )
  })
})
