/**
 * The reader's side of comments (issue 3), through the real app on both databases: the form
 * under an article, posting without JavaScript (303 to #comment-N), errors re-rendering the page
 * with every typed character kept, the JSON answers the island uses, threads, depth limit,
 * pagination and order, pending comments only their author sees, "remember me", closing, staff
 * badges, duplicates, the honeypot and the per-IP / per-email rate limits.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { findComment, insertComment } from '../../src/modules/comments/comments.repository.js'
import { formToken } from '../../src/modules/comments/comments.service.js'
import { cookieOf } from '../newsroom/sign-in.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle, makeCategory, makeUser } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import {
  ar,
  articlePath,
  commentIdOf,
  commentIds,
  commentMarkup,
  commentsSection,
  decode,
  fieldValue,
  next,
  postComment,
  setSettings,
  tagWith,
  textareaValue,
  validFields,
} from './comment-helpers.js'

const PENDING = 'sahifa_pending'
const COMMENTER = 'sahifa_commenter'
const hasForm = (html: string) => html.includes('data-comment-form')

describeEachDatabase('reader comments', (engine) => {
  let t: TestApp
  let category: { id: number; slug: string }
  /** An open article in a category, older than the lead story (so it shows in listings as a card). */
  let articleId: number
  let path: string

  before(async () => {
    t = await buildTestApp(engine, { env: { SAHIFA_COMMENT_LIMIT_PER_IP: '100000', SAHIFA_COMMENT_LIMIT_PER_EMAIL: '100000' } })
    category = await makeCategory(t.deps, { slug: 'politics', name: 'سياسة' })
    ;({ id: articleId } = await makeArticle(t.deps, { title: 'خبر عليه تعليقات', categoryIds: [category.id], publishedAt: new Date('2026-05-10T08:00:00Z') }))
    await makeArticle(t.deps, { title: 'الخبر الرئيسي', categoryIds: [category.id], publishedAt: new Date('2026-05-11T08:00:00Z') })
    path = await articlePath(t, articleId)
    // Held comments are covered by their own tests; the rest publish at once.
    await setSettings(t, { commentModeration: 'none' })
  })
  after(() => t.close())

  /** A fresh open article and its canonical path. */
  async function freshArticle(overrides: Parameters<typeof makeArticle>[1] = {}) {
    const { id } = await makeArticle(t.deps, { categoryIds: [category.id], publishedAt: new Date('2026-05-09T08:00:00Z'), ...overrides })
    return { id, path: await articlePath(t, id) }
  }

  /** Posts a valid comment (with overrides) and returns its id; asserts the 303. */
  async function publish(id: number, overrides: Parameters<typeof validFields>[1] = {}): Promise<number> {
    const res = await postComment(t, id, validFields(t, overrides))
    assert.equal(res.statusCode, 303, `comment posted: ${res.body.slice(0, 200)}`)
    return commentIdOf(res.headers.location)
  }

  it('puts the form under an open article: labelled fields, maxlengths, required marks, privacy line, remember unchecked', async () => {
    const res = await t.app.inject({ url: path })
    assert.equal(res.statusCode, 200)
    const html = commentsSection(res.body)
    assert.match(html, /<h3 id="reply-title">اترك تعليقاً<\/h3>/)
    assert.ok(html.includes(`<p class="comment-notes">${ar.privacy}</p>`), 'the privacy line, word for word')
    assert.match(html, new RegExp(`<form method="post" action="/news/${articleId}/comments"`))

    const fields = [
      { tag: 'input', name: 'author', id: 'c-name', label: 'الاسم', required: true, maxlength: 100 },
      { tag: 'input', name: 'email', id: 'c-email', label: 'البريد الإلكتروني', required: true, maxlength: 254 },
      { tag: 'input', name: 'url', id: 'c-url', label: 'الموقع الإلكتروني', required: false, maxlength: 500 },
      { tag: 'textarea', name: 'comment', id: 'c-body', label: 'التعليق', required: true, maxlength: 5000 },
    ]
    for (const f of fields) {
      const tag = tagWith(html, f.tag, ` name="${f.name}"`)
      assert.ok(tag, `${f.name}: a <${f.tag}>`)
      assert.ok(tag.includes(` id="${f.id}"`), `${f.name}: id ${f.id}`)
      assert.ok(tag.includes(` maxlength="${f.maxlength}"`), `${f.name}: maxlength ${f.maxlength}`)
      assert.equal(/\srequired[\s/>]/.test(tag), f.required, `${f.name}: required attribute`)
      const label = new RegExp(`<label for="${f.id}">([\\s\\S]*?)</label>`).exec(html)
      assert.ok(label, `${f.name}: a <label for="${f.id}">`)
      assert.ok(label[1]!.startsWith(f.label), `${f.name}: label text "${f.label}" (got ${label[1]})`)
      assert.equal(label[1]!.includes('<span class="required" aria-hidden="true">*</span>'), f.required, `${f.name}: required marker *`)
    }
    assert.match(tagWith(html, 'input', ' name="email"')!, /type="email"/)
    assert.match(tagWith(html, 'input', ' name="url"')!, /type="url"/)
    assert.match(tagWith(html, 'textarea', ' name="comment"')!, /dir="auto"/)

    const remember = tagWith(html, 'input', ' name="remember"')
    assert.ok(remember, 'a remember-me checkbox')
    assert.match(remember, /type="checkbox"/)
    assert.ok(!/\schecked/.test(remember), 'remember-me is off by default')
    assert.match(html, /<label for="c-remember">احفظ اسمي وبريدي الإلكتروني وموقعي/)
    // The honeypot is there for bots, hidden from people and assistive technology.
    assert.match(html, /<div class="hp-field" aria-hidden="true">/)
    assert.match(tagWith(html, 'input', ' name="hp_website"')!, /tabindex="-1"/)
    assert.match(fieldValue(html, '_t') ?? '', /^\d{13}\.[\w-]{16}$/, 'a signed time token')
  })

  it('a valid POST answers 303 to #comment-N; the comment renders server-side, safely, and is counted', async () => {
    const a = await freshArticle({ title: 'خبر للعد' })
    const email = `ahmad-${next()}@example.com`
    const res = await postComment(t, a.id, validFields(t, { author: 'أحمد Smith', email, url: 'https://ahmad.example/', comment: 'رأيي هنا: https://example.com/report?id=7، وشكرًا.\nسطر ثانٍ.' }))
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers['cache-control'], 'no-store')
    const id = commentIdOf(res.headers.location)
    assert.equal(res.headers.location, `${a.path}#comment-${id}`)
    assert.equal((await findComment(t.deps.db, id))?.status, 'approved')

    const page = await t.app.inject({ url: a.path })
    assert.equal(page.statusCode, 200)
    const item = commentMarkup(page.body, id)
    assert.ok(item, 'the comment is on the page')
    assert.match(item, /<a href="https:\/\/ahmad\.example\/" rel="nofollow ugc noopener external"><bdi>أحمد Smith<\/bdi><\/a>/, 'name in <bdi>, linked to the website with rel nofollow ugc')
    assert.match(item, /<div class="comment-body" dir="auto">/)
    assert.ok(
      item.includes('<a href="https://example.com/report?id=7" rel="nofollow ugc noopener" dir="ltr">https://example.com/report?id=7</a>،'),
      `the URL is linked without the Arabic comma after it: ${item}`,
    )
    assert.match(item, /<br\/?>سطر ثانٍ\./, 'line breaks kept')
    assert.ok(!page.body.includes(email), 'the email is not on the page')

    // Counted on the article and in listings.
    await publish(a.id)
    await publish(a.id)
    const again = await t.app.inject({ url: a.path })
    assert.ok(again.body.includes('<a href="#comments">3 تعليقات</a>'), 'the article header counts 3 comments')
    assert.ok(again.body.includes('<span class="comment-count">(3)</span>'), 'the comments heading counts 3')
    const cardLink = `<a class="comment-link" href="${a.path}#comments">3 تعليقات</a>`
    const home = await t.app.inject({ url: '/' })
    assert.ok(home.body.includes(cardLink), 'the home page card shows the count')
    const listing = await t.app.inject({ url: `/category/${category.slug}` })
    assert.ok(listing.body.includes(cardLink), 'the category listing shows the count')
  })

  it('invalid input answers 422 with the article page, a specific Arabic message per field and everything typed kept', async () => {
    const typed = { author: 'سارة "الكاتبة" <b>', email: 'sara@example.com', url: 'https://sara.example/?a=1&b=2', comment: 'نص فيه <script>alert(1)</script> & "علامات"\nوسطر ثانٍ' }
    const cases: Array<{ label: string; change: Record<string, string>; field: string; inputId: string; message: string }> = [
      { label: 'missing name', change: { author: '' }, field: 'name', inputId: 'c-name', message: ar.nameRequired },
      { label: 'blank name', change: { author: '   ' }, field: 'name', inputId: 'c-name', message: ar.nameRequired },
      { label: 'missing email', change: { email: '' }, field: 'email', inputId: 'c-email', message: ar.emailRequired },
      { label: 'bad email', change: { email: 'sara-at-example' }, field: 'email', inputId: 'c-email', message: ar.emailInvalid },
      { label: 'ftp website', change: { url: 'ftp://x' }, field: 'url', inputId: 'c-url', message: ar.urlInvalid },
      { label: 'javascript website', change: { url: 'javascript:alert(1)' }, field: 'url', inputId: 'c-url', message: ar.urlInvalid },
      { label: 'empty comment', change: { comment: '' }, field: 'body', inputId: 'c-body', message: ar.bodyRequired },
      { label: 'blank comment', change: { comment: ' \n\t ' }, field: 'body', inputId: 'c-body', message: ar.bodyRequired },
      { label: 'long name', change: { author: 'ن'.repeat(101) }, field: 'name', inputId: 'c-name', message: ar.nameTooLong },
    ]
    for (const c of cases) {
      const sent = { ...typed, ...c.change }
      const res = await postComment(t, articleId, { ...sent, _t: validFields(t)._t })
      assert.equal(res.statusCode, 422, c.label)
      assert.equal(res.headers['cache-control'], 'no-store', `${c.label}: not cacheable`)
      assert.match(res.headers['content-type'] as string, /^text\/html/, c.label)
      assert.match(res.body, /<h1[^>]*>[^<]*خبر عليه تعليقات/, `${c.label}: the article page is re-rendered`)
      assert.ok(res.body.includes(`<p class="form-error" role="alert" id="comment-form-error">${ar.invalid}</p>`), `${c.label}: the summary`)
      assert.ok(res.body.includes(`<p class="field-error" id="c-${c.field}-error">${c.message}</p>`), `${c.label}: "${c.message}" under the field`)
      const control = tagWith(res.body, c.field === 'body' ? 'textarea' : 'input', ` id="${c.inputId}"`)!
      assert.match(control, /aria-invalid="true"/, `${c.label}: the field is marked invalid`)
      assert.match(control, new RegExp(`aria-describedby="c-${c.field}-error"`), `${c.label}: the message describes the field`)
      // Everything typed is still there, exactly.
      assert.equal(fieldValue(res.body, 'author'), sent.author, `${c.label}: name kept`)
      assert.equal(fieldValue(res.body, 'email'), sent.email, `${c.label}: email kept`)
      assert.equal(fieldValue(res.body, 'url'), sent.url, `${c.label}: website kept`)
      assert.equal(textareaValue(res.body), sent.comment, `${c.label}: comment kept`)
      // Other fields carry no error.
      const others = ['name', 'email', 'url', 'body'].filter((f) => f !== c.field)
      for (const f of others) assert.ok(!res.body.includes(`id="c-${f}-error"`), `${c.label}: no error on ${f}`)
    }
    // The typed text came back as text, never as markup.
    const last = await postComment(t, articleId, { ...typed, author: '', _t: validFields(t)._t })
    assert.ok(!last.body.includes('<script>alert(1)</script>'))
    // An error page is the reader's own: the next reader gets the clean form.
    const clean = await t.app.inject({ url: path })
    assert.equal(textareaValue(clean.body), '')
    assert.equal(fieldValue(clean.body, 'author'), '')
    assert.ok(!clean.body.includes('comment-form-error'))
  })

  it('a 10,000-character comment answers 422 "too long" with the whole text kept', async () => {
    const long = `${'كلمة '.repeat(1999)}نهاية`
    assert.equal(long.length, 10_000)
    const res = await postComment(t, articleId, validFields(t, { comment: long }))
    assert.equal(res.statusCode, 422)
    assert.ok(res.body.includes(`<p class="field-error" id="c-body-error">${ar.bodyTooLong}</p>`))
    assert.equal(textareaValue(res.body), long, 'all 10,000 characters are back in the textarea')
  })

  it('the JSON answer (the island) is 422 with error.fields per field', async () => {
    const res = await postComment(t, articleId, { author: '', email: 'x', url: 'ftp://x', comment: '', _t: validFields(t)._t }, { json: true })
    assert.equal(res.statusCode, 422)
    assert.match(res.headers['content-type'] as string, /^application\/json/)
    const { error } = res.json() as { error: { code: string; message: string; fields: Record<string, string> } }
    assert.equal(error.code, 'COMMENT_INVALID')
    assert.equal(error.message, ar.invalid)
    assert.deepEqual(error.fields, { name: ar.nameRequired, email: ar.emailInvalid, url: ar.urlInvalid, body: ar.bodyRequired })

    const ok = await postComment(t, articleId, validFields(t), { json: true })
    assert.equal(ok.statusCode, 201)
    const data = ok.json() as { id: number; status: string; location: string; html: string; notice: string }
    assert.equal(data.status, 'approved')
    assert.equal(data.location, `${path}#comment-${data.id}`)
    assert.match(data.html, new RegExp(`^<li id="comment-${data.id}" class="comment">`))
    assert.equal(data.notice, 'شكرًا لك. نُشر تعليقك.')
  })

  it('threads replies: parent_id nests them in ol.comment-children; ?replytocom=ID renders the reply form', async () => {
    const a = await freshArticle()
    const top = await publish(a.id, { author: 'صاحب التعليق' })
    const reply = await publish(a.id, { parent_id: String(top) })
    const sibling = await publish(a.id)
    assert.equal((await findComment(t.deps.db, reply))?.parent_id, top)
    assert.equal((await findComment(t.deps.db, reply))?.depth, 1)

    const page = await t.app.inject({ url: a.path })
    const topItem = commentMarkup(page.body, top)!
    const afterTop = page.body.slice(page.body.indexOf(topItem) + topItem.length)
    assert.ok(afterTop.startsWith(`<ol class="comment-children"><li id="comment-${reply}"`), 'the reply sits in the parent\'s ol.comment-children')
    assert.deepEqual(commentIds(page.body), [top, reply, sibling])
    // Reply links work without JavaScript.
    assert.ok(topItem.includes(`<a href="${a.path}?replytocom=${top}#respond" data-reply-to="${top}" rel="nofollow">`))

    const form = await t.app.inject({ url: `${a.path}?replytocom=${top}` })
    assert.equal(form.statusCode, 200)
    assert.equal(fieldValue(form.body, 'parent_id'), String(top), 'the reply form carries the parent')
    assert.match(form.body, /<h3 id="reply-title">الرد على <bdi>صاحب التعليق<\/bdi> <a class="cancel-reply" href="[^"]+#respond" rel="nofollow">إلغاء الرد<\/a><\/h3>/)
    // An unknown comment (or one from another article) leaves a plain form.
    const other = await t.app.inject({ url: `${path}?replytocom=${top}` })
    assert.equal(other.statusCode, 200)
    assert.equal(fieldValue(other.body, 'parent_id'), '')
    assert.match(other.body, /<h3 id="reply-title">اترك تعليقاً<\/h3>/)
    const malformed = await t.app.inject({ url: `${a.path}?replytocom=abc` })
    assert.equal(malformed.statusCode, 400)
  })

  it('limits thread depth (commentMaxDepth): no reply link at the deepest level; deeper replies join that level', async () => {
    const a = await freshArticle()
    const d0 = await publish(a.id)
    const d1 = await publish(a.id, { parent_id: String(d0) })
    const d2 = await publish(a.id, { parent_id: String(d1) })
    const hasReplyLink = (html: string, id: number) => commentMarkup(html, id)!.includes(`?replytocom=${id}#respond`)
    let page = await t.app.inject({ url: a.path })
    assert.deepEqual([hasReplyLink(page.body, d0), hasReplyLink(page.body, d1), hasReplyLink(page.body, d2)], [true, true, false], 'default depth 3: levels 0 and 1 can be answered')
    // A reply to the deepest comment (sent by hand) stays at the deepest level, in the same thread.
    const d3 = await publish(a.id, { parent_id: String(d2) })
    const row = await findComment(t.deps.db, d3)
    assert.equal(row?.depth, 2)
    assert.equal(row?.parent_id, d1)

    await setSettings(t, { commentMaxDepth: 2 })
    try {
      page = await t.app.inject({ url: a.path })
      assert.deepEqual([hasReplyLink(page.body, d0), hasReplyLink(page.body, d1)], [true, false], 'depth 2: replies cannot be answered')
      await setSettings(t, { commentMaxDepth: 1 })
      page = await t.app.inject({ url: a.path })
      assert.equal(hasReplyLink(page.body, d0), false, 'depth 1: no threads at all')
    } finally {
      await setSettings(t, { commentMaxDepth: 3 })
    }
  })

  it('pages threads (commentsPerPage) and orders them oldest or newest first (commentOrder)', async () => {
    const a = await freshArticle()
    await setSettings(t, { commentsPerPage: 5 })
    try {
      const ids: number[] = []
      for (let i = 0; i < 7; i++) {
        t.clock.advance(1000)
        const res = await postComment(t, a.id, validFields(t))
        assert.equal(res.statusCode, 303)
        ids.push(commentIdOf(res.headers.location))
        // The comment's permalink names the page it lands on.
        assert.equal(res.headers.location, `${a.path}${i >= 5 ? '?cpage=2' : ''}#comment-${ids[i]}`)
      }
      const reply = await publish(a.id, { parent_id: String(ids[0]) })

      const one = await t.app.inject({ url: a.path })
      assert.deepEqual(commentIds(one.body), [ids[0], reply, ...ids.slice(1, 5)], 'page 1: the five oldest threads, with their replies')
      assert.ok(one.body.includes(`href="${a.path}?cpage=2#comments" rel="next"`), 'a link to page 2')
      const two = await t.app.inject({ url: `${a.path}?cpage=2` })
      assert.equal(two.statusCode, 200)
      assert.deepEqual(commentIds(two.body), ids.slice(5))
      assert.ok(two.body.includes(`href="${a.path}#comments" rel="prev"`), 'a link back to page 1')
      assert.ok(commentMarkup(two.body, ids[5]!)!.includes(`href="${a.path}?cpage=2#comment-${ids[5]}"`), 'permalinks on page 2 point at page 2')

      assert.equal((await t.app.inject({ url: `${a.path}?cpage=99` })).statusCode, 404)
      assert.equal((await t.app.inject({ url: `${a.path}?cpage=abc` })).statusCode, 400)
      assert.equal((await t.app.inject({ url: `${a.path}?cpage=0` })).statusCode, 400)
      assert.equal((await t.app.inject({ url: `${a.path}?cpage=1` })).statusCode, 200)

      // A held comment lands on page 2 for its author, and the 303 says so.
      const held = await postComment(t, a.id, validFields(t, { _t: formToken(t.deps.secret, t.clock.now()) }))
      assert.equal(held.statusCode, 303)
      const heldId = commentIdOf(held.headers.location)
      assert.equal((await findComment(t.deps.db, heldId))?.status, 'pending')
      assert.equal(held.headers.location, `${a.path}?cpage=2#comment-${heldId}`)
      const heldPage = await t.app.inject({ url: `${a.path}?cpage=2`, headers: { cookie: `sahifa_pending=${cookieOf(held, PENDING)!.value}` } })
      assert.deepEqual(commentIds(heldPage.body), [...ids.slice(5), heldId])

      await setSettings(t, { commentOrder: 'newest' })
      const newest = await t.app.inject({ url: a.path })
      assert.deepEqual(commentIds(newest.body), [...ids].reverse().slice(0, 5), 'newest first')
      const newestTwo = await t.app.inject({ url: `${a.path}?cpage=2` })
      assert.deepEqual(commentIds(newestTwo.body), [ids[1], ids[0], reply], 'replies stay under their thread, oldest first')
    } finally {
      await setSettings(t, { commentsPerPage: 50, commentOrder: 'oldest' })
    }
  })

  it('shows a pending comment only to its author (signed cookie), marked "بانتظار المراجعة"', async () => {
    const a = await freshArticle()
    await setSettings(t, { commentModeration: 'all' })
    try {
      // A page every reader gets, cached before the comment exists.
      assert.equal((await t.app.inject({ url: a.path })).statusCode, 200)
      const text = `تعليق ينتظر المراجعة ${next()}`
      const res = await postComment(t, a.id, validFields(t, { comment: text }))
      assert.equal(res.statusCode, 303)
      const id = commentIdOf(res.headers.location)
      assert.equal((await findComment(t.deps.db, id))?.status, 'pending')
      const cookie = cookieOf(res, PENDING)
      assert.ok(cookie?.value, 'the POST sets the pending cookie')
      assert.equal(cookie.httpOnly, true)
      assert.equal(cookie.sameSite, 'Lax')
      assert.equal(cookie.path, '/')

      const mine = await t.app.inject({ url: a.path, headers: { cookie: `${PENDING}=${cookie.value}` } })
      assert.equal(mine.statusCode, 200)
      assert.equal(mine.headers['cache-control'], 'private, no-store', 'a personal page is never cached')
      const item = commentMarkup(mine.body, id)
      assert.ok(item, 'the author sees their pending comment')
      assert.match(item, /class="comment comment-pending"/)
      assert.ok(item.includes(`<span class="badge badge-pending">${ar.pending}</span>`))
      assert.ok(item.includes(text))
      assert.ok(!item.includes('?replytocom='), 'a pending comment cannot be answered yet')

      const everyone = await t.app.inject({ url: a.path })
      assert.ok(!everyone.body.includes(text), 'other readers do not see it')
      assert.ok(!everyone.body.includes(ar.pending))
      const forged = await t.app.inject({ url: a.path, headers: { cookie: `${PENDING}=${id}~AAAAAAAAAAAAAAAAAAAAAA` } })
      assert.equal(forged.statusCode, 200)
      assert.ok(!forged.body.includes(text), 'a forged cookie shows nothing')
      // Someone else's pending comment: a reader's own valid signature does not cover other ids.
      const [, mac] = cookie.value.split('~')
      const other = await t.app.inject({ url: a.path, headers: { cookie: `${PENDING}=${id}.${id + 1}~${mac}` } })
      assert.ok(!other.body.includes(text), 'a tampered id list shows nothing')
      const garbage = await t.app.inject({ url: a.path, headers: { cookie: `${PENDING}=${'%'.repeat(500)}` } })
      assert.equal(garbage.statusCode, 200)

      // The JSON answer says "pending" and the island gets the marked comment.
      const json = await postComment(t, a.id, validFields(t), { json: true, cookie: `${PENDING}=${cookie.value}` })
      assert.equal(json.statusCode, 201)
      const data = json.json() as { id: number; status: string; html: string; notice: string }
      assert.equal(data.status, 'pending')
      assert.ok(data.html.includes(ar.pending))
      assert.equal(data.notice, 'شكرًا لك. تعليقك بانتظار المراجعة وسيظهر للقراء بعد موافقة المشرفين.')
      const both = cookieOf(json, PENDING)!.value
      const page = await t.app.inject({ url: a.path, headers: { cookie: `${PENDING}=${both}` } })
      assert.deepEqual(commentIds(page.body), [id, data.id], 'the cookie remembers every pending comment of its author')
    } finally {
      await setSettings(t, { commentModeration: 'none' })
    }
  })

  it('remembers name, email and website only when asked, and fills the form with them next time', async () => {
    const details = { author: 'ليلى', email: `laila-${next()}@example.com`, url: 'https://laila.example/' }
    const without = await postComment(t, articleId, validFields(t, details))
    assert.equal(without.statusCode, 303)
    assert.ok(!cookieOf(without, COMMENTER)?.value, 'no remember cookie without consent')

    const withIt = await postComment(t, articleId, validFields(t, { ...details, remember: '1' }))
    assert.equal(withIt.statusCode, 303)
    const cookie = cookieOf(withIt, COMMENTER)
    assert.ok(cookie?.value, 'the remember cookie is set when the box is ticked')
    assert.equal(cookie.httpOnly, true)
    assert.ok((cookie.maxAge ?? 0) > 30 * 86_400, 'kept for a long time')

    const page = await t.app.inject({ url: path, headers: { cookie: `${COMMENTER}=${cookie.value}` } })
    assert.equal(page.headers['cache-control'], 'private, no-store')
    assert.equal(fieldValue(page.body, 'author'), details.author)
    assert.equal(fieldValue(page.body, 'email'), details.email)
    assert.equal(fieldValue(page.body, 'url'), details.url)
    assert.match(tagWith(page.body, 'input', ' name="remember"')!, /\schecked/)
    // Nobody else gets those details (the cached page is the blank form).
    const anonymous = await t.app.inject({ url: path })
    assert.equal(fieldValue(anonymous.body, 'email'), '')
    assert.ok(!anonymous.body.includes(details.email))

    // Unticking the box forgets them.
    const forget = await postComment(t, articleId, validFields(t, details), { cookie: `${COMMENTER}=${cookie.value}` })
    const cleared = cookieOf(forget, COMMENTER)
    assert.ok(cleared && cleared.value === '' && (cleared.maxAge === 0 || (cleared.expires?.getTime() ?? 1) <= Date.now()), 'the cookie is cleared')
  })

  it('closes comments per article: no form, a closed notice, POST answers 403', async () => {
    const a = await freshArticle()
    const kept = await publish(a.id, { comment: 'تعليق قبل الإغلاق' })
    await t.deps.db.updateTable('articles').set({ comment_status: 'closed' }).where('id', '=', a.id).execute()
    t.deps.events.changed()

    const page = await t.app.inject({ url: a.path })
    assert.equal(page.statusCode, 200)
    assert.ok(!hasForm(page.body), 'no form')
    assert.ok(commentsSection(page.body).includes(`<p class="comments-closed">${ar.closed}</p>`), 'the closed notice')
    assert.ok(commentMarkup(page.body, kept), 'earlier comments stay')
    assert.ok(!commentMarkup(page.body, kept)!.includes('replytocom'), 'and cannot be answered')

    const typed = validFields(t, { comment: 'كتبت هذا قبل أن تُغلق التعليقات\nولا أريد أن أفقده.' })
    const res = await postComment(t, a.id, typed)
    assert.equal(res.statusCode, 403)
    assert.ok(res.body.includes(ar.closed))
    assert.ok(!hasForm(res.body), 'no form to send it again')
    const copy = /<textarea id="c-body" rows="6" readonly dir="auto">([\s\S]*?)<\/textarea>/.exec(res.body)
    assert.equal(copy && decode(copy[1]!), typed.comment, 'the text typed before the story closed is still there to copy')
    const json = await postComment(t, a.id, validFields(t), { json: true })
    assert.equal(json.statusCode, 403)
    assert.equal((json.json() as { error: { code: string; message: string } }).error.code, 'COMMENTS_CLOSED')
    assert.equal((json.json() as { error: { message: string } }).error.message, ar.closed)
  })

  it('closes comments automatically N days after publication (commentCloseAfterDays)', async () => {
    const now = t.clock.now().getTime()
    const old = await freshArticle({ publishedAt: new Date(now - 10 * 86_400_000) })
    const recent = await freshArticle({ publishedAt: new Date(now - 86_400_000) })
    assert.ok(hasForm((await t.app.inject({ url: old.path })).body), 'open while the setting is off')
    await setSettings(t, { commentCloseAfterDays: 7 })
    try {
      const oldPage = await t.app.inject({ url: old.path })
      assert.ok(!hasForm(oldPage.body))
      assert.ok(oldPage.body.includes(ar.closed))
      assert.equal((await postComment(t, old.id, validFields(t))).statusCode, 403)
      assert.ok(hasForm((await t.app.inject({ url: recent.path })).body), 'a 1-day-old story is still open')
      assert.equal((await postComment(t, recent.id, validFields(t))).statusCode, 303)
    } finally {
      await setSettings(t, { commentCloseAfterDays: 0 })
    }
  })

  it('badges comments written by staff', async () => {
    const a = await freshArticle()
    const editor = await makeUser(t.deps, { role: 'editor', name: 'رئيس التحرير' })
    const now = t.clock.now().toISOString()
    const staff = await insertComment(t.deps.db, {
      article_id: a.id,
      parent_id: null,
      depth: 0,
      author_name: 'رئيس التحرير',
      author_email: editor.email,
      author_url: '',
      body: 'شكرًا لقرائنا.',
      status: 'approved',
      user_id: editor.id,
      ip_hash: null,
      user_agent: '',
      hold_reason: '',
      created_at: now,
      updated_at: now,
    })
    const reader = await publish(a.id)
    t.deps.events.changed()
    const page = await t.app.inject({ url: a.path })
    const item = commentMarkup(page.body, staff)!
    assert.match(item, /class="comment comment-staff"/)
    assert.ok(item.includes(`<span class="badge badge-staff">${ar.staff}</span>`))
    assert.ok(!commentMarkup(page.body, reader)!.includes('badge-staff'), 'readers are not badged')
  })

  it('refuses the same comment twice with 409, keeping the text', async () => {
    const fields = validFields(t)
    assert.equal((await postComment(t, articleId, fields)).statusCode, 303)
    const again = await postComment(t, articleId, fields)
    assert.equal(again.statusCode, 409)
    assert.ok(again.body.includes(ar.duplicate))
    assert.equal(textareaValue(again.body), fields.comment)
    const json = await postComment(t, articleId, fields, { json: true })
    assert.equal(json.statusCode, 409)
    assert.equal((json.json() as { error: { code: string } }).error.code, 'COMMENT_DUPLICATE')
  })

  it('stores a comment with the honeypot filled as spam and never shows it', async () => {
    const text = `رسالة روبوت ${next()}`
    const res = await postComment(t, articleId, validFields(t, { comment: text, hp_website: 'http://spam.example/' }))
    assert.equal(res.statusCode, 303, 'the bot learns nothing')
    const id = commentIdOf(res.headers.location)
    assert.equal((await findComment(t.deps.db, id))?.status, 'spam')
    assert.equal((await findComment(t.deps.db, id))?.hold_reason, 'honeypot')
    assert.ok(!cookieOf(res, PENDING)?.value, 'no pending cookie for spam')
    const page = await t.app.inject({ url: path })
    assert.ok(!page.body.includes(text))
    const json = await postComment(t, articleId, validFields(t, { hp_website: 'x' }), { json: true })
    assert.equal(json.statusCode, 201)
    assert.deepEqual([(json.json() as { status: string }).status, (json.json() as { html: string }).html], ['pending', ''], 'answered like a held comment')
  })

  it('holds a comment whose form was filled faster than the minimum fill time (or whose token is forged)', async () => {
    const fast = await postComment(t, articleId, validFields(t, { _t: formToken(t.deps.secret, t.clock.now()) }))
    assert.equal((await findComment(t.deps.db, commentIdOf(fast.headers.location)))?.status, 'pending')
    const forged = await postComment(t, articleId, validFields(t, { _t: '1778490010000.AAAAAAAAAAAAAAAA' }))
    assert.equal((await findComment(t.deps.db, commentIdOf(forged.headers.location)))?.status, 'pending')
    // Fetching the form, waiting 10 s, then posting publishes.
    const page = await t.app.inject({ url: path })
    t.clock.advance(10_000)
    const slow = await postComment(t, articleId, validFields(t, { _t: fieldValue(page.body, '_t') }))
    assert.equal((await findComment(t.deps.db, commentIdOf(slow.headers.location)))?.status, 'approved')
  })
})

describeEachDatabase('comment rate limits', (engine) => {
  let t: TestApp
  let articleId: number

  before(async () => {
    t = await buildTestApp(engine, { env: { SAHIFA_COMMENT_LIMIT_PER_IP: '2', SAHIFA_COMMENT_LIMIT_PER_EMAIL: '2' } })
    ;({ id: articleId } = await makeArticle(t.deps))
    await setSettings(t, { commentModeration: 'none' })
  })
  after(() => t.close())

  it('answers the third comment from one IP with 429, an Arabic message and the text kept', async () => {
    const ip = '203.0.113.7'
    for (let i = 0; i < 2; i++) assert.equal((await postComment(t, articleId, validFields(t), { ip })).statusCode, 303)
    const third = validFields(t, { author: 'نور', url: 'https://nour.example/', comment: 'تعليقي الثالث\nبسطرين' })
    const res = await postComment(t, articleId, third, { ip })
    assert.equal(res.statusCode, 429)
    assert.equal(res.headers['retry-after'], '600')
    assert.ok(res.body.includes(`<p class="form-error" role="alert" id="comment-form-error">${ar.rateLimited}</p>`), 'the Arabic message')
    assert.equal(textareaValue(res.body), third.comment)
    assert.equal(fieldValue(res.body, 'author'), third.author)
    assert.equal(fieldValue(res.body, 'email'), third.email)
    assert.equal(fieldValue(res.body, 'url'), third.url)
    const json = await postComment(t, articleId, validFields(t), { ip, json: true })
    assert.equal(json.statusCode, 429)
    assert.deepEqual((json.json() as { error: { code: string; message: string } }).error.code, 'COMMENT_RATE_LIMITED')
    assert.equal((json.json() as { error: { message: string } }).error.message, ar.rateLimited)
    // Another reader is not affected; and after the window the first one may post again.
    assert.equal((await postComment(t, articleId, validFields(t), { ip: '203.0.113.8' })).statusCode, 303)
    t.clock.advance(11 * 60_000)
    assert.equal((await postComment(t, articleId, validFields(t), { ip })).statusCode, 303)
  })

  it('answers the third comment from one email with 429, whatever the IP', async () => {
    const email = `busy-${next()}@example.com`
    assert.equal((await postComment(t, articleId, validFields(t, { email }), { ip: '198.51.100.1' })).statusCode, 303)
    assert.equal((await postComment(t, articleId, validFields(t, { email: email.toUpperCase() }), { ip: '198.51.100.2' })).statusCode, 303)
    const third = validFields(t, { email })
    const res = await postComment(t, articleId, third, { ip: '198.51.100.3' })
    assert.equal(res.statusCode, 429)
    assert.ok(res.body.includes(ar.rateLimited))
    assert.equal(textareaValue(res.body), third.comment)
  })
})
