import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Db } from '../../db/database.js'
import type { CommentRow, CommentStatus } from '../../db/schema.js'
import { AppError } from '../../lib/errors.js'
import type { MessageKey } from '../../i18n/index.js'
import { hashIp } from '../auth/auth.service.js'
import type { SiteSettings } from '../settings/settings.service.js'
import { decideCommentStatus } from './comment-policy.js'
import * as repo from './comments.repository.js'

export const commentLimits = { name: 100, email: 254, url: 500, body: 5000 } as const

/** What a reader typed, as received (strings, possibly empty). */
export interface CommentForm {
  name: string
  email: string
  url: string
  body: string
  parentId: string
  /** The honeypot field: humans leave it empty. */
  website2: string
  /** Signed time the form was rendered (`formToken`). */
  token: string
}

export interface CommentContext {
  articleId: number
  article: { status: string; commentStatus: 'open' | 'closed'; publishedAt: string | null } | undefined
  ip: string
  userAgent: string
  /** Staff member posting from the site (badged, approved). */
  staffUserId?: number
}

export interface RateLimits {
  perIp: number
  perEmail: number
  windowMinutes: number
}

// C0 controls other than tab/newline/CR, and lone surrogates: refused with a clear message.
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/

/** A signed timestamp put in the form, to measure how fast it was filled. */
export function formToken(secret: string, now: Date): string {
  const ts = String(now.getTime())
  return `${ts}.${createHmac('sha256', secret).update(`form:${ts}`).digest('base64url').slice(0, 16)}`
}

/** Milliseconds since the form was rendered, or undefined for a missing/forged token. */
export function formAge(secret: string, token: string, now: Date): number | undefined {
  const [ts, mac] = token.split('.')
  if (!ts || !mac || !/^\d{10,16}$/.test(ts)) return undefined
  const expected = Buffer.from(createHmac('sha256', secret).update(`form:${ts}`).digest('base64url').slice(0, 16))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  return now.getTime() - Number(ts)
}

/** Field-level validation; returns message keys per field (empty when valid). */
export function validateCommentForm(form: CommentForm): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {}
  const check = (field: 'name' | 'email' | 'url' | 'body', value: string) => {
    if (FORBIDDEN_CHARS.test(value)) errors[field] = 'comment.error.forbiddenChars'
    else if (value.length > commentLimits[field]) errors[field] = `comment.error.${field}TooLong` as MessageKey
  }
  if (!form.name.trim()) errors.name = 'comment.error.nameRequired'
  else check('name', form.name)
  if (!form.email.trim()) errors.email = 'comment.error.emailRequired'
  // Control characters too: PostgreSQL refuses NUL in text (a 500), and none belongs in an address.
  else if (form.email.length > commentLimits.email || FORBIDDEN_CHARS.test(form.email) || !EMAIL.test(form.email.trim())) errors.email = 'comment.error.emailInvalid'
  if (form.url.trim()) {
    check('url', form.url)
    if (!errors.url && !isHttpUrl(form.url.trim())) errors.url = 'comment.error.urlInvalid'
  }
  if (!form.body.trim()) errors.body = 'comment.error.bodyRequired'
  else check('body', form.body)
  if (form.parentId && !/^\d{1,10}$/.test(form.parentId)) errors.parentId = 'comment.error.parentInvalid'
  return errors
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname)
  } catch {
    return false
  }
}

/**
 * Where a reply to `parent` goes under the thread depth limit (`maxDepth` levels, the
 * commentMaxDepth setting; top-level comments are depth 0): under `parent`, one level deeper,
 * while that is allowed; otherwise it joins the thread at the deepest allowed level, under the
 * parent's ancestor one level above it (the parent's own parent in the usual case; further up
 * when the limit was lowered after the thread grew). With `maxDepth` 1 (no threads) a reply is
 * a top-level comment. Readers' and the newsroom's replies both go through here.
 *
 * @example await replyPlacement(db, { id: 9, parent_id: 5, depth: 2 }, 3) // { parentId: 5, depth: 2 }
 */
export async function replyPlacement(db: Db, parent: Pick<CommentRow, 'id' | 'parent_id' | 'depth'>, maxDepth: number): Promise<{ parentId: number | null; depth: number }> {
  const deepest = Math.max(0, maxDepth - 1)
  if (parent.depth < deepest) return { parentId: parent.id, depth: parent.depth + 1 }
  if (deepest === 0) return { parentId: null, depth: 0 }
  let host = parent
  // At most 10 steps (the setting's maximum depth); a broken chain (a deleted ancestor) stops the climb.
  while (host.depth > deepest - 1 && host.parent_id !== null) {
    const up = await repo.findComment(db, host.parent_id)
    if (!up) break
    host = up
  }
  return { parentId: host.id, depth: Math.min(host.depth + 1, deepest) }
}

/** Whether readers may comment on this article now (open, and not past the auto-close age). */
export function areCommentsOpen(article: { commentStatus: 'open' | 'closed'; publishedAt: string | null }, settings: Pick<SiteSettings, 'commentCloseAfterDays'>, now: Date): boolean {
  if (article.commentStatus !== 'open') return false
  if (settings.commentCloseAfterDays > 0 && article.publishedAt) {
    return now.getTime() - Date.parse(article.publishedAt) < settings.commentCloseAfterDays * 86_400_000
  }
  return true
}

/**
 * Accepts a reader's comment: validates (422 with per-field messages), checks the article
 * (404/403) and the parent (same article, depth limit), applies rate limits (429), detects
 * duplicates (409), then lets the policy decide approved/pending/spam. The text is stored
 * exactly as typed. Returns the new comment's id and status.
 */
export async function submitComment(
  db: Db,
  form: CommentForm,
  ctx: CommentContext,
  deps: { settings: SiteSettings; secret: string; limits: RateLimits; now: Date },
): Promise<{ id: number; status: CommentStatus }> {
  const { settings, now } = deps
  if (!ctx.article || ctx.article.status !== 'published') throw new AppError('ARTICLE_NOT_FOUND', 404, 'comment.error.articleNotFound')
  if (!areCommentsOpen(ctx.article, settings, now)) throw new AppError('COMMENTS_CLOSED', 403, 'comment.error.closed')

  const fields = validateCommentForm(form)
  if (Object.keys(fields).length > 0) throw new AppError('COMMENT_INVALID', 422, 'comment.error.invalid', {}, fields)

  const email = form.email.trim().toLowerCase()
  let placement: { parentId: number | null; depth: number } = { parentId: null, depth: 0 }
  if (form.parentId) {
    const parent = await repo.findComment(db, Number(form.parentId))
    if (!parent || parent.article_id !== ctx.articleId || parent.status !== 'approved') {
      throw new AppError('COMMENT_PARENT_INVALID', 422, 'comment.error.invalid', {}, { parentId: 'comment.error.parentInvalid' })
    }
    placement = await replyPlacement(db, parent, settings.commentMaxDepth)
  }

  const ipHash = hashIp(deps.secret, ctx.ip)
  const since = new Date(now.getTime() - deps.limits.windowMinutes * 60_000)
  const history = await repo.commenterHistory(db, { email, ipHash, articleId: ctx.articleId, body: form.body, since, rejectedSince: new Date(now.getTime() - 30 * 86_400_000) })
  if (history.recentFromIp >= deps.limits.perIp || history.recentFromEmail >= deps.limits.perEmail) {
    throw new AppError('COMMENT_RATE_LIMITED', 429, 'comment.error.rateLimited', { count: deps.limits.windowMinutes })
  }
  if (history.duplicate) throw new AppError('COMMENT_DUPLICATE', 409, 'comment.error.duplicate')

  const age = formAge(deps.secret, form.token, now)
  const standing = { approved: history.approved, recentlyRejected: history.recentlyRejected, trusted: history.trusted, blocked: history.blocked }
  const decision = ctx.staffUserId
    ? { status: 'approved' as const, reason: 'staff' }
    : decideCommentStatus({
        body: form.body,
        name: form.name,
        url: form.url,
        moderation: settings.commentModeration,
        blocklist: settings.commentBlocklist,
        watchlist: settings.commentWatchlist,
        maxLinks: settings.commentMaxLinks,
        honeypotFilled: form.website2 !== '',
        filledTooFast: age === undefined || age < settings.commentMinFillSeconds * 1000,
        standing,
      })
  const id = await repo.insertComment(db, {
    article_id: ctx.articleId,
    parent_id: placement.parentId,
    depth: placement.depth,
    author_name: form.name.trim(),
    author_email: email,
    author_url: form.url.trim(),
    body: form.body,
    status: decision.status,
    user_id: ctx.staffUserId ?? null,
    ip_hash: ipHash,
    user_agent: ctx.userAgent.slice(0, 300),
    hold_reason: decision.reason.slice(0, 100),
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  })
  return { id, status: decision.status }
}
