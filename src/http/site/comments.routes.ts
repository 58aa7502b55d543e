import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { findPublishedArticle } from '../../modules/articles/articles.repository.js'
import { findComment, threadPageOf } from '../../modules/comments/comments.repository.js'
import { formToken, submitComment, type CommentForm } from '../../modules/comments/comments.service.js'
import { paths } from '../../views/paths.js'
import { renderDocument } from '../../views/render.js'
import { CommentItem, type CommentField, type CommentFormState } from '../../views/site/comments-section.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { buildArticlePage } from './article-view.js'
import { addPendingId, readPendingIds, setRememberedCommenter } from './comment-cookies.js'

const field = (body: Record<string, unknown>, name: string): string => {
  const value = body[name]
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : ''
}

/** Maps service field names to the form's. */
const formFields: Record<string, CommentField> = { name: 'name', email: 'email', url: 'url', body: 'body', parentId: 'parentId' }

/**
 * Readers post comments here. Without JavaScript: 303 back to the comment (`#comment-N`), or the
 * article page re-rendered with the status, a specific message per field and everything typed.
 * The island asks for JSON (`Accept: application/json`) and gets the same answers as data.
 */
export async function commentRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const secure = deps.config.tls

  app.post<{ Params: { id: string } }>('/news/:id/comments', async (request, reply) => {
    const locale: Locale = pickLocale(request.query, request.headers['accept-language'])
    const wantsJson = (request.headers.accept ?? '').includes('application/json')
    if (!isFormEncoded(request)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'error.unsupportedMedia')
    const id = /^\d{1,10}$/.test(request.params.id) ? Number(request.params.id) : undefined
    const article = id === undefined ? undefined : await findPublishedArticle(deps.db, id)
    if (!article) throw new AppError('ARTICLE_NOT_FOUND', 404, 'comment.error.articleNotFound')
    if (isCrossSite(request)) throw new AppError('CSRF_INVALID', 403, 'error.csrf')

    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
    const form: CommentForm = {
      name: field(body, 'author'),
      email: field(body, 'email'),
      url: field(body, 'url'),
      body: field(body, 'comment'),
      parentId: field(body, 'parent_id'),
      website2: field(body, 'hp_website'),
      token: field(body, '_t'),
    }
    const remember = field(body, 'remember') === '1'
    const now = deps.clock.now()
    const settings = deps.frame().settings

    try {
      const result = await submitComment(
        deps.db,
        form,
        { articleId: article.id, article: { status: 'published', commentStatus: article.commentStatus, publishedAt: article.publishedAt }, ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
        { settings, secret: deps.secret, limits: deps.config.commentLimits, now },
      )
      setRememberedCommenter(reply, remember ? { name: form.name.trim(), email: form.email.trim(), url: form.url.trim() } : undefined, secure)
      const pendingIds = result.status === 'pending' ? addPendingId(request, reply, deps.secret, result.id, secure) : []
      if (result.status === 'approved') deps.events.pagesChanged()
      // The page its author will find it on (a held comment too: they see their own).
      const cpage = result.status === 'spam' ? 1 : await threadPageOf(deps.db, result.id, settings.commentOrder, settings.commentsPerPage, pendingIds)
      const location = `${paths.article(article)}${cpage > 1 ? `?cpage=${cpage}` : ''}#comment-${result.id}`
      const notice = t(result.status === 'approved' ? 'comment.published' : 'comment.pendingNotice', {}, locale)
      if (wantsJson) {
        const comment = (await findComment(deps.db, result.id))!
        const ctx = viewContext(deps, assets, request, locale)
        const html =
          result.status === 'spam'
            ? ''
            : renderToString(
                h(CommentItem, {
                  ctx,
                  base: paths.article(article),
                  permalinkBase: location.split('#')[0]!,
                  canReply: false,
                  comment: { id: comment.id, parentId: comment.parent_id, depth: comment.depth, authorName: comment.author_name, authorUrl: comment.author_url, body: comment.body, status: comment.status, isStaff: false, createdAt: comment.created_at },
                }),
              )
        // A comment filtered as spam is answered like a held one: spammers learn nothing.
        return reply.code(201).header('cache-control', 'no-store').send({ id: result.id, status: result.status === 'spam' ? 'pending' : result.status, location, notice, html })
      }
      return reply.header('cache-control', 'no-store').redirect(location, 303)
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error
      const fields: Partial<Record<CommentField, string>> = {}
      for (const [name, key] of Object.entries(error.fields)) {
        const target = formFields[name]
        if (target) fields[target] = t(key, {}, locale)
      }
      const summary = t(error.messageKey, error.vars, locale)
      if (error.status === 429) reply.header('retry-after', String(deps.config.commentLimits.windowMinutes * 60))
      reply.code(error.status).header('cache-control', 'no-store')
      if (wantsJson) {
        return reply.send({ error: { code: error.code, message: summary, message_ar: t(error.messageKey, error.vars, 'ar'), message_en: t(error.messageKey, error.vars, 'en'), fields } })
      }
      const state: CommentFormState = { values: { name: form.name, email: form.email, url: form.url, body: form.body, parentId: form.parentId, remember }, errors: fields, summary }
      return renderWithForm(request, reply, article, state)
    }
  })

  /** The article page again, with the reader's form state (nothing typed is lost). */
  async function renderWithForm(request: FastifyRequest, reply: FastifyReply, article: NonNullable<Awaited<ReturnType<typeof findPublishedArticle>>>, state: CommentFormState) {
    const ctx = viewContext(deps, assets, request, pickLocale(request.query, request.headers['accept-language']))
    const parentId = /^\d{1,10}$/.test(state.values.parentId) ? Number(state.values.parentId) : undefined
    const page = await buildArticlePage(deps, ctx, article, {
      cpage: 1,
      replyTo: parentId,
      pendingIds: readPendingIds(request, deps.secret),
      form: state,
      formToken: formToken(deps.secret, deps.clock.now()),
    })
    return reply.type('text/html; charset=utf-8').send(renderDocument(page!))
  }
}

/**
 * The form's own encoding is the only one accepted (or none, for an empty POST). Other bodies
 * that Fastify can parse (text/plain, JSON) would otherwise arrive as an empty form and answer
 * "write your name" to a reader who did.
 */
function isFormEncoded(request: FastifyRequest): boolean {
  const type = request.headers['content-type']
  return type === undefined || type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded'
}

/** A comment POST from another site (browser-declared), refused as a CSRF attempt. */
function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site']
  if (site === 'cross-site') return true
  const origin = request.headers.origin
  if (!origin || origin === 'null') return origin === 'null'
  try {
    return new URL(origin).host !== request.host
  } catch {
    return true
  }
}
