import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import sharp from 'sharp'
import type { Role } from '../../src/db/schema.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { multipart, type FilePart } from '../support/multipart.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfFieldOf, inputTag, inputValue, signInAs } from './sign-in.js'

interface Staff {
  id: number
  name: string
  slug: string
  cookie: string
  csrf: string
}

describeEachDatabase('newsroom profile photo', (engine) => {
  let t: TestApp
  let mediaDir: string
  let small: Buffer
  let editor: Staff
  let lastIp = 0
  let lastUser = 0

  async function signIn(role: Role): Promise<Staff> {
    const n = ++lastUser
    const name = `مراسلة ${n}`
    const slug = `reporter-${role}-${n}`
    const user = await makeUser(t.deps, { role, name, slug })
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: `10.9.0.${++lastIp}` })
    assert.ok(session, `signed in as ${role}`)
    const page = await t.app.inject({ url: '/newsroom/profile', headers: { cookie: session } })
    assert.equal(page.statusCode, 200)
    const csrf = csrfFieldOf(page.body)
    assert.ok(csrf, 'the profile page has a CSRF field')
    return { id: user.id, name, slug, cookie: session, csrf }
  }

  /** Submits the profile form as a browser does (multipart); name and bio default to the current ones. */
  function saveProfile(who: Staff, fields: Record<string, string>, file?: Omit<FilePart, 'field'>) {
    const body = multipart({ _csrf: who.csrf, name: who.name, bio: '', ...fields }, file && { ...file, field: 'photo' })
    return t.app.inject({ method: 'POST', url: '/newsroom/profile', headers: { cookie: who.cookie, 'content-type': body.contentType }, payload: body.payload })
  }

  const photoOf = async (who: Staff) => (await t.deps.db.selectFrom('users').select('photo_media_id').where('id', '=', who.id).executeTakeFirstOrThrow()).photo_media_id
  const authorPage = (who: Staff) => t.app.inject({ url: `/author/${who.slug}` })
  const png = (name = 'me.png') => ({ name, type: 'image/png', bytes: small })
  const folders = () => readdirSync(mediaDir).filter((name) => !name.startsWith('.'))

  /** An image in the library, uploaded by the editor; returns its id. */
  async function libraryImage(alt = 'صورة في المكتبة'): Promise<number> {
    const body = multipart({ _csrf: editor.csrf, alt, caption: '', credit: '' }, { name: 'library.png', type: 'image/png', bytes: small })
    const res = await t.app.inject({ method: 'POST', url: '/newsroom/media', headers: { cookie: editor.cookie, 'content-type': body.contentType }, payload: body.payload })
    assert.equal(res.statusCode, 303, res.body.slice(0, 300))
    return Number(/\/newsroom\/media\/(\d+)/.exec(res.headers.location as string)?.[1])
  }

  before(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'sahifa-photo-'))
    t = await buildTestApp(engine, { env: { SAHIFA_MEDIA_DIR: mediaDir, SAHIFA_UPLOAD_MAX_MB: '1' } })
    small = await sharp({ create: { width: 400, height: 400, channels: 3, background: { r: 20, g: 90, b: 160 } } })
      .png()
      .toBuffer()
    editor = await signIn('editor')
  })
  after(async () => {
    await t.close()
    rmSync(mediaDir, { recursive: true, force: true })
  })

  it('uploads a photo with the profile: the author page shows it with a srcset, the alt text is the name', async () => {
    const me = await signIn('author')
    const beforePage = await authorPage(me)
    assert.equal(beforePage.statusCode, 200)
    assert.ok(!beforePage.body.includes('author-photo'), 'no photo yet (and the page is now in the render cache)')

    const res = await saveProfile(me, { name: me.name, bio: 'مراسلة من الرباط' }, png('وجهي.png'))
    assert.equal(res.statusCode, 303, res.body.slice(0, 500))
    assert.equal(res.headers.location, '/newsroom/profile?done=profile')
    const photoId = await photoOf(me)
    assert.ok(photoId)
    const row = await t.deps.db.selectFrom('media').selectAll().where('id', '=', photoId).executeTakeFirstOrThrow()
    assert.deepEqual([row.alt, row.original_name, row.uploaded_by], [me.name, 'وجهي.png', me.id])

    const page = await authorPage(me)
    assert.equal(page.statusCode, 200)
    const picture = /<picture>[\s\S]*?<\/picture>/.exec(page.body)?.[0] ?? ''
    assert.match(picture, new RegExp(`srcset="/media/${row.storage_key}/320\\.webp 320w, /media/${row.storage_key}/400\\.webp 400w"`))
    assert.match(picture, /type="image\/avif"/)
    assert.match(picture, new RegExp(`class="author-photo"`))
    assert.ok(picture.includes(`alt="${me.name}"`))
    assert.ok(page.body.includes('مراسلة من الرباط'), 'the bio was saved with the photo')

    const profile = await t.app.inject({ url: '/newsroom/profile?done=profile', headers: { cookie: me.cookie } })
    assert.ok(profile.body.includes(`/media/${row.storage_key}/320.webp`), 'the profile page shows the current photo')
    assert.ok(profile.body.includes('enctype="multipart/form-data"'))
  })

  it('uses the typed description as alt text when there is one', async () => {
    const me = await signIn('author')
    assert.equal((await saveProfile(me, { photoAlt: '  صورة مقرّبة للمراسلة  ' }, png())).statusCode, 303)
    const row = await t.deps.db.selectFrom('media').select('alt').where('id', '=', (await photoOf(me))!).executeTakeFirstOrThrow()
    assert.equal(row.alt, 'صورة مقرّبة للمراسلة')
  })

  it('chooses an existing library image by id, and refuses ids that are not there or not numbers, keeping what was typed', async () => {
    const me = await signIn('author')
    const id = await libraryImage()
    const res = await saveProfile(me, { photoMediaId: ` ${id} ` })
    assert.equal(res.statusCode, 303, res.body.slice(0, 500))
    assert.equal(await photoOf(me), id)
    assert.match((await authorPage(me)).body, /class="author-photo"/)

    const missing = await saveProfile(me, { name: 'اسم جديد', bio: 'نبذة لم تُحفظ', photoMediaId: '987654' })
    assert.equal(missing.statusCode, 422)
    assert.ok(missing.body.includes('لا توجد في مكتبة الوسائط صورة رقمها 987654. تحقّق من الرقم.'))
    assert.ok(missing.body.includes('نبذة لم تُحفظ'))
    assert.equal(inputValue(missing.body, 'name'), 'اسم جديد')
    assert.equal(inputValue(missing.body, 'photoMediaId'), '987654')

    for (const garbage of ['abc', '-1', '1.5', '12345678901', '<script>x</script>']) {
      const bad = await saveProfile(me, { bio: 'نبذة محفوظة في النموذج', photoMediaId: garbage })
      assert.equal(bad.statusCode, 422, garbage)
      assert.ok(bad.body.includes('اكتب رقم الصورة بالأرقام فقط، مثل 12.'), garbage)
      assert.ok(bad.body.includes('نبذة محفوظة في النموذج'))
      assert.ok(!bad.body.includes('<script>x'))
    }
    assert.equal(await photoOf(me), id, 'the photo did not change')
    const user = await t.deps.db.selectFrom('users').select(['name', 'bio']).where('id', '=', me.id).executeTakeFirstOrThrow()
    assert.deepEqual([user.name, user.bio], [me.name, ''], 'nothing else was saved either')
  })

  it('removes the photo, and refuses more than one way at once', async () => {
    const me = await signIn('author')
    assert.equal((await saveProfile(me, {}, png())).statusCode, 303)
    const id = (await photoOf(me))!
    const profile = await t.app.inject({ url: '/newsroom/profile', headers: { cookie: me.cookie } })
    assert.ok(inputTag(profile.body, 'removePhoto'), 'a photo can be removed')

    const both = await saveProfile(me, { removePhoto: '1', photoMediaId: String(id) })
    assert.equal(both.statusCode, 422)
    assert.ok(both.body.includes('اختر طريقة واحدة'))
    assert.equal(await photoOf(me), id)

    const res = await saveProfile(me, { removePhoto: '1' })
    assert.equal(res.statusCode, 303)
    assert.equal(await photoOf(me), null)
    assert.ok(!(await authorPage(me)).body.includes('author-photo'))
    const after = await t.app.inject({ url: '/newsroom/profile', headers: { cookie: me.cookie } })
    assert.equal(inputTag(after.body, 'removePhoto'), undefined, 'nothing left to remove')
    // The image itself stays in the library (and may now be deleted there).
    assert.ok(await t.deps.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst())
  })

  it('refuses files that are not images (415) with the allowed types named, keeping the typed name and bio', async () => {
    const me = await signIn('author')
    const stored = folders().length
    for (const file of [
      { name: 'notes.png', type: 'image/png', bytes: Buffer.from('just some text, not an image\n'.repeat(20)) },
      { name: 'me.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
    ]) {
      const res = await saveProfile(me, { name: 'ليلى الحداد', bio: 'مراسلة ثقافية' }, file)
      assert.equal(res.statusCode, 415, file.name)
      assert.ok(res.body.includes('نوع الملف غير مقبول. الأنواع المسموح بها: JPEG وPNG وWebP وAVIF وGIF.'), file.name)
      assert.ok(res.body.includes('لم يُحفظ ملفك الشخصي.'))
      assert.equal(inputValue(res.body, 'name'), 'ليلى الحداد')
      assert.ok(res.body.includes('مراسلة ثقافية'))
      assert.ok(!res.body.includes('<script>alert(1)'))
    }
    const unreadable = await saveProfile(me, {}, { name: 'broken.png', type: 'image/png', bytes: small.subarray(0, 200) })
    assert.ok([415, 422].includes(unreadable.statusCode), String(unreadable.statusCode))
    assert.equal(folders().length, stored, 'nothing stored')
    assert.equal(await photoOf(me), null)
  })

  it('answers 413 with the limit when the photo is too large', async () => {
    const me = await signIn('author')
    const big = Buffer.concat([small.subarray(0, 64), Buffer.alloc(1024 * 1024 + 10, 7)])
    const res = await saveProfile(me, { bio: 'ما زالت هنا' }, { name: 'big.png', type: 'image/png', bytes: big })
    assert.equal(res.statusCode, 413)
    assert.ok(res.body.includes('الملف أكبر من الحد المسموح به (1 ميغابايت)'))
    assert.ok(res.body.includes('ما زالت هنا'))
    assert.equal(await photoOf(me), null)
  })

  it('lets contributors and moderators upload their own photo; only library roles may choose by id', async () => {
    const contributor = await signIn('contributor')
    assert.equal((await saveProfile(contributor, {}, png())).statusCode, 303)
    assert.ok(await photoOf(contributor))
    const id = await libraryImage()
    assert.equal((await saveProfile(contributor, { photoMediaId: String(id) })).statusCode, 303)
    assert.equal(await photoOf(contributor), id)

    const moderator = await signIn('moderator')
    const form = await t.app.inject({ url: '/newsroom/profile', headers: { cookie: moderator.cookie } })
    assert.ok(inputTag(form.body, 'photo'), 'moderators get the upload field')
    assert.equal(inputTag(form.body, 'photoMediaId'), undefined, 'but not the library id field')
    assert.equal((await saveProfile(moderator, {}, png())).statusCode, 303)
    const own = await photoOf(moderator)
    assert.ok(own)
    assert.equal((await t.app.inject({ url: '/newsroom/media', headers: { cookie: moderator.cookie } })).statusCode, 403, 'the library stays closed to them')

    const chosen = await saveProfile(moderator, { bio: 'مشرفة التعليقات', photoMediaId: String(id) })
    assert.equal(chosen.statusCode, 403)
    assert.ok(chosen.body.includes('لا يتيح لك دورك اختيار صورة من مكتبة الوسائط'))
    assert.ok(chosen.body.includes('مشرفة التعليقات'))
    assert.equal(await photoOf(moderator), own)
  })

  it('keeps a profile photo from being deleted in the library', async () => {
    const me = await signIn('author')
    assert.equal((await saveProfile(me, {}, png())).statusCode, 303)
    const id = (await photoOf(me))!
    const res = await t.app.inject({
      method: 'POST',
      url: `/newsroom/media/${id}/delete`,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: editor.csrf }).toString(),
    })
    assert.equal(res.statusCode, 409)
    assert.ok(res.body.includes(`صورة الملف الشخصي لـ${me.name}`))
    assert.ok(await t.deps.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst())
  })

  it('refuses a save without the CSRF token (403), multipart or not, and changes nothing', async () => {
    const me = await signIn('author')
    const body = multipart({ name: 'اسم آخر', bio: '' }, { field: 'photo', ...png() })
    const res = await t.app.inject({ method: 'POST', url: '/newsroom/profile', headers: { cookie: me.cookie, 'content-type': body.contentType }, payload: body.payload })
    assert.equal(res.statusCode, 403)
    const wrong = await saveProfile({ ...me, csrf: 'not-the-token' }, { removePhoto: '1' })
    assert.equal(wrong.statusCode, 403)
    const plain = await t.app.inject({
      method: 'POST',
      url: '/newsroom/profile',
      headers: { cookie: me.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name: 'اسم آخر', bio: '', removePhoto: '1' }).toString(),
    })
    assert.equal(plain.statusCode, 403)
    const user = await t.deps.db.selectFrom('users').select(['name', 'photo_media_id']).where('id', '=', me.id).executeTakeFirstOrThrow()
    assert.deepEqual([user.name, user.photo_media_id], [me.name, null])
  })

  it('answers malformed multipart bodies with a 4xx, never a 500', async () => {
    const me = await signIn('author')
    const boundary = '----sahifabroken'
    for (const payload of [
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nx`,
      'not multipart at all',
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\u0089PNG`,
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/newsroom/profile', headers: { cookie: me.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(payload.slice(0, 40))}`)
    }
    const many = multipart(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'])))
    const res = await t.app.inject({ method: 'POST', url: '/newsroom/profile', headers: { cookie: me.cookie, 'content-type': many.contentType }, payload: many.payload })
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode))
  })
})
