import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import sharp from 'sharp'
import type { Role } from '../../src/db/schema.js'
import { variantsOf } from '../../src/modules/media/media.schema.js'
import { syncArticleMedia } from '../../src/modules/media/media.service.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeUser } from '../support/factories.js'
import { multipart, type FilePart } from '../support/multipart.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfFieldOf, signInAs } from './sign-in.js'

interface Staff {
  id: number
  cookie: string
  csrf: string
}


/** A 2000×1000 PNG (a gradient, so it compresses but is not trivial). */
async function widePng(): Promise<Buffer> {
  const width = 2000
  const height = 1000
  const raw = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([x % 256, y % 256, 128], (y * width + x) * 3)
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

/** A 300×200 JPEG whose EXIF says "rotate 90° clockwise" (upright: 200×300). */
async function rotatedJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer()
}

describeEachDatabase('newsroom media library', (engine) => {
  let t: TestApp
  let mediaDir: string
  let editor: Staff
  let author: Staff
  let png: Buffer
  /** A small image for tests that do not look at the variants (AVIF encoding is slow). */
  let small: Buffer
  let lastIp = 0

  async function signIn(role: Role): Promise<Staff> {
    const user = await makeUser(t.deps, { role })
    const { session } = await signInAs(t.app, user.email, user.password, { remoteAddress: `10.7.0.${++lastIp}` })
    assert.ok(session, `signed in as ${role}`)
    const page = await t.app.inject({ url: '/newsroom/media', headers: { cookie: session } })
    const csrf = csrfFieldOf(page.body)
    assert.ok(csrf, 'the library has a CSRF field')
    return { id: user.id, cookie: session, csrf }
  }

  function upload(who: Staff, fields: Record<string, string>, file?: FilePart) {
    const body = multipart({ _csrf: who.csrf, ...fields }, file)
    return t.app.inject({ method: 'POST', url: '/newsroom/media', headers: { cookie: who.cookie, 'content-type': body.contentType }, payload: body.payload })
  }

  const post = (url: string, fields: Record<string, string>, who: Staff) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() })

  async function uploaded(who: Staff, file: FilePart, alt = 'صورة للاختبار') {
    const res = await upload(who, { alt, caption: '', credit: '' }, file)
    assert.equal(res.statusCode, 303, res.body.slice(0, 500))
    const id = Number(/^\/newsroom\/media\/(\d+)\?done=uploaded$/.exec(res.headers.location as string)?.[1])
    const row = await t.deps.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    return row
  }

  const folders = () => readdirSync(mediaDir)

  before(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'sahifa-media-'))
    t = await buildTestApp(engine, { env: { SAHIFA_MEDIA_DIR: mediaDir, SAHIFA_UPLOAD_MAX_MB: '1' } })
    editor = await signIn('editor')
    author = await signIn('author')
    png = await widePng()
    small = await sharp(png).resize({ width: 300 }).png().toBuffer()
  })
  after(async () => {
    await t.close()
    rmSync(mediaDir, { recursive: true, force: true })
  })

  it('makes WebP and AVIF variants at every width up to the original, keeps the original and records the upload', async () => {
    const row = await uploaded(editor, { name: 'ميناء.png', type: 'image/png', bytes: png }, 'ميناء الدار البيضاء عند الغروب')
    assert.match(row.storage_key, /^[A-Za-z0-9_-]{16,}$/)
    assert.deepEqual([row.width, row.height, row.mime, row.original_name, row.alt], [2000, 1000, 'image/png', 'ميناء.png', 'ميناء الدار البيضاء عند الغروب'])
    const variants = variantsOf(row)
    assert.deepEqual([...new Set(variants.map((v) => v.width))], [320, 640, 960, 1280, 1920])
    for (const v of variants) {
      const meta = await sharp(join(mediaDir, row.storage_key, v.file)).metadata()
      assert.equal(meta.width, v.width, v.file)
      assert.equal(meta.height, v.width / 2, v.file)
      assert.equal(meta.format, v.format === 'avif' ? 'heif' : 'webp', v.file)
    }
    assert.equal(variants.filter((v) => v.format === 'avif').length, 5)
    assert.ok(existsSync(join(mediaDir, row.storage_key, 'original.png')))
    assert.ok(!folders().some((f) => f.startsWith('.')), 'no temporary folder left')
    const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'subject_id', 'user_id']).where('action', '=', 'media.upload').where('subject_id', '=', row.id).executeTakeFirst()
    assert.deepEqual(audit, { action: 'media.upload', subject_id: row.id, user_id: editor.id })
  })

  it('turns photos upright by their EXIF orientation, strips metadata and never upscales', async () => {
    const row = await uploaded(author, { name: 'portrait.jpg', type: 'image/jpeg', bytes: await rotatedJpeg() })
    assert.deepEqual([row.width, row.height], [200, 300])
    const variants = variantsOf(row)
    assert.deepEqual(variants.map((v) => v.file).sort(), ['200.avif', '200.webp'])
    const meta = await sharp(join(mediaDir, row.storage_key, '200.webp')).metadata()
    assert.deepEqual([meta.width, meta.height], [200, 300])
    assert.equal(meta.exif, undefined)
    assert.equal(meta.orientation, undefined)
  })

  it('refuses files that are not images by their bytes, whatever their name, with the allowed types named', async () => {
    const before = folders().length
    for (const file of [
      { name: 'notes.png', type: 'image/png', bytes: Buffer.from('just some text, not an image\n'.repeat(20)) },
      { name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>') },
      { name: 'vector.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
    ]) {
      const res = await upload(editor, { alt: 'نص بديل', caption: 'تعليق', credit: '' }, file)
      assert.equal(res.statusCode, 415, file.name)
      assert.ok(res.body.includes('نوع الملف غير مقبول. الأنواع المسموح بها: JPEG وPNG وWebP وAVIF وGIF.'), file.name)
      assert.ok(!res.body.includes('<script>alert(1)'))
    }
    assert.equal(folders().length, before, 'nothing stored')
  })

  it('answers 413 with the limit when the file is too large, keeping what was typed', async () => {
    const big = Buffer.concat([png.subarray(0, 64), randomBytes(1024 * 1024 + 10)])
    const res = await upload(editor, { alt: 'صورة كبيرة', caption: 'تعليق طويل', credit: '' }, { name: 'big.png', type: 'image/png', bytes: big })
    assert.equal(res.statusCode, 413)
    assert.ok(res.body.includes('الملف أكبر من الحد المسموح به'))
    assert.ok(res.body.includes('value="صورة كبيرة"'))
  })

  it('requires alt text (422) and keeps the typed caption and credit', async () => {
    const before = folders().length
    const res = await upload(editor, { alt: '  ', caption: 'وزير الخارجية في المؤتمر الصحفي', credit: 'تصوير: أحمد' }, { name: 'a.png', type: 'image/png', bytes: png })
    assert.equal(res.statusCode, 422)
    assert.ok(res.body.includes('اكتب نصًا بديلًا يصف الصورة'))
    assert.ok(res.body.includes('وزير الخارجية في المؤتمر الصحفي'))
    assert.ok(res.body.includes('value="تصوير: أحمد"'))
    assert.equal(folders().length, before)
  })

  it('answers a body cut short with 400, not a 500', async () => {
    const body = multipart({ _csrf: editor.csrf, alt: 'مقطوع' }, { name: 'a.png', type: 'image/png', bytes: small })
    const cut = body.payload.subarray(0, body.payload.length - 40)
    const res = await t.app.inject({ method: 'POST', url: '/newsroom/media', headers: { cookie: editor.cookie, 'content-type': body.contentType }, payload: cut })
    assert.equal(res.statusCode, 400)
  })

  it('refuses an upload without the CSRF token', async () => {
    const body = multipart({ alt: 'x' }, { name: 'a.png', type: 'image/png', bytes: png })
    const res = await t.app.inject({ method: 'POST', url: '/newsroom/media', headers: { cookie: editor.cookie, 'content-type': body.contentType }, payload: body.payload })
    assert.equal(res.statusCode, 403)
  })

  it('serves variants with immutable caching and an ETag, and 404s anything else', async () => {
    const row = await uploaded(editor, { name: 'b.png', type: 'image/png', bytes: png })
    const url = `/media/${row.storage_key}/640.webp`
    const res = await t.app.inject({ url })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'image/webp')
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.ok(res.headers.etag)
    assert.equal((await sharp(res.rawPayload).metadata()).width, 640)
    const avif = await t.app.inject({ url: `/media/${row.storage_key}/1920.avif` })
    assert.equal(avif.headers['content-type'], 'image/avif')
    const again = await t.app.inject({ url, headers: { 'if-none-match': res.headers.etag as string } })
    assert.equal(again.statusCode, 304)
    for (const bad of [
      `/media/${row.storage_key}/original.png`,
      `/media/${row.storage_key}/9999.webp`,
      `/media/${row.storage_key}/..%2F..%2Fpackage.json`,
      `/media/..%2F..%2F/640.webp`,
      `/media/${row.storage_key}/../../package.json`,
      `/media/%2e%2e/640.webp`,
      `/media/${row.storage_key}%2F..%2F/640.webp`,
      '/media/.upload-abcdef/640.webp',
    ]) {
      const r = await t.app.inject({ url: bad })
      assert.equal(r.statusCode, 404, bad)
    }
  })

  it('refuses to delete an image in use (409, saying where) and deletes an unused one with its folder', async () => {
    const used = await uploaded(editor, { name: 'used.png', type: 'image/png', bytes: small })
    const article = await makeArticle(t.deps, { title: 'افتتاح المعرض الدولي للكتاب' })
    await t.deps.db.insertInto('article_media').values({ article_id: article.id, media_id: used.id }).execute()
    const refused = await post(`/newsroom/media/${used.id}/delete`, { _csrf: editor.csrf }, editor)
    assert.equal(refused.statusCode, 409)
    assert.ok(refused.body.includes('لا يمكن حذف هذه الصورة لأنها مستخدمة في: الخبر «افتتاح المعرض الدولي للكتاب»'))
    assert.ok(existsSync(join(mediaDir, used.storage_key)))

    const unused = await uploaded(editor, { name: 'unused.png', type: 'image/png', bytes: small })
    assert.equal((await post(`/newsroom/media/${unused.id}/delete`, { _csrf: 'wrong' }, editor)).statusCode, 403)
    const res = await post(`/newsroom/media/${unused.id}/delete`, { _csrf: editor.csrf }, editor)
    assert.equal(res.statusCode, 303)
    assert.equal(await t.deps.db.selectFrom('media').select('id').where('id', '=', unused.id).executeTakeFirst(), undefined)
    assert.ok(!existsSync(join(mediaDir, unused.storage_key)))
    assert.equal((await t.app.inject({ url: `/media/${unused.storage_key}/300.webp` })).statusCode, 404)
    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'media.delete').where('subject_id', '=', unused.id).executeTakeFirst()
    assert.ok(audit)
  })

  it('lets authors delete their own uploads only', async () => {
    const mine = await uploaded(author, { name: 'mine.png', type: 'image/png', bytes: small })
    const theirs = await uploaded(editor, { name: 'theirs.png', type: 'image/png', bytes: small })
    assert.equal((await post(`/newsroom/media/${theirs.id}/delete`, { _csrf: author.csrf }, author)).statusCode, 403)
    assert.equal((await post(`/newsroom/media/${mine.id}/delete`, { _csrf: author.csrf }, author)).statusCode, 303)
  })

  it('edits alt text, caption and credit, keeping typed text on a refused save', async () => {
    const row = await uploaded(editor, { name: 'edit.png', type: 'image/png', bytes: small })
    const refused = await post(`/newsroom/media/${row.id}`, { _csrf: editor.csrf, alt: '', caption: 'تعليق جديد', credit: '' }, editor)
    assert.equal(refused.statusCode, 422)
    assert.ok(refused.body.includes('تعليق جديد'))
    const saved = await post(`/newsroom/media/${row.id}`, { _csrf: editor.csrf, alt: 'نص بديل جديد', caption: 'تعليق جديد', credit: 'رويترز' }, editor)
    assert.equal(saved.statusCode, 303)
    const stored = await t.deps.db.selectFrom('media').select(['alt', 'caption', 'credit']).where('id', '=', row.id).executeTakeFirstOrThrow()
    assert.deepEqual(stored, { alt: 'نص بديل جديد', caption: 'تعليق جديد', credit: 'رويترز' })
  })

  it('lists and searches the library, and answers picker.json for the article editor', async () => {
    const row = await uploaded(editor, { name: 'قصر-الحمراء.png', type: 'image/png', bytes: png }, 'قصر الحمراء في غرناطة')
    const page = await t.app.inject({ url: `/newsroom/media?q=${encodeURIComponent('الحمراء')}`, headers: { cookie: editor.cookie } })
    assert.equal(page.statusCode, 200)
    assert.ok(page.body.includes(`id="m-${row.id}"`))
    assert.ok(page.body.includes('enctype="multipart/form-data"'))
    assert.match(page.body, /<script src="\/assets\/media\.[\w-]+\.js" defer><\/script>/)
    const res = await t.app.inject({ url: `/newsroom/media/picker.json?q=${encodeURIComponent('غرناطة')}&page=1`, headers: { cookie: editor.cookie } })
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^application\/json/)
    assert.equal(res.headers['cache-control'], 'no-store')
    const json = res.json() as { items: Array<Record<string, unknown>>; page: number; pages: number }
    assert.deepEqual([json.page, json.pages, json.items.length], [1, 1, 1])
    assert.deepEqual(Object.keys(json.items[0]!).sort(), ['alt', 'caption', 'credit', 'height', 'id', 'src', 'srcsetAvif', 'srcsetWebp', 'width'])
    assert.equal(json.items[0]!.src, `/media/${row.storage_key}/1280.webp`)
    assert.equal(json.items[0]!.srcsetWebp, [320, 640, 960, 1280, 1920].map((w) => `/media/${row.storage_key}/${w}.webp ${w}w`).join(', '))
    const assetRes = await t.app.inject({ url: /src="(\/assets\/media\.[\w-]+\.js)"/.exec(page.body)![1]! })
    assert.equal(assetRes.statusCode, 200)
  })

  it('syncs article_media from the featured image and the body references', async () => {
    const a = await uploaded(editor, { name: 'a.png', type: 'image/png', bytes: small })
    const b = await uploaded(editor, { name: 'b.png', type: 'image/png', bytes: small })
    const article = await makeArticle(t.deps)
    await syncArticleMedia(t.deps.db, article.id, { featuredMediaId: a.id, bodyHtml: `<p>x</p><img src="/media/${b.storage_key}/300.webp"><img src="/media/unknownkey123/640.webp">` })
    const ids = async () => (await t.deps.db.selectFrom('article_media').select('media_id').where('article_id', '=', article.id).execute()).map((r) => r.media_id).sort((x, y) => x - y)
    assert.deepEqual(await ids(), [a.id, b.id].sort((x, y) => x - y))
    await syncArticleMedia(t.deps.db, article.id, { featuredMediaId: null, bodyHtml: '' })
    assert.deepEqual(await ids(), [])
  })

  it('is for writers only: moderators get 403, visitors the sign-in form', async () => {
    const moderator = await makeUser(t.deps, { role: 'moderator' })
    const { session } = await signInAs(t.app, moderator.email, moderator.password, { remoteAddress: `10.7.0.${++lastIp}` })
    assert.equal((await t.app.inject({ url: '/newsroom/media', headers: { cookie: session! } })).statusCode, 403)
    assert.equal((await t.app.inject({ url: '/newsroom/media/picker.json', headers: { cookie: session! } })).statusCode, 403)
    const out = await t.app.inject({ url: '/newsroom/media' })
    assert.equal(out.statusCode, 302)
    assert.match(out.headers.location as string, /^\/newsroom\/login\?next=%2Fnewsroom%2Fmedia/)
    const contributor = await signIn('contributor')
    assert.equal((await t.app.inject({ url: '/newsroom/media', headers: { cookie: contributor.cookie } })).statusCode, 200)
  })
})
