import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, it } from 'node:test'
import { setUserPassword } from '../../src/modules/users/users.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { LOGIN_CSRF, SESSION, cookieOf, csrfFieldOf, inputTag, inputValue, openLoginForm, postLogin, signInAs } from './sign-in.js'

const MAX_ATTEMPTS = 3
const WINDOW_MINUTES = 10
const SESSION_DAYS = 2
const MINUTE = 60_000
const DAY = 86_400_000

const ar = {
  invalid: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.',
  emailRequired: 'اكتب بريدك الإلكتروني.',
  emailInvalid: 'اكتب بريدًا إلكترونيًا صحيحًا، مثل name@example.com.',
  passwordRequired: 'اكتب كلمة المرور.',
  csrf: 'انتهت صلاحية النموذج أو أُرسل من مصدر غير موثوق. أعد تحميل الصفحة وحاول مرة أخرى.',
  throttled: `محاولات دخول كثيرة فاشلة. انتظر ${WINDOW_MINUTES} دقائق ثم حاول مرة أخرى.`, // 10 takes the "few" plural form
  inactive: 'هذا الحساب موقوف. تواصل مع مدير الموقع.',
  expired: 'انتهت جلستك. سجّل الدخول مرة أخرى.',
  signedOut: 'سجّلت الخروج بنجاح.',
}

describeEachDatabase('newsroom sign-in', (engine) => {
  let t: TestApp
  // Every test signs in from its own address, so the per-IP throttle of one test never
  // reaches another (the app and its login_attempts table are shared by the whole suite).
  let lastIp = 0
  const freshIp = () => `10.0.0.${++lastIp}`

  before(async () => {
    t = await buildTestApp(engine, {
      env: { SAHIFA_LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), SAHIFA_LOGIN_WINDOW_MINUTES: String(WINDOW_MINUTES), SAHIFA_SESSION_DAYS: String(SESSION_DAYS) },
    })
  })
  after(() => t.close())

  const dashboard = (cookie: string | undefined) => t.app.inject({ url: '/newsroom', headers: cookie ? { cookie } : {} })

  it('sends a visitor without a session to the sign-in form, remembering where they were going', async () => {
    const res = await dashboard(undefined)
    assert.equal(res.statusCode, 302)
    assert.equal(res.headers.location, '/newsroom/login?next=%2Fnewsroom')
    assert.equal(res.headers['cache-control'], 'no-store')

    const form = await t.app.inject({ url: res.headers.location })
    assert.equal(form.statusCode, 200)
    assert.equal(inputValue(form.body, 'next'), '/newsroom')
  })

  it('binds the sign-in form to a CSRF cookie (HttpOnly, SameSite=Lax) and reuses it on reload', async () => {
    const first = await t.app.inject({ url: '/newsroom/login' })
    assert.equal(first.statusCode, 200)
    assert.match(first.body, /<html lang="ar" dir="rtl">/)
    const cookie = cookieOf(first, LOGIN_CSRF)
    assert.ok(cookie, 'sets the CSRF cookie')
    assert.equal(csrfFieldOf(first.body), cookie.value, 'the hidden field carries the cookie token')
    assert.ok(cookie.value.length >= 32)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
    assert.equal(cookie.path, '/newsroom')
    assert.notEqual(cookie.secure, true, 'not Secure without SAHIFA_TLS')

    const reload = await t.app.inject({ url: '/newsroom/login', headers: { cookie: `${LOGIN_CSRF}=${cookie.value}` } })
    assert.equal(csrfFieldOf(reload.body), cookie.value)
    assert.equal(cookieOf(reload, LOGIN_CSRF), undefined, 'no new cookie while the old one is valid')

    const other = await t.app.inject({ url: '/newsroom/login' })
    assert.notEqual(csrfFieldOf(other.body), cookie.value, 'each browser gets its own token')
  })

  it('answers a wrong password with 401 and the Arabic message, keeping the email but never the password', async () => {
    const user = await makeUser(t.deps, { email: 'wrong.password@example.com' })
    const ip = freshIp()
    const form = await openLoginForm(t.app, { remoteAddress: ip })
    const typedPassword = 'Not-The-Password-7391'
    const res = await postLogin(t.app, { email: user.email, password: typedPassword, _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(res.statusCode, 401)
    assert.match(res.headers['content-type'] as string, /^text\/html/)
    assert.ok(res.body.includes(ar.invalid))
    assert.equal(inputValue(res.body, 'email'), 'wrong.password@example.com')
    assert.ok(!res.body.includes(typedPassword), 'the typed password is never sent back')
    assert.doesNotMatch(inputTag(res.body, 'password') ?? '', /\svalue=/)
    assert.equal(cookieOf(res, SESSION), undefined)
    assert.equal(csrfFieldOf(res.body), form.csrf, 'the form can be sent again as it is')

    // An unknown email gets the very same answer: the form does not reveal which accounts exist.
    const unknown = await postLogin(t.app, { email: 'nobody@example.com', password: typedPassword, _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(unknown.statusCode, 401)
    assert.ok(unknown.body.includes(ar.invalid))
  })

  it('answers empty or malformed fields with 422 and a message on each field', async () => {
    const ip = freshIp()
    const form = await openLoginForm(t.app, { remoteAddress: ip })
    const empty = await postLogin(t.app, { email: '', password: '', _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(empty.statusCode, 422)
    assert.match(empty.body, new RegExp(`id="email-error"[^>]*>${ar.emailRequired}<`))
    assert.match(empty.body, new RegExp(`id="password-error"[^>]*>${ar.passwordRequired}<`))
    assert.match(inputTag(empty.body, 'email') ?? '', /aria-invalid="true"/)
    assert.match(inputTag(empty.body, 'password') ?? '', /aria-invalid="true"/)

    const malformed = await postLogin(t.app, { email: '  not-an-email ', password: 'something long', _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(malformed.statusCode, 422)
    assert.ok(malformed.body.includes(ar.emailInvalid))
    assert.ok(!malformed.body.includes(ar.passwordRequired), 'only the field in error is flagged')
    assert.equal(inputValue(malformed.body, 'email'), 'not-an-email', 'the typed email is kept (trimmed)')
  })

  it('speaks English with Accept-Language: en or ?lang=en', async () => {
    const byHeader = await t.app.inject({ url: '/newsroom/login', headers: { 'accept-language': 'en-GB,en;q=0.9,ar;q=0.5' } })
    assert.match(byHeader.body, /<html lang="en" dir="ltr">/)
    assert.ok(byHeader.body.includes('Sign in to the newsroom'))

    const byQuery = await t.app.inject({ url: '/newsroom/login?lang=en' })
    assert.match(byQuery.body, /<html lang="en" dir="ltr">/)

    const ip = freshIp()
    const form = await openLoginForm(t.app, { remoteAddress: ip })
    const wrong = await postLogin(t.app, { email: 'someone@example.com', password: 'wrong password', _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip, query: '?lang=en' })
    assert.equal(wrong.statusCode, 401)
    assert.ok(wrong.body.includes('Wrong email or password.'))
    assert.ok(!wrong.body.includes(ar.invalid))

    const empty = await postLogin(t.app, { email: '', password: '', _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip, headers: { 'accept-language': 'en' } })
    assert.equal(empty.statusCode, 422)
    assert.ok(empty.body.includes('Enter your email.'))
    assert.ok(empty.body.includes('Enter your password.'))
  })

  it('refuses a sign-in without the CSRF token, with a wrong one, or without its cookie (403)', async () => {
    const user = await makeUser(t.deps)
    const ip = freshIp()
    const form = await openLoginForm(t.app, { remoteAddress: ip })
    const attempts: Array<{ fields: Record<string, string>; cookie: string | undefined }> = [
      { fields: { email: user.email, password: user.password }, cookie: form.cookie },
      { fields: { email: user.email, password: user.password, _csrf: 'x'.repeat(form.csrf.length) }, cookie: form.cookie },
      { fields: { email: user.email, password: user.password, _csrf: form.csrf }, cookie: undefined },
      { fields: { email: user.email, password: user.password, _csrf: form.csrf }, cookie: `${LOGIN_CSRF}=${'y'.repeat(form.csrf.length)}` },
    ]
    for (const { fields, cookie } of attempts) {
      const res = await postLogin(t.app, fields, { cookie, remoteAddress: ip })
      assert.equal(res.statusCode, 403)
      assert.ok(res.body.includes(ar.csrf), 'the Arabic CSRF message')
      assert.equal(cookieOf(res, SESSION), undefined, 'no session even with the right password')
      assert.equal(inputValue(res.body, 'email'), user.email, 'the email is kept')
    }
    const sessions = await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
    assert.equal(sessions.length, 0)
  })

  it(`throttles an account after ${MAX_ATTEMPTS} failures (429, Retry-After), even with the right password`, async () => {
    const user = await makeUser(t.deps)
    const ip = freshIp()
    const form = await openLoginForm(t.app, { remoteAddress: ip })
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const res = await postLogin(t.app, { email: user.email, password: `wrong ${i}`, _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
      assert.equal(res.statusCode, 401, `failure ${i + 1} is still a plain 401`)
    }
    const right = await postLogin(t.app, { email: user.email, password: user.password, _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(right.statusCode, 429)
    assert.ok(right.body.includes(ar.throttled))
    assert.equal(right.headers['retry-after'], String(WINDOW_MINUTES * 60))
    assert.equal(cookieOf(right, SESSION), undefined)

    // The lock is on the account: another address (and another spelling of the email) is refused too.
    const elsewhere = freshIp()
    const other = await openLoginForm(t.app, { remoteAddress: elsewhere })
    const res = await postLogin(t.app, { email: user.email.toUpperCase(), password: user.password, _csrf: other.csrf }, { cookie: other.cookie, remoteAddress: elsewhere })
    assert.equal(res.statusCode, 429)
  })

  it(`throttles one address across accounts after ${MAX_ATTEMPTS * 4} failures`, async () => {
    const user = await makeUser(t.deps)
    const ip = freshIp()
    const form = await openLoginForm(t.app, { remoteAddress: ip })
    // One failure per account, so no account reaches its own limit: only the IP counter can.
    for (let i = 0; i < MAX_ATTEMPTS * 4; i++) {
      const res = await postLogin(t.app, { email: `spray${i}.${engine}@example.com`, password: 'password123', _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
      assert.equal(res.statusCode, 401, `failure ${i + 1} from this address is still a 401`)
    }
    const blocked = await postLogin(t.app, { email: user.email, password: user.password, _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(blocked.statusCode, 429)
    assert.ok(blocked.body.includes(ar.throttled))
    assert.ok(blocked.headers['retry-after'])

    const { res } = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    assert.equal(res.statusCode, 303, 'the same account signs in from another address')
  })

  it('lifts the throttle once the window has passed', async () => {
    const user = await makeUser(t.deps)
    const ip = freshIp()
    const form = await openLoginForm(t.app, { remoteAddress: ip })
    for (let i = 0; i < MAX_ATTEMPTS; i++) await postLogin(t.app, { email: user.email, password: 'nope nope', _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    const locked = await postLogin(t.app, { email: user.email, password: user.password, _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(locked.statusCode, 429)

    t.clock.advance(WINDOW_MINUTES * MINUTE - 1000)
    const stillLocked = await postLogin(t.app, { email: user.email, password: user.password, _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(stillLocked.statusCode, 429, 'still locked just before the window ends')

    t.clock.advance(2000)
    const open = await postLogin(t.app, { email: user.email, password: user.password, _csrf: form.csrf }, { cookie: form.cookie, remoteAddress: ip })
    assert.equal(open.statusCode, 303)
  })

  it('signs in with 303 to /newsroom, sets an HttpOnly SameSite=Lax session cookie, and greets the user by name in <bdi>', async () => {
    const user = await makeUser(t.deps, { name: 'سارة الأحمد', role: 'editor' })
    const { res, session } = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/newsroom')
    const cookie = cookieOf(res, SESSION)!
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
    assert.equal(cookie.path, '/')
    assert.notEqual(cookie.secure, true)
    assert.equal(cookie.expires?.getTime(), t.clock.now().getTime() + SESSION_DAYS * DAY, 'the cookie lives as long as the session')
    const cleared = cookieOf(res, LOGIN_CSRF)
    assert.ok(cleared && cleared.value === '', 'the one-time sign-in token is cleared')

    const page = await dashboard(session)
    assert.equal(page.statusCode, 200)
    assert.equal(page.headers['cache-control'], 'no-store')
    assert.match(page.body, /<h1\b[^>]*>مرحبًا، <bdi>سارة الأحمد<\/bdi><\/h1>/)
    assert.ok(page.body.includes('دورك: محرر'))

    const login = await t.app.inject({ url: '/newsroom/login', headers: { cookie: session! } })
    assert.equal(login.statusCode, 303, 'a signed-in user is sent on from the sign-in form')
    assert.equal(login.headers.location, '/newsroom')

    const deep = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp(), next: '/newsroom/articles/12?tab=revisions' })
    assert.equal(deep.res.statusCode, 303)
    assert.equal(deep.res.headers.location, '/newsroom/articles/12?tab=revisions', 'a newsroom path in next is honoured')
  })

  it('stores only a hash of the session token', async () => {
    const user = await makeUser(t.deps)
    const { token } = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    assert.ok(token)
    const rows = await t.deps.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute()
    assert.equal(rows.length, 1)
    const row = rows[0]!
    assert.equal(row.id, createHash('sha256').update(token).digest('hex'))
    assert.ok(!Object.values(row).some((v) => String(v).includes(token)), 'the token itself is in no column')
  })

  it(`ends a session after SAHIFA_SESSION_DAYS and says so on the sign-in form`, async () => {
    const user = await makeUser(t.deps)
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    t.clock.advance(SESSION_DAYS * DAY - MINUTE)
    assert.equal((await dashboard(session)).statusCode, 200, 'alive just before the end')

    t.clock.advance(2 * MINUTE)
    const res = await dashboard(session)
    assert.equal(res.statusCode, 302)
    assert.equal(res.headers.location, '/newsroom/login?next=%2Fnewsroom&expired=1')
    assert.equal(cookieOf(res, SESSION)?.value, '', 'the dead cookie is cleared')

    const form = await t.app.inject({ url: res.headers.location as string })
    assert.equal(form.statusCode, 200)
    assert.ok(form.body.includes(ar.expired))
    assert.match(form.body, /انتهت جلستك/)
  })

  it('signs out only by POST with the session CSRF token; the old cookie is dead afterwards', async () => {
    const user = await makeUser(t.deps)
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    const page = await dashboard(session)
    const sessionCsrf = csrfFieldOf(page.body)
    assert.ok(sessionCsrf, 'the dashboard has a sign-out form with the session token')
    const signOutForm = /<form\b[^>]*action="\/newsroom\/logout"[^>]*>/.exec(page.body)?.[0]
    assert.match(signOutForm ?? '', /method="post"/i)

    const viaGet = await t.app.inject({ url: '/newsroom/logout', headers: { cookie: session! } })
    assert.ok(viaGet.statusCode >= 400 && viaGet.statusCode < 500, 'GET is not a sign-out')
    assert.equal(cookieOf(viaGet, SESSION), undefined)
    assert.equal((await dashboard(session)).statusCode, 200, 'still signed in after GET')

    const post = (fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/newsroom/logout', headers: { cookie: session!, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() })
    for (const fields of [{}, { _csrf: 'forged-token-value-forged-token-v' }] as Array<Record<string, string>>) {
      const refused = await post(fields)
      assert.equal(refused.statusCode, 403)
      assert.ok(refused.body.includes(ar.csrf))
      assert.equal((await dashboard(session)).statusCode, 200, 'still signed in after a refused sign-out')
    }

    const out = await post({ _csrf: sessionCsrf })
    assert.equal(out.statusCode, 303)
    assert.equal(out.headers.location, '/newsroom/login?out=1')
    assert.equal(cookieOf(out, SESSION)?.value, '')
    const farewell = await t.app.inject({ url: out.headers.location as string })
    assert.ok(farewell.body.includes(ar.signedOut))

    const after = await dashboard(session)
    assert.equal(after.statusCode, 302, 'the old cookie no longer opens the newsroom')
    assert.match(after.headers.location as string, /^\/newsroom\/login\?/)
    const rows = await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
    assert.equal(rows.length, 0)
  })

  it('shuts a deactivated account out: no new sign-in, and its open session ends', async () => {
    const user = await makeUser(t.deps)
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    assert.equal((await dashboard(session)).statusCode, 200)

    await t.deps.db.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute()
    const res = await dashboard(session)
    assert.equal(res.statusCode, 302)
    assert.match(res.headers.location as string, /^\/newsroom\/login\?/)

    const again = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    assert.equal(again.res.statusCode, 403)
    assert.ok(again.res.body.includes(ar.inactive))
    assert.equal(again.session, undefined)
  })

  it('ends every session of an account whose password is reset (as `sahifa user set-password` does)', async () => {
    const user = await makeUser(t.deps)
    const first = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    const second = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    const fresh = await setUserPassword(t.deps.db, user.email, undefined, t.clock.now())
    for (const { session } of [first, second]) assert.equal((await dashboard(session)).statusCode, 302, 'the old session is gone')
    assert.equal((await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })).res.statusCode, 401, 'the old password is refused')
    assert.equal((await signInAs(t.app, user.email, fresh, { remoteAddress: freshIp() })).res.statusCode, 303, 'the new one works')
  })

  it('never turns `next` into a redirect to another site (or a 500)', async () => {
    const user = await makeUser(t.deps)
    const hostile = ['//evil.com', 'https://evil.com', 'http://evil.com/newsroom', '/\\evil.com', '\\\\evil.com', '/newsroom\\..\\', 'javascript:alert(1)', '/newsroom@evil.com', ' /newsroom', '/newsroom/\x01', '/newsroom/\x7f', '/newsroom/خبر']
    for (const next of hostile) {
      const ip = freshIp()
      const shown = await t.app.inject({ url: `/newsroom/login?next=${encodeURIComponent(next)}`, remoteAddress: ip })
      assert.equal(shown.statusCode, 200)
      assert.ok(!shown.body.includes('evil.com'), `the form does not carry ${JSON.stringify(next)}`)

      const { res } = await signInAs(t.app, user.email, user.password, { remoteAddress: ip, next })
      assert.equal(res.statusCode, 303, `next=${JSON.stringify(next)}`)
      assert.equal(res.headers.location, '/newsroom', `next=${JSON.stringify(next)} falls back to the dashboard`)
    }
  })
})

// A separate suite (not nested) so that only one app per engine is open at a time.
describeEachDatabase('newsroom sign-in behind TLS (SAHIFA_TLS=1)', (engine) => {
  let tls: TestApp
  before(async () => {
    tls = await buildTestApp(engine, { env: { SAHIFA_TLS: '1' } })
  })
  after(() => tls.close())

  it('marks the session and sign-in cookies Secure', async () => {
    const user = await makeUser(tls.deps)
    const form = await openLoginForm(tls.app)
    assert.equal(cookieOf(form.res, LOGIN_CSRF)?.secure, true)
    const { res } = await signInAs(tls.app, user.email, user.password)
    assert.equal(res.statusCode, 303)
    const cookie = cookieOf(res, SESSION)!
    assert.equal(cookie.secure, true)
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Lax')
  })
})
