import assert from 'node:assert/strict'
import { mkdirSync, rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import type { Role } from '../../src/db/schema.js'
import { updateTagRow } from '../../src/modules/taxonomy/taxonomy-admin.repository.js'
import { findTagByName, insertTag } from '../../src/modules/taxonomy/taxonomy.repository.js'
import { ensureTags } from '../../src/modules/taxonomy/taxonomy.service.js'
import { browserSkip, launchBrowser } from '../support/browser.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { signInAs } from './sign-in.js'

const roles: Role[] = ['admin', 'editor', 'author', 'contributor', 'moderator']

const seedTags = [
  'إسلام',
  'إسلاميون',
  'الإسلام السياسي',
  'السعودية',
  'أمطار الرياض',
  'الرياض',
  'التحالف العربي',
  'مسؤولون',
  'COVID-19',
  '50% تخفيض',
  'a_b',
  'axb',
  ...Array.from({ length: 12 }, (_, i) => `اقتصاد ${i + 1}`),
]

describeEachDatabase('tag suggestions for the article form', (engine) => {
  let t: TestApp
  const sessions = {} as Record<Role, string>
  before(async () => {
    t = await buildTestApp(engine)
    for (const [i, name] of seedTags.entries()) await insertTag(t.deps.db, { name, slug: `seed-${i}` })
    for (const role of roles) sessions[role] = (await signInAs(t.app, (await makeUser(t.deps, { role })).email, 'correct horse battery')).session!
  })
  after(() => t.close())

  const suggest = (q: string | undefined, { cookie = sessions.author, json = true, query = '' }: { cookie?: string; json?: boolean; query?: string } = {}) =>
    t.app.inject({
      url: `/newsroom/tags/suggest${q === undefined ? (query ? `?${query}` : '') : `?q=${encodeURIComponent(q)}${query ? `&${query}` : ''}`}`,
      headers: { cookie, ...(json ? { accept: 'application/json' } : {}) },
    })
  const names = async (q: string) => {
    const res = await suggest(q)
    assert.equal(res.statusCode, 200, res.body)
    return res.json().tags as string[]
  }

  it('is open to the roles that write articles: others get 403 JSON, signed out goes to sign-in', async () => {
    for (const role of roles) {
      const res = await suggest('اسلام', { cookie: sessions[role], json: false })
      assert.equal(res.statusCode, role === 'moderator' ? 403 : 200, role)
      assert.match(String(res.headers['content-type']), /^application\/json/, `${role}: JSON even without Accept`)
    }
    const forbidden = await suggest('اسلام', { cookie: sessions.moderator })
    assert.equal(forbidden.json().error.code, 'AREA_FORBIDDEN_ARTICLES')
    const anonymous = await t.app.inject({ url: '/newsroom/tags/suggest?q=x' })
    assert.equal(anonymous.statusCode, 302)
    assert.match(String(anonymous.headers.location), /^\/newsroom\/login/)
  })

  it('matches Arabic spelling variants: hamza, taa marbuta, the article ال, later words, Latin case', async () => {
    assert.deepEqual(await names('اسلام'), ['إسلام', 'إسلاميون', 'الإسلام السياسي'], 'starting with it first (shortest first), then after ال')
    assert.deepEqual(await names('إسلامي'), ['إسلاميون'])
    assert.deepEqual(await names('سعوديه'), ['السعودية'])
    assert.deepEqual(await names('الرياض'), ['الرياض', 'أمطار الرياض'], 'the name itself, then as a later word')
    assert.deepEqual(await names('مسئول'), ['مسؤولون'])
    assert.deepEqual(await names('covid'), ['COVID-19'])
    assert.deepEqual(await names('٥٠'), ['50% تخفيض'], 'Arabic-Indic digits')
    assert.deepEqual(await names('  إسلَام '), ['إسلام', 'إسلاميون', 'الإسلام السياسي'], 'spaces and tashkeel ignored')
    for (const typed of ['للتح', 'والتحالف', 'بالتحالف الع', 'فالتح']) assert.deepEqual(await names(typed), ['التحالف العربي'], `${typed}: a conjunction or preposition before the article`)
    assert.deepEqual(await names('للرياض'), ['الرياض', 'أمطار الرياض'])
  })

  it('answers at most 10, with a spoken summary in the writer’s language', async () => {
    const res = await suggest('اقتصاد')
    assert.equal(res.json().tags.length, 10)
    assert.equal(res.json().status, '10 وسوم مقترحة.')
    assert.equal(res.headers['cache-control'], 'private, no-store')
    assert.equal((await suggest('سعوديه')).json().status, 'وسم واحد مقترح.')
    assert.equal((await suggest('الرياض')).json().status, 'وسمان مقترحان.')
    assert.equal((await suggest('سعوديه', { query: 'lang=en' })).json().status, 'One suggested tag.')
    const none = await suggest('لا يوجد وسم كهذا')
    assert.deepEqual(none.json(), { tags: [], status: 'لا وسوم مطابقة؛ يُنشأ الوسم الجديد عند الحفظ.' })
  })

  it('treats % and _ as text, and text that normalizes to nothing as no suggestions', async () => {
    assert.deepEqual(await names('%'), [])
    assert.deepEqual(await names('50%'), ['50% تخفيض'])
    assert.deepEqual(await names('a_'), ['a_b'], 'not axb')
    assert.deepEqual(await names(' ـــ '), [], 'tatweel only')
    assert.deepEqual(await names(''), [])
  })

  it('answers bad input with 400 JSON and an Arabic message, never a 500', async () => {
    const message = 'اكتب جزءًا من اسم الوسم: حتى ١٠٠ حرف، بلا رموز تحكم.'
    const bad = [
      [undefined, ''],
      ['س'.repeat(101), ''],
      [undefined, 'q=a&q=b'],
      ['a\u0001b', ''],
      ['a\nb', ''],
      [undefined, 'q[x]=1'],
    ] as const
    for (const [q, query] of bad) {
      const res = await suggest(q, { json: false, query })
      assert.equal(res.statusCode, 400, `${q} ${query}`)
      assert.match(String(res.headers['content-type']), /^application\/json/)
      assert.equal(res.json().error.code, 'TAG_QUERY_INVALID')
      assert.equal(res.json().error.message, message)
    }
    for (const query of ['q=%00', 'q=%FF', 'q=%ED%A0%80', 'q=%D8']) {
      const res = await suggest(undefined, { query })
      assert.ok(res.statusCode < 500, `${query}: ${res.statusCode}`)
      if (res.statusCode >= 400) assert.match(res.json().error.message, /[\u0600-\u06FF]/, `${query}: an Arabic message`)
    }
    assert.equal((await suggest('س'.repeat(100))).statusCode, 200, '100 characters are fine')
  })

  it('finds tags made on the fly by an article save, and follows renames', async () => {
    await ensureTags(t.deps.db, ['تقنية المعلومات'])
    assert.deepEqual(await names('تقنيه'), ['تقنية المعلومات'])
    const tag = (await findTagByName(t.deps.db, 'تقنية المعلومات'))!
    await updateTagRow(t.deps.db, tag.id, { name: 'ذكاء اصطناعي', slug: tag.slug })
    assert.deepEqual(await names('تقنيه'), [])
    assert.deepEqual(await names('ذكاء'), ['ذكاء اصطناعي'])
  })

  it('limits each staff member to 120 suggestions a minute (429 JSON), not the others', async () => {
    const busy = (await signInAs(t.app, (await makeUser(t.deps, { role: 'editor' })).email, 'correct horse battery')).session!
    for (let i = 0; i < 120; i++) assert.equal((await suggest('ا', { cookie: busy })).statusCode, 200)
    const limited = await suggest('ا', { cookie: busy, json: false })
    assert.equal(limited.statusCode, 429)
    assert.match(limited.json().error.message, /[\u0600-\u06FF]/)
    assert.equal((await suggest('ا', { cookie: sessions.editor })).statusCode, 200, 'another writer on the same address is not held up')
  })
})

const screenshotDir = new URL('../../test-output/screenshots/', import.meta.url).pathname
const skipBrowser = browserSkip('the browser journey did not run')

describe('tag suggestions in a real browser', { skip: skipBrowser }, () => {
  let t: TestApp
  let origin: string
  before(async () => {
    t = await buildTestApp('sqlite')
    for (const [i, name] of ['إسلام', 'إسلاميون', 'اقتصاد'].entries()) await insertTag(t.deps.db, { name, slug: `tag-${i}` })
    origin = await t.app.listen({ host: '127.0.0.1', port: 0 })
  })
  after(() => t.close())

  it('suggests as the writer types, picks with the keyboard or a click, and saves the tags as text', async () => {
    const user = await makeUser(t.deps, { role: 'author' })
    const { token } = await signInAs(t.app, user.email, user.password)
    const { context, userDataDir } = await launchBrowser()
    try {
      await context.addCookies([{ name: 'sahifa_session', value: token!, url: origin }])
      const page = await context.newPage()
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(error.message))
      page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())))
      await page.goto(`${origin}/newsroom/articles/new`)
      const field = page.locator('#tags')
      assert.equal(await field.getAttribute('role'), 'combobox')
      assert.equal(await field.getAttribute('aria-expanded'), 'false')

      await field.fill('اقتصاد، ')
      await field.press('End')
      await field.pressSequentially('اسلام', { delay: 30 })
      const options = page.locator('#tag-suggestions [role="option"]')
      await options.first().waitFor()
      assert.deepEqual(await options.allTextContents(), ['إسلام', 'إسلاميون'])
      assert.equal(await field.getAttribute('aria-expanded'), 'true')
      assert.equal(await page.locator('#tag-suggestions-status').textContent(), 'وسمان مقترحان.')
      mkdirSync(screenshotDir, { recursive: true })
      await page.locator('.field', { has: page.locator('#tags') }).screenshot({ path: `${screenshotDir}tag-suggestions.png` })

      await field.press('ArrowDown')
      await field.press('ArrowDown')
      assert.equal(await field.getAttribute('aria-activedescendant'), 'tag-suggestion-1')
      assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true')
      await field.press('Enter')
      assert.equal(await field.inputValue(), 'اقتصاد، إسلاميون، ', 'Enter picks (and does not submit)')
      assert.equal(await page.locator('#tag-suggestions').isHidden(), true)
      assert.equal(page.url(), `${origin}/newsroom/articles/new`)

      await field.pressSequentially('إسل', { delay: 30 })
      await options.first().waitFor()
      await field.press('Escape')
      assert.equal(await page.locator('#tag-suggestions').isHidden(), true, 'Escape closes')
      await field.pressSequentially('ا', { delay: 30 })
      await options.first().waitFor()
      await options.filter({ hasText: /^إسلام$/ }).click()
      assert.equal(await field.inputValue(), 'اقتصاد، إسلاميون، إسلام، ')

      await page.fill('#title', 'خبر بوسوم مقترحة')
      await page.click('button[name="intent"][value="save"]')
      await page.waitForURL(/\/newsroom\/articles\/\d+\?saved=1/)
      assert.equal(await page.locator('#tags').inputValue(), 'إسلام، إسلاميون، اقتصاد')
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    }
  })
})
