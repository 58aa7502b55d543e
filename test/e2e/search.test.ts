/**
 * Search in a real browser (Debian Chromium through playwright-core, locale ar-EG): the
 * masthead's search box becomes a combobox as the reader types (public/search.js): suggestions
 * appear after a pause, arrows move, Enter opens, Escape closes, stale requests are dropped; the
 * /search page with results, filters and "did you mean" has no horizontal overflow at 390 px,
 * passes axe, and nothing complains (console, CSP). Screenshots of /search at 1280 and 390 px go
 * to /tmp/shots-s/ (and test-output/screenshots/) for a human to look at.
 */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import sharp from 'sharp'
import { seedDemoNewsroom } from '../../src/modules/demo/demo.service.js'
import { syncArticleMedia, uploadMedia } from '../../src/modules/media/media.service.js'
import { browserSkip, chromiumArgs, chromiumPath } from '../support/browser.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const shotDirs = ['/tmp/shots-s/', new URL('../../test-output/screenshots/', import.meta.url).pathname]
const skip = browserSkip()

describe('search in Chromium', { skip }, () => {
  let t: TestApp
  let base: string
  let mediaDir: string
  let userDataDir: string
  let context: BrowserContext
  let page: Page
  const complaints: string[] = []
  const suggestRequests: string[] = []
  /** A page opened for its 400 (the refused date): the browser logs the status, which is the point. */
  let expectedErrorUrl = ''

  before(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'sahifa-e2e-search-media-'))
    t = await buildTestApp('sqlite', { env: { SAHIFA_MEDIA_DIR: mediaDir } })
    await seedDemoNewsroom(t.deps.db, t.deps.clock.now())
    // Two stories with a picture, so the results show the optional image column.
    const editor = await t.deps.db.selectFrom('users').select('id').where('role', 'in', ['admin', 'editor']).executeTakeFirstOrThrow()
    const pictured = await t.deps.db.selectFrom('articles').select('id').where('title', 'like', '%المياه%').orderBy('id').limit(2).execute()
    for (const [i, { id }] of pictured.entries()) {
      const png = await sharp({ create: { width: 960, height: 540, channels: 3, background: i ? '#1a56db' : '#2f6f4f' } }).png().toBuffer()
      const media = await uploadMedia(t.deps.db, t.deps.config.media, { id: editor.id, role: 'editor' }, { bytes: png, originalName: `water-${i}.png`, alt: 'صورة', caption: '', credit: '' }, t.clock.now())
      await t.deps.db.updateTable('articles').set({ featured_media_id: media.id }).where('id', '=', id).execute()
      await syncArticleMedia(t.deps.db, id, { featuredMediaId: media.id, bodyHtml: '' })
    }
    t.deps.events.changed()
    await t.deps.refreshFrame()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    assert.ok(address && typeof address === 'object')
    base = `http://127.0.0.1:${address.port}`
    for (const dir of shotDirs) mkdirSync(dir, { recursive: true })

    userDataDir = mkdtempSync(join(tmpdir(), 'sahifa-chromium-'))
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport: { width: 1280, height: 800 }, locale: 'ar-EG', colorScheme: 'light' })
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] }
      w.__csp = []
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`))
    })
    page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (m) => {
      if (m.type() !== 'error' || (m.location().url === expectedErrorUrl && m.text().includes('status of 400'))) return
      complaints.push(`console: ${m.text().slice(0, 200)}`)
    })
    page.on('pageerror', (e) => complaints.push(`page error: ${e.message}`))
    page.on('requestfailed', (r) => {
      // Aborted type-ahead requests are the point of aborting; anything else failing is a complaint.
      if (!(r.url().includes('/search/suggest') && r.failure()?.errorText === 'net::ERR_ABORTED')) complaints.push(`failed: ${r.url()} ${r.failure()?.errorText}`)
    })
    page.on('request', (r) => {
      if (r.url().includes('/search/suggest')) suggestRequests.push(decodeURIComponent(new URL(r.url()).searchParams.get('q') ?? ''))
    })
  })

  after(async () => {
    await context?.close()
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
    await t?.close()
    if (mediaDir) rmSync(mediaDir, { recursive: true, force: true })
  })

  async function open(path: string, width: number) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 })
    const res = await page.goto(base + path, { waitUntil: 'load' })
    assert.ok(res)
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    return res
  }

  async function cspReports(): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)
  }

  async function shoot(name: string) {
    for (const dir of shotDirs) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
  }

  async function overflow(): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
    return page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      wide: [...document.body.querySelectorAll<HTMLElement>('*')]
        .filter((el) => {
          const r = el.getBoundingClientRect()
          return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1)
        })
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    }))
  }

  async function axe(label: string) {
    if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object'))) await page.evaluate(axeSource)
    const violations = await page.evaluate(async () => {
      const run = (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run
      return (await run(document)).violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`)
    })
    assert.deepEqual(violations, [], `axe on ${label}`)
  }

  it('the masthead box suggests as the reader types; arrows and Enter open a story', async () => {
    // The page's own clock, so that the pause in typing is the page's, not this machine's: a busy
    // host once let 200 ms pass between two keystrokes, and the box rightly asked for "ال".
    await page.clock.install()
    await open('/', 1280)
    const box = page.locator('#site-q')
    assert.equal(await box.getAttribute('role'), 'combobox')
    assert.equal(await box.getAttribute('aria-expanded'), 'false')
    suggestRequests.length = 0
    await box.click()
    await page.clock.pauseAt(Date.now() + 1_000)
    await box.pressSequentially('المي', { delay: 40 })
    await page.clock.fastForward(250) // the pause after the last key
    await page.clock.resume()
    const list = page.locator(`#${await box.getAttribute('aria-controls')}`)
    await list.waitFor({ state: 'visible' })
    assert.equal(await box.getAttribute('aria-expanded'), 'true')
    assert.deepEqual(suggestRequests, ['المي'], 'one request after the pause in typing (debounced), none per keystroke')
    const options = list.locator('[role="option"]')
    assert.ok((await options.count()) >= 2, 'stories and the tag')
    assert.match((await list.locator('.suggest-group').allTextContents()).join(' '), /أخبار.*وسوم/)
    assert.match((await page.locator('.masthead [role="status"]').textContent()) ?? '', /اقتراح/, 'the count is announced')
    // Down moves to the first option, up from the first wraps to the last, down again to the first.
    await box.press('ArrowDown')
    const first = await options.first().getAttribute('id')
    assert.equal(await box.getAttribute('aria-activedescendant'), first)
    assert.equal(await options.first().getAttribute('aria-selected'), 'true')
    await box.press('ArrowUp')
    assert.equal(await box.getAttribute('aria-activedescendant'), await options.last().getAttribute('id'))
    await box.press('ArrowDown')
    assert.equal(await box.getAttribute('aria-activedescendant'), first)
    // Escape closes and keeps the text; typing again reopens.
    await box.press('Escape')
    assert.equal(await list.isVisible(), false)
    assert.equal(await box.getAttribute('aria-expanded'), 'false')
    assert.equal(await box.inputValue(), 'المي')
    await box.press('ArrowDown')
    await list.waitFor({ state: 'visible' })
    const target = await options.first().getAttribute('data-url')
    assert.ok(target?.startsWith('/news/'), `the first suggestion is a story (${target})`)
    await Promise.all([page.waitForURL(base + target), box.press('Enter')])
    assert.equal(new URL(page.url()).pathname, target)
    assert.deepEqual(await cspReports(), [])
  })

  it('drops stale answers, ignores one letter, and Enter without a choice submits the form', async () => {
    await open('/', 1280)
    const box = page.locator('#site-q')
    suggestRequests.length = 0
    await box.click()
    await box.pressSequentially('ا', { delay: 20 })
    await page.waitForTimeout(350)
    assert.deepEqual(suggestRequests, [], 'one letter asks nothing')
    // Typing slower than the pause: a request per pause; the answer shown is the last one's.
    await box.pressSequentially('لم', { delay: 20 })
    await page.waitForTimeout(230)
    await box.pressSequentially('ياه', { delay: 20 })
    const list = page.locator(`#${await box.getAttribute('aria-controls')}`)
    await list.waitFor({ state: 'visible' })
    await page.waitForTimeout(300)
    assert.equal(suggestRequests.at(-1), 'المياه')
    const labels = await list.locator('[role="option"]').allTextContents()
    assert.ok(labels.some((l) => l === 'المياه'), `the tag is suggested: ${labels.join(' | ')}`)
    await Promise.all([page.waitForURL(/\/search\?q=/), box.press('Enter')])
    assert.equal(new URL(page.url()).searchParams.get('q'), 'المياه')
    assert.match(await page.locator('h1').textContent() ?? '', /نتائج البحث عن «المياه»/)
  })

  it('the /search page: results, filters and type-ahead fit 390 px, pass axe, and are photographed', async () => {
    for (const width of [1280, 390]) {
      await open(`/search?q=${encodeURIComponent('المياه')}`, width)
      assert.ok((await page.locator('.search-hit').count()) > 0)
      assert.ok((await page.locator('.search-hit mark').count()) > 0, 'matched words marked')
      const o = await overflow()
      assert.ok(o.scrollWidth <= o.innerWidth, `${width}px: overflow ${o.scrollWidth} > ${o.innerWidth}: ${o.wide.join(', ')}`)
      await axe(`/search at ${width}px`)
      await shoot(`search-${width}`)
      // The page's own box is a combobox too; its list stays on screen.
      const box = page.locator('#q')
      await box.fill('')
      await box.pressSequentially('تحا', { delay: 30 })
      const list = page.locator(`#${await box.getAttribute('aria-controls')}`)
      await list.waitFor({ state: 'visible' })
      const o2 = await overflow()
      assert.ok(o2.scrollWidth <= o2.innerWidth, `${width}px with suggestions: overflow ${o2.wide.join(', ')}`)
      const box2 = await list.boundingBox()
      assert.ok(box2 && box2.x >= 0 && box2.x + box2.width <= width + 1, 'the list is inside the viewport')
      await axe(`/search with suggestions open at ${width}px`)
      await shoot(`search-suggest-${width}`)
    }
    // No results, with "did you mean" and the filters kept; and a refused date.
    await open(`/search?q=hgjphgt&sort=date`, 390)
    assert.match((await page.locator('.did-you-mean').textContent()) ?? '', /هل تقصد/)
    await shoot('search-did-you-mean-390')
    const refused = `/search?q=${encodeURIComponent('المياه')}&from=${encodeURIComponent('11/5/2026')}`
    expectedErrorUrl = base + refused
    assert.equal((await open(refused, 390)).status(), 400)
    assert.equal(await page.locator('#search-from').inputValue(), '11/5/2026', 'the wrong date is shown as typed')
    await axe('/search with a refused date')
    await shoot('search-error-390')
    assert.deepEqual(await cspReports(), [])
  })

  it('nothing complained: no console errors, no failed requests, no CSP violations', () => {
    assert.deepEqual(complaints, [])
  })
})
