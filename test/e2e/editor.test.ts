/**
 * The newsroom rich-text editor island in a real browser (Debian Chromium through playwright-core).
 * A tiny Fastify app serves the textarea contract of the article form, the real assets (the editor
 * bundle built lazily by esbuild on its first request), the real CSP, and a media picker fixture.
 * Types Arabic, toggles bold, heading, list and LTR, pastes Word HTML through a synthetic
 * ClipboardEvent, inserts a library image and an embed, and checks the textarea's HTML
 * (which the server sanitizer must leave unchanged). Screenshot: test-output/screenshots/editor-*.png.
 */
import assert from 'node:assert/strict'
import { mkdirSync, rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import type { BrowserContext, Dialog, Page } from 'playwright-core'
import { editorLabels } from '../../src/i18n/areas/editor.js'
import { assetRoutes, loadAssets } from '../../src/http/plugins/assets.js'
import { securityHeaders } from '../../src/http/plugins/security-headers.js'
import { sanitizeArticleHtml } from '../../src/modules/articles/article-html.js'
import { browserSkip, launchBrowser } from '../support/browser.js'

const screenshotDir = new URL('../../test-output/screenshots/', import.meta.url).pathname
const skip = browserSkip()

const pixel = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="#9b1c1c"/></svg>')
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

async function startApp(): Promise<{ app: FastifyInstance; origin: string; assetsUrl: string }> {
  const app = Fastify()
  const assets = loadAssets()
  const headers = securityHeaders(false)
  app.addHook('onRequest', async (_request, reply) => void reply.headers(headers))
  await app.register(assetRoutes, { assets })
  app.get('/editor', async (_request, reply) => {
    const labels = escapeAttr(JSON.stringify(editorLabels('ar')))
    return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>محرر</title><link rel="stylesheet" href="${assets.urls.css}"></head>
<body><main><form method="post" action="/editor">
<label for="article-body">نص الخبر</label>
<textarea name="bodyHtml" id="article-body" data-rich-editor data-media-picker="/newsroom/media/picker.json" data-labels="${labels}" dir="rtl" rows="10"><p>فقرة أولى</p></textarea>
<button type="submit">حفظ</button>
</form></main><script type="module" src="${assets.urls.editorJs}"></script></body></html>`)
  })
  app.get('/newsroom/media/picker.json', async (request) => {
    const page = Number((request.query as { page?: string }).page ?? 1)
    return {
      items: [{ id: 42, src: '/media/photo.svg', srcsetWebp: '', srcsetAvif: '', width: 120, height: 80, alt: 'صورة الوزير', caption: 'الوزير في المؤتمر', credit: 'تصوير: سارة' }],
      page,
      pages: 1,
    }
  })
  app.get('/media/photo.svg', async (_request, reply) => reply.type('image/svg+xml').send(pixel))
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, origin, assetsUrl: assets.urls.editorJs }
}

async function textareaValue(page: Page): Promise<string> {
  return page.$eval('#article-body', (el) => (el as HTMLTextAreaElement).value)
}

describe('newsroom editor island', { skip }, () => {
  let app: FastifyInstance
  let origin: string
  let context: BrowserContext
  let userDataDir: string
  let page: Page
  const problems: string[] = []

  before(async () => {
    ;({ app, origin } = await startApp())
    ;({ context, userDataDir } = await launchBrowser())
    page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(String(error)))
    mkdirSync(screenshotDir, { recursive: true })
  })

  after(async () => {
    await context?.close()
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
    await app?.close()
  })

  it('replaces the textarea with an RTL editor and keeps the textarea in sync', async () => {
    await page.goto(`${origin}/editor`)
    await page.waitForSelector('#article-body[data-rich-editor-ready]', { state: 'attached', timeout: 20_000 })
    const content = page.locator('.rich-editor-content')
    assert.equal(await page.evaluate(() => document.dir), 'rtl')
    assert.equal(await content.getAttribute('dir'), 'rtl')
    assert.equal(await content.getAttribute('aria-labelledby'), 'article-body-label')
    assert.equal(await page.locator('#article-body').isHidden(), true)
    assert.equal(await page.getByRole('toolbar', { name: 'أدوات التحرير' }).count(), 1)

    let inputEvents = 0
    await page.exposeFunction('__countInput', () => inputEvents++)
    await page.evaluate(() => document.getElementById('article-body')!.addEventListener('input', () => (window as unknown as { __countInput: () => void }).__countInput()))

    // Bold Arabic text at the end of the first paragraph.
    await content.click()
    await page.keyboard.press('End')
    const bold = page.getByRole('button', { name: 'غامق' })
    await bold.click()
    assert.equal(await bold.getAttribute('aria-pressed'), 'true')
    await page.keyboard.insertText(' عاجل')
    await bold.click()
    assert.equal(await bold.getAttribute('aria-pressed'), 'false')

    // A subheading.
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'عنوان فرعي' }).click()
    await page.keyboard.insertText('تفاصيل الخبر')
    assert.equal(await page.getByRole('button', { name: 'عنوان فرعي' }).getAttribute('aria-pressed'), 'true')

    // A bullet list.
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'قائمة نقطية' }).click()
    await page.keyboard.insertText('البند الأول')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')

    // A Latin quote set left to right.
    await page.keyboard.insertText('"Peace is the only way"')
    const ltr = page.getByRole('button', { name: 'اتجاه الفقرة من اليسار إلى اليمين' })
    await ltr.click()
    assert.equal(await ltr.getAttribute('aria-pressed'), 'true')
    assert.equal(await content.locator('p[dir="ltr"]').count(), 1)

    const html = await textareaValue(page)
    assert.equal(html, '<p>فقرة أولى<strong> عاجل</strong></p><h2>تفاصيل الخبر</h2><ul><li><p>البند الأول</p></li></ul><p dir="ltr">"Peace is the only way"</p>')
    assert.ok(inputEvents > 0, 'the textarea fires input events for autosave')
    assert.equal(sanitizeArticleHtml(html), html, 'the server keeps what the editor writes')
  })

  it('cleans Word HTML pasted into the editor', async () => {
    await page.keyboard.press('Enter')
    // The new paragraph inherits ltr; pressing the toggle again clears it.
    const ltr = page.getByRole('button', { name: 'اتجاه الفقرة من اليسار إلى اليمين' })
    assert.equal(await ltr.getAttribute('aria-pressed'), 'true')
    await ltr.click()
    assert.equal(await ltr.getAttribute('aria-pressed'), 'false')
    await page.evaluate(() => {
      const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{mso-style-parent:"";}</style></head><body><!--StartFragment--><p class=MsoNormal dir=RTL style='mso-line-height-alt:normal'><span lang=AR-SA style='font-size:14pt;mso-ascii-font-family:Calibri'>قال المتحدث <b>اليوم</b><o:p></o:p></span></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>1.<span style='font:7pt "Times New Roman"'>&nbsp;</span></span><span lang=AR-SA>نقطة</span></p><p class=MsoNormal dir=LTR><span lang=EN-US style='mso-ansi-language:EN-US'>"We will <i>win</i>"</span></p><script>window.__pasted = 1</script><a href="javascript:alert(1)">رابط خبيث</a><!--EndFragment--></body></html>`
      const data = new DataTransfer()
      data.setData('text/html', word)
      data.setData('text/plain', 'قال المتحدث اليوم')
      document.querySelector('.rich-editor-content')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    const html = await textareaValue(page)
    // The first pasted paragraph merges into the (empty) current one, as in any editor.
    assert.match(html, /<p>قال المتحدث <strong>اليوم<\/strong><\/p><p>نقطة<\/p><p dir="ltr">"We will <em>win<\/em>"<\/p><p>رابط خبيث<\/p>$/)
    assert.doesNotMatch(html, /mso|class=|style=|o:p|span|script|javascript|<p><\/p>/)
    assert.equal(await page.evaluate(() => (window as unknown as { __pasted?: number }).__pasted), undefined)
  })

  it('inserts a library image and an allow-listed embed as neutral markup', async () => {
    await page.getByRole('button', { name: 'صورة من مكتبة الوسائط' }).click()
    const dialog = page.getByRole('dialog', { name: 'مكتبة الوسائط' })
    await dialog.waitFor()
    await page.screenshot({ path: `${screenshotDir}editor-picker.png` })
    await dialog.getByRole('button', { name: /الوزير في المؤتمر/ }).click()
    await dialog.waitFor({ state: 'detached' })

    const answers = ['https://youtu.be/dQw4w9WgXcQ', 'https://vimeo.com/1234', '']
    const seen: string[] = []
    const onDialog = (dialog: Dialog) => {
      seen.push(dialog.type())
      void dialog.accept(answers.shift())
    }
    page.on('dialog', onDialog)
    await page.getByRole('button', { name: 'تضمين من يوتيوب أو إكس أو فيسبوك' }).click()
    await page.getByRole('button', { name: 'تضمين من يوتيوب أو إكس أو فيسبوك' }).click()
    page.off('dialog', onDialog)
    assert.deepEqual(seen, ['prompt', 'prompt', 'alert'], 'a refused URL is explained')

    const html = await textareaValue(page)
    assert.deepEqual(problems, [])
    assert.match(html, /<figure data-media-id="42"><img src="\/media\/photo.svg" alt="صورة الوزير" width="120" height="80"><figcaption>الوزير في المؤتمر — <span class="credit">تصوير: سارة<\/span><\/figcaption><\/figure>/)
    assert.match(html, /<figure class="embed" data-embed="youtube" data-embed-id="dQw4w9WgXcQ"><a href="https:\/\/www.youtube.com\/watch\?v=dQw4w9WgXcQ">/)
    assert.doesNotMatch(html, /iframe|vimeo/)
    assert.equal(sanitizeArticleHtml(html), html.replace(/(<img [^>]+)>/, '$1 />'))
  })

  it('lays out at 360 px with no CSP violations or script errors', async () => {
    await page.setViewportSize({ width: 360, height: 740 })
    const toolbar = await page.locator('.rich-editor-toolbar').boundingBox()
    assert.ok(toolbar && toolbar.width <= 360, 'the toolbar wraps inside the viewport')
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 360), true, 'no horizontal scroll')
    await page.screenshot({ path: `${screenshotDir}editor-360.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.screenshot({ path: `${screenshotDir}editor-1280.png`, fullPage: true })
    assert.deepEqual(problems, [])
  })
})
