import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Role } from '../../src/db/schema.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { csrfFieldOf, signInAs } from './sign-in.js'

const roles: Role[] = ['admin', 'editor', 'author', 'contributor', 'moderator']

/** Newsroom pages × roles: 200 where the role may open the page, 403 where not. */
const pages: Record<string, Role[]> = {
  '/newsroom/articles': ['admin', 'editor', 'author', 'contributor'],
  '/newsroom/articles/new': ['admin', 'editor', 'author', 'contributor'],
  '/newsroom/media': ['admin', 'editor', 'author', 'contributor'],
  '/newsroom/comments': ['admin', 'editor', 'moderator'],
  '/newsroom/comments/settings': ['admin', 'editor'],
  '/newsroom/taxonomy': ['admin', 'editor'],
  '/newsroom/audit': ['admin', 'editor'],
  '/newsroom/users': ['admin'],
  '/newsroom/settings': ['admin'],
}

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
  return body.toString()
}

describeEachDatabase('newsroom articles', (engine) => {
  let t: TestApp
  const sessions = {} as Record<Role, { cookie: string; csrf: string; id: number }>
  before(async () => {
    t = await buildTestApp(engine, { env: { SAHIFA_RENDER_CACHE: '0' } })
    for (const role of roles) {
      const user = await makeUser(t.deps, { role })
      const { session } = await signInAs(t.app, user.email, user.password)
      const page = await t.app.inject({ url: role === 'moderator' ? '/newsroom/comments' : '/newsroom', headers: { cookie: session! } })
      sessions[role] = { cookie: session!, csrf: csrfFieldOf(page.body)!, id: user.id }
    }
  })
  after(() => t.close())

  for (const [url, allowed] of Object.entries(pages)) {
    it(`${url}: ${allowed.join(', ')} open it; the others get 403; signed out goes to sign-in`, async () => {
      for (const role of roles) {
        const res = await t.app.inject({ url, headers: { cookie: sessions[role].cookie } })
        assert.equal(res.statusCode, allowed.includes(role) ? 200 : 403, `${role} on ${url}`)
      }
      const anonymous = await t.app.inject({ url })
      assert.equal(anonymous.statusCode, 302)
      assert.match(String(anonymous.headers.location), /^\/newsroom\/login/)
    })
  }

  it('an author writes and publishes their own article; it is on the site at once', async () => {
    const { cookie, csrf, id } = sessions.author
    const res = await t.app.inject({
      method: 'POST',
      url: '/newsroom/articles/new',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: csrf, version: '0', title: 'افتتاح معرض الكتاب', excerpt: 'ملخص', bodyHtml: '<p>افتُتح المعرض اليوم.</p><script>alert(1)</script>', tags: 'ثقافة، كتب', intent: 'publish', authorIds: String(id) }),
    })
    assert.equal(res.statusCode, 303, res.body)
    const articleId = Number(/\/newsroom\/articles\/(\d+)/.exec(String(res.headers.location))![1])
    const site = await t.app.inject({ url: `/news/${articleId}` })
    assert.equal(site.statusCode, 301)
    const page = await t.app.inject({ url: String(site.headers.location) })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /افتُتح المعرض اليوم/)
    assert.doesNotMatch(page.body, /alert\(1\)/, 'sanitized on save')
  })

  it("a contributor cannot publish, nor open someone else's article; an author cannot edit an editor's", async () => {
    const other = (await makeArticle(t.deps, { status: 'draft', authorIds: [sessions.editor.id] })).id
    for (const role of ['contributor', 'author'] as const) {
      const res = await t.app.inject({ url: `/newsroom/articles/${other}`, headers: { cookie: sessions[role].cookie } })
      assert.equal(res.statusCode, 403, role)
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/newsroom/articles/new',
      headers: { cookie: sessions.contributor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: sessions.contributor.csrf, version: '0', title: 'مسودة متعاون', bodyHtml: '<p>نص</p>', intent: 'publish' }),
    })
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /مسودة متعاون/, 'the form comes back with what was typed')
  })

  it('a second editor saving a stale version gets 409 with both versions; nothing is lost', async () => {
    const articleId = (await makeArticle(t.deps, { status: 'draft', title: 'خبر مشترك' })).id
    const save = (who: 'admin' | 'editor', body: string) =>
      t.app.inject({
        method: 'POST',
        url: `/newsroom/articles/${articleId}`,
        headers: { cookie: sessions[who].cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: sessions[who].csrf, version: '1', title: 'خبر مشترك', bodyHtml: `<p>${body}</p>`, intent: 'save' }),
      })
    assert.equal((await save('admin', 'صياغة المحرر الأول')).statusCode, 303)
    const second = await save('editor', 'صياغة المحرر الثاني')
    assert.equal(second.statusCode, 409)
    assert.match(second.body, /صياغة المحرر الأول/, 'the stored version is shown')
    assert.match(second.body, /صياغة المحرر الثاني/, "the second editor's text is kept in the form")
    // Readable: both bodies as text side by side, the stored HTML as left-to-right code; the message once.
    const conflict = /<section class="conflict"[\s\S]*?<\/section>/.exec(second.body)?.[0] ?? ''
    assert.match(conflict, /<div class="conflict-text"><p dir="auto">صياغة المحرر الأول<\/p><\/div>/)
    assert.match(conflict, /<pre dir="ltr"[^>]*><code>&lt;p>صياغة المحرر الأول&lt;\/p><\/code><\/pre>/)
    assert.match(conflict, /<div class="conflict-version conflict-yours">[\s\S]*<div class="conflict-text"><p dir="auto">صياغة المحرر الثاني<\/p><\/div>/, 'your version shows its body')
    assert.equal(second.body.split('عدّل شخص آخر هذا الخبر أثناء عملك').length - 1, 1, 'the conflict is announced once')
    assert.doesNotMatch(second.body, /class="form-error"/)
    assert.doesNotMatch(second.body, /data-autosave=/, 'no autosave on the conflict page: the writer decides')
  })

  it('autosaves answer JSON with the new version and fold into one revision; "Save" adds one; a stale autosave gets 409', async () => {
    const { cookie, csrf, id: editorId } = sessions.editor
    const articleId = (await makeArticle(t.deps, { status: 'draft', title: 'خبر يُكتب الآن', authorIds: [editorId] })).id
    const post = (url: string, fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, title: 'خبر يُكتب الآن', intent: 'save', ...fields }) })
    const revisionItems = async () => {
      const page = await t.app.inject({ url: `/newsroom/articles/${articleId}/revisions`, headers: { cookie } })
      assert.equal(page.statusCode, 200)
      const list = /<ol class="revisions"[^>]*>([\s\S]*?)<\/ol>/.exec(page.body)?.[1] ?? ''
      return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!)
    }
    let version = 1
    for (const body of ['فقرة أولى', 'فقرة ثانية', 'فقرة ثالثة']) {
      t.clock.advance(15_000)
      const res = await post(`/newsroom/articles/${articleId}/autosave`, { version: String(version), bodyHtml: `<p>${body}</p>` })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json().version, version + 1)
      version = res.json().version
    }
    let items = await revisionItems()
    assert.equal(items.length, 1, 'three autosaves, one revision')
    assert.match(items[0]!, /\(حفظ تلقائي\)/)
    assert.match(items[0]!, /النسخة 4/)

    const stale = await post(`/newsroom/articles/${articleId}/autosave`, { version: '2', bodyHtml: '<p>نسخة قديمة</p>' })
    assert.equal(stale.statusCode, 409)
    assert.match(stale.json().message, /عدّل شخص آخر هذا الخبر/)

    const saved = await post(`/newsroom/articles/${articleId}`, { version: String(version), bodyHtml: '<p>فقرة ثالثة</p>' })
    assert.equal(saved.statusCode, 303)
    items = await revisionItems()
    assert.equal(items.length, 2, '"Save" adds a revision of its own')
    assert.doesNotMatch(items[0]!, /حفظ تلقائي/)
  })

  it('an autosave of a published or scheduled story leaves it as it is and keeps the text aside; the form offers it; the next save is no conflict', async () => {
    const { cookie, csrf, id: editorId } = sessions.editor
    const post = (url: string, fields: Record<string, string>, json = true) =>
      t.app.inject({ method: 'POST', url, headers: { cookie, ...(json ? { accept: 'application/json' } : {}), 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, intent: 'save', ...fields }) })
    const stored = (id: number) => t.deps.db.selectFrom('articles').select(['title', 'body_html', 'version', 'status', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow()
    for (const status of ['published', 'scheduled'] as const) {
      const title = status === 'published' ? 'خبر منشور يُعدَّل' : 'خبر مجدول يُعدَّل'
      const publishedAt = new Date(t.clock.now().getTime() + (status === 'published' ? -3_600_000 : 86_400_000))
      const { id } = await makeArticle(t.deps, { status, title, paragraphs: ['النص كما نُشر.'], authorIds: [editorId], publishedAt })
      const before = await stored(id)
      const autosave = (bodyHtml: string, version = '1') => {
        t.clock.advance(15_000)
        return post(`/newsroom/articles/${id}/autosave`, { version, title, bodyHtml, tags: 'وسم من حفظ تلقائي' })
      }
      for (const body of ['<p>نص نصف مكتوب</p>', '<p>نص نصف مكتوب ثم اكتمل</p>']) {
        const res = await autosave(body)
        assert.equal(res.statusCode, 200, res.body)
        assert.equal(res.json().version, 1, `${status}: the version the form holds does not change`)
        assert.equal(res.json().aside, true)
      }
      assert.deepEqual(await stored(id), before, `${status}: the stored story is untouched`)
      assert.equal((await t.deps.db.selectFrom('tags').select('id').where('name', '=', 'وسم من حفظ تلقائي').execute()).length, 0, 'no tag made by an autosave kept aside')
      assert.equal((await autosave('<p>نسخة قديمة</p>', '0')).statusCode, 409, 'a stale version is still a conflict')
      if (status === 'published') {
        const site = await t.app.inject({ url: `/news/${id}` })
        const page = await t.app.inject({ url: String(site.headers.location) })
        assert.match(page.body, /النص كما نُشر\./)
        assert.doesNotMatch(page.body, /نصف مكتوب/, 'readers never see half-typed edits')
      }

      // The revisions: one autosave revision (folded), marked as not in the story.
      const revisions = await t.app.inject({ url: `/newsroom/articles/${id}/revisions`, headers: { cookie } })
      const items = [...(/<ol class="revisions"[^>]*>([\s\S]*?)<\/ol>/.exec(revisions.body)?.[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!)
      assert.equal(items.length, 1)
      assert.match(items[0]!, /\(حفظ تلقائي لم يدخل الخبر\)/)
      const revisionId = Number(/compare=(\d+)/.exec(items[0]!)![1])

      // The writer is offered it (compare, load into the form); another editor is not.
      const edit = await t.app.inject({ url: `/newsroom/articles/${id}`, headers: { cookie } })
      assert.match(edit.body, /class="notice autosave-notice"/)
      assert.match(edit.body, new RegExp(`href="/newsroom/articles/${id}/revisions\\?compare=${revisionId}"`))
      assert.match(edit.body, new RegExp(`href="/newsroom/articles/${id}\\?autosave=${revisionId}"`))
      assert.match(edit.body, /<textarea id="article-body"[^>]*>&lt;p>النص كما نُشر\.&lt;\/p><\/textarea>/, 'the form shows the stored story')
      const theirs = await t.app.inject({ url: `/newsroom/articles/${id}`, headers: { cookie: sessions.admin.cookie } })
      assert.doesNotMatch(theirs.body, /autosave-notice/)
      const compare = await t.app.inject({ url: `/newsroom/articles/${id}/revisions?compare=${revisionId}`, headers: { cookie } })
      assert.match(compare.body, /ما يغيّره حفظك التلقائي في النسخة الحالية 1/)
      assert.match(compare.body, /<ins>[^<]*اكتمل[^<]*<\/ins>/)
      const loaded = await t.app.inject({ url: `/newsroom/articles/${id}?autosave=${revisionId}`, headers: { cookie } })
      assert.equal(loaded.statusCode, 200)
      assert.match(loaded.body, /&lt;p>نص نصف مكتوب ثم اكتمل&lt;\/p><\/textarea>/)
      assert.match(loaded.body, /<input type="hidden" name="version" value="1"\/>/)
      assert.equal((await t.app.inject({ url: `/newsroom/articles/${id}?autosave=${revisionId}`, headers: { cookie: sessions.admin.cookie } })).statusCode, 404, "another writer's autosave is not theirs to load")

      // "Update" with the version the form kept is no conflict; the offer is gone after it.
      const saved = await post(`/newsroom/articles/${id}`, { version: '1', title, bodyHtml: '<p>نص نصف مكتوب ثم اكتمل</p>', ...(status === 'scheduled' ? { publishAt: '' } : {}) }, false)
      assert.equal(saved.statusCode, 303, saved.body)
      const after = await stored(id)
      assert.equal(after.version, 2)
      assert.equal(after.status, status)
      assert.equal(after.body_html, '<p>نص نصف مكتوب ثم اكتمل</p>')
      assert.doesNotMatch((await t.app.inject({ url: `/newsroom/articles/${id}`, headers: { cookie } })).body, /autosave-notice/)
    }
  })

  it('the first autosave of a new article (with a title) creates the draft and answers its URLs; later ones save it', async () => {
    const { cookie, csrf, id: editorId } = sessions.editor
    const post = (url: string, fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url, headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, intent: 'save', ...fields }) })
    const page = await t.app.inject({ url: '/newsroom/articles/new', headers: { cookie } })
    assert.match(page.body, /<form method="post" action="\/newsroom\/articles\/new" class="article-form" id="article-form" data-autosave="\/newsroom\/articles\/new\/autosave">/)
    const untitled = await post('/newsroom/articles/new/autosave', { version: '0', title: '', bodyHtml: '<p>نص بلا عنوان</p>' })
    assert.equal(untitled.statusCode, 422)
    assert.ok(untitled.json().fields.title)

    const created = await post('/newsroom/articles/new/autosave', { version: '0', title: 'خبر بدأ بالحفظ التلقائي', bodyHtml: '<p>السطر الأول</p>' })
    assert.equal(created.statusCode, 200, created.body)
    const { id, version, url, autosave } = created.json()
    assert.equal(version, 1)
    assert.equal(url, `/newsroom/articles/${id}`)
    assert.equal(autosave, `/newsroom/articles/${id}/autosave`)
    const row = await t.deps.db.selectFrom('articles').select(['status', 'created_by', 'body_html']).where('id', '=', id).executeTakeFirstOrThrow()
    assert.deepEqual(row, { status: 'draft', created_by: editorId, body_html: '<p>السطر الأول</p>' })

    t.clock.advance(15_000)
    const next = await post(autosave, { version: '1', title: 'خبر بدأ بالحفظ التلقائي', bodyHtml: '<p>السطر الأول والثاني</p>' })
    assert.equal(next.json().version, 2)
    const revisions = await t.deps.db.selectFrom('article_revisions').select(['version', 'autosave_started_at']).where('article_id', '=', id).execute()
    assert.equal(revisions.length, 1, 'the autosaves of one run fold into one revision')
    assert.equal(revisions[0]!.version, 2)
    assert.ok(revisions[0]!.autosave_started_at)
  })

  it('offers only the actions that fit the status: a live story is updated or unpublished, not published again', async () => {
    const { cookie, id: editorId } = sessions.editor
    const buttons = async (status: 'draft' | 'published' | 'scheduled' | 'trashed') => {
      const publishedAt = status === 'scheduled' ? new Date(t.clock.now().getTime() + 86_400_000) : undefined
      const { id } = await makeArticle(t.deps, { status: status === 'trashed' ? 'draft' : status, authorIds: [editorId], publishedAt })
      if (status === 'trashed') assert.equal((await t.app.inject({ method: 'POST', url: `/newsroom/articles/${id}/trash`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: sessions.editor.csrf }) })).statusCode, 303)
      const page = await t.app.inject({ url: `/newsroom/articles/${id}`, headers: { cookie } })
      assert.equal(page.statusCode, 200)
      const actions = [...page.body.matchAll(/<button type="submit" name="intent" value="(\w+)"[^>]*>([^<]*)<\/button>/g)].map((m) => `${m[1]}:${m[2]}`)
      return { actions, publishAt: page.body.includes('id="publishAt"') }
    }
    assert.deepEqual(await buttons('published'), { actions: ['save:تحديث', 'unpublish:إلغاء النشر'], publishAt: false })
    assert.deepEqual(await buttons('scheduled'), { actions: ['save:تحديث', 'publish:نشر الآن', 'schedule:تغيير موعد النشر'], publishAt: true })
    assert.deepEqual(await buttons('draft'), { actions: ['save:حفظ', 'submit:إرسال للمراجعة', 'publish:نشر الآن', 'schedule:جدولة النشر'], publishAt: true })
    assert.deepEqual(await buttons('trashed'), { actions: [], publishAt: false })
  })

  it('stores the main section (its own select) first, whatever the order of the other sections', async () => {
    const { cookie, csrf } = sessions.editor
    const first = await makeCategory(t.deps, { name: 'قسم أول في القائمة' })
    const main = await makeCategory(t.deps, { name: 'القسم الرئيسي المختار' })
    const res = await t.app.inject({
      method: 'POST',
      url: '/newsroom/articles/new',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: csrf, version: '0', title: 'خبر في قسمين', bodyHtml: '<p>نص</p>', primaryCategoryId: String(main.id), categoryIds: [String(first.id), String(main.id)] }),
    })
    assert.equal(res.statusCode, 303, res.body)
    const id = Number(/(\d+)/.exec(String(res.headers.location))![1])
    const links = await t.deps.db.selectFrom('article_categories').select(['category_id', 'position']).where('article_id', '=', id).orderBy('position').execute()
    assert.deepEqual(links.map((l) => l.category_id), [main.id, first.id])
    const page = await t.app.inject({ url: `/newsroom/articles/${id}`, headers: { cookie } })
    assert.match(page.body, new RegExp(`<select id="primaryCategoryId" name="primaryCategoryId">[\\s\\S]*?<option value="${main.id}" selected>`))
    const others = /<select id="categoryIds"[\s\S]*?<\/select>/.exec(page.body)![0]
    assert.match(others, new RegExp(`<option value="${first.id}" selected>`))
    assert.doesNotMatch(others, new RegExp(`<option value="${main.id}" selected>`))
  })

  it('the tag field is plain comma-separated text with a suggestion listbox for the script, and no list of every tag', async () => {
    const page = await t.app.inject({ url: '/newsroom/articles/new', headers: { cookie: sessions.author.cookie } })
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<input id="tags" name="tags" type="text"[^>]*data-suggest="\/newsroom\/tags\/suggest"/)
    assert.match(page.body, /<ul id="tag-suggestions" class="tag-suggestions" role="listbox" aria-label="وسوم مقترحة" hidden><\/ul>/)
    assert.match(page.body, /<p id="tag-suggestions-status" class="visually-hidden" role="status" aria-live="polite"><\/p>/)
    assert.doesNotMatch(page.body, /<datalist/)
    assert.doesNotMatch(page.body, /<script(?![^>]*\ssrc=)[^>]*>/, 'no inline script (strict CSP)')
  })

  it('answers sections or authors that do not exist with 422, keeping what was typed', async () => {
    for (const field of ['categoryIds', 'authorIds']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/newsroom/articles/new',
        headers: { cookie: sessions.editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: sessions.editor.csrf, version: '0', title: 'عنوان بقسم مفقود', bodyHtml: '<p>x</p>', [field]: '999999' }),
      })
      assert.equal(res.statusCode, 422, field)
      assert.match(res.body, /عنوان بقسم مفقود/)
    }
  })

  it('refuses a save without the CSRF token, keeping what was typed', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/newsroom/articles/new',
      headers: { cookie: sessions.editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ _csrf: 'forged', version: '0', title: 'عنوان محفوظ في النموذج', bodyHtml: '<p>x</p>' }),
    })
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /عنوان محفوظ في النموذج/)
  })

  it('schedules in site time, previews privately, and shows a correction on the article and in its JSON-LD', async () => {
    const { cookie, csrf } = sessions.editor
    const post = (url: string, fields: Record<string, string>) => t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ _csrf: csrf, ...fields }) })
    const past = await post('/newsroom/articles/new', { version: '0', title: 'موعد فائت', bodyHtml: '<p>نص</p>', intent: 'schedule', publishAt: '2020-01-01T10:00' })
    assert.equal(past.statusCode, 422)
    assert.match(past.body, /اختر موعدًا في المستقبل/)
    const created = await post('/newsroom/articles/new', { version: '0', title: 'خبر مجدول', bodyHtml: '<p>سيُنشر لاحقًا</p>', intent: 'schedule', publishAt: '2026-05-12T10:00' })
    assert.equal(created.statusCode, 303, created.body)
    const id = Number(/(\d+)/.exec(String(created.headers.location))![1])
    const row = await t.deps.db.selectFrom('articles').select(['status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow()
    assert.equal(row.status, 'scheduled')
    assert.equal(row.published_at, '2026-05-12T07:00:00.000Z', '10:00 in Cairo (UTC+3 in May 2026)')
    assert.equal((await t.app.inject({ url: `/news/${id}` })).statusCode, 404, 'not public before its time')

    const preview = await post(`/newsroom/articles/${id}/preview`, {})
    assert.equal(preview.statusCode, 303)
    const previewPage = await t.app.inject({ url: String(preview.headers.location) })
    assert.equal(previewPage.statusCode, 200)
    assert.match(previewPage.body, /سيُنشر لاحقًا/)
    assert.equal(previewPage.headers['cache-control'], 'private, no-store')
    assert.match(String(previewPage.headers['x-robots-tag']), /noindex/)
    assert.equal((await t.app.inject({ url: '/preview/not-a-real-token-0123456789' })).statusCode, 404)

    const published = await makeArticle(t.deps, { title: 'خبر يحتاج تصحيحًا' })
    assert.equal((await post(`/newsroom/articles/${published.id}/corrections`, { kind: 'correction', note: 'صُحّح اسم الوزير.' })).statusCode, 303)
    const site = await t.app.inject({ url: `/news/${published.id}` })
    const page = await t.app.inject({ url: String(site.headers.location) })
    assert.match(page.body, /صُحّح اسم الوزير\./)
    assert.match(page.body, /"CorrectionComment"/)
    const audit = await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', published.id).execute()
    assert.ok(audit.some((a) => a.action === 'article.correction'))
  })
})
