import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { generate } from 'otplib'
import { disableTotpByEmail } from '../../src/modules/users/profile.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { LOGIN_CSRF, SESSION, cookieOf, csrfFieldOf, signInAs } from './sign-in.js'

const MAX_ATTEMPTS = 3
const PENDING = 'sahifa_2fa'

describeEachDatabase('two-step sign-in', (engine) => {
  let t: TestApp
  let lastIp = 0
  const freshIp = () => `10.2.0.${++lastIp}`

  before(async () => {
    t = await buildTestApp(engine, { env: { SAHIFA_LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), SAHIFA_LOGIN_WINDOW_MINUTES: '10' } })
  })
  after(() => t.close())

  const post = (cookie: string | undefined, url: string, fields: Record<string, string>, remoteAddress?: string) =>
    t.app.inject({ method: 'POST', url, remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: new URLSearchParams(fields).toString() })
  const codeAt = (secret: string, offsetMs = 0) => generate({ secret, epoch: Math.floor((t.clock.now().getTime() + offsetMs) / 1000) })
  /** A well-formed code that is not the right one. */
  const wrongCode = (right: string) => (right === '123456' ? '654321' : '123456')
  const profile = (cookie: string) => t.app.inject({ url: '/newsroom/profile', headers: { cookie } })

  /** A signed-in staff member who has turned two-step sign-in on through the profile page; returns the secret. */
  async function enrolled() {
    const user = await makeUser(t.deps, { role: 'editor' })
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })
    assert.ok(session)
    const page = await profile(session)
    const csrf = csrfFieldOf(page.body)!
    assert.match(page.body, /التحقق بخطوتين غير مفعّل/)
    const setup = await post(session, '/newsroom/profile/2fa/setup', { _csrf: csrf })
    assert.equal(setup.statusCode, 303)
    const shown = await profile(session)
    const secret = /<code dir="ltr">([A-Z2-7]+)<\/code>/.exec(shown.body)?.[1]
    assert.ok(secret, 'the key is shown')
    const img = /<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/.exec(shown.body)
    assert.ok(img, 'the QR code is an SVG data: image')
    const svg = Buffer.from(img[1]!, 'base64').toString()
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    assert.ok(!/<script|on\w+=/i.test(svg))

    const wrong = await post(session, '/newsroom/profile/2fa/confirm', { _csrf: csrf, code: wrongCode(await codeAt(secret)) })
    assert.equal(wrong.statusCode, 422)
    assert.match(wrong.body, /الرمز غير صحيح/)
    const row = await t.deps.db.selectFrom('users').select('totp_enabled').where('id', '=', user.id).executeTakeFirstOrThrow()
    assert.equal(row.totp_enabled, 0, 'not on before a right code')

    const confirmedWith = await codeAt(secret)
    const ok = await post(session, '/newsroom/profile/2fa/confirm', { _csrf: csrf, code: confirmedWith })
    assert.equal(ok.statusCode, 303)
    assert.match((await profile(session)).body, /التحقق بخطوتين مفعّل/)
    // The confirming code is spent; the tests go on with the next one.
    t.clock.advance(30_000)
    return { ...user, secret, session, csrf, confirmedWith }
  }

  /** Sign-in step one: the right password gives only the pending cookie. */
  async function passwordStep(email: string, password: string, ip: string) {
    const res = await signInAs(t.app, email, password, { remoteAddress: ip })
    assert.equal(res.res.statusCode, 303)
    assert.equal(res.res.headers.location, '/newsroom/login/2fa')
    assert.equal(res.session, undefined, 'no session after the password alone')
    const pending = cookieOf(res.res, PENDING)
    assert.ok(pending)
    assert.equal(pending.httpOnly, true)
    const page = await t.app.inject({ url: '/newsroom/login/2fa', headers: { cookie: `${PENDING}=${pending.value}` }, remoteAddress: ip })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /autocomplete="one-time-code"/)
    const cookie = `${PENDING}=${pending.value}; ${LOGIN_CSRF}=${cookieOf(page, LOGIN_CSRF)!.value}`
    return { cookie, csrf: csrfFieldOf(page.body)! }
  }

  it('sets up with a confirmed code, then asks for a code after the password', async () => {
    const user = await enrolled()
    const ip = freshIp()
    const step = await passwordStep(user.email, user.password, ip)
    const res = await post(step.cookie, '/newsroom/login/2fa', { _csrf: step.csrf, code: await codeAt(user.secret) }, ip)
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/newsroom')
    const session = cookieOf(res, SESSION)
    assert.ok(session)
    assert.equal((await t.app.inject({ url: '/newsroom', headers: { cookie: `${SESSION}=${session.value}` } })).statusCode, 200)
  })

  it('rejects wrong codes, counts them toward the throttle, and refuses a missing CSRF token', async () => {
    const user = await enrolled()
    const ip = freshIp()
    const step = await passwordStep(user.email, user.password, ip)
    assert.equal((await post(step.cookie, '/newsroom/login/2fa', { _csrf: 'nope', code: await codeAt(user.secret) }, ip)).statusCode, 403)
    const right = await codeAt(user.secret)
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const wrong = await post(step.cookie, '/newsroom/login/2fa', { _csrf: step.csrf, code: wrongCode(right) }, ip)
      assert.equal(wrong.statusCode, 401)
      assert.match(wrong.body, /الرمز غير صحيح/)
      assert.equal(cookieOf(wrong, SESSION), undefined)
    }
    const throttled = await post(step.cookie, '/newsroom/login/2fa', { _csrf: step.csrf, code: right }, ip)
    assert.equal(throttled.statusCode, 429, 'even the right code waits out the throttle')
    assert.ok(throttled.headers['retry-after'])
    assert.equal(cookieOf(throttled, SESSION), undefined)
  })

  it('accepts a code once: the same code (or an older one) is refused within its 30 s, the next code works', async () => {
    const user = await enrolled()
    const ip = freshIp()
    const code = await codeAt(user.secret)
    const first = await passwordStep(user.email, user.password, ip)
    assert.equal((await post(first.cookie, '/newsroom/login/2fa', { _csrf: first.csrf, code }, ip)).statusCode, 303)
    const row = await t.deps.db.selectFrom('users').select('totp_last_step').where('id', '=', user.id).executeTakeFirstOrThrow()
    assert.equal(row.totp_last_step, Math.floor(t.clock.now().getTime() / 30_000), 'the accepted step is kept')

    // Someone who saw the code signs in with the password a few seconds later: the code is spent.
    t.clock.advance(5_000)
    const again = await passwordStep(user.email, user.password, ip)
    for (const spent of [code, await codeAt(user.secret, -30_000)]) {
      const replay = await post(again.cookie, '/newsroom/login/2fa', { _csrf: again.csrf, code: spent }, ip)
      assert.equal(replay.statusCode, 401)
      assert.match(replay.body, /استُخدم هذا الرمز من قبل/)
      assert.equal(cookieOf(replay, SESSION), undefined)
    }
    t.clock.advance(30_000)
    const next = await post(again.cookie, '/newsroom/login/2fa', { _csrf: again.csrf, code: await codeAt(user.secret) }, ip)
    assert.equal(next.statusCode, 303, 'the next code signs in')
    assert.ok(cookieOf(next, SESSION))
  })

  it('lets only one of two sign-ins racing with the same code through', async () => {
    const user = await enrolled()
    const ip = freshIp()
    const [a, b] = [await passwordStep(user.email, user.password, ip), await passwordStep(user.email, user.password, ip)]
    const code = await codeAt(user.secret)
    const answers = await Promise.all([a, b].map((step) => post(step.cookie, '/newsroom/login/2fa', { _csrf: step.csrf, code }, ip)))
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [303, 401])
    assert.equal(answers.filter((r) => cookieOf(r, SESSION)).length, 1, 'one session')
    assert.match(answers.find((r) => r.statusCode === 401)!.body, /استُخدم هذا الرمز من قبل/)
  })

  it('lets the code step expire after 5 minutes and rejects a forged pending cookie', async () => {
    const user = await enrolled()
    const ip = freshIp()
    const step = await passwordStep(user.email, user.password, ip)
    t.clock.advance(5 * 60_000 + 1000)
    const late = await post(step.cookie, '/newsroom/login/2fa', { _csrf: step.csrf, code: await codeAt(user.secret) }, ip)
    assert.equal(late.statusCode, 401)
    assert.match(late.body, /انتهت مهلة خطوة التحقق/)
    assert.equal(cookieOf(late, SESSION), undefined)

    const forged = step.cookie.replace(/sahifa_2fa=(\d+)\./, `sahifa_2fa=${user.id + 1}.`)
    const res = await post(forged, '/newsroom/login/2fa', { _csrf: step.csrf, code: await codeAt(user.secret) }, ip)
    assert.equal(res.statusCode, 401)
    assert.equal((await t.app.inject({ url: '/newsroom/login/2fa' })).statusCode, 401, 'no pending cookie, no code form')
  })

  it('turns off with a right code only; the CLI helper turns it off for a locked-out account', async () => {
    const user = await enrolled()
    const wrong = await post(user.session, '/newsroom/profile/2fa/disable', { _csrf: user.csrf, code: 'abc' })
    assert.equal(wrong.statusCode, 422)
    assert.equal((await post(user.session, '/newsroom/profile/2fa/disable', { _csrf: 'x', code: await codeAt(user.secret) })).statusCode, 403)
    // A code already used (here to turn it on; as well to sign in) cannot turn it off.
    const spent = await post(user.session, '/newsroom/profile/2fa/disable', { _csrf: user.csrf, code: user.confirmedWith })
    assert.equal(spent.statusCode, 422)
    assert.match(spent.body, /استُخدم هذا الرمز من قبل/)
    const off = await post(user.session, '/newsroom/profile/2fa/disable', { _csrf: user.csrf, code: await codeAt(user.secret) })
    assert.equal(off.statusCode, 303)
    assert.ok((await signInAs(t.app, user.email, user.password, { remoteAddress: freshIp() })).session, 'the password alone signs in again')

    const locked = await enrolled()
    assert.equal(await disableTotpByEmail(t.deps.db, locked.email, t.clock.now()), true)
    assert.ok((await signInAs(t.app, locked.email, locked.password, { remoteAddress: freshIp() })).session)
  })
})
