/**
 * Shared helpers for the reader-comment tests (test/comments/*.test.ts, test/e2e/comments.test.ts):
 * posting the comment form like a browser, switching site settings, reading the rendered form.
 */
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import type { SiteSettings } from '../../src/modules/settings/settings.service.js'
import { saveSiteSettings } from '../../src/modules/settings/settings.service.js'
import { formToken } from '../../src/modules/comments/comments.service.js'
import type { TestApp } from '../support/test-app.js'

/** The Arabic messages the reader sees (copied from src/i18n/ar.ts so a change breaks tests loudly). */
export const ar = {
  privacy: 'لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *',
  invalid: 'لم يُرسل التعليق. صحّح الحقول المشار إليها ثم أعد الإرسال؛ ما كتبته ما زال هنا.',
  nameRequired: 'اكتب اسمك.',
  nameTooLong: 'الاسم أطول من ١٠٠ حرف.',
  emailRequired: 'اكتب بريدك الإلكتروني؛ لن يُنشر.',
  emailInvalid: 'اكتب بريدًا إلكترونيًا صحيحًا، مثل name@example.com.',
  urlInvalid: 'الموقع يجب أن يكون رابطًا يبدأ بـ http:// أو https://.',
  bodyRequired: 'اكتب تعليقك.',
  bodyTooLong: 'التعليق أطول من ٥٠٠٠ حرف. اختصره قليلًا.',
  forbiddenChars: 'يحتوي النص على رموز تحكم غير مسموح بها.',
  parentInvalid: 'التعليق الذي تردّ عليه غير موجود في هذا الخبر.',
  articleNotFound: 'الخبر الذي تعلّق عليه غير موجود.',
  closed: 'التعليقات مغلقة على هذا الخبر.',
  rateLimited: 'أرسلت تعليقات كثيرة في وقت قصير. انتظر 10 دقائق ثم أعد الإرسال؛ ما كتبته ما زال هنا.',
  duplicate: 'أرسلت هذا التعليق من قبل.',
  pending: 'بانتظار المراجعة',
  staff: 'فريق التحرير',
  leave: 'اترك تعليقاً',
  badFormEncoding: 'تعذّرت قراءة النموذج: يحتوي على ترميز غير صالح. أعد المحاولة من صفحة الموقع.',
  unsupportedMedia: 'نوع المحتوى المرسل غير مدعوم.',
  payloadTooLarge: 'حجم البيانات المرسلة أكبر من المسموح.',
  notFound: 'الصفحة غير موجودة',
}

/** A comment as the form sends it; missing fields are simply left out of the body. */
export interface CommentFields {
  author?: string
  email?: string
  url?: string
  comment?: string
  parent_id?: string
  hp_website?: string
  _t?: string
  remember?: string
}

let sequence = 0
/** A fresh number for unique emails and texts. */
export const next = () => ++sequence

/** A time token as if the form had been shown a minute ago (past the minimum fill time). */
export function oldToken(t: TestApp): string {
  return formToken(t.deps.secret, new Date(t.clock.now().getTime() - 60_000))
}

/** Valid fields with a unique email and text, to which `overrides` apply. */
export function validFields(t: TestApp, overrides: CommentFields = {}): CommentFields {
  const n = next()
  return { author: `قارئ ${n}`, email: `reader${n}@example.com`, url: '', comment: `تعليق رقم ${n} على الخبر.`, _t: oldToken(t), ...overrides }
}

/** POSTs the comment form (urlencoded), as a browser without JavaScript would, or as the island (json). */
export function postComment(
  t: TestApp,
  articleId: number | string,
  fields: CommentFields,
  { json = false, cookie, ip, headers = {} }: { json?: boolean; cookie?: string; ip?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) body.append(key, value)
  return t.app.inject({
    method: 'POST',
    url: `/news/${articleId}/comments`,
    remoteAddress: ip,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(json ? { accept: 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
    payload: body.toString(),
  })
}

/** Saves site settings and reloads the site frame (and with it the render cache). */
export async function setSettings(t: TestApp, changes: Partial<SiteSettings>): Promise<void> {
  await saveSiteSettings(t.deps.db, changes)
  t.deps.events.changed()
  await t.deps.refreshFrame()
}

/** The canonical article URL (path), via the /news/{id} redirect. */
export async function articlePath(t: TestApp, id: number): Promise<string> {
  const res = await t.app.inject({ url: `/news/${id}` })
  assert.equal(res.statusCode, 301, `/news/${id} redirects to its canonical URL`)
  return res.headers.location as string
}

/** The id in a `…#comment-N` Location. */
export function commentIdOf(location: string | string[] | number | undefined): number {
  const m = /#comment-(\d+)$/.exec(String(location))
  assert.ok(m, `Location ends with #comment-N: ${String(location)}`)
  return Number(m[1])
}

/** Text as the HTML shows it, entities decoded (the ones preact emits). */
export function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
}

/** The first tag `<tag …>` whose attributes include `attr` (e.g. ` name="author"`). */
export function tagWith(html: string, tag: string, attr: string): string | undefined {
  // Attribute values may hold ">" (preact escapes only & and "), so quoted values are skipped whole.
  return (html.match(new RegExp(`<${tag}\\b(?:[^>"]|"[^"]*")*>`, 'g')) ?? []).find((t) => t.includes(attr))
}

/** The decoded `value` of the form's input with this name ('' when it has none). */
export function fieldValue(html: string, name: string): string | undefined {
  const tag = tagWith(html, 'input', ` name="${name}"`)
  return tag === undefined ? undefined : decode(/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '')
}

/** The decoded text inside the comment textarea. */
export function textareaValue(html: string): string | undefined {
  const m = /<textarea\b(?:[^>"]|"[^"]*")*name="comment"(?:[^>"]|"[^"]*")*>([\s\S]*?)<\/textarea>/.exec(html)
  return m ? decode(m[1]!) : undefined
}

/** The `<li id="comment-N">…` markup of one comment, up to its own `</article>`. */
export function commentMarkup(html: string, id: number): string | undefined {
  const start = html.indexOf(`<li id="comment-${id}"`)
  if (start < 0) return undefined
  const end = html.indexOf('</article>', start)
  return html.slice(start, end + '</article>'.length)
}

/** Ids of the comments on a page, in document order. */
export const commentIds = (html: string) => [...html.matchAll(/<li id="comment-(\d+)"/g)].map((m) => Number(m[1]))

/** The comment section only (from its <section> to the end of the form). */
export function commentsSection(html: string): string {
  const start = html.indexOf('<section id="comments"')
  assert.ok(start >= 0, 'the page has a comments section')
  return html.slice(start, html.indexOf('</section>', start))
}
