/**
 * The newsroom article form in a real browser (Debian Chromium through playwright-core) against
 * the real app on a real SQLite file. An editor signs in through the /newsroom/login form, writes
 * a story (Arabic title, body typed in the TipTap island, a section, tags), saves it, finds it
 * again (reload, the list, the database), publishes it and reads it on /news/{id}/{slug}.
 * Then: autosave (the page's 15 s interval, fired at once with Playwright's fake browser clock —
 * public/article-form.js has no hook to shorten it), the layout at 390 px, and a stale second
 * save from another tab, which must answer the conflict page and keep what was typed. Browser
 * time is paused in the autosave and conflict steps, so no autosave tick comes unasked.
 * No console error, uncaught error, failed request or CSP violation is allowed anywhere.
 * Screenshots: /tmp/shots-c/article-form-*.png (override with SHOTS_DIR).
 *
 * One browser launch for the whole file; the steps share one article and run in order.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { t as translate, type MessageKey } from '../../src/i18n/index.js'
import { findEditableArticle } from '../../src/modules/articles/editorial.repository.js'
import { slugify } from '../../src/text/arabic/index.js'
import { paths } from '../../src/views/paths.js'
import { chromiumPath, launchBrowser } from '../support/browser.js'
import { makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const shotsDir = process.env.SHOTS_DIR ?? '/tmp/shots-c'
const ci = process.env.CI === 'true' || process.env.CI === '1'
const skip = existsSync(chromiumPath) || ci ? false : `!!! SKIPPED: ${chromiumPath} is missing, browser tests did not run (../shared/tools/chromium-setup.sh)`
if (skip) console.error(`\n${'!'.repeat(78)}\n${skip}\n${'!'.repeat(78)}\n`)

const ar = (key: MessageKey, vars: Record<string, string | number> = {}) => translate(key, vars, 'ar')

const story = {
  title: 'البرلمان يقرّ موازنة العام المقبل بأغلبية واسعة',
  body: 'صوّت مجلس النواب اليوم على مشروع الموازنة العامة بعد نقاش استمر ثلاثة أيام.',
  tags: 'برلمان، موازنة',
}

describe('newsroom article form in Chromium', { skip }, () => {
  let t: TestApp
  let base: string
  let userDataDir: string
  let context: BrowserContext
  let page: Page
  let editor: { id: number; email: string; password: string }
  let section: { id: number; slug: string }
  let articleId: number
  const complaints: string[] = []
  /** A response status the step asked for on purpose (e.g. 409 for the conflict page). */
  let expectedStatus: number | undefined

  /** Collects a tab's console errors, uncaught errors, failed requests and unasked-for 4xx/5xx (CSP reports: cspReports). */
  function watch(p: Page) {
    const here = () => decodeURIComponent(new URL(p.url()).pathname)
    p.on('console', (m) => {
      if (m.type() !== 'error') return
      // Chromium logs a document's own 4xx answer as a failed resource; the step asked for it.
      if (expectedStatus && m.text().includes(`status of ${expectedStatus}`) && m.location().url === p.url()) return
      complaints.push(`${here()}: console: ${m.text().slice(0, 300)}`)
    })
    p.on('pageerror', (e) => complaints.push(`${here()}: uncaught: ${e.message}`))
    p.on('requestfailed', (r) => complaints.push(`${here()}: request failed: ${r.failure()?.errorText ?? ''} ${r.url()}`))
    p.on('response', (r) => {
      if (r.status() >= 400 && r.status() !== expectedStatus) complaints.push(`${here()}: ${r.status()} ${r.request().method()} ${r.url()}`)
    })
  }

  /** CSP violation reports the page collected (see the init script). */
  async function cspReports(p: Page): Promise<string[]> {
    return p.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])
  }

  async function assertClean(p: Page, label: string) {
    assert.deepEqual(await cspReports(p), [], `${label}: CSP violations`)
    assert.deepEqual(complaints, [], `${label}: console errors, uncaught errors or failed requests`)
  }

  /** Waits for the TipTap island to replace the body textarea. */
  async function editorReady(p: Page) {
    await p.waitForSelector('#article-body[data-rich-editor-ready]', { state: 'attached', timeout: 20_000 })
    return p.locator('.rich-editor-content')
  }

  /** Types at the end of the editor's text. */
  async function typeInEditor(p: Page, text: string) {
    const content = await editorReady(p)
    await content.click()
    await p.keyboard.press('Control+End')
    await p.keyboard.insertText(text)
  }

  /** Clicks a submit button of the article form and waits for the answer page. */
  async function submit(p: Page, intent: 'save' | 'publish', { status = 200 }: { status?: number } = {}) {
    expectedStatus = status === 200 ? undefined : status
    const [response] = await Promise.all([
      p.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
      p.locator(`#article-form button[name="intent"][value="${intent}"]`).click(),
    ])
    await p.waitForLoadState('load')
    assert.equal(response.status(), status === 200 ? 303 : status, `${intent}: POST answered ${response.status()}`)
    return response
  }

  /** Page width checks: no horizontal scroll, and the elements that stick out if there is. */
  async function overflow(p: Page) {
    return p.evaluate(() => {
      const html = document.documentElement
      const offenders = [...document.body.querySelectorAll<HTMLElement>('*')]
        .filter((el) => {
          const r = el.getBoundingClientRect()
          return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1)
        })
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className} [${Math.round(el.getBoundingClientRect().left)}, ${Math.round(el.getBoundingClientRect().right)}]`)
      return { dir: html.dir, lang: html.lang, scrollWidth: html.scrollWidth, innerWidth: window.innerWidth, offenders }
    })
  }

  /**
   * Stops browser time (every page's timers) from the page's own "now", so no autosave tick can
   * come unasked, however slow the machine; `clock.fastForward` still fires due timers.
   */
  async function pauseBrowserTime(p: Page) {
    const now = await p.evaluate(() => Date.now())
    await context.clock.pauseAt(now + 1_000)
  }

  async function shoot(p: Page, name: string, width: number) {
    await p.setViewportSize({ width, height: width < 600 ? 844 : 900 })
    await p.evaluate(() => document.fonts.ready.then(() => undefined))
    await p.screenshot({ path: join(shotsDir, `article-form-${name}-${width}.png`), fullPage: true })
  }

  before(async () => {
    mkdirSync(shotsDir, { recursive: true })
    // The server's fake clock starts at the real time: the browser drops a session cookie whose
    // expiry (sign-in + 14 days, by the server's clock) is already past by its own.
    t = await buildTestApp('sqlite', { now: new Date().toISOString() })
    editor = await makeUser(t.deps, { role: 'editor', name: 'هالة المحررة' })
    section = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    await makeCategory(t.deps, { slug: 'economy', name: 'اقتصاد' })
    await t.deps.refreshFrame()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    assert.ok(address && typeof address === 'object')
    base = `http://127.0.0.1:${address.port}`

    ;({ context, userDataDir } = await launchBrowser())
    // tsx (esbuild keepNames) wraps functions passed to page.evaluate in `__name(…)`.
    await context.addInitScript({ content: 'window.__name = (f) => f' })
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] }
      w.__csp = []
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`))
    })
    // Fake timers that flow with real time until told to jump: the autosave step jumps 15 s.
    await context.clock.install()
    page = context.pages()[0] ?? (await context.newPage())
    watch(page)
  })

  after(async () => {
    await context?.close()
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
    await t?.close()
  })

  it('signs in as an editor through the real sign-in form', async () => {
    await page.goto(`${base}/newsroom/login`)
    await page.fill('#email', editor.email)
    await page.fill('#password', editor.password)
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/newsroom/login')), page.click('form button[type="submit"]')])
    assert.equal(new URL(page.url()).pathname, '/newsroom')
    await assertClean(page, 'sign-in')
  })

  it('writes a new story (title, body in the editor, section, tags) and saves it', async () => {
    await page.goto(`${base}/newsroom/articles/new`)
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl')
    await page.fill('#title', story.title)
    // The page does not derive the slug while typing; the server makes it from the title on save.
    assert.equal(await page.inputValue('#slug'), '')
    await typeInEditor(page, story.body)
    assert.equal(await page.inputValue('#article-body'), `<p>${story.body}</p>`, 'the editor writes the textarea')
    await page.selectOption('#categoryIds', String(section.id))
    await page.fill('#tags', story.tags)
    // Leaving the field closes the tag suggestions and cancels their pending request (250 ms debounce).
    await page.locator('#tags').blur()
    await shoot(page, 'new', 1280)

    await submit(page, 'save')
    const match = /^\/newsroom\/articles\/(\d+)$/.exec(new URL(page.url()).pathname)
    assert.ok(match, `redirected to the article: ${page.url()}`)
    articleId = Number(match[1])
    assert.equal(new URL(page.url()).searchParams.get('saved'), '1')
    assert.equal((await page.locator('.notice, [role="status"]').first().textContent())?.trim(), ar('articles.saved'))
    await assertClean(page, 'save')
  })

  it('finds the story again: reloaded form, slug from the title, the list, the database', async () => {
    await page.reload()
    const content = await editorReady(page)
    assert.equal(await page.inputValue('#title'), story.title)
    assert.equal(await page.inputValue('#slug'), slugify(story.title), 'slug derived from the Arabic title')
    assert.equal((await content.textContent())?.trim(), story.body)
    assert.deepEqual(await page.$$eval('#categoryIds option:checked', (os) => os.map((o) => (o as HTMLOptionElement).value)), [String(section.id)])
    assert.equal(await page.inputValue('#tags'), story.tags)
    assert.equal(await page.inputValue('input[name="version"]'), '1')
    assert.match((await page.locator('h1 + p').textContent()) ?? '', new RegExp(ar('articles.status.draft')))

    const stored = await findEditableArticle(t.deps.db, articleId)
    assert.ok(stored)
    assert.equal(stored.row.title, story.title)
    assert.equal(stored.row.body_html, `<p>${story.body}</p>`)
    assert.equal(stored.row.status, 'draft')
    assert.equal(stored.row.created_by, editor.id)
    assert.deepEqual(stored.categoryIds, [section.id])
    assert.deepEqual([...stored.tags].sort(), ['برلمان', 'موازنة'].sort())
    assert.deepEqual(stored.authorIds, [editor.id])

    await page.goto(`${base}/newsroom/articles`)
    const link = page.locator(`table a[href="/newsroom/articles/${articleId}"]`)
    assert.equal((await link.textContent())?.trim(), story.title)
    assert.equal((await link.locator('xpath=ancestor::tr').locator('td').nth(2).textContent())?.trim(), ar('articles.status.draft'))
    await assertClean(page, 'list')
  })

  it('autosaves a change after 15 s and takes the new version, so the next save is not a conflict', async () => {
    await pauseBrowserTime(page)
    await page.goto(`${base}/newsroom/articles/${articleId}`)
    const status = page.locator('#article-form .autosave-status')
    assert.equal(await page.locator('#article-form').getAttribute('data-autosave'), `/newsroom/articles/${articleId}/autosave`)
    // No change: the interval fires and posts nothing.
    let autosaves = 0
    const count = (r: { url(): string }) => void (r.url().endsWith('/autosave') && autosaves++)
    page.on('request', count)
    await page.clock.fastForward(15_000)
    await page.waitForTimeout(200)
    assert.equal(autosaves, 0, 'an unchanged form is not autosaved')

    const added = ' وتخصص الموازنة نصيبًا أكبر للتعليم.'
    await typeInEditor(page, added)
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/autosave')), page.clock.fastForward(15_000)])
    page.off('request', count)
    assert.equal(answer.status(), 200)
    assert.equal((await answer.json()).version, 2)
    await page.waitForFunction((prefix) => document.querySelector('.autosave-status')?.textContent?.startsWith(prefix) ?? false, ar('articles.autosaved', { time: '' }))
    assert.match((await status.textContent()) ?? '', /[\d\u0660-\u0669]/, 'the status shows the time')
    assert.equal(await page.inputValue('input[name="version"]'), '2', 'the form took the new version')
    const stored = await findEditableArticle(t.deps.db, articleId)
    assert.equal(stored?.row.version, 2)
    assert.equal(stored?.row.body_html, `<p>${story.body}${added}</p>`)
    assert.equal(stored?.row.status, 'draft', 'autosave never changes the status')
    story.body += added
    await context.clock.resume()
    await assertClean(page, 'autosave')
  })

  it('publishes the story; the public page shows the body', async () => {
    await submit(page, 'publish')
    assert.equal(new URL(page.url()).pathname, `/newsroom/articles/${articleId}`)
    const stored = await findEditableArticle(t.deps.db, articleId)
    assert.equal(stored?.row.status, 'published')
    assert.equal(stored?.row.version, 3, 'publishing after the autosave was not taken for a concurrent save')
    const publicPath = paths.article({ id: articleId, slug: slugify(story.title) })
    assert.equal(await page.getByRole('link', { name: ar('articles.action.view') }).getAttribute('href'), publicPath, 'the form links to the public page')

    await page.goto(base + publicPath)
    assert.equal(decodeURIComponent(new URL(page.url()).pathname), decodeURIComponent(publicPath))
    assert.equal((await page.locator('h1').first().textContent())?.trim(), story.title)
    assert.ok(((await page.locator('main').textContent()) ?? '').includes(story.body), 'the body is on the public page')
    await assertClean(page, 'public article')
  })

  it('lays out the form right to left with no horizontal overflow at 390 px; screenshots at 390 and 1280', async () => {
    await page.goto(`${base}/newsroom/articles/${articleId}`)
    await editorReady(page)
    for (const width of [390, 1280]) {
      await shoot(page, 'edit', width)
      const info = await overflow(page)
      assert.equal(info.dir, 'rtl')
      assert.equal(info.lang, 'ar')
      assert.ok(info.scrollWidth <= info.innerWidth, `${width} px: scrollWidth ${info.scrollWidth} > ${info.innerWidth}; wide: ${info.offenders.join('; ')}`)
    }
    await assertClean(page, 'layout')
  })

  it('a stale second save (same story open in two tabs) shows the conflict page and keeps what was typed', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    const other = await context.newPage()
    watch(other)
    // Browser time stands still in this step: neither tab's 15 s autosave may slip in between the
    // two saves, or the stale save would be the autosave's, not ours.
    await pauseBrowserTime(page)
    let autosaves = 0
    for (const p of [page, other]) p.on('request', (r) => void (r.url().endsWith('/autosave') && autosaves++))
    try {
      await page.goto(`${base}/newsroom/articles/${articleId}`)
      await other.goto(`${base}/newsroom/articles/${articleId}`)
      await editorReady(page)
      await editorReady(other)
      const version = await page.inputValue('input[name="version"]')
      assert.equal(await other.inputValue('input[name="version"]'), version)

      // Tab 1 saves first.
      const theirTitle = `${story.title} (محدّث)`
      await page.fill('#title', theirTitle)
      await submit(page, 'save')

      // Tab 2 still holds the old version: its save is refused, its text kept.
      const myTitle = 'عنوان كتبته في النافذة الثانية'
      const myAddition = ' فقرة أضافها محرر آخر.'
      await other.fill('#title', myTitle)
      await typeInEditor(other, myAddition)
      const typedBody = await other.inputValue('#article-body')
      await submit(other, 'save', { status: 409 })

      const conflict = other.locator('section.conflict')
      assert.equal(await conflict.count(), 1, 'the conflict section is shown')
      assert.equal((await other.locator('#conflict-heading').textContent())?.trim(), ar('articles.conflict.heading'))
      assert.equal((await other.locator('.form-error[role="alert"]').textContent())?.trim(), ar('articles.error.conflict'))
      assert.ok(((await conflict.textContent()) ?? '').includes(theirTitle), 'the stored version is shown')
      assert.equal(await other.inputValue('#title'), myTitle, 'the typed title is kept')
      const content = await editorReady(other)
      assert.equal(await other.inputValue('#article-body'), typedBody, 'the typed body is kept')
      assert.ok(((await content.textContent()) ?? '').endsWith(myAddition.trim()), 'the editor shows the typed body')
      assert.equal(await other.inputValue('input[name="version"]'), String(Number(version) + 1), 'the form now holds the stored version')
      let stored = await findEditableArticle(t.deps.db, articleId)
      assert.equal(stored?.row.title, theirTitle, 'nothing was saved over the first save')

      for (const width of [1280, 390]) {
        await shoot(other, 'conflict', width)
        const info = await overflow(other)
        assert.ok(info.scrollWidth <= info.innerWidth, `conflict page at ${width} px: scrollWidth ${info.scrollWidth} > ${info.innerWidth}; wide: ${info.offenders.join('; ')}`)
      }
      await other.setViewportSize({ width: 1280, height: 900 })

      // Saving again from the conflict page keeps the second writer's text on purpose.
      await submit(other, 'save')
      stored = await findEditableArticle(t.deps.db, articleId)
      assert.equal(stored?.row.title, myTitle)
      assert.equal(stored?.row.body_html, typedBody)
      assert.equal(autosaves, 0, 'no autosave came between the two saves')
      await assertClean(other, 'conflict')
      await assertClean(page, 'conflict (first tab)')
    } finally {
      expectedStatus = undefined
      await context.clock.resume()
      await other.close()
    }
  })
})
