/**
 * The newsroom article form in a real browser (Debian Chromium through playwright-core) against
 * the real app on a real SQLite file. An editor signs in through the /newsroom/login form, writes
 * a story (Arabic title, body typed in the TipTap island, a main section, tags) which its first
 * autosave creates, saves it, finds it again (reload, the list, the database), publishes it and
 * reads it on /news/{id}/{slug}.
 * Then: autosave (the page's 15 s interval, fired at once with Playwright's fake browser clock —
 * public/article-form.js has no hook to shorten it), a save clicked while an autosave is under
 * way, an autosave of the published story (kept aside, offered on return), tag suggestions, the
 * layout at 390 and 1280 px, a stale second save from another tab, which must answer the
 * conflict page and keep what was typed, and an autosave refused as a conflict (autosave stops).
 * Browser time is paused in the steps that autosave or must not, so no tick comes unasked.
 * No console error, uncaught error, failed request or CSP violation is allowed anywhere.
 * Screenshots: /tmp/shots-c/article-form-*.png (override with SHOTS_DIR).
 *
 * One browser launch for the whole file; the steps share one article and run in order.
 */
import assert from 'node:assert/strict'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { t as translate, type MessageKey } from '../../src/i18n/index.js'
import { findEditableArticle } from '../../src/modules/articles/editorial.repository.js'
import { slugify } from '../../src/text/arabic/index.js'
import { paths } from '../../src/views/paths.js'
import { browserSkip, launchBrowser } from '../support/browser.js'
import { makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const shotsDir = process.env.SHOTS_DIR ?? '/tmp/shots-c'
const skip = browserSkip()

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
      // Chromium logs a 4xx answer (the document's, an autosave's) as a failed resource; the step asked for it.
      if (expectedStatus && m.text().includes(`status of ${expectedStatus}`) && (m.location().url === p.url() || m.location().url.endsWith('/autosave'))) return
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

  /** Fires the 15 s autosave tick now (browser time paused) and returns the autosave's answer. */
  async function autosaveNow(p: Page) {
    const [answer] = await Promise.all([p.waitForResponse((r) => r.url().endsWith('/autosave')), p.clock.fastForward(15_000)])
    return answer
  }

  /** Waits until the autosave status line says `text` (a message whose {time} is filled in: its parts around it). */
  async function statusSays(p: Page, key: MessageKey) {
    const [head, tail] = ar(key, { time: '\u0000' }).split('\u0000') as [string, string | undefined]
    await p.waitForFunction(
      ([h, t]) => {
        const text = document.querySelector('#article-form .autosave-status')?.textContent ?? ''
        return text.startsWith(h) && (t === undefined || text.includes(t))
      },
      [head, tail] as const,
    )
  }

  /** The article's stored version. */
  async function storedVersion() {
    return (await findEditableArticle(t.deps.db, articleId))!.row.version
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

  it('writes a new story (title, body in the editor, main section, tags); its first autosave creates it; saves it', async () => {
    await pauseBrowserTime(page)
    try {
      await page.goto(`${base}/newsroom/articles/new`)
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl')
      assert.equal(await page.locator('#article-form').getAttribute('data-autosave'), '/newsroom/articles/new/autosave')
      await page.fill('#title', story.title)
      // The page does not derive the slug while typing; the server makes it from the title on save.
      assert.equal(await page.inputValue('#slug'), '')
      await typeInEditor(page, story.body)
      assert.equal(await page.inputValue('#article-body'), `<p>${story.body}</p>`, 'the editor writes the textarea')
      await page.selectOption('#primaryCategoryId', String(section.id))
      await page.fill('#tags', story.tags)
      // Leaving the field closes the tag suggestions and cancels their pending request (250 ms debounce).
      await page.locator('#tags').blur()
      await shoot(page, 'new', 1280)

      // Nothing typed is lost: the first autosave creates the draft, and the page becomes its page.
      const answer = await autosaveNow(page)
      assert.equal(answer.url(), `${base}/newsroom/articles/new/autosave`)
      assert.equal(answer.status(), 200)
      const created = (await answer.json()) as { id: number; version: number }
      articleId = created.id
      assert.equal(created.version, 1)
      await statusSays(page, 'articles.autosaved')
      assert.equal(new URL(page.url()).pathname, `/newsroom/articles/${articleId}`, 'the address bar shows the new article')
      assert.equal(await page.locator('#article-form').getAttribute('action'), `/newsroom/articles/${articleId}`)
      assert.equal(await page.locator('#article-form').getAttribute('data-autosave'), `/newsroom/articles/${articleId}/autosave`)
      assert.equal(await page.inputValue('input[name="version"]'), '1')
      const draft = await findEditableArticle(t.deps.db, articleId)
      assert.equal(draft?.row.status, 'draft')
      assert.equal(draft?.row.body_html, `<p>${story.body}</p>`)

      await submit(page, 'save')
      assert.equal(new URL(page.url()).pathname, `/newsroom/articles/${articleId}`, 'the save went to the article the autosave made, no second one')
      assert.equal(new URL(page.url()).searchParams.get('saved'), '1')
      assert.equal((await page.locator('.notice, [role="status"]').first().textContent())?.trim(), ar('articles.saved'))
      assert.equal((await t.deps.db.selectFrom('articles').select('id').execute()).length, 1)
      await assertClean(page, 'save')
    } finally {
      await context.clock.resume()
    }
  })

  it('finds the story again: reloaded form, slug from the title, the list, the database', async () => {
    await page.reload()
    const content = await editorReady(page)
    assert.equal(await page.inputValue('#title'), story.title)
    assert.equal(await page.inputValue('#slug'), slugify(story.title), 'slug derived from the Arabic title')
    assert.equal((await content.textContent())?.trim(), story.body)
    assert.equal(await page.inputValue('#primaryCategoryId'), String(section.id))
    assert.deepEqual(await page.$$eval('#categoryIds option:checked', (os) => os.map((o) => (o as HTMLOptionElement).value)), [])
    assert.ok(await page.locator(`#categoryIds option[value="${section.id}"]`).isDisabled(), 'the main section is not offered again among the others')
    assert.equal(await page.inputValue('#tags'), story.tags)
    assert.equal(await page.inputValue('input[name="version"]'), '2', 'created by autosave (1), saved (2)')
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
    const answer = await autosaveNow(page)
    page.off('request', count)
    assert.equal(answer.status(), 200)
    assert.equal((await answer.json()).version, 3)
    await statusSays(page, 'articles.autosaved')
    assert.match((await status.textContent()) ?? '', /[\d\u0660-\u0669]/, 'the status shows the time')
    assert.equal(await page.inputValue('input[name="version"]'), '3', 'the form took the new version')
    const stored = await findEditableArticle(t.deps.db, articleId)
    assert.equal(stored?.row.version, 3)
    assert.equal(stored?.row.body_html, `<p>${story.body}${added}</p>`)
    assert.equal(stored?.row.status, 'draft', 'autosave never changes the status')
    story.body += added
    await context.clock.resume()
    await assertClean(page, 'autosave')
  })

  it('a save clicked while an autosave is under way waits for its answer, so it is no conflict with itself', async () => {
    await pauseBrowserTime(page)
    const documentPosts: string[] = []
    const onRequest = (r: { method(): string; resourceType(): string; url(): string }) => void (r.method() === 'POST' && r.resourceType() === 'document' && documentPosts.push(r.url()))
    try {
      await page.goto(`${base}/newsroom/articles/${articleId}`)
      await editorReady(page)
      const before = await storedVersion()
      // The autosave reaches the server (which saves it) at once; its answer reaches the page late.
      let release!: () => void
      const late = new Promise<void>((resolve) => (release = resolve))
      let serverSaved!: () => void
      const saved = new Promise<void>((resolve) => (serverSaved = resolve))
      await page.route('**/autosave', async (route) => {
        const response = await route.fetch()
        serverSaved()
        await late
        await route.fulfill({ response })
      })
      const added = ' وأقرّ المجلس زيادة رواتب المعلمين.'
      await typeInEditor(page, added)
      await page.clock.fastForward(15_000)
      await saved
      assert.equal(await storedVersion(), before + 1, 'the autosave is stored')

      page.on('request', onRequest)
      const saving = submit(page, 'save')
      await page.waitForTimeout(500)
      assert.deepEqual(documentPosts, [], 'the form waits for the autosave answer before it posts')
      release()
      await saving
      await page.waitForURL((u) => u.searchParams.get('saved') === '1')
      await page.waitForLoadState('load')
      assert.equal(documentPosts.length, 1, 'posted once')
      const stored = await findEditableArticle(t.deps.db, articleId)
      assert.equal(stored?.row.version, before + 2, 'saved on top of the autosave, not refused as a conflict')
      assert.equal(stored?.row.body_html, `<p>${story.body}${added}</p>`)
      story.body += added
      await assertClean(page, 'save during autosave')
    } finally {
      page.off('request', onRequest)
      await page.unroute('**/autosave')
      await context.clock.resume()
    }
  })

  it('publishes the story; the public page shows the body', async () => {
    const before = await storedVersion()
    await submit(page, 'publish')
    assert.equal(new URL(page.url()).pathname, `/newsroom/articles/${articleId}`)
    const stored = await findEditableArticle(t.deps.db, articleId)
    assert.equal(stored?.row.status, 'published')
    assert.equal(stored?.row.version, before + 1, 'publishing after the autosave was not taken for a concurrent save')
    const publicPath = paths.article({ id: articleId, slug: slugify(story.title) })
    assert.equal(await page.getByRole('link', { name: ar('articles.action.view') }).getAttribute('href'), publicPath, 'the form links to the public page')

    await page.goto(base + publicPath)
    assert.equal(decodeURIComponent(new URL(page.url()).pathname), decodeURIComponent(publicPath))
    assert.equal((await page.locator('h1').first().textContent())?.trim(), story.title)
    assert.ok(((await page.locator('main').textContent()) ?? '').includes(story.body), 'the body is on the public page')
    await assertClean(page, 'public article')
  })

  it('an autosave of the published story leaves it as published; the writer is offered it on return', async () => {
    await pauseBrowserTime(page)
    try {
      await page.goto(`${base}/newsroom/articles/${articleId}`)
      await editorReady(page)
      // Only what fits a published story: update it or unpublish it.
      assert.deepEqual(await page.$$eval('#article-form button[name="intent"]', (bs) => bs.map((b) => `${(b as HTMLButtonElement).value}:${b.textContent?.trim()}`)), [
        `save:${ar('articles.action.update')}`,
        `unpublish:${ar('articles.action.unpublish')}`,
      ])
      assert.equal(await page.locator('#publishAt').count(), 0)
      const version = await page.inputValue('input[name="version"]')
      const halfTyped = ' وفي تصريح لاحق قال رئيس'
      await typeInEditor(page, halfTyped)
      const answer = await autosaveNow(page)
      assert.equal(answer.status(), 200)
      assert.deepEqual(await answer.json().then(({ version: v, aside }) => ({ v, aside })), { v: Number(version), aside: true })
      await statusSays(page, 'articles.autosavedAside')
      assert.equal(await page.inputValue('input[name="version"]'), version, 'the form keeps its version')
      const stored = await findEditableArticle(t.deps.db, articleId)
      assert.equal(stored?.row.version, Number(version))
      assert.equal(stored?.row.body_html, `<p>${story.body}</p>`, 'the live story is as it was')
      const publicPath = paths.article({ id: articleId, slug: slugify(story.title) })
      const reader = await context.request.get(base + publicPath)
      assert.ok(!(await reader.text()).includes(halfTyped.trim()), 'readers do not see half-typed edits')

      // Back on the form: a notice offers the autosave (compare, or load it into the form).
      await page.goto(`${base}/newsroom/articles/${articleId}`)
      const content = await editorReady(page)
      const notice = page.locator('.autosave-notice')
      assert.ok(await notice.isVisible())
      assert.ok(((await content.textContent()) ?? '').endsWith(story.body.slice(-20)), 'the form shows the stored story')
      for (const width of [1280, 390]) await shoot(page, 'autosave-notice', width)
      await page.setViewportSize({ width: 1280, height: 900 })
      assert.match((await notice.getByRole('link', { name: ar('articles.autosave.compare') }).getAttribute('href')) ?? '', new RegExp(`^/newsroom/articles/${articleId}/revisions\\?compare=\\d+$`))
      await Promise.all([page.waitForURL(/\?autosave=\d+$/), notice.getByRole('link', { name: ar('articles.autosave.restore') }).click()])
      const loaded = await editorReady(page)
      assert.ok(((await loaded.textContent()) ?? '').endsWith(halfTyped.trim()), 'the autosave is in the form')
      assert.equal(await page.inputValue('input[name="version"]'), version)
      assert.equal((await page.locator('.notice').first().textContent())?.trim(), ar('articles.autosave.restored'))
      assert.equal((await findEditableArticle(t.deps.db, articleId))?.row.body_html, `<p>${story.body}</p>`, 'loading it saved nothing')
      await assertClean(page, 'published autosave')
    } finally {
      await context.clock.resume()
    }
  })

  it('tag suggestions are a listbox styled by site.css (no inline styles), picked with the keyboard', async () => {
    await pauseBrowserTime(page)
    try {
      await page.goto(`${base}/newsroom/articles/${articleId}`)
      await editorReady(page)
      await page.fill('#tags', 'برل')
      await page.clock.fastForward(300)
      const listbox = page.locator('#tag-suggestions')
      await listbox.waitFor({ state: 'visible' })
      await page.keyboard.press('ArrowDown')
      const option = listbox.locator('[role="option"][aria-selected="true"]')
      assert.equal((await option.textContent())?.trim(), 'برلمان')
      const look = await page.evaluate(() => {
        const list = document.getElementById('tag-suggestions')!
        const active = list.querySelector('[aria-selected="true"]')!
        return { inline: [list.getAttribute('style'), active.getAttribute('style')], listStyle: getComputedStyle(list).listStyleType, border: getComputedStyle(list).borderTopStyle, outline: getComputedStyle(active).outlineStyle }
      })
      assert.deepEqual(look, { inline: [null, null], listStyle: 'none', border: 'solid', outline: 'solid' })
      await shoot(page, 'tag-suggestions', 390)
      await page.keyboard.press('Escape')
      assert.ok(await listbox.isHidden())
      // Back to the stored tags, so the form is unchanged and nothing autosaves.
      await page.fill('#tags', story.tags)
      await assertClean(page, 'tag suggestions')
    } finally {
      await context.clock.resume()
    }
  })

  it('lays out the form right to left with no horizontal overflow at 390 px; check boxes beside labels, a secondary trash button; screenshots', async () => {
    await page.goto(`${base}/newsroom/articles/${articleId}`)
    await editorReady(page)
    assert.ok(await page.locator('#body-hint').isHidden(), 'the no-JavaScript hint goes once the editor is there')
    const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!
    const style = (selector: string) => page.locator(selector).first().evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, border: getComputedStyle(el).borderTopStyle }))
    for (const width of [390, 1280]) {
      await shoot(page, 'edit', width)
      const info = await overflow(page)
      assert.equal(info.dir, 'rtl')
      assert.equal(info.lang, 'ar')
      assert.ok(info.scrollWidth <= info.innerWidth, `${width} px: scrollWidth ${info.scrollWidth} > ${info.innerWidth}; wide: ${info.offenders.join('; ')}`)
      // Check boxes and radios at their own size, on the line of their label.
      for (const id of ['isBreaking', 'commentStatus-open', 'commentStatus-closed']) {
        const input = await box(`#${id}`)
        const label = await box(`label[for="${id}"]`)
        assert.ok(input.width < 40, `${width} px: #${id} is ${input.width} px wide`)
        const middle = input.y + input.height / 2
        assert.ok(middle > label.y && middle < label.y + label.height, `${width} px: #${id} beside its label`)
      }
      // The trash button: not a primary action, and apart from the corrections heading.
      const trash = await box('.article-danger button')
      const heading = await box('#corrections-heading')
      assert.ok(heading.y - (trash.y + trash.height) >= 16, `${width} px: trash button ${heading.y - (trash.y + trash.height)} px above the heading`)
      assert.notDeepEqual(await style('.article-danger button'), await style('#article-form button[value="save"]'))
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
      assert.equal(await other.locator('.form-error').count(), 0, 'said once, in the conflict section')
      assert.equal(((await other.locator('main').textContent()) ?? '').split(ar('articles.conflict.heading')).length - 1, 1)
      assert.ok(((await conflict.textContent()) ?? '').includes(theirTitle), 'the stored version is shown')
      assert.ok(((await conflict.locator('.conflict-yours .conflict-text').textContent()) ?? '').includes(myAddition.trim()), 'your version shows its body')
      assert.equal(await conflict.locator('.conflict-html pre').getAttribute('dir'), 'ltr', 'the stored HTML reads left to right')
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
        // Side by side on a wide screen, one above the other on a phone.
        const [stored, typed] = [(await conflict.locator('.conflict-version').nth(0).boundingBox())!, (await conflict.locator('.conflict-version').nth(1).boundingBox())!]
        if (width === 1280) assert.ok(Math.abs(stored.y - typed.y) < 2 && stored.x > typed.x, `1280 px: side by side, stored first (right): ${JSON.stringify([stored, typed])}`)
        else assert.ok(typed.y >= stored.y + stored.height, `390 px: stacked: ${JSON.stringify([stored, typed])}`)
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

  it('an autosave refused as a conflict stops autosaving and offers the save that shows both versions', async () => {
    await pauseBrowserTime(page)
    let autosaves = 0
    const count = (r: { url(): string }) => void (r.url().endsWith('/autosave') && autosaves++)
    try {
      await page.goto(`${base}/newsroom/articles/${articleId}`)
      await editorReady(page)
      // A colleague saves meanwhile (their save, as the database holds it).
      const colleagueTitle = 'عنوان عدّله زميل في الأثناء'
      await t.deps.db.updateTable('articles').set({ title: colleagueTitle, version: (await storedVersion()) + 1 }).where('id', '=', articleId).execute()
      page.on('request', count)
      await typeInEditor(page, ' سطر كتبته بعد تعديل الزميل.')
      expectedStatus = 409
      const answer = await autosaveNow(page)
      assert.equal(answer.status(), 409)
      await statusSays(page, 'articles.autosaveConflict')
      const resolve = page.locator('#article-form .autosave-status').getByRole('button', { name: ar('articles.autosaveResolve') })
      assert.ok(await resolve.isVisible())
      await shoot(page, 'autosave-conflict', 390)
      await page.setViewportSize({ width: 1280, height: 900 })
      await page.clock.fastForward(60_000)
      await page.waitForTimeout(200)
      assert.equal(autosaves, 1, 'no retry after a conflict')

      const [conflictPage] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'), resolve.click()])
      await page.waitForLoadState('load')
      assert.equal(conflictPage.status(), 409)
      assert.ok(((await page.locator('section.conflict').textContent()) ?? '').includes(colleagueTitle), 'both versions are shown')
      assert.equal((await findEditableArticle(t.deps.db, articleId))?.row.title, colleagueTitle, "nothing was saved over the colleague's")
      await assertClean(page, 'autosave conflict')
    } finally {
      page.off('request', count)
      expectedStatus = undefined
      await context.clock.resume()
    }
  })
})
