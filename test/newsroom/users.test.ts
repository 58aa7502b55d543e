import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Role } from '../../src/db/schema.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { LOGIN_CSRF, SESSION, cookieOf, csrfFieldOf, signInAs } from './sign-in.js'

const DAY = 86_400_000

describeEachDatabase('newsroom users', (engine) => {
  let t: TestApp
  let admin: { id: number; email: string; password: string; cookie: string; csrf: string }
  let lastIp = 0
  const freshIp = () => `10.1.0.${++lastIp}`

  const signIn = async (email: string, password: string) => signInAs(t.app, email, password, { remoteAddress: freshIp() })
  const staff = async (role: Role, overrides: { name?: string } = {}) => {
    const user = await makeUser(t.deps, { role, ...overrides })
    const { session } = await signIn(user.email, user.password)
    assert.ok(session, `${role} signs in`)
    const page = await t.app.inject({ url: '/newsroom/profile', headers: { cookie: session } })
    return { ...user, cookie: session, csrf: csrfFieldOf(page.body)! }
  }
  const post = (cookie: string | undefined, url: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: new URLSearchParams(fields).toString() })
  const auditOf = (action: string) => t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute()
  /** The one-time link on a page, as a path. */
  const linkIn = (body: string, kind: 'invite' | 'reset') => {
    const match = new RegExp(`https?://[^"]+(/newsroom/${kind}/[A-Za-z0-9_-]+)`).exec(body)
    assert.ok(match, `the page shows the ${kind} link`)
    return match[1]!
  }
  /** Opens a one-time link like a browser and posts a password to it. */
  const choosePassword = async (path: string, password: string, confirm = password) => {
    const form = await t.app.inject({ url: path })
    const cookie = cookieOf(form, LOGIN_CSRF)
    const csrf = csrfFieldOf(form.body)
    return { form, res: await post(cookie ? `${LOGIN_CSRF}=${cookie.value}` : undefined, path, { _csrf: csrf ?? '', password, confirm }) }
  }

  before(async () => {
    t = await buildTestApp(engine)
    admin = await staff('admin')
  })
  after(() => t.close())

  it('opens the users page and the settings page to admins only; signed-out visitors go to sign-in', async () => {
    assert.equal((await t.app.inject({ url: '/newsroom/users', headers: { cookie: admin.cookie } })).statusCode, 200)
    for (const role of ['editor', 'author', 'contributor', 'moderator'] as const) {
      const who = await staff(role)
      assert.equal((await t.app.inject({ url: '/newsroom/users', headers: { cookie: who.cookie } })).statusCode, 403, `${role} GET users`)
      assert.equal((await post(who.cookie, '/newsroom/users', { _csrf: who.csrf, email: 'x@example.com', name: 'x', role: 'admin' })).statusCode, 403, `${role} POST users`)
      assert.equal((await post(who.cookie, `/newsroom/users/${who.id}/role`, { _csrf: who.csrf, role: 'admin' })).statusCode, 403, `${role} promotes themself`)
      assert.equal((await t.app.inject({ url: '/newsroom/settings', headers: { cookie: who.cookie } })).statusCode, 403, `${role} GET settings`)
    }
    const out = await t.app.inject({ url: '/newsroom/users' })
    assert.equal(out.statusCode, 302)
    assert.equal(out.headers.location, '/newsroom/login?next=%2Fnewsroom%2Fusers')
  })

  it('refuses POSTs without the session CSRF token', async () => {
    assert.equal((await post(admin.cookie, '/newsroom/users', { _csrf: 'wrong', email: 'csrf@example.com', name: 'x', role: 'author' })).statusCode, 403)
    const target = await makeUser(t.deps)
    assert.equal((await post(admin.cookie, `/newsroom/users/${target.id}/deactivate`, {})).statusCode, 403)
    assert.equal((await post(admin.cookie, `/newsroom/users/${target.id}/role`, { role: 'admin' })).statusCode, 403)
    const row = await t.deps.db.selectFrom('users').select(['active', 'role']).where('id', '=', target.id).executeTakeFirstOrThrow()
    assert.deepEqual(row, { active: 1, role: 'author' })
  })

  it('lists users with the name as text, never markup', async () => {
    await makeUser(t.deps, { name: '<script>alert(1)</script>', email: 'xss@example.com' })
    const page = await t.app.inject({ url: '/newsroom/users', headers: { cookie: admin.cookie } })
    assert.ok(!page.body.includes('<script>alert(1)</script>'))
    assert.ok(page.body.includes('<bdi>&lt;script>alert(1)&lt;/script></bdi>') || page.body.includes('<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>'))
    assert.ok(page.body.includes('xss@example.com'))
  })

  it('invites a colleague: the link works once, signs them in, and is gone after', async () => {
    const res = await post(admin.cookie, '/newsroom/users', { _csrf: admin.csrf, email: 'Salma@Example.com', name: 'سلمى', role: 'editor' })
    assert.equal(res.statusCode, 201)
    const path = linkIn(res.body, 'invite')
    const stored = await t.deps.db.selectFrom('user_tokens').selectAll().where('purpose', '=', 'invite').execute()
    assert.ok(stored.every((row) => !path.includes(row.id)), 'only the hash is stored')
    const [created] = await auditOf('user.create')
    assert.equal(created?.user_id, admin.id)

    const short = await choosePassword(path, 'short')
    assert.equal(short.form.statusCode, 200)
    assert.match(short.form.body, /salma@example.com/)
    assert.equal(short.res.statusCode, 422)
    assert.match(short.res.body, /يجب أن تتكون كلمة المرور من 10 أحرف على الأقل/)
    const mismatch = await choosePassword(path, 'a long enough password', 'another long password')
    assert.equal(mismatch.res.statusCode, 422)
    assert.match(mismatch.res.body, /كلمتا المرور غير متطابقتين/)

    const noCsrf = await post(undefined, path, { _csrf: 'x', password: 'a long enough password', confirm: 'a long enough password' })
    assert.equal(noCsrf.statusCode, 403)

    const { res: done } = await choosePassword(path, 'a long enough password')
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, '/newsroom')
    const session = cookieOf(done, SESSION)
    assert.ok(session)
    const home = await t.app.inject({ url: '/newsroom', headers: { cookie: `${SESSION}=${session.value}` } })
    assert.equal(home.statusCode, 200)
    assert.match(home.body, /سلمى/)

    const again = await t.app.inject({ url: path })
    assert.equal(again.statusCode, 410)
    assert.match(again.body, /استُخدم هذا الرابط من قبل/)
    const { res: reuse } = await choosePassword(path, 'another long password')
    assert.equal(reuse.statusCode, 410)
    assert.ok((await signIn('salma@example.com', 'a long enough password')).session, 'the chosen password works')

    assert.equal((await t.app.inject({ url: '/newsroom/invite/not-a-real-token' })).statusCode, 404)
  })

  it('refuses an invite for a taken email (409) and a bad form (422), keeping what was typed', async () => {
    const taken = await post(admin.cookie, '/newsroom/users', { _csrf: admin.csrf, email: admin.email, name: 'مكرر', role: 'author' })
    assert.equal(taken.statusCode, 409)
    assert.match(taken.body, /يوجد حساب بهذا البريد الإلكتروني بالفعل/)
    const bad = await post(admin.cookie, '/newsroom/users', { _csrf: admin.csrf, email: 'not-an-email', name: 'اسم كتبه المدير', role: 'king' })
    assert.equal(bad.statusCode, 422)
    assert.match(bad.body, /اكتب بريدًا إلكترونيًا صحيحًا/)
    assert.match(bad.body, /اختر أحد الأدوار المعروضة/)
    assert.match(bad.body, /value="اسم كتبه المدير"/)
    assert.match(bad.body, /value="not-an-email"/)
  })

  it('expires an invite after 7 days (410)', async () => {
    const res = await post(admin.cookie, '/newsroom/users', { _csrf: admin.csrf, email: 'late@example.com', name: 'متأخر', role: 'author' })
    const path = linkIn(res.body, 'invite')
    t.clock.advance(7 * DAY - 60_000)
    assert.equal((await t.app.inject({ url: path })).statusCode, 200, 'still valid just before 7 days')
    t.clock.advance(2 * 60_000)
    const late = await t.app.inject({ url: path })
    assert.equal(late.statusCode, 410)
    assert.match(late.body, /انتهت صلاحية هذا الرابط/)
    assert.equal((await choosePassword(path, 'a long enough password')).res.statusCode, 410)
  })

  it('changes a role and audits it as "editor → admin"', async () => {
    const target = await makeUser(t.deps, { role: 'editor' })
    const res = await post(admin.cookie, `/newsroom/users/${target.id}/role`, { _csrf: admin.csrf, role: 'admin' })
    assert.equal(res.statusCode, 303)
    const row = await t.deps.db.selectFrom('users').select('role').where('id', '=', target.id).executeTakeFirstOrThrow()
    assert.equal(row.role, 'admin')
    const lines = await auditOf('user.role')
    assert.equal(lines.at(-1)?.detail, 'editor → admin')
    assert.equal(lines.at(-1)?.subject_id, target.id)
    assert.equal((await post(admin.cookie, `/newsroom/users/${target.id}/role`, { _csrf: admin.csrf, role: 'king' })).statusCode, 422)
    assert.equal((await post(admin.cookie, '/newsroom/users/999999/role', { _csrf: admin.csrf, role: 'author' })).statusCode, 404)
    // Back to editor so the last-admin test below starts from one admin.
    assert.equal((await post(admin.cookie, `/newsroom/users/${target.id}/role`, { _csrf: admin.csrf, role: 'editor' })).statusCode, 303)
  })

  it('never leaves the site without an active admin (409)', async () => {
    const admins = await t.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).execute()
    assert.deepEqual(admins.map((a) => a.id), [admin.id])
    const demote = await post(admin.cookie, `/newsroom/users/${admin.id}/role`, { _csrf: admin.csrf, role: 'editor' })
    assert.equal(demote.statusCode, 409)
    assert.match(demote.body, /هذا آخر مدير نشط للموقع/)
    const deactivate = await post(admin.cookie, `/newsroom/users/${admin.id}/deactivate`, { _csrf: admin.csrf })
    assert.equal(deactivate.statusCode, 409)
    const row = await t.deps.db.selectFrom('users').select(['role', 'active']).where('id', '=', admin.id).executeTakeFirstOrThrow()
    assert.deepEqual(row, { role: 'admin', active: 1 })

    // With a second admin, stepping down is allowed.
    const other = await makeUser(t.deps, { role: 'admin' })
    const second = await staff('author')
    assert.equal((await post(admin.cookie, `/newsroom/users/${second.id}/role`, { _csrf: admin.csrf, role: 'admin' })).statusCode, 303)
    assert.equal((await post(admin.cookie, `/newsroom/users/${other.id}/role`, { _csrf: admin.csrf, role: 'author' })).statusCode, 303)
    assert.equal((await post(admin.cookie, `/newsroom/users/${second.id}/role`, { _csrf: admin.csrf, role: 'author' })).statusCode, 303)
  })

  it('deactivating ends the sessions and blocks sign-in; reactivating lets them back', async () => {
    const target = await staff('author')
    assert.equal((await t.app.inject({ url: '/newsroom', headers: { cookie: target.cookie } })).statusCode, 200)
    const res = await post(admin.cookie, `/newsroom/users/${target.id}/deactivate`, { _csrf: admin.csrf })
    assert.equal(res.statusCode, 303)
    const sessions = await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', target.id).execute()
    assert.equal(sessions.length, 0)
    const kicked = await t.app.inject({ url: '/newsroom', headers: { cookie: target.cookie } })
    assert.equal(kicked.statusCode, 302)
    const blocked = await signIn(target.email, target.password)
    assert.equal(blocked.res.statusCode, 403)
    assert.equal(blocked.session, undefined)
    assert.match(blocked.res.body, /هذا الحساب موقوف/)
    assert.equal((await auditOf('user.deactivate')).at(-1)?.subject_id, target.id)

    assert.equal((await post(admin.cookie, `/newsroom/users/${target.id}/activate`, { _csrf: admin.csrf })).statusCode, 303)
    assert.ok((await signIn(target.email, target.password)).session)
    assert.equal((await auditOf('user.activate')).at(-1)?.subject_id, target.id)
  })

  it('makes a 24-hour reset link that sets a new password once and ends old sessions', async () => {
    const target = await staff('editor')
    const res = await post(admin.cookie, `/newsroom/users/${target.id}/reset`, { _csrf: admin.csrf })
    assert.equal(res.statusCode, 200)
    const path = linkIn(res.body, 'reset')
    assert.equal((await auditOf('user.reset')).at(-1)?.subject_id, target.id)

    const { res: done } = await choosePassword(path, 'brand new password')
    assert.equal(done.statusCode, 303)
    assert.equal((await t.app.inject({ url: '/newsroom', headers: { cookie: target.cookie } })).statusCode, 302, 'the old session ended')
    assert.equal((await signIn(target.email, target.password)).res.statusCode, 401, 'the old password no longer works')
    assert.ok((await signIn(target.email, 'brand new password')).session)
    assert.equal((await t.app.inject({ url: path })).statusCode, 410)

    const later = await post(admin.cookie, `/newsroom/users/${target.id}/reset`, { _csrf: admin.csrf })
    const expiring = linkIn(later.body, 'reset')
    t.clock.advance(DAY + 1000)
    assert.equal((await t.app.inject({ url: expiring })).statusCode, 410)
  })

  it('lets every staff member edit their own name and bio (as text) and change their password', async () => {
    const me = await staff('contributor')
    const other = await signIn(me.email, me.password)
    const long = await post(me.cookie, '/newsroom/profile', { _csrf: me.csrf, name: 'اسم مؤقت', bio: 'ب'.repeat(2001) })
    assert.equal(long.statusCode, 422)
    assert.match(long.body, /النبذة أطول من 2000 حرف/)
    assert.match(long.body, /value="اسم مؤقت"/)
    const nul = await post(me.cookie, '/newsroom/profile', { _csrf: me.csrf, name: 'اسم\u0000', bio: '' })
    assert.equal(nul.statusCode, 422, 'a control character is refused (PostgreSQL cannot store NUL)')
    const ok = await post(me.cookie, '/newsroom/profile', { _csrf: me.csrf, name: 'ليلى <b>', bio: 'مراسلة <script>x</script> من تونس' })
    assert.equal(ok.statusCode, 303)
    const page = await t.app.inject({ url: '/newsroom/profile', headers: { cookie: me.cookie } })
    assert.ok(!page.body.includes('<script>x</script>'))
    const row = await t.deps.db.selectFrom('users').select(['name', 'bio']).where('id', '=', me.id).executeTakeFirstOrThrow()
    assert.deepEqual(row, { name: 'ليلى <b>', bio: 'مراسلة <script>x</script> من تونس' })

    const wrong = await post(me.cookie, '/newsroom/profile/password', { _csrf: me.csrf, current: 'not it at all', password: 'a brand new password' })
    assert.equal(wrong.statusCode, 422)
    assert.match(wrong.body, /كلمة المرور الحالية غير صحيحة/)
    const short = await post(me.cookie, '/newsroom/profile/password', { _csrf: me.csrf, current: me.password, password: 'short' })
    assert.equal(short.statusCode, 422)
    assert.match(short.body, /10 أحرف على الأقل/)
    const changed = await post(me.cookie, '/newsroom/profile/password', { _csrf: me.csrf, current: me.password, password: 'a brand new password' })
    assert.equal(changed.statusCode, 303)
    assert.equal((await t.app.inject({ url: '/newsroom/profile', headers: { cookie: me.cookie } })).statusCode, 200, 'this session stays')
    assert.equal((await t.app.inject({ url: '/newsroom/profile', headers: { cookie: other.session! } })).statusCode, 302, 'other sessions end')
    assert.ok((await signIn(me.email, 'a brand new password')).session)
  })
})
