/**
 * /newsroom/api-keys on SQLite and PostgreSQL: admins only; a new key is shown once and stored
 * only hashed; revoking ends it; the access setting closes and opens the API; every change is
 * in the audit log; names are validated and shown as text.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Role } from '../../src/db/schema.js'
import { hashApiKey } from '../../src/modules/api/api-keys.service.js'
import { csrfFieldOf, signInAs } from '../newsroom/sign-in.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

describeEachDatabase('newsroom API keys', (engine) => {
  let t: TestApp
  let admin: { id: number; cookie: string; csrf: string }
  let lastIp = 0

  const staff = async (role: Role) => {
    const user = await makeUser(t.deps, { role })
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: `10.7.0.${++lastIp}` })
    assert.ok(session, `${role} signs in`)
    const page = await t.app.inject({ url: '/newsroom/profile', headers: { cookie: session } })
    return { id: user.id, cookie: session, csrf: csrfFieldOf(page.body)! }
  }
  const post = (cookie: string | undefined, url: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: new URLSearchParams(fields).toString() })
  const page = () => t.app.inject({ url: '/newsroom/api-keys', headers: { cookie: admin.cookie } })
  /** The key shown on the page that made it. */
  const keyIn = (body: string) => /value="(sahifa_[A-Za-z0-9_-]{40})"/.exec(body)?.[1]
  const auditOf = (action: string) => t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute()

  before(async () => {
    t = await buildTestApp(engine)
    admin = await staff('admin')
  })
  after(() => t.close())

  it('opens to admins only; other roles get 403, signed-out visitors the sign-in page', async () => {
    const res = await page()
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['cache-control'], 'no-store')
    assert.ok(res.body.includes('href="/newsroom/api-keys"'), 'the navigation links to the page')
    for (const role of ['editor', 'author', 'contributor', 'moderator'] as const) {
      const who = await staff(role)
      assert.equal((await t.app.inject({ url: '/newsroom/api-keys', headers: { cookie: who.cookie } })).statusCode, 403, `${role} GET`)
      assert.equal((await post(who.cookie, '/newsroom/api-keys', { _csrf: who.csrf, name: 'x' })).statusCode, 403, `${role} POST`)
      assert.equal((await post(who.cookie, '/newsroom/api-keys/access', { _csrf: who.csrf })).statusCode, 403, `${role} closes the API`)
      const nav = await t.app.inject({ url: '/newsroom/profile', headers: { cookie: who.cookie } })
      assert.ok(!nav.body.includes('href="/newsroom/api-keys"'), `${role} does not see the link`)
    }
    const out = await t.app.inject({ url: '/newsroom/api-keys' })
    assert.equal(out.statusCode, 302)
    assert.equal(out.headers.location, '/newsroom/login?next=%2Fnewsroom%2Fapi-keys')
    assert.equal(await t.deps.db.selectFrom('api_keys').select('id').executeTakeFirst(), undefined, 'nothing was made')
  })

  it('refuses POSTs without the session\'s CSRF token', async () => {
    assert.equal((await post(admin.cookie, '/newsroom/api-keys', { _csrf: 'wrong', name: 'x' })).statusCode, 403)
    assert.equal((await post(admin.cookie, '/newsroom/api-keys', { name: 'x' })).statusCode, 403)
    assert.equal((await post(admin.cookie, '/newsroom/api-keys/access', {})).statusCode, 403)
    assert.equal(t.deps.frame().settings.apiPublic, true)
    assert.equal(await t.deps.db.selectFrom('api_keys').select('id').executeTakeFirst(), undefined)
  })

  it('makes a key, shows it once, stores only its hash, and the key opens the API', async () => {
    const res = await post(admin.cookie, '/newsroom/api-keys', { _csrf: admin.csrf, name: '  تطبيق   الجوال ' })
    assert.equal(res.statusCode, 201)
    assert.equal(res.headers['cache-control'], 'no-store')
    const key = keyIn(res.body)
    assert.ok(key, 'the page shows the new key')
    assert.ok(res.body.includes('تطبيق الجوال'))

    const row = await t.deps.db.selectFrom('api_keys').selectAll().where('name', '=', 'تطبيق الجوال').executeTakeFirstOrThrow()
    assert.equal(row.key_hash, hashApiKey(key))
    assert.equal(row.prefix, key.slice(0, row.prefix.length))
    assert.ok(!Object.values(row).some((v) => String(v).includes(key)), 'the key itself is not stored')
    assert.equal(row.created_by, admin.id)

    const again = await page()
    assert.ok(!again.body.includes(key), 'never shown again')
    assert.ok(again.body.includes(`${row.prefix}…`), 'listed by its first characters')
    assert.ok(again.body.includes('لم يُستخدم بعد'))

    const api = await t.app.inject({ url: '/api/v1/articles', headers: { authorization: `Bearer ${key}` } })
    assert.equal(api.statusCode, 200)
    assert.ok(!(await page()).body.includes('لم يُستخدم بعد'), 'its last use is shown')

    const [line] = await auditOf('settings.apiKey.create')
    assert.ok(line)
    assert.deepEqual([line.user_id, line.subject_type, line.subject_id], [admin.id, 'apiKey', row.id])
    assert.ok(!line.detail.includes(key), 'the audit log never holds the key')
  })

  it('validates the name (required, at most 100 characters, no control characters) and shows it as text', async () => {
    for (const name of ['', '   ', 'ب'.repeat(101), 'a\u0001b']) {
      const res = await post(admin.cookie, '/newsroom/api-keys', { _csrf: admin.csrf, name })
      assert.equal(res.statusCode, 422, JSON.stringify(name))
      assert.equal(keyIn(res.body), undefined)
      assert.ok(res.body.includes('aria-invalid="true"'))
    }
    const before = (await t.deps.db.selectFrom('api_keys').select('id').execute()).length
    const res = await post(admin.cookie, '/newsroom/api-keys', { _csrf: admin.csrf, name: '<script>alert(1)</script>' })
    assert.equal(res.statusCode, 201)
    assert.ok(!res.body.includes('<script>alert(1)</script>'))
    assert.ok(res.body.includes('&lt;script>alert(1)&lt;/script>') || res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
    assert.equal((await t.deps.db.selectFrom('api_keys').select('id').execute()).length, before + 1)
  })

  it('revokes a key: the API refuses it from the next request; revoked keys stay listed', async () => {
    const made = await post(admin.cookie, '/newsroom/api-keys', { _csrf: admin.csrf, name: 'شريك' })
    const key = keyIn(made.body)!
    const row = await t.deps.db.selectFrom('api_keys').select(['id', 'prefix']).where('key_hash', '=', hashApiKey(key)).executeTakeFirstOrThrow()
    assert.equal((await t.app.inject({ url: '/api/v1/tags', headers: { 'x-api-key': key } })).statusCode, 200)

    const res = await post(admin.cookie, `/newsroom/api-keys/${row.id}/revoke`, { _csrf: admin.csrf })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/newsroom/api-keys?done=revoke')
    assert.equal((await t.app.inject({ url: '/api/v1/tags', headers: { 'x-api-key': key } })).statusCode, 401)
    const listed = await t.app.inject({ url: '/newsroom/api-keys?done=revoke', headers: { cookie: admin.cookie } })
    assert.ok(listed.body.includes('أُلغي المفتاح'), 'the notice')
    assert.ok(!listed.body.includes(`action="/newsroom/api-keys/${row.id}/revoke"`), 'no revoke button on a revoked key')
    assert.ok(listed.body.includes(`${row.prefix}…`))

    assert.equal((await post(admin.cookie, `/newsroom/api-keys/${row.id}/revoke`, { _csrf: admin.csrf })).statusCode, 409, 'already revoked')
    assert.equal((await auditOf('settings.apiKey.revoke')).filter((l) => l.subject_id === row.id).length, 1, 'one audit line')
    for (const id of ['999999', 'abc', '0', '99999999999']) assert.equal((await post(admin.cookie, `/newsroom/api-keys/${id}/revoke`, { _csrf: admin.csrf })).statusCode, 404, id)
    assert.equal((await post(admin.cookie, `/newsroom/api-keys/${row.id}/revoke`, { _csrf: 'wrong' })).statusCode, 403)
  })

  it('closes the API to requests without a key, and opens it again (audited)', async () => {
    const made = await post(admin.cookie, '/newsroom/api-keys', { _csrf: admin.csrf, name: 'مفتاح الإغلاق' })
    const key = keyIn(made.body)!
    const closed = await post(admin.cookie, '/newsroom/api-keys/access', { _csrf: admin.csrf })
    assert.equal(closed.statusCode, 303)
    assert.equal(t.deps.frame().settings.apiPublic, false)
    assert.equal((await t.app.inject({ url: '/api/v1/articles' })).statusCode, 401)
    assert.equal((await t.app.inject({ url: '/api/v1/articles', headers: { 'x-api-key': key } })).statusCode, 200)
    const shown = await t.app.inject({ url: '/newsroom/api-keys?done=access', headers: { cookie: admin.cookie } })
    assert.ok(/<input id="apiPublic"[^>]*>/.exec(shown.body)?.[0] && !/<input id="apiPublic"[^>]*checked/.test(shown.body), 'the box is unticked')
    assert.ok(shown.body.includes('حُفظ إعداد الوصول.'))

    await post(admin.cookie, '/newsroom/api-keys/access', { _csrf: admin.csrf, apiPublic: '1' })
    assert.equal(t.deps.frame().settings.apiPublic, true)
    assert.equal((await t.app.inject({ url: '/api/v1/articles' })).statusCode, 200)
    // Saving without a change writes nothing.
    await post(admin.cookie, '/newsroom/api-keys/access', { _csrf: admin.csrf, apiPublic: '1' })
    const lines = (await auditOf('settings.update')).filter((l) => l.detail.startsWith('apiPublic'))
    assert.deepEqual(lines.map((l) => l.detail), ['apiPublic: off', 'apiPublic: on'])
  })
})
