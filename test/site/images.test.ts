/**
 * Uploaded images on the public site: the featured image on the article page (and its preview),
 * pictures on the home page and listings with one media query per page, the author's photo and
 * bio, and the site logo in the masthead, which only ever shows a site path or an https URL.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, it } from 'node:test'
import type { KyselyPlugin, RootOperationNode } from 'kysely'
import sharp from 'sharp'
import { syncArticleMedia, uploadMedia } from '../../src/modules/media/media.service.js'
import { loadSiteSettings, saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { paths } from '../../src/views/paths.js'
import { safeUrl } from '../../src/views/trusted-html.js'
import { csrfFieldOf, signInAs } from '../newsroom/sign-in.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

/** A `width`×`height` PNG gradient (variants are made from it like from any upload). */
function gradientPng(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, 140], (y * width + x) * 3)
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

/**
 * The attributes of one start tag, by name (values as written: these tests avoid `&`, `"` and `<`
 * in them). Preact writes an empty value as a bare attribute (`alt`), read here as ''.
 */
function attrsOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/\s([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!, m[2] ?? '']))
}

/** Every start tag of this element in the HTML. */
const tagsOf = (html: string, name: string) => html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? []

/** The first element with this class attribute (through its closing tag), or undefined. */
function elementWithClass(html: string, name: string, className: string): string | undefined {
  const start = html.indexOf(`<${name} class="${className}"`)
  if (start < 0) return undefined
  const end = html.indexOf(`</${name}>`, start)
  return end < 0 ? undefined : html.slice(start, end + name.length + 3)
}

/** Counts the queries the app sends, and those that read the media table. */
function queryCounter() {
  const counts = { all: 0, media: 0 }
  const plugin: KyselyPlugin = {
    transformQuery({ node }: { node: RootOperationNode }) {
      counts.all++
      if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"name":"media"')) counts.media++
      return node
    },
    transformResult: async ({ result }) => result,
  }
  return { counts, plugin, reset: () => Object.assign(counts, { all: 0, media: 0 }) }
}

describeEachDatabase('public site images', (engine) => {
  let t: TestApp
  let mediaDir: string
  const counter = queryCounter()
  const ids: Record<string, number> = {}
  const keys: Record<string, string> = {}
  let uploader: { id: number; email: string; password: string }

  async function upload(bytes: Buffer, text: { alt: string; caption?: string; credit?: string }) {
    const { id, storageKey } = await uploadMedia(t.deps.db, t.deps.config.media, { id: uploader.id, role: 'editor' }, { bytes, originalName: 'photo.png', caption: '', credit: '', ...text }, t.deps.clock.now())
    return { id, storageKey }
  }

  /** Sets an article's featured image as the newsroom's save does (column and article_media). */
  async function feature(articleId: number, mediaId: number | null) {
    await t.deps.db.updateTable('articles').set({ featured_media_id: mediaId }).where('id', '=', articleId).execute()
    await syncArticleMedia(t.deps.db, articleId, { featuredMediaId: mediaId, bodyHtml: '' })
    t.deps.events.changed()
  }

  async function articleUrl(id: number) {
    const row = await t.deps.db.selectFrom('articles').select(['id', 'slug']).where('id', '=', id).executeTakeFirstOrThrow()
    return paths.article(row)
  }

  async function get(url: string) {
    const res = await t.app.inject({ url })
    assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`)
    return res.body
  }

  before(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'sahifa-site-images-'))
    t = await buildTestApp(engine, { env: { SAHIFA_MEDIA_DIR: mediaDir } })
    // Every query the routes send goes through the counter (routes read deps.db on each request).
    ;(t.deps as { db: typeof t.deps.db }).db = t.deps.db.withPlugin(counter.plugin)
    uploader = await makeUser(t.deps, { role: 'editor' })
    const politics = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    ids.politics = politics.id
    const minute = 60_000
    const at = (minutesAgo: number) => new Date(t.deps.clock.now().getTime() - minutesAgo * minute)
    ids.lead = (await makeArticle(t.deps, { title: 'الخبر الرئيسي', categoryIds: [politics.id], publishedAt: at(1) })).id
    ids.second = (await makeArticle(t.deps, { title: 'الخبر الثاني', categoryIds: [politics.id], publishedAt: at(2) })).id
    ids.third = (await makeArticle(t.deps, { title: 'الخبر الثالث', categoryIds: [politics.id], publishedAt: at(3) })).id
    ids.plain = (await makeArticle(t.deps, { title: 'خبر بلا صورة', categoryIds: [politics.id], publishedAt: at(4) })).id
    for (let i = 0; i < 4; i++) ids[`old${i}`] = (await makeArticle(t.deps, { title: `خبر قديم ${i}`, categoryIds: [politics.id], publishedAt: at(10 + i) })).id
    const harbour = await upload(await gradientPng(1000, 500), { alt: 'ميناء الدار البيضاء عند الغروب', caption: 'سفن الشحن في الميناء <b>صباح الأحد</b>', credit: 'وكالة الأنباء' })
    const square = await upload(await gradientPng(400, 400), { alt: 'صورة شخصية للكاتبة' })
    const spare = await upload(await gradientPng(330, 200), { alt: 'صورة غير مستخدمة' })
    Object.assign(ids, { harbour: harbour.id, square: square.id, spare: spare.id })
    Object.assign(keys, { harbour: harbour.storageKey, square: square.storageKey })
  })
  after(async () => {
    await t.close()
    rmSync(mediaDir, { recursive: true, force: true })
  })
  beforeEach(() => counter.reset())

  it('reads no media at all while no story has a featured image (article page, home, listing)', async () => {
    const page = await get(await articleUrl(ids.plain!))
    assert.ok(!page.includes('<picture'), 'no picture on the article page')
    assert.ok(!page.includes('story-figure'))
    assert.ok(!page.includes('og:image'))
    await get('/')
    await get('/category/politics')
    assert.ok(counter.counts.all > 0, 'the counter sees the queries')
    assert.equal(counter.counts.media, 0, 'no media query')
  })

  it('shows the featured image above the body: <picture> with AVIF and WebP srcsets, sizes, width/height, alt, eager, caption and credit', async () => {
    const url = await articleUrl(ids.lead!)
    t.deps.events.pagesChanged()
    counter.reset()
    await get(url)
    const without = counter.counts.all
    await feature(ids.lead!, ids.harbour!)
    counter.reset()
    const html = await get(url)
    assert.equal(counter.counts.all, without + 1, 'exactly one more query than without an image')
    assert.equal(counter.counts.media, 1)

    const figure = elementWithClass(html, 'figure', 'story-figure')
    assert.ok(figure, 'a figure for the featured image')
    assert.ok(html.indexOf('class="story-head"') < html.indexOf(figure) && html.indexOf(figure) < html.indexOf('class="story-body"'), 'between the headline block and the body')
    const [avif, webp, ...more] = tagsOf(figure, 'source').map(attrsOf)
    assert.equal(more.length, 0)
    const key = keys.harbour!
    const sizes = '(max-width: 48rem) 100vw, 44rem'
    assert.deepEqual(avif, { type: 'image/avif', srcset: `/media/${key}/320.avif 320w, /media/${key}/640.avif 640w, /media/${key}/960.avif 960w, /media/${key}/1000.avif 1000w`, sizes })
    assert.deepEqual(webp, { type: 'image/webp', srcset: `/media/${key}/320.webp 320w, /media/${key}/640.webp 640w, /media/${key}/960.webp 960w, /media/${key}/1000.webp 1000w`, sizes })
    const img = attrsOf(tagsOf(figure, 'img')[0]!)
    assert.deepEqual(
      { src: img.src, width: img.width, height: img.height, alt: img.alt, loading: img.loading, fetchpriority: img.fetchpriority },
      { src: `/media/${key}/1000.webp`, width: '1000', height: '500', alt: 'ميناء الدار البيضاء عند الغروب', loading: 'eager', fetchpriority: 'high' },
    )
    assert.match(figure, /<figcaption><span class="caption">سفن الشحن في الميناء &lt;b>صباح الأحد&lt;\/b><\/span> <span class="credit">الصورة: <bdi>وكالة الأنباء<\/bdi><\/span><\/figcaption>/)
    assert.ok(html.includes(`<meta property="og:image" content="http://sahifa.test/media/${key}/1000.webp"/>`), 'og:image, absolute')
    assert.ok(html.includes(`"image":[{"@type":"ImageObject","url":"http://sahifa.test/media/${key}/1000.webp","width":1000,"height":500},`), 'NewsArticle JSON-LD names the image variants, widest first, with their size')

    // The URLs in the srcsets are served.
    for (const file of ['320.avif', '1000.webp']) {
      const res = await t.app.inject({ url: `/media/${key}/${file}` })
      assert.equal(res.statusCode, 200, file)
      assert.equal(res.headers['content-type'], file.endsWith('avif') ? 'image/avif' : 'image/webp')
    }
  })

  it('shows the same featured image in the preview as on the published page', async () => {
    const { id } = await makeArticle(t.deps, { title: 'خبر قيد الإعداد', status: 'draft', categoryIds: [ids.politics!] })
    await feature(id, ids.harbour!)
    const token = 'preview-token-for-images-test-0001'
    await t.deps.db.updateTable('articles').set({ preview_token: token }).where('id', '=', id).execute()
    const preview = await get(`/preview/${token}`)
    assert.ok(preview.includes('class="preview-banner"'))
    const previewFigure = elementWithClass(preview, 'figure', 'story-figure')
    assert.ok(previewFigure?.includes('<picture>'), 'the preview shows the featured image')

    await t.deps.db.updateTable('articles').set({ status: 'published', published_at: t.deps.clock.now().toISOString() }).where('id', '=', id).execute()
    t.deps.events.changed()
    const published = await get(await articleUrl(id))
    assert.equal(elementWithClass(published, 'figure', 'story-figure'), previewFigure, 'the same markup')
    await t.deps.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', id).execute()
    t.deps.events.changed()
  })

  it('re-renders cached pages when the image text is edited in the newsroom, and after a deletion', async () => {
    const url = await articleUrl(ids.lead!)
    const first = await t.app.inject({ url })
    const again = await t.app.inject({ url })
    assert.equal(again.headers.etag, first.headers.etag, 'served from the render cache')

    const { session } = await signInAs(t.app, uploader.email, uploader.password, { remoteAddress: '10.9.0.1' })
    assert.ok(session)
    const form = await t.app.inject({ url: `/newsroom/media/${ids.harbour}`, headers: { cookie: session } })
    const csrf = csrfFieldOf(form.body)
    assert.ok(csrf)
    const post = (path: string, fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: path, headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() })
    const saved = await post(`/newsroom/media/${ids.harbour}`, { alt: 'رافعات الميناء عند الفجر', caption: 'تعليق جديد', credit: 'مصوّر الصحيفة' })
    assert.equal(saved.statusCode, 303)
    const edited = (await get(url))
    const img = attrsOf(tagsOf(elementWithClass(edited, 'figure', 'story-figure')!, 'img')[0]!)
    assert.equal(img.alt, 'رافعات الميناء عند الفجر', 'the new alt text, not the cached page')
    assert.ok(edited.includes('<span class="caption">تعليق جديد</span>'))
    assert.ok(edited.includes('<bdi>مصوّر الصحيفة</bdi>'))

    // An image in use cannot be deleted; an unused one can, and rendered pages are dropped.
    assert.equal((await post(`/newsroom/media/${ids.harbour}/delete`, {})).statusCode, 409)
    let dropped = 0
    const onDrop = () => dropped++
    t.deps.events.on('pagesChanged', onDrop)
    try {
      assert.equal((await post(`/newsroom/media/${ids.spare}/delete`, {})).statusCode, 303)
    } finally {
      t.deps.events.off('pagesChanged', onDrop)
    }
    assert.equal(dropped, 1, 'the deletion drops rendered pages')
    assert.ok((await get(url)).includes(`/media/${keys.harbour}/`), 'the image in use is still shown')
  })

  it('shows small lazy pictures on the home page and listings with one media query per page; none in the headlines column', async () => {
    await feature(ids.second!, ids.harbour!)
    await feature(ids.third!, ids.harbour!)
    await feature(ids.plain!, ids.harbour!) // in the headlines column on the home page
    // A featured id whose row does not exist is skipped, not an error.
    await feature(ids.old0!, 999_999)
    const key = keys.harbour!

    counter.reset()
    const home = await get('/')
    assert.equal(counter.counts.media, 1, 'one media query for the home page')
    const lead = elementWithClass(home, 'a', 'lead-image')
    assert.ok(lead, 'the lead story has its picture')
    assert.match(lead, new RegExp(`^<a class="lead-image" href="${await articleUrl(ids.lead!)}" tabindex="-1" aria-hidden="true"><picture>`))
    const leadImg = attrsOf(tagsOf(lead, 'img')[0]!)
    assert.deepEqual([leadImg.loading, leadImg.fetchpriority, leadImg.alt, leadImg.width, leadImg.height], ['eager', 'high', '', '1000', '500'], 'above the fold: eager; the headline link names it')
    assert.match(lead, /<source type="image\/avif" srcset="[^"]+ 320w, [^"]+" sizes="\(max-width: 60rem\) 100vw, 48rem"\/>/)
    const secondary = elementWithClass(home, 'div', 'secondary')!
    const thumbs = tagsOf(secondary, 'img').map(attrsOf)
    assert.equal(thumbs.length, 2, 'both secondary stories show theirs')
    for (const thumb of thumbs) assert.deepEqual([thumb.loading, thumb.src], ['lazy', `/media/${key}/1000.webp`])
    assert.ok(!elementWithClass(home, 'section', 'latest')!.includes('<picture'), 'the headlines column has no pictures')

    counter.reset()
    const listing = await get('/category/politics')
    assert.equal(counter.counts.media, 1, 'one media query for the listing page')
    const cards = listing.match(/<a class="card-image" href="[^"]+" tabindex="-1" aria-hidden="true"><picture>/g) ?? []
    assert.equal(cards.length, 4, 'the four stories with an image show it; the missing one is skipped')
    for (const img of tagsOf(listing, 'img').map(attrsOf)) assert.deepEqual([img.loading, img.alt], ['lazy', ''])
    await feature(ids.plain!, null)
    await feature(ids.old0!, null)
  })

  it('shows the author photo (responsive, the name as alt when the alt text is empty) and the bio, the name in <bdi>', async () => {
    const author = await makeUser(t.deps, { name: 'سلمى حداد', slug: 'salma-haddad', bio: 'صحفية تغطي الشؤون الاقتصادية.\nمقيمة في الرباط.\n\nحائزة جائزة الصحافة العربية.' })
    await makeArticle(t.deps, { title: 'خبر بقلم سلمى', authorIds: [author.id], categoryIds: [ids.politics!] })
    await t.deps.db.updateTable('users').set({ photo_media_id: ids.square! }).where('id', '=', author.id).execute()
    t.deps.events.changed()

    counter.reset()
    const page = await get('/author/salma-haddad')
    assert.equal(counter.counts.media, 1, 'the photo and the stories\u2019 pictures in one query')
    const head = elementWithClass(page, 'header', 'listing-head author-head')
    assert.ok(head, 'the author header with a photo')
    assert.ok(head.includes('<h1><bdi>سلمى حداد</bdi></h1>'), 'the name, bidi-isolated')
    assert.ok(head.includes('<div class="author-bio"><p>صحفية تغطي الشؤون الاقتصادية.\nمقيمة في الرباط.</p><p>حائزة جائزة الصحافة العربية.</p></div>'), 'the bio, in paragraphs')
    const key = keys.square!
    assert.ok(head.includes(`<source type="image/webp" srcset="/media/${key}/320.webp 320w, /media/${key}/400.webp 400w" sizes="8rem"/>`))
    const img = attrsOf(tagsOf(head, 'img')[0]!)
    assert.deepEqual([img.alt, img.width, img.height, img.class], ['صورة شخصية للكاتبة', '400', '400', 'author-photo'])
    assert.match(page, /<meta name="description" content="صحفية تغطي الشؤون الاقتصادية. مقيمة في الرباط. حائزة جائزة الصحافة العربية."\/>/)

    await t.deps.db.updateTable('media').set({ alt: '' }).where('id', '=', ids.square!).execute()
    t.deps.events.changed()
    const noAlt = await get('/author/salma-haddad')
    assert.equal(attrsOf(tagsOf(elementWithClass(noAlt, 'header', 'listing-head author-head')!, 'img')[0]!).alt, 'سلمى حداد', 'the name stands in for a missing alt text')

    // Without a photo: the name and bio, no picture.
    const other = await makeUser(t.deps, { name: 'Omar <Khalil>', slug: 'omar-khalil', bio: '' })
    await makeArticle(t.deps, { title: 'خبر بقلم عمر', authorIds: [other.id] })
    const plain = await get('/author/omar-khalil')
    const plainHead = elementWithClass(plain, 'header', 'listing-head author-head')!
    assert.ok(plainHead.includes('<h1><bdi>Omar &lt;Khalil></bdi></h1>'))
    assert.ok(!plainHead.includes('<picture') && !plainHead.includes('author-bio'))
  })

  it('shows the logo in the masthead with the site name as alt; a relative or https logo, allowed by the CSP', async () => {
    const home = await t.app.inject({ url: '/' })
    assert.ok(home.body.includes('<span class="brand-name">صحيفة</span>'), 'the text name while no logo is set')
    assert.ok(!home.body.includes('brand-logo'))
    const csp = String(home.headers['content-security-policy'])
    assert.match(csp, /img-src 'self' data: https:/, 'img-src allows site paths and https images')

    for (const logo of ['/media/logo.svg', 'https://cdn.example.com/sahifa/logo.png']) {
      await saveSiteSettings(t.deps.db, { logoUrl: logo })
      t.deps.events.changed()
      await t.deps.refreshFrame()
      const page = await get('/')
      const masthead = elementWithClass(page, 'div', 'masthead-top wrap')!
      assert.ok(masthead.includes(`<img class="brand-logo" src="${logo}" alt="صحيفة"/>`), logo)
      assert.ok(!masthead.includes('brand-name'), 'the logo replaces the text name')
      assert.ok((await get(await articleUrl(ids.lead!))).includes(`<img class="brand-logo" src="${logo}"`), 'on every page')
    }
    await saveSiteSettings(t.deps.db, { logoUrl: '' })
    t.deps.events.changed()
    await t.deps.refreshFrame()
  })

  it('never stores a javascript:, protocol-relative or plain-http logo, and never renders one', async () => {
    const hostile = ['javascript:alert(1)', 'JavaScript:alert(1)', '//evil.example/logo.png', '/\\evil.example/logo.png', 'http://evil.example/logo.png', 'data:image/svg+xml,<svg/>', '/logo.png" onerror="alert(1)']
    for (const logoUrl of hostile) await assert.rejects(saveSiteSettings(t.deps.db, { logoUrl }), `refused: ${logoUrl}`)
    assert.equal((await loadSiteSettings(t.deps.db)).logoUrl, '')

    // A value put in the database some other way is ignored on load ...
    await t.deps.db.insertInto('settings').values({ key: 'site.logoUrl', value: JSON.stringify('//evil.example/logo.png') }).onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify('//evil.example/logo.png') })).execute()
    assert.equal((await loadSiteSettings(t.deps.db)).logoUrl, '')

    // ... and one that reached the settings anyway is never printed.
    const settings = t.deps.frame().settings
    try {
      for (const logoUrl of ['javascript:alert(1)', '//evil.example/logo.png', '/\\evil.example/logo.png', '/\t/evil.example/logo.png']) {
        settings.logoUrl = logoUrl
        t.deps.events.pagesChanged()
        const page = await get('/')
        assert.ok(!page.includes('brand-logo') && !page.includes('evil.example') && !page.includes('javascript:'), logoUrl)
        assert.ok(page.includes('<span class="brand-name">صحيفة</span>'))
        assert.equal(safeUrl(logoUrl), '#', logoUrl)
      }
    } finally {
      settings.logoUrl = ''
      await t.deps.db.deleteFrom('settings').where('key', '=', 'site.logoUrl').execute()
      t.deps.events.changed()
    }
  })
})
