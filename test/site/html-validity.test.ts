/**
 * The rendered pages are valid HTML by the Nu Html Checker (vnu.jar, the W3C validator's engine):
 * home, an article, a category, the 404 page and the newsroom sign-in page of the demo newsroom.
 * Errors fail the test; warnings are printed. All pages go through ONE Java run (the JVM is slow
 * to start). Without Java the test is skipped loudly, and under CI=true it fails instead.
 */
import assert from 'node:assert/strict'
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { findLeadArticle } from '../../src/modules/articles/articles.repository.js'
import { seedDemoNewsroom } from '../../src/modules/demo/demo.service.js'
import { paths } from '../../src/views/paths.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'

const require = createRequire(import.meta.url)
const ci = process.env.CI === 'true' || process.env.CI === '1'

function hasJava(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const java = hasJava()
const skip = java || ci ? false : '!!! SKIPPED: Java is not installed, so the Nu Html Checker (vnu.jar) cannot run. Install a JRE 17+ (apt-get install default-jre-headless).'
if (skip) console.error(`\n${'!'.repeat(78)}\n${skip}\n${'!'.repeat(78)}\n`)

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error'
  subType?: 'warning' | 'fatal' | 'io' | 'schema' | 'internal'
  url?: string
  lastLine?: number
  firstColumn?: number
  message: string
  extract?: string
}

/** Runs vnu once over all files; resolves with its JSON messages. */
function runVnu(files: string[]): Promise<VnuMessage[]> {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar')
  const args = ['-Dnu.validator.servlet.allow-forbidden-hosts=true', '-jar', jar, '--format', 'json', '--stdout', '--exit-zero-always', ...files]
  return new Promise((resolve, reject) => {
    execFile('java', args, { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`vnu failed: ${error.message}\n${stderr}`))
      try {
        resolve((JSON.parse(stdout) as { messages: VnuMessage[] }).messages)
      } catch {
        reject(new Error(`vnu printed something that is not JSON:\n${stdout}\n${stderr}`))
      }
    })
  })
}

describe('HTML validity (Nu Html Checker)', { skip }, () => {
  let t: TestApp
  let dir: string
  const pages: Record<string, { path: string; status: number }> = {
    home: { path: '/', status: 200 },
    article: { path: '', status: 200 },
    category: { path: '/category/politics', status: 200 },
    'not-found': { path: '/no-such-page', status: 404 },
    login: { path: '/newsroom/login', status: 200 },
    // Beyond the five the issue names: the other public templates cost nothing in the same run.
    tag: { path: '', status: 200 },
    author: { path: '/author/salma-haddad', status: 200 },
    'static-page': { path: '/page/about', status: 200 },
    search: { path: `/search?q=${encodeURIComponent('المياه')}`, status: 200 },
    archive: { path: '/archive/2026/05', status: 200 },
  }

  before(async () => {
    assert.ok(java, 'CI=true: Java is required for the HTML validity test (apt-get install default-jre-headless)')
    t = await buildTestApp('sqlite')
    await seedDemoNewsroom(t.deps.db, t.deps.clock.now())
    t.deps.events.changed()
    await t.deps.refreshFrame()
    const lead = await findLeadArticle(t.deps.db)
    assert.ok(lead)
    pages.article!.path = paths.article(lead)
    const article = await t.app.inject({ url: pages.article!.path })
    const tagHref = /<a href="(\/tag\/[^"]+)" rel="tag">/.exec(article.body)?.[1]
    assert.ok(tagHref, 'the lead article links a tag')
    pages.tag!.path = tagHref
    dir = mkdtempSync(join(tmpdir(), 'sahifa-vnu-'))
  })

  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    await t?.close()
  })

  it('home, article, category, 404, sign-in (and tag, author, static, search, archive) pages have no HTML errors', async () => {
    const files: Record<string, string> = {}
    for (const [name, { path, status }] of Object.entries(pages)) {
      const res = await t.app.inject({ url: path })
      assert.equal(res.statusCode, status, `${name} (${path}) answers ${status}`)
      assert.match(String(res.headers['content-type']), /^text\/html/)
      const file = join(dir, `${name}.html`)
      writeFileSync(file, res.body)
      files[file] = name
    }
    const messages = await runVnu(Object.keys(files))
    const where = (m: VnuMessage) => {
      const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : ''
      return `${files[file] ?? file}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}`
    }
    const describeMessage = (m: VnuMessage) => `${where(m)} ${m.message}${m.extract ? `\n      ${m.extract.replace(/\n/g, ' ')}` : ''}`
    const errors = messages.filter((m) => m.type !== 'info')
    const warnings = messages.filter((m) => m.type === 'info' && m.subType === 'warning')
    // Plain info messages are almost all "Trailing slash on void elements" (preact writes `<meta />`).
    const infos = messages.filter((m) => m.type === 'info' && m.subType !== 'warning')
    for (const w of warnings) console.log(`vnu warning: ${describeMessage(w)}`)
    const otherInfos = infos.filter((m) => !m.message.startsWith('Trailing slash on void elements'))
    for (const i of otherInfos) console.log(`vnu info: ${describeMessage(i)}`)
    console.log(`vnu: ${Object.keys(files).length} pages, ${errors.length} errors, ${warnings.length} warnings, ${infos.length - otherInfos.length} "trailing slash" infos`)
    assert.deepEqual(errors.map(describeMessage), [], 'the Nu Html Checker reports errors')
  })
})
