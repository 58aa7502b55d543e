import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h, type VNode } from 'preact'
import { z } from 'zod'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale, type MessageKey } from '../../i18n/index.js'
import { AppError, ForbiddenError, NotFoundError } from '../../lib/errors.js'
import { canModerateComments } from '../../modules/comments/comments.policy.js'
import { countModerationLog, countQueues, findArticleRef, findCommenter, findQueuedComment, listModerationLog, listQueue, type QueuedComment } from '../../modules/comments/moderation.repository.js'
import { bulkActions, editComment, moderateComments, replyAsNewsroom, setCommenterStanding, type BulkAction, type CommenterAction } from '../../modules/comments/moderation.service.js'
import { formatNumber } from '../../text/arabic/index.js'
import { CommenterPage, type CommenterPageData } from '../../views/admin/comments-commenter-page.js'
import { CommentEditPage, type CommentEditForm, type CommentEditPageData } from '../../views/admin/comments-edit-page.js'
import { ModerationLogPage } from '../../views/admin/comments-log-page.js'
import { CommentQueuePage, type QueuePageData } from '../../views/admin/comments-queue-page.js'
import { moderationPaths, noticeText, queueStatuses, type CommentStatus, type Notice, type QueueParams } from '../../views/admin/comments-shared.js'
import type { ViewContext } from '../../views/context.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { sameToken } from './csrf.js'
import { adminUserOf } from './staff-view.js'

const PER_PAGE = 25
const LOG_PER_PAGE = 50
const commenterActions = ['trust', 'untrust', 'block', 'unblock'] as const satisfies readonly CommenterAction[]
const noticeKinds = ['approve', 'spam', 'trash', 'restore', ...commenterActions, 'edit', 'reply'] as const satisfies readonly Notice['done'][]

// Query and form values: no NUL (PostgreSQL refuses it in text), bounded lengths.
const text = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'))
const number = (digits: number) => z.union([z.literal(''), z.string().regex(new RegExp(`^\\d{1,${digits}}$`))]).optional()

const queueQuery = z.object({
  status: z.enum(queueStatuses as [CommentStatus, ...CommentStatus[]]).default('pending'),
  article: number(10),
  q: text(200).optional(),
  email: text(254).optional(),
  page: number(6),
})
const noticeQuery = z.object({
  done: z.enum(noticeKinds),
  n: number(4),
})
const commenterQuery = z.object({ email: text(254), page: number(6) })
const bulkBody = z.object({ action: z.string().max(50).default(''), ids: z.union([z.string().max(20), z.array(z.string().max(20)).max(5000)]).default([]) })
const editBody = z.object({ name: text(20_000).default(''), url: text(20_000).default(''), body: text(100_000).default('') })
const replyBody = z.object({ body: text(100_000).default('') })
const standingBody = z.object({ email: text(254).default(''), action: z.string().max(50).default('') })
const logQuery = z.object({ page: number(6) })

type QueueState = QueueParams & { status: CommentStatus; page: number }
type ReturnTo = { kind: 'queue'; state: QueueState } | { kind: 'commenter'; email: string; page: number }

const toInt = (value: string | undefined, fallback: number) => (value ? Number(value) : fallback)
const cleanEmail = (email: string | undefined) => email?.trim().toLowerCase() || undefined

function toQueueState(raw: unknown): QueueState | undefined {
  const parsed = queueQuery.safeParse(raw ?? {})
  if (!parsed.success) return undefined
  const { status, article, q, email, page } = parsed.data
  return { status, articleId: toInt(article, 0) || undefined, q: q?.trim() || undefined, email: cleanEmail(email), page: Math.max(1, toInt(page, 1)) }
}

function toNotice(raw: unknown): Notice | undefined {
  const parsed = noticeQuery.safeParse(raw ?? {})
  return parsed.success ? { done: parsed.data.done, n: toInt(parsed.data.n, 0) } : undefined
}

/**
 * Where an action returns to: a list URL the page posted back, rebuilt from its parsed filters
 * (never echoed), so it can only ever be a moderation list. Anything else: the pending queue.
 */
function parseBack(back: unknown): ReturnTo {
  const fallback: ReturnTo = { kind: 'queue', state: { status: 'pending', page: 1 } }
  if (typeof back !== 'string' || back.length > 2000) return fallback
  let url: URL
  try {
    url = new URL(back, 'http://newsroom.invalid')
  } catch {
    return fallback
  }
  if (url.origin !== 'http://newsroom.invalid') return fallback
  const query = Object.fromEntries(url.searchParams)
  if (url.pathname === '/newsroom/comments') return { kind: 'queue', state: toQueueState(query) ?? fallback.state }
  if (url.pathname === '/newsroom/comments/commenter') {
    const parsed = commenterQuery.safeParse(query)
    const email = parsed.success ? cleanEmail(parsed.data.email) : undefined
    if (parsed.success && email) return { kind: 'commenter', email, page: toInt(parsed.data.page, 1) }
  }
  return fallback
}

const returnHref = (to: ReturnTo, notice?: Notice) => (to.kind === 'queue' ? moderationPaths.queue(to.state, notice) : moderationPaths.commenter(to.email, { page: to.page, notice }))


/** A form field as a string (undefined when absent or not a string). */
function field(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | null | undefined)?.[name]
  return typeof value === 'string' ? value : undefined
}

/** Reader-facing field messages reworded for a moderator, where the reader's wording misleads. */
const moderatorWording: Partial<Record<MessageKey, MessageKey>> = {
  'comment.error.nameRequired': 'moderation.error.nameRequired',
  'comment.error.bodyRequired': 'moderation.error.bodyRequired',
}

/**
 * Comment moderation under /newsroom/comments: queues, bulk and quick actions, edit, reply as
 * the newsroom, commenter history with trust/block, and the log. Registered inside the
 * newsroom's signed-in scope; every route is authorized by canModerateComments, and every POST
 * checks the session's CSRF token in constant time.
 */
export async function commentModerationRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])
  const context = (request: FastifyRequest): ViewContext => viewContext(deps, assets, request, locale(request))
  const userOf = (request: FastifyRequest) => adminUserOf(request.staff!)
  const send = (reply: FastifyReply, status: number, page: VNode<any>) => reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  const csrfValid = (request: FastifyRequest) => sameToken(field(request.body, '_csrf'), request.staff!.csrfToken)
  const csrfError = () => new AppError('CSRF_INVALID', 403, 'error.csrf')
  const count = (ctx: ViewContext) => (n: number) => formatNumber(n, ctx.site)

  app.addHook('onRequest', async (request) => {
    // The signed-in scope has already sent visitors without a session to the sign-in form.
    if (request.staff && !canModerateComments(request.staff.user.role)) throw new ForbiddenError('MODERATION_FORBIDDEN')
  })

  async function loadComment(id: string): Promise<QueuedComment> {
    const comment = /^\d{1,10}$/.test(id) ? await findQueuedComment(deps.db, Number(id)) : undefined
    if (!comment) throw new NotFoundError('COMMENT_NOT_FOUND')
    return comment
  }

  async function renderQueue(request: FastifyRequest, reply: FastifyReply, state: QueueState, extra: Partial<Pick<QueuePageData, 'notice' | 'error' | 'selected' | 'action'>> & { status?: number } = {}) {
    const filter = { articleId: state.articleId, q: state.q, email: state.email }
    const [counts, article] = await Promise.all([countQueues(deps.db, deps.engine, filter), state.articleId ? findArticleRef(deps.db, state.articleId).then((a) => a ?? null) : undefined])
    const total = counts[state.status]
    const pages = Math.max(1, Math.ceil(total / PER_PAGE))
    const page = Math.min(state.page, pages)
    const list = await listQueue(deps.db, deps.engine, { ...filter, status: state.status }, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE })
    const ctx = context(request)
    const data: QueuePageData = { user: userOf(request), filter: { ...state, page }, counts, items: list.items, total: list.total, pages, article, ...extra }
    return send(reply, extra.status ?? 200, h(CommentQueuePage, { ctx, csrfToken: request.staff!.csrfToken, data }))
  }

  async function renderCommenter(request: FastifyRequest, reply: FastifyReply, email: string, page: number, extra: Partial<Pick<CommenterPageData, 'notice' | 'error' | 'selected' | 'action'>> & { status?: number } = {}) {
    const [standing, counts] = await Promise.all([findCommenter(deps.db, email), countQueues(deps.db, deps.engine, { email })])
    const total = queueStatuses.reduce((sum, s) => sum + counts[s], 0)
    const pages = Math.max(1, Math.ceil(total / PER_PAGE))
    const current = Math.min(page, pages)
    const list = await listQueue(deps.db, deps.engine, { email }, { limit: PER_PAGE, offset: (current - 1) * PER_PAGE })
    const ctx = context(request)
    const data: CommenterPageData = { user: userOf(request), email, standing, counts, items: list.items, page: current, pages, ...extra }
    return send(reply, extra.status ?? 200, h(CommenterPage, { ctx, csrfToken: request.staff!.csrfToken, data }))
  }

  function renderEdit(request: FastifyRequest, reply: FastifyReply, comment: QueuedComment, back: ReturnTo, extra: Partial<Omit<CommentEditPageData, 'user' | 'comment' | 'back'>> & { status?: number } = {}) {
    const ctx = context(request)
    const form: CommentEditForm = extra.form ?? { name: comment.authorName, url: comment.authorUrl, body: comment.body }
    const data: CommentEditPageData = { user: userOf(request), comment, back: returnHref(back), ...extra, form }
    return send(reply, extra.status ?? 200, h(CommentEditPage, { ctx, csrfToken: request.staff!.csrfToken, data }))
  }

  /** Re-renders the list an action came from, with the error and the selection kept (422). */
  function refuse(request: FastifyRequest, reply: FastifyReply, back: ReturnTo, key: MessageKey, selection: { selected?: number[]; action?: string } = {}) {
    const error = t(key, {}, locale(request))
    if (back.kind === 'commenter') return renderCommenter(request, reply, back.email, back.page, { status: 422, error, ...selection })
    return renderQueue(request, reply, back.state, { status: 422, error, ...selection })
  }

  app.get('/newsroom/comments', async (request, reply) => {
    const state = toQueueState(request.query)
    if (!state) throw new AppError('QUEUE_FILTER_INVALID', 400, 'moderation.error.filter')
    const notice = toNotice(request.query)
    const ctx = context(request)
    return renderQueue(request, reply, state, { notice: notice && noticeText(ctx, notice, count(ctx)) })
  })

  app.post('/newsroom/comments/bulk', async (request, reply) => {
    if (!csrfValid(request)) throw csrfError()
    const back = parseBack(field(request.body, 'back'))
    const parsed = bulkBody.safeParse(request.body ?? {})
    if (!parsed.success) return refuse(request, reply, back, 'moderation.error.badIds')
    const rawIds = typeof parsed.data.ids === 'string' ? [parsed.data.ids] : parsed.data.ids
    const ids = rawIds.every((id) => /^\d{1,10}$/.test(id)) ? rawIds.map(Number) : undefined
    const action = parsed.data.action
    const keep = { selected: ids, action }
    if (!action) return refuse(request, reply, back, 'moderation.error.noAction', keep)
    if (!bulkActions.includes(action as BulkAction)) return refuse(request, reply, back, 'moderation.error.badAction', keep)
    if (!ids) return refuse(request, reply, back, 'moderation.error.badIds', keep)
    if (ids.length === 0) return refuse(request, reply, back, 'moderation.error.noIds', keep)
    if (new Set(ids).size > 500) return refuse(request, reply, back, 'moderation.error.tooMany', keep)
    const changed = await moderateComments(deps.db, request.staff!.user.id, ids, action as BulkAction, deps.clock.now())
    if (changed > 0) deps.events.changed()
    return reply.redirect(returnHref(back, { done: action as BulkAction, n: changed }), 303)
  })

  app.get<{ Params: { id: string } }>('/newsroom/comments/:id/edit', async (request, reply) => {
    const comment = await loadComment(request.params.id)
    return renderEdit(request, reply, comment, parseBack((request.query as { back?: unknown }).back))
  })

  app.post<{ Params: { id: string } }>('/newsroom/comments/:id', async (request, reply) => {
    const comment = await loadComment(request.params.id)
    const back = parseBack(field(request.body, 'back'))
    const parsed = editBody.safeParse(request.body ?? {})
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 400, 'error.validation')
    const form: CommentEditForm = parsed.data
    const lang = locale(request)
    if (!csrfValid(request)) return renderEdit(request, reply, comment, back, { status: 403, form, error: t('error.csrf', {}, lang) })
    try {
      await editComment(deps.db, request.staff!.user.id, comment.id, { authorName: form.name, authorUrl: form.url, body: form.body }, deps.clock.now())
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 422) throw error
      const fieldErrors: CommentEditPageData['fieldErrors'] = {}
      for (const name of ['name', 'url', 'body'] as const) {
        const key = error.fields[name]
        if (key) fieldErrors[name] = t(moderatorWording[key] ?? key, {}, lang)
      }
      return renderEdit(request, reply, comment, back, { status: 422, form, fieldErrors, error: t('moderation.edit.invalid', {}, lang) })
    }
    deps.events.changed()
    return reply.redirect(returnHref(back, { done: 'edit' }), 303)
  })

  app.post<{ Params: { id: string } }>('/newsroom/comments/:id/reply', async (request, reply) => {
    const comment = await loadComment(request.params.id)
    const back = parseBack(field(request.body, 'back'))
    const parsed = replyBody.safeParse(request.body ?? {})
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 400, 'error.validation')
    const body = parsed.data.body
    const lang = locale(request)
    if (!csrfValid(request)) return renderEdit(request, reply, comment, back, { status: 403, reply: { body }, error: t('error.csrf', {}, lang) })
    const staff = request.staff!.user
    try {
      await replyAsNewsroom(deps.db, { id: staff.id, name: staff.name, email: staff.email }, comment.id, body, deps.clock.now(), { maxDepth: deps.frame().settings.commentMaxDepth })
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 422) throw error
      const key = error.fields.body ?? 'comment.error.bodyRequired'
      const message = t(key === 'comment.error.bodyRequired' ? 'moderation.error.replyRequired' : key, {}, lang)
      return renderEdit(request, reply, comment, back, { status: 422, reply: { body, error: message }, error: t('moderation.reply.invalid', {}, lang) })
    }
    deps.events.changed()
    return reply.redirect(returnHref(back, { done: 'reply' }), 303)
  })

  app.get('/newsroom/comments/commenter', async (request, reply) => {
    const parsed = commenterQuery.safeParse(request.query ?? {})
    const email = parsed.success ? cleanEmail(parsed.data.email) : undefined
    if (!parsed.success || !email) throw new AppError('COMMENTER_EMAIL_INVALID', 400, 'moderation.error.commenterEmail')
    const notice = toNotice(request.query)
    const ctx = context(request)
    return renderCommenter(request, reply, email, Math.max(1, toInt(parsed.data.page, 1)), { notice: notice && noticeText(ctx, notice, count(ctx)) })
  })

  app.post('/newsroom/comments/commenter', async (request, reply) => {
    if (!csrfValid(request)) throw csrfError()
    const parsed = standingBody.safeParse(request.body ?? {})
    const email = parsed.success ? cleanEmail(parsed.data.email) : undefined
    if (!parsed.success || !email) throw new AppError('COMMENTER_EMAIL_INVALID', 422, 'moderation.error.commenterEmail')
    const action = parsed.data.action as CommenterAction
    if (!commenterActions.includes(action)) {
      return renderCommenter(request, reply, email, 1, { status: 422, error: t('moderation.error.commenterAction', {}, locale(request)) })
    }
    // Standing decides where the commenter's next comments go; no stored comment changes, so
    // public pages stay as they are (no events.changed()).
    await setCommenterStanding(deps.db, request.staff!.user.id, email, action, deps.clock.now())
    return reply.redirect(moderationPaths.commenter(email, { notice: { done: action } }), 303)
  })

  app.get('/newsroom/comments/log', async (request, reply) => {
    const parsed = logQuery.safeParse(request.query ?? {})
    const page = parsed.success ? Math.max(1, toInt(parsed.data.page, 1)) : 1
    const total = await countModerationLog(deps.db)
    const pages = Math.max(1, Math.ceil(total / LOG_PER_PAGE))
    const current = Math.min(page, pages)
    const entries = await listModerationLog(deps.db, { limit: LOG_PER_PAGE, offset: (current - 1) * LOG_PER_PAGE })
    const ctx = context(request)
    return send(reply, 200, h(ModerationLogPage, { ctx, csrfToken: request.staff!.csrfToken, data: { user: userOf(request), entries, page: current, pages } }))
  })
}
