/**
 * The public site in a real browser (Debian Chromium through playwright-core): the demo newsroom
 * on SQLite, home and article pages at a phone width (360 px) and a desktop width (1280 px), in
 * light and dark mode. Checks direction and language, horizontal overflow, the self-hosted Arabic
 * font, axe-core (WCAG 2.x A/AA + best practices), console errors, CSP violations, the skip link,
 * focus visibility, headings, landmarks, dates and bidi isolation. Full-page screenshots go to
 * test-output/screenshots/ so a human (or a reviewing agent) can look at them.
 *
 * One browser launch for the whole file; one tab, reused.
 */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type BrowserContext, type Page } from 'playwright-core'
import { findLeadArticle } from '../../src/modules/articles/articles.repository.js'
import { seedDemoNewsroom } from '../../src/modules/demo/demo.service.js'
import { saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { paths } from '../../src/views/paths.js'
import { browserSkip, launchBrowser } from '../support/browser.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const screenshotDir = new URL('../../test-output/screenshots/', import.meta.url).pathname
const notFoundPath = '/no-such-page'
// scripts/test.mjs leaves this file out when Chromium is missing; run directly, say so loudly.
const skip = browserSkip()

type Width = 360 | 1280
type Scheme = 'light' | 'dark'

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[]; failureSummary?: string }>
}

/** Everything the page complained about while loading: console errors, uncaught errors, CSP reports, failed requests. */
interface Complaints {
  console: string[]
  pageErrors: string[]
  csp: string[]
  failedRequests: string[]
}

describe('public site in Chromium', { skip }, () => {
  let t: TestApp
  let base: string
  let articlePath: string
  let userDataDir: string
  let context: BrowserContext
  let page: Page
  const complaints: Complaints = { console: [], pageErrors: [], csp: [], failedRequests: [] }
  /** The URL being opened on purpose for its 404. */
  let expectedErrorUrl = ''

  before(async () => {
    t = await buildTestApp('sqlite')
    await seedDemoNewsroom(t.deps.db, t.deps.clock.now())
    t.deps.events.changed()
    await t.deps.refreshFrame()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    assert.ok(address && typeof address === 'object')
    base = `http://127.0.0.1:${address.port}`
    const lead = await findLeadArticle(t.deps.db)
    assert.ok(lead, 'the demo newsroom has a lead story')
    articlePath = paths.article(lead)

    mkdirSync(screenshotDir, { recursive: true })
    // CSP stays as the page sends it unless a test says otherwise.
    ;({ context, userDataDir } = await launchBrowser())
    // CSP violations are reported to the page as events; collect them from the first script on.
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] }
      w.__csp = []
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`))
    })
    page = context.pages()[0] ?? (await context.newPage())
    // Every load comes from the server, never the browser's HTTP cache (pages are public, max-age=30).
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const here = () => decodeURIComponent(new URL(page.url()).pathname)
    page.on('console', (m) => {
      if (m.type() !== 'error') return
      // The 404 page's own status is what we asked for, not a broken resource.
      if (m.location().url === expectedErrorUrl && m.text().includes('status of 404')) return
      complaints.console.push(`${here()}: ${m.text().slice(0, 200)}`)
    })
    page.on('pageerror', (e) => complaints.pageErrors.push(`${here()}: ${e.message}`))
    page.on('response', (r) => {
      // The 404 page answers 404 on purpose; anything else failing is a broken asset or link.
      if (r.status() >= 400 && r.request().resourceType() !== 'document') complaints.failedRequests.push(`${r.status()} ${r.url()}`)
    })
    page.on('requestfailed', (r) => complaints.failedRequests.push(`${r.failure()?.errorText ?? 'failed'} ${r.url()}`))
  })

  after(async () => {
    await context?.close()
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
    await t?.close()
  })

  /** Opens a path at a width and colour scheme, waits for fonts, and collects CSP reports. */
  async function open(path: string, width: Width, scheme: Scheme = 'light') {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 })
    await page.emulateMedia({ colorScheme: scheme })
    expectedErrorUrl = path === notFoundPath ? base + path : ''
    const response = await page.goto(base + path, { waitUntil: 'load' })
    assert.ok(response, `no response for ${path}`)
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)
    complaints.csp.push(...csp.map((c) => `${path}: ${c}`))
    return response
  }

  async function screenshot(name: string) {
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
  }

  async function runAxe(label: string) {
    const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object')
    if (!hasAxe) await page.evaluate(axeSource)
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe
      const result = await axe.run(document, { resultTypes: ['violations'] })
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))
    })
    const report = violations
      .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`).join('\n')}`)
      .join('\n')
    assert.equal(violations.length, 0, `axe found violations on ${label}:\n${report}`)
  }

  /** Direction, language, overflow and font checks that hold on every page at every width. */
  async function assertLayout(label: string) {
    const info = await page.evaluate(() => {
      const html = document.documentElement
      const offenders = [...document.body.querySelectorAll<HTMLElement>('*')]
        .filter((el) => {
          const r = el.getBoundingClientRect()
          return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1) && getComputedStyle(el).position !== 'absolute'
        })
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} [${Math.round(el.getBoundingClientRect().left)}, ${Math.round(el.getBoundingClientRect().right)}]`)
      const naskh = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === 'Noto Naskh Arabic')
      return {
        dir: html.dir,
        lang: html.lang,
        scrollWidth: html.scrollWidth,
        innerWidth: window.innerWidth,
        offenders,
        naskhLoaded: naskh.filter((f) => f.status === 'loaded').length,
        naskhStatuses: naskh.map((f) => `${f.weight}:${f.status}`),
        check: document.fonts.check('16px "Noto Naskh Arabic"', 'ع'),
      }
    })
    assert.equal(info.dir, 'rtl', `${label}: <html dir>`)
    assert.equal(info.lang, 'ar', `${label}: <html lang>`)
    assert.ok(info.scrollWidth <= info.innerWidth, `${label}: horizontal overflow, scrollWidth ${info.scrollWidth} > ${info.innerWidth}; wide elements: ${info.offenders.join('; ')}`)
    assert.ok(info.naskhLoaded > 0, `${label}: Noto Naskh Arabic not loaded (faces: ${info.naskhStatuses.join(', ')})`)
    assert.ok(info.check, `${label}: document.fonts.check('16px "Noto Naskh Arabic"', 'ع') is false`)
  }

  /** One h1, no skipped heading levels, the four landmarks, a date in every <time>. */
  async function assertStructure(label: string) {
    const s = await page.evaluate(() => {
      const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]))
      const skips: string[] = []
      levels.forEach((level, i) => {
        const previous = i === 0 ? 0 : levels[i - 1]!
        if (level > previous + 1) skips.push(`h${previous} -> h${level}`)
      })
      const times = [...document.querySelectorAll('time')]
      // Text that looks like a date ("11 مايو 2022", "١٠ شوال ١٤٤٣ هـ") must sit inside <time>.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      const bareDates: string[] = []
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement?.closest('time, script, style')) continue
        const m = /[\d\u0660-\u0669]{1,2}\s+[\u0600-\u06FF]+\s+[\d\u0660-\u0669]{4}/.exec(n.textContent ?? '')
        if (m) bareDates.push(m[0])
      }
      return {
        h1: levels.filter((l) => l === 1).length,
        skips,
        main: document.querySelectorAll('main').length,
        banner: document.querySelectorAll('body > header').length,
        contentinfo: document.querySelectorAll('body > footer').length,
        nav: document.querySelectorAll('nav').length,
        times: times.length,
        badTimes: times.filter((el) => !el.dateTime || Number.isNaN(Date.parse(el.dateTime))).map((el) => el.outerHTML),
        bareDates,
      }
    })
    assert.equal(s.h1, 1, `${label}: exactly one h1`)
    assert.deepEqual(s.skips, [], `${label}: heading levels skipped`)
    assert.equal(s.main, 1, `${label}: one <main>`)
    assert.equal(s.banner, 1, `${label}: a site <header>`)
    assert.equal(s.contentinfo, 1, `${label}: a site <footer>`)
    assert.ok(s.nav >= 1, `${label}: a <nav>`)
    assert.ok(s.times > 0, `${label}: dates are shown in <time>`)
    assert.deepEqual(s.badTimes, [], `${label}: every <time> has a valid datetime`)
    assert.deepEqual(s.bareDates, [], `${label}: dates outside <time>`)
  }

  for (const width of [360, 1280] as const) {
    it(`home at ${width}px: RTL, no overflow, Arabic font, no axe violations`, async () => {
      await open('/', width)
      await screenshot(`home-${width}`)
      await assertLayout(`home ${width}`)
      await assertStructure(`home ${width}`)
      await runAxe(`home ${width}`)
    })

    it(`article at ${width}px: RTL, no overflow, Arabic font, no axe violations`, async () => {
      await open(articlePath, width)
      await screenshot(`article-${width}`)
      await assertLayout(`article ${width}`)
      await assertStructure(`article ${width}`)
      await runAxe(`article ${width}`)
    })
  }

  it('dark mode: home at 1280px and article at 360px pass axe (AA contrast)', async () => {
    await open('/', 1280, 'dark')
    await screenshot('home-1280-dark')
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    assert.notEqual(bg, 'rgb(255, 255, 255)', 'dark mode has a dark background')
    await assertLayout('home 1280 dark')
    await runAxe('home 1280 dark')
    await open(articlePath, 360, 'dark')
    await screenshot('article-360-dark')
    await runAxe('article 360 dark')
  })

  it('category, search, static page, 404 and sign-in pages pass axe at 360px', async () => {
    const targets = ['/category/politics', `/search?q=${encodeURIComponent('المياه')}`, '/page/about', notFoundPath, '/newsroom/login']
    for (const path of targets) {
      const response = await open(path, 360)
      assert.equal(response.status(), path === notFoundPath ? 404 : 200, path)
      await assertLayout(path)
      await runAxe(`${path} 360`)
    }
  })

  it('skip link is the first stop, becomes visible on focus and moves focus to <main>', async () => {
    await open(articlePath, 360)
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      const r = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      return { cls: el.className, href: el.getAttribute('href'), visible: r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0, outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) }
    })
    assert.equal(focused.cls, 'skip-link')
    assert.equal(focused.href, '#main')
    assert.ok(focused.visible, 'skip link is on screen when focused')
    assert.notEqual(focused.outline, 'none', 'focused skip link shows a focus outline')
    await page.keyboard.press('Enter')
    const after = await page.evaluate(() => ({ hash: location.hash, active: document.activeElement?.id }))
    assert.deepEqual(after, { hash: '#main', active: 'main' })
  })

  it('every link and control shows a visible focus indicator', async () => {
    await open('/', 1280)
    const missing: string[] = []
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        const s = getComputedStyle(el)
        return { what: `${el.tagName.toLowerCase()} ${el.textContent?.trim().slice(0, 30)}`, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== 'none' }
      })
      if (!f.outline && !f.shadow) missing.push(f.what)
    }
    assert.deepEqual(missing, [], 'elements without a visible focus indicator')
  })

  it('article names the authors inside <bdi> and dates inside <time datetime>', async () => {
    await open(articlePath, 1280)
    const names = await page.evaluate(() => [...document.querySelectorAll('a[rel="author"]')].map((a) => a.querySelector('bdi')?.textContent ?? null))
    assert.ok(names.length > 0, 'the article lists its authors')
    assert.ok(names.every((n) => n && n.length > 0), 'every author name is bidi-isolated')
  })

  it('with Hijri dates on, the Hijri date is a <time datetime> as well', async () => {
    await saveSiteSettings(t.deps.db, { hijri: true })
    t.deps.events.changed()
    await t.deps.refreshFrame()
    try {
      await open(articlePath, 1280)
      const hijri = await page.evaluate(() => [...document.querySelectorAll('.hijri time')].map((el) => ({ datetime: el.getAttribute('datetime'), text: el.textContent })))
      assert.ok(hijri.length > 0, 'the dateline shows the Hijri date')
      assert.ok(hijri.every((h) => h.datetime && h.text?.includes('هـ')), JSON.stringify(hijri))
      await assertStructure('article with Hijri dates')
      await runAxe('article with Hijri dates')
    } finally {
      await saveSiteSettings(t.deps.db, { hijri: false })
      t.deps.events.changed()
      await t.deps.refreshFrame()
    }
  })

  it('article page: HTML + CSS under 60 KB', async () => {
    const html = await t.app.inject({ url: articlePath })
    const cssUrl = /<link rel="stylesheet" href="([^"]+)"/.exec(html.body)?.[1]
    assert.ok(cssUrl)
    const css = await t.app.inject({ url: cssUrl })
    const total = Buffer.byteLength(html.body) + Buffer.byteLength(css.body)
    assert.ok(total < 60 * 1024, `article HTML + CSS is ${total} bytes`)
  })

  it('no console errors, uncaught errors, CSP violations or failed requests on any page', () => {
    const unique = (list: string[]) => [...new Set(list)]
    assert.deepEqual(
      { console: unique(complaints.console), pageErrors: unique(complaints.pageErrors), csp: unique(complaints.csp), failedRequests: unique(complaints.failedRequests) },
      { console: [], pageErrors: [], csp: [], failedRequests: [] },
    )
  })
})
