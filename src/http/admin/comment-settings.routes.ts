import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { ForbiddenError } from '../../lib/errors.js'
import { canConfigureComments } from '../../modules/comments/comments.policy.js'
import { logModeration } from '../../modules/comments/comments.repository.js'
import { saveSiteSettings, type SiteSettings } from '../../modules/settings/settings.service.js'
import { CommentSettingsPage, type CommentSettingsField, type CommentSettingsValues } from '../../views/admin/comment-settings-page.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { sameToken } from './csrf.js'
import { adminUserOf } from './staff-view.js'

const numbers = {
  commentMaxDepth: [1, 10],
  commentsPerPage: [5, 500],
  commentCloseAfterDays: [0, 3650],
  commentIpRetentionDays: [1, 3650],
  commentMinFillSeconds: [0, 600],
  commentMaxLinks: [0, 50],
} as const satisfies Partial<Record<CommentSettingsField, readonly [number, number]>>

function valuesOf(settings: SiteSettings): CommentSettingsValues {
  return {
    commentModeration: settings.commentModeration,
    commentMaxDepth: String(settings.commentMaxDepth),
    commentOrder: settings.commentOrder,
    commentsPerPage: String(settings.commentsPerPage),
    commentCloseAfterDays: String(settings.commentCloseAfterDays),
    commentIpRetentionDays: String(settings.commentIpRetentionDays),
    commentMinFillSeconds: String(settings.commentMinFillSeconds),
    commentMaxLinks: String(settings.commentMaxLinks),
    commentBlocklist: settings.commentBlocklist.join('\n'),
    commentWatchlist: settings.commentWatchlist.join('\n'),
  }
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)

/**
 * Parses the posted policy form: every field checked, with a message per field; the typed
 * values come back unchanged for the re-rendered form.
 */
export function parseCommentSettings(body: Record<string, unknown>, locale: Locale): { values: CommentSettingsValues; errors: Partial<Record<CommentSettingsField, string>>; settings?: Partial<SiteSettings> } {
  const text = (name: CommentSettingsField) => (typeof body[name] === 'string' ? (body[name] as string) : '')
  const values: CommentSettingsValues = {
    commentModeration: text('commentModeration'),
    commentMaxDepth: text('commentMaxDepth'),
    commentOrder: text('commentOrder'),
    commentsPerPage: text('commentsPerPage'),
    commentCloseAfterDays: text('commentCloseAfterDays'),
    commentIpRetentionDays: text('commentIpRetentionDays'),
    commentMinFillSeconds: text('commentMinFillSeconds'),
    commentMaxLinks: text('commentMaxLinks'),
    commentBlocklist: text('commentBlocklist'),
    commentWatchlist: text('commentWatchlist'),
  }
  const errors: Partial<Record<CommentSettingsField, string>> = {}
  const parsed: Partial<SiteSettings> = {}
  if (!['all', 'first', 'none'].includes(values.commentModeration)) errors.commentModeration = t('commentSettings.error.choice', {}, locale)
  else parsed.commentModeration = values.commentModeration as SiteSettings['commentModeration']
  if (!['oldest', 'newest'].includes(values.commentOrder)) errors.commentOrder = t('commentSettings.error.choice', {}, locale)
  else parsed.commentOrder = values.commentOrder as SiteSettings['commentOrder']
  for (const [name, [min, max]] of Object.entries(numbers) as Array<[keyof typeof numbers, readonly [number, number]]>) {
    const raw = values[name].trim()
    const n = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN
    if (!(n >= min && n <= max)) errors[name] = t('commentSettings.error.number', { min, max }, locale)
    else parsed[name] = n
  }
  for (const name of ['commentBlocklist', 'commentWatchlist'] as const) {
    const list = lines(values[name])
    if (list.length > 5000 || list.some((l) => l.length > 100)) errors[name] = t('commentSettings.error.list', {}, locale)
    else parsed[name] = [...new Set(list)]
  }
  return { values, errors, settings: Object.keys(errors).length === 0 ? parsed : undefined }
}

/** /newsroom/comments/settings: the comment policy, for admins and editors. */
export async function commentSettingsRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  function render(request: FastifyRequest, reply: FastifyReply, status: number, values: CommentSettingsValues, errors: Partial<Record<CommentSettingsField, string>> = {}, notice?: string) {
    const ctx = viewContext(deps, assets, request, locale(request))
    const page = h(CommentSettingsPage, { ctx, csrfToken: request.staff!.csrfToken, user: adminUserOf(request.staff!), values, errors, notice })
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  }

  app.addHook('onRequest', async (request) => {
    if (request.staff && !canConfigureComments(request.staff.user.role)) throw new ForbiddenError()
  })

  app.get('/newsroom/comments/settings', async (request, reply) => {
    const saved = (request.query as { saved?: unknown }).saved === '1'
    return render(request, reply, 200, valuesOf(deps.frame().settings), {}, saved ? t('commentSettings.saved', {}, locale(request)) : undefined)
  })

  app.post('/newsroom/comments/settings', async (request, reply) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
    const { values, errors, settings } = parseCommentSettings(body, locale(request))
    if (!sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, request.staff!.csrfToken)) {
      return render(request, reply, 403, values, {}, t('error.csrf', {}, locale(request)))
    }
    if (!settings) return render(request, reply, 422, values, errors)
    await saveSiteSettings(deps.db, settings)
    await logModeration(deps.db, { userId: request.staff!.user.id, action: 'settings', detail: 'comment policy' }, deps.clock.now())
    deps.events.changed()
    await deps.refreshFrame()
    return reply.redirect('/newsroom/comments/settings?saved=1', 303)
  })
}
