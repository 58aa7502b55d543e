import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfFieldOf, inputValue, signInAs } from './sign-in.js'

describeEachDatabase('site settings', (engine) => {
  let t: TestApp
  let admin: string
  let editor: string
  before(async () => {
    t = await buildTestApp(engine)
    const a = await makeUser(t.deps, { role: 'admin' })
    const e = await makeUser(t.deps, { role: 'editor' })
    admin = (await signInAs(t.app, a.email, a.password, { remoteAddress: '198.51.100.40' })).session!
    editor = (await signInAs(t.app, e.email, e.password, { remoteAddress: '198.51.100.41' })).session!
  })
  after(() => t.close())

  const form = (csrf: string, over: Record<string, string> = {}) =>
    new URLSearchParams({ _csrf: csrf, name: 'الجريدة الحرة', tagline: 'صوت المدينة', logoUrl: '/media/logo.svg', locale: 'ar-MA', digits: 'arab', hijri: '1', timeZone: 'Africa/Casablanca', ...over }).toString()
  const post = (cookie: string, payload: string) => t.app.inject({ method: 'POST', url: '/newsroom/settings', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload })
  const csrfOf = async (cookie: string) => csrfFieldOf((await t.app.inject({ url: '/newsroom/settings', headers: { cookie } })).body)!

  it('saves the settings, audits them, and the public home page shows the new name', async () => {
    const page = await t.app.inject({ url: '/newsroom/settings', headers: { cookie: admin } })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /href="\/newsroom\/comments\/settings"/)
    const before = await t.app.inject({ url: '/' })
    assert.ok(!before.body.includes('الجريدة الحرة'))

    const res = await post(admin, form(csrfFieldOf(page.body)!))
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/newsroom/settings?saved=1')
    const s = t.deps.frame().settings
    assert.equal(s.name, 'الجريدة الحرة')
    assert.equal(s.locale, 'ar-MA')
    assert.equal(s.digits, 'arab')
    assert.equal(s.hijri, true)
    assert.equal(s.timeZone, 'Africa/Casablanca')
    assert.equal(s.logoUrl, '/media/logo.svg')
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.update').execute()
    assert.equal(audit.length, 1)
    assert.match(audit[0]!.detail, /name/)

    const home = await t.app.inject({ url: '/' })
    assert.equal(home.statusCode, 200)
    assert.ok(home.body.includes('الجريدة الحرة'), 'the public site shows the new name')

    const saved = await t.app.inject({ url: '/newsroom/settings?saved=1', headers: { cookie: admin } })
    assert.match(saved.body, /حُفظت الإعدادات/)
    assert.equal(inputValue(saved.body, 'name'), 'الجريدة الحرة')

    // Unchecking the Hijri box turns it off.
    const off = new URLSearchParams(form(await csrfOf(admin)))
    off.delete('hijri')
    assert.equal((await post(admin, off.toString())).statusCode, 303)
    assert.equal(t.deps.frame().settings.hijri, false)
  })

  it('answers a bad time zone and other bad fields with 422, messages per field, and the typed values', async () => {
    const res = await post(admin, form(await csrfOf(admin), { name: 'اسم جديد لم يُحفظ', timeZone: 'Mars/Olympus', locale: 'fr-FR', logoUrl: 'javascript:alert(1)' }))
    assert.equal(res.statusCode, 422)
    assert.match(res.body, /هذه ليست منطقة زمنية معروفة/)
    assert.match(res.body, /اختر إحدى اللهجات المعروضة/)
    assert.match(res.body, /اكتب مسارًا يبدأ بـ \//)
    assert.equal(inputValue(res.body, 'timeZone'), 'Mars/Olympus')
    assert.equal(inputValue(res.body, 'name'), 'اسم جديد لم يُحفظ')
    assert.equal(t.deps.frame().settings.timeZone, 'Africa/Casablanca', 'nothing saved')

    const empty = await post(admin, form(await csrfOf(admin), { name: '  ' }))
    assert.equal(empty.statusCode, 422)
    assert.match(empty.body, /اكتب اسم الموقع/)
  })

  it('refuses a wrong CSRF token and non-admins', async () => {
    assert.equal((await post(admin, form('wrong'))).statusCode, 403)
    assert.equal((await t.app.inject({ url: '/newsroom/settings', headers: { cookie: editor } })).statusCode, 403)
    assert.equal((await post(editor, form('x'))).statusCode, 403)
    const out = await t.app.inject({ url: '/newsroom/settings' })
    assert.equal(out.statusCode, 302)
    assert.equal(out.headers.location, '/newsroom/login?next=%2Fnewsroom%2Fsettings')
  })
})
