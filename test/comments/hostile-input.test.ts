/**
 * Hostile input at the comment form (issue 3), on both databases: every line of the Big List of
 * Naughty Strings as a name and as a comment — never a 500; either stored and read back exactly
 * as typed (in the database and on the page) or refused with a clear Arabic 4xx — and bad input
 * of every other kind: missing fields, a 100 KB comment, invalid UTF-8, wrong content types,
 * unknown or closed articles, replies across articles, malformed parent ids, odd form shapes.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { findComment } from '../../src/modules/comments/comments.repository.js'
import { describeEachDatabase } from '../support/databases.js'
import { makeArticle } from '../support/factories.js'
import { buildTestApp, type TestApp } from '../support/test-app.js'
import { ar, articlePath, commentIdOf, decode, fieldValue, next, postComment, setSettings, textareaValue, validFields } from './comment-helpers.js'

/** blns.txt without its `#` comment lines and blank lines (whitespace-only lines stay: they are input too). */
const blns = readFileSync(new URL('../../../shared/data/payloads/strings/blns.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'))

// What the form refuses, stated independently of the code under test: C0 controls other than
// tab, newline and carriage return, the noncharacters U+FFFE/U+FFFF, and lone surrogates.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const BATCH = 24

interface Outcome {
  input: string
  res: LightMyRequestResponse
}

/** Splits a list into batches (posted concurrently, batch after batch). */
function batches<T>(list: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

/** The text a comment's body shows on the page (tags removed, entities decoded). */
function shownBody(html: string, id: number): string | undefined {
  const start = html.indexOf(`<li id="comment-${id}"`)
  if (start < 0) return undefined
  const from = html.indexOf('<div class="comment-body" dir="auto">', start)
  const to = html.indexOf('</div>', from)
  return decode(html.slice(from + '<div class="comment-body" dir="auto">'.length, to).replace(/<br\/?>/g, '\n').replace(/<[^>]+>/g, ''))
}

/** The name a comment shows, from its `<bdi>` (entities decoded). */
function shownName(html: string, id: number): string | undefined {
  const start = html.indexOf(`<li id="comment-${id}"`)
  if (start < 0) return undefined
  const m = /<span class="comment-author" id="comment-\d+-author">(?:<a [^>]*>)?<bdi>([\s\S]*?)<\/bdi>/.exec(html.slice(start))
  return m ? decode(m[1]!) : undefined
}

describeEachDatabase('hostile input at the comment form', (engine) => {
  let t: TestApp
  let articleId: number
  let otherArticleId: number
  let closedArticleId: number
  let path: string
  const stored = new Map<number, { name: string; body: string }>()

  before(async () => {
    t = await buildTestApp(engine, { env: { SAHIFA_COMMENT_LIMIT_PER_IP: '1000000', SAHIFA_COMMENT_LIMIT_PER_EMAIL: '1000000' } })
    ;({ id: articleId } = await makeArticle(t.deps, { title: 'خبر القائمة المشاغبة' }))
    ;({ id: otherArticleId } = await makeArticle(t.deps, { title: 'خبر آخر' }))
    ;({ id: closedArticleId } = await makeArticle(t.deps, { title: 'خبر مغلق', commentStatus: 'closed' }))
    path = await articlePath(t, articleId)
    await setSettings(t, { commentModeration: 'none', commentsPerPage: 500 })
  })
  after(() => t.close())

  /** Posts each input in batches (JSON answers, as the island asks) and collects the answers. */
  async function postAll(inputs: string[], fields: (input: string) => Record<string, string>): Promise<Outcome[]> {
    const out: Outcome[] = []
    for (const batch of batches(inputs, BATCH)) {
      const answers = await Promise.all(batch.map((input) => postComment(t, articleId, { ...validFields(t), ...fields(input) }, { json: true })))
      batch.forEach((input, i) => out.push({ input, res: answers[i]! }))
    }
    return out
  }

  it(`takes every blns line (${blns.length}) as a name: stored exactly (trimmed) or refused with a clear message`, async () => {
    assert.ok(blns.length > 500, `blns.txt read: ${blns.length} lines`)
    const outcomes = await postAll(blns, (name) => ({ author: name, comment: `تعليق على اسم مشاغب رقم ${next()}` }))
    const refused: string[] = []
    for (const { input, res } of outcomes) {
      const what = JSON.stringify(input).slice(0, 80)
      assert.ok(res.statusCode < 500, `${what}: ${res.statusCode}`)
      if (res.statusCode === 201) {
        const { id } = res.json() as { id: number }
        const row = await findComment(t.deps.db, id)
        assert.equal(row?.author_name, input.trim(), `${what}: stored exactly as typed (trimmed)`)
        assert.ok(input.length <= 100 && !CONTROL.test(input), `${what}: accepted although the form refuses it`)
        stored.set(id, { name: input.trim(), body: row!.body })
        continue
      }
      assert.equal(res.statusCode, 422, `${what}: refused with 422`)
      const { error } = res.json() as { error: { message: string; fields: Record<string, string> } }
      assert.equal(error.message, ar.invalid)
      assert.deepEqual(Object.keys(error.fields), ['name'], `${what}: only the name is wrong`)
      const expected = !input.trim() ? ar.nameRequired : CONTROL.test(input) ? ar.forbiddenChars : input.length > 100 ? ar.nameTooLong : 'accepted'
      assert.equal(error.fields.name, expected, `${what}: the reason`)
      refused.push(input)
    }
    assert.ok(refused.length < 40, `${refused.length} names refused (expected only blank, too long or control characters)`)
  })

  it(`takes every blns line (${blns.length}) as a comment: stored exactly as typed or refused with a clear message`, async () => {
    const outcomes = await postAll(blns, (body) => ({ author: `قارئ ${next()}`, comment: body }))
    let accepted = 0
    for (const { input, res } of outcomes) {
      const what = JSON.stringify(input).slice(0, 80)
      assert.ok(res.statusCode < 500, `${what}: ${res.statusCode}`)
      if (res.statusCode === 201) {
        const { id, html } = res.json() as { id: number; html: string }
        const row = await findComment(t.deps.db, id)
        assert.equal(row?.body, input, `${what}: stored exactly as typed, untrimmed`)
        assert.ok(!CONTROL.test(input) && input.trim() !== '', `${what}: accepted although the form refuses it`)
        assert.ok(html.startsWith(`<li id="comment-${id}"`), `${what}: the island gets the rendered comment`)
        stored.set(id, { name: row!.author_name, body: input })
        accepted++
        continue
      }
      assert.equal(res.statusCode, 422, `${what}: refused with 422`)
      const { error } = res.json() as { error: { fields: Record<string, string> } }
      assert.deepEqual(Object.keys(error.fields), ['body'], `${what}: only the comment is wrong`)
      assert.equal(error.fields.body, !input.trim() ? ar.bodyRequired : ar.forbiddenChars, `${what}: the reason`)
    }
    assert.ok(accepted > blns.length - 20, `${accepted} of ${blns.length} comments stored`)
  })

  it('reads every stored name and comment back on the article pages exactly, names inside <bdi>', async () => {
    assert.ok(stored.size > 900, `${stored.size} comments to read back`)
    const pages = Math.ceil(stored.size / 500)
    const seen = new Set<number>()
    for (let cpage = 1; cpage <= pages; cpage++) {
      const res = await t.app.inject({ url: `${path}${cpage > 1 ? `?cpage=${cpage}` : ''}` })
      assert.equal(res.statusCode, 200, `comment page ${cpage}`)
      for (const [id, { name, body }] of stored) {
        const shownAs = shownBody(res.body, id)
        if (shownAs === undefined) continue
        seen.add(id)
        assert.equal(shownAs, body.trim(), `comment ${id}: the page shows ${JSON.stringify(body).slice(0, 60)} as typed`)
        assert.equal(shownName(res.body, id), name, `comment ${id}: the name ${JSON.stringify(name).slice(0, 60)} sits in <bdi>`)
      }
    }
    assert.equal(seen.size, stored.size, 'every stored comment was on a page')
    // Names carrying bidi embeddings and isolates were among them, each in its own <bdi> (checked
    // above); blns's one line with U+202E is longer than a name may be, hence the next test.
    const bidi = [...stored.values()].filter((c) => /[\u202A-\u202E\u2066-\u2069]/.test(c.name))
    assert.ok(bidi.length >= 3, `names with bidi controls read back: ${bidi.length}`)
  })

  it('isolates a U+202E name in <bdi> everywhere it is shown: comment head, reply link, reply form', async () => {
    const { id: fresh } = await makeArticle(t.deps, { title: 'خبر لاسم معكوس' })
    const name = '\u202Eevil.exe\u202C سمير'
    const res = await postComment(t, fresh, validFields(t, { author: name }))
    assert.equal(res.statusCode, 303)
    const id = commentIdOf(res.headers.location)
    const page = await t.app.inject({ url: `${await articlePath(t, fresh)}?replytocom=${id}` })
    const bdis = [...page.body.matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((m) => m[1]).filter((text) => text === name)
    assert.equal(bdis.length, 3, 'the name is isolated in the comment head, the hidden reply label and the reply form title')
    // Never outside a <bdi>: every occurrence of the override character is inside one.
    const outside = page.body.replace(/<bdi>[^<]*<\/bdi>/g, '')
    assert.ok(!outside.includes('\u202E'), 'no U+202E outside <bdi>')
  })

  it('answers every kind of bad input with a clear 4xx, never a 500', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const json = { accept: 'application/json' }
    const raw = (payload: string | Buffer, headers: Record<string, string> = form, id: number | string = articleId) =>
      t.app.inject({ method: 'POST', url: `/news/${id}/comments`, headers, payload })
    const valid = () => new URLSearchParams(validFields(t) as Record<string, string>).toString()
    const hundredKb = 'أ'.repeat(10) + 'x'.repeat(100 * 1024)

    const cases: Array<{ label: string; res: LightMyRequestResponse; status: number; message: string; code?: string }> = [
      { label: 'empty form', res: await raw(''), status: 422, message: ar.nameRequired },
      { label: 'no body, no content type', res: await raw('', {}), status: 422, message: ar.emailRequired },
      { label: 'comment only', res: await raw('comment=%D9%86%D8%B5'), status: 422, message: ar.nameRequired },
      { label: 'missing fields (JSON)', res: await raw('', { ...form, ...json }), status: 422, message: ar.invalid, code: 'COMMENT_INVALID' },
      { label: '100 KB comment', res: await postComment(t, articleId, validFields(t, { comment: hundredKb })), status: 422, message: ar.bodyTooLong },
      { label: '100 KB comment (JSON)', res: await postComment(t, articleId, validFields(t, { comment: hundredKb }), { json: true }), status: 422, message: ar.invalid, code: 'COMMENT_INVALID' },
      { label: '100 KB Arabic comment (600 KB encoded)', res: await postComment(t, articleId, validFields(t, { comment: 'ع'.repeat(100 * 1024) })), status: 413, message: ar.payloadTooLarge },
      { label: '2 MB body', res: await raw(`comment=${'x'.repeat(2 * 1024 * 1024)}`), status: 413, message: ar.payloadTooLarge },
      { label: 'raw invalid UTF-8', res: await raw(Buffer.concat([Buffer.from(`${valid()}&comment=`), Buffer.from([0xff, 0xfe, 0xc3, 0x28])])), status: 400, message: ar.badFormEncoding },
      { label: 'raw invalid UTF-8 (JSON)', res: await raw(Buffer.from([0x61, 0x3d, 0xc3, 0x28]), { ...form, ...json }), status: 400, message: ar.badFormEncoding, code: 'BAD_ENCODING' },
      { label: 'percent-encoded %FF', res: await raw(`${valid()}&comment=%FF`), status: 400, message: ar.badFormEncoding },
      { label: 'overlong UTF-8 (%C0%AF)', res: await raw(`author=%C0%AF&${valid()}`), status: 400, message: ar.badFormEncoding },
      { label: 'UTF-8 surrogate (%ED%A0%80)', res: await raw(`${valid()}&author=%ED%A0%80`), status: 400, message: ar.badFormEncoding },
      { label: 'raw UTF-8 surrogate bytes', res: await raw(Buffer.concat([Buffer.from('comment='), Buffer.from([0xed, 0xa0, 0x80])])), status: 400, message: ar.badFormEncoding },
      { label: 'broken percent sign', res: await raw(`${valid()}&comment=100%`), status: 400, message: ar.badFormEncoding },
      { label: 'text/plain', res: await raw(valid(), { 'content-type': 'text/plain' }), status: 415, message: ar.unsupportedMedia },
      { label: 'text/plain (JSON)', res: await raw(valid(), { 'content-type': 'text/plain;charset=utf-8', ...json }), status: 415, message: ar.unsupportedMedia, code: 'UNSUPPORTED_MEDIA_TYPE' },
      {
        label: 'multipart',
        res: await raw('--b\r\nContent-Disposition: form-data; name="author"\r\n\r\nسمير\r\n--b--\r\n', { 'content-type': 'multipart/form-data; boundary=b' }),
        status: 415,
        message: ar.unsupportedMedia,
      },
      { label: 'application/xml', res: await raw('<comment/>', { 'content-type': 'application/xml' }), status: 415, message: ar.unsupportedMedia },
      { label: 'JSON body', res: await raw(JSON.stringify(validFields(t)), { 'content-type': 'application/json' }), status: 415, message: ar.unsupportedMedia },
      {
        label: 'JSON body with arrays and objects',
        res: await raw(JSON.stringify({ author: ['a', 'b'], email: { $gt: '' }, comment: [[1]], parent_id: { id: 1 } }), { 'content-type': 'application/json', ...json }),
        status: 415,
        message: ar.unsupportedMedia,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
      // Fastify's JSON parser answers first; a 400 is as clear.
      { label: 'broken JSON', res: await raw('{"author":', { 'content-type': 'application/json' }), status: 400, message: 'تعذّر فهم هذا الطلب.' },
      { label: 'unknown article', res: await raw(valid(), form, 999_999), status: 404, message: ar.notFound },
      { label: 'unknown article (JSON)', res: await raw(valid(), { ...form, ...json }, 999_999), status: 404, message: ar.articleNotFound, code: 'ARTICLE_NOT_FOUND' },
      { label: 'article id abc', res: await raw(valid(), form, 'abc'), status: 404, message: ar.notFound },
      { label: 'article id 0', res: await raw(valid(), form, 0), status: 404, message: ar.notFound },
      { label: 'article id too large', res: await raw(valid(), form, '99999999999999999999'), status: 404, message: ar.notFound },
      { label: 'closed article', res: await raw(valid(), form, closedArticleId), status: 403, message: ar.closed },
      { label: 'closed article (JSON)', res: await raw(valid(), { ...form, ...json }, closedArticleId), status: 403, message: ar.closed, code: 'COMMENTS_CLOSED' },
      { label: 'parent_id=abc', res: await postComment(t, articleId, validFields(t, { parent_id: 'abc' })), status: 422, message: ar.parentInvalid },
      { label: 'parent_id=-1', res: await postComment(t, articleId, validFields(t, { parent_id: '-1' })), status: 422, message: ar.parentInvalid },
      { label: 'parent_id=1.5', res: await postComment(t, articleId, validFields(t, { parent_id: '1.5' })), status: 422, message: ar.parentInvalid },
      { label: 'parent_id huge', res: await postComment(t, articleId, validFields(t, { parent_id: '99999999999999999999' })), status: 422, message: ar.parentInvalid },
      { label: 'parent_id unknown', res: await postComment(t, articleId, validFields(t, { parent_id: '987654321' })), status: 422, message: ar.parentInvalid },
      { label: 'NUL in the comment', res: await postComment(t, articleId, validFields(t, { comment: 'قبل\u0000بعد' })), status: 422, message: ar.forbiddenChars },
      { label: 'NUL in the name', res: await postComment(t, articleId, validFields(t, { author: 'سمير\u0000' })), status: 422, message: ar.forbiddenChars },
      { label: 'NUL in the website', res: await postComment(t, articleId, validFields(t, { url: 'https://x.example/\u0000' })), status: 422, message: ar.forbiddenChars },
      { label: 'NUL in the email', res: await postComment(t, articleId, validFields(t, { email: 'a\u0000@example.com' })), status: 422, message: ar.emailInvalid },
      { label: 'CRLF in the email', res: await postComment(t, articleId, validFields(t, { email: 'a@example.com\r\nBcc: b@example.com' })), status: 422, message: ar.emailInvalid },
      { label: '300-character email', res: await postComment(t, articleId, validFields(t, { email: `${'a'.repeat(290)}@example.com` })), status: 422, message: ar.emailInvalid },
      { label: '600-character website', res: await postComment(t, articleId, validFields(t, { url: `https://x.example/${'a'.repeat(600)}` })), status: 422, message: 'رابط الموقع أطول من ٥٠٠ حرف.' },
      { label: 'website data:', res: await postComment(t, articleId, validFields(t, { url: 'data:text/html,<script>alert(1)</script>' })), status: 422, message: ar.urlInvalid },
      { label: 'website without host', res: await postComment(t, articleId, validFields(t, { url: 'https://' })), status: 422, message: ar.urlInvalid },
      { label: 'cross-site POST', res: await raw(valid(), { ...form, origin: 'https://evil.example' }), status: 403, message: 'انتهت صلاحية النموذج' },
      { label: 'cross-site POST (Sec-Fetch-Site)', res: await raw(valid(), { ...form, 'sec-fetch-site': 'cross-site' }), status: 403, message: 'انتهت صلاحية النموذج' },
    ]
    // Replies to a comment of another article, or to a comment not published (pending, spam).
    const elsewhere = await postComment(t, otherArticleId, validFields(t))
    const foreign = commentIdOf(elsewhere.headers.location)
    cases.push({ label: 'reply to another article\'s comment', res: await postComment(t, articleId, validFields(t, { parent_id: String(foreign) })), status: 422, message: ar.parentInvalid })
    cases.push({
      label: 'reply to another article\'s comment (JSON)',
      res: await postComment(t, articleId, validFields(t, { parent_id: String(foreign) }), { json: true }),
      status: 422,
      message: ar.invalid,
      code: 'COMMENT_PARENT_INVALID',
    })
    const spam = commentIdOf((await postComment(t, articleId, validFields(t, { hp_website: 'x' }))).headers.location)
    cases.push({ label: 'reply to a spam comment', res: await postComment(t, articleId, validFields(t, { parent_id: String(spam) })), status: 422, message: ar.parentInvalid })

    for (const c of cases) {
      assert.equal(c.res.statusCode, c.status, `${c.label}: status (${c.res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 160)})`)
      if (c.code) {
        const { error } = c.res.json() as { error: { code: string; message: string; fields?: Record<string, string> } }
        assert.equal(error.code, c.code, `${c.label}: code`)
        assert.ok(error.message.startsWith(c.message), `${c.label}: message "${error.message}"`)
      } else {
        assert.match(c.res.headers['content-type'] as string, /^text\/html; charset=utf-8/, `${c.label}: an HTML page`)
        assert.ok(c.res.body.includes(c.message), `${c.label}: says "${c.message}"`)
      }
      assert.equal(c.res.headers['cache-control'], 'no-store', `${c.label}: not cacheable`)
    }

    // What was typed survives the refusals that re-render the form.
    const long = cases.find((c) => c.label === '100 KB comment')!
    assert.equal(textareaValue(long.res.body), hundredKb)
    const parent = cases.find((c) => c.label === 'reply to another article\'s comment')!
    assert.ok(parent.res.body.includes('<p class="field-error" id="c-parentId-error">'))
    assert.equal(fieldValue(parent.res.body, 'parent_id'), String(foreign), 'the parent id typed is kept')
  })

  it('copes with odd form shapes: repeated keys, bracketed keys, prototype keys, thousands of fields', async () => {
    const base = validFields(t) as Record<string, string>
    const send = (payload: string) => t.app.inject({ method: 'POST', url: `/news/${articleId}/comments`, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, payload })
    const repeated = await send(`${new URLSearchParams(base)}&author=${encodeURIComponent('ثانٍ')}`)
    assert.equal(repeated.statusCode, 201, 'a repeated key: the first value counts')
    assert.equal((await findComment(t.deps.db, (repeated.json() as { id: number }).id))?.author_name, base.author)
    const bracketed = await send(`author[]=x&email[a]=y&comment[0]=z&_t=${encodeURIComponent(base._t!)}`)
    assert.equal(bracketed.statusCode, 422)
    assert.deepEqual(Object.keys((bracketed.json() as { error: { fields: object } }).error.fields).sort(), ['body', 'email', 'name'])
    const proto = await send(`__proto__=x&constructor=y&toString=z&hasOwnProperty=1&${new URLSearchParams(validFields(t) as Record<string, string>)}`)
    assert.equal(proto.statusCode, 201, 'prototype-looking keys are just keys')
    const many = await send(`${new URLSearchParams(validFields(t) as Record<string, string>)}&${Array.from({ length: 5000 }, (_, i) => `f${i}=${i}`).join('&')}`)
    assert.ok(many.statusCode < 500, `5,000 extra fields: ${many.statusCode}`)
    const keyOnly = await send('author&email&comment')
    assert.equal(keyOnly.statusCode, 422)
    const garbageToken = await send(new URLSearchParams(validFields(t, { _t: `${'9'.repeat(20)}.${'x'.repeat(5000)}` }) as Record<string, string>).toString())
    assert.equal(garbageToken.statusCode, 201, 'a garbage time token only holds the comment')
    assert.equal((garbageToken.json() as { status: string }).status, 'pending')
  })
})
