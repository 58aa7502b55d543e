import { diffWords } from 'diff'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h, type VNode } from 'preact'
import { z } from 'zod'
import type { Deps } from '../../container.js'
import type { ArticleStatus } from '../../db/schema.js'
import { editorLabels } from '../../i18n/areas/editor.js'
import { pickLocale, t, type Locale, type MessageKey } from '../../i18n/index.js'
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { htmlToText } from '../../modules/articles/article-html.js'
import { canArticle, type Actor } from '../../modules/articles/articles.policy.js'
import { findEditableArticle, listCorrections, listNewsroomArticles, listRevisions, findRevision, type EditableArticle, type Revision } from '../../modules/articles/editorial.repository.js'
import {
  addCorrection,
  ConflictError,
  deleteArticle,
  findPendingAutosave,
  previewToken,
  restoreRevision,
  saveArticle,
  saveIntents,
  standingOf,
  trashArticle,
  type EditorialDeps,
  type SaveIntent,
} from '../../modules/articles/editorial.service.js'
import { suggestTags, TAG_QUERY_MAX } from '../../modules/taxonomy/taxonomy.service.js'
import { startOfDayIn } from '../../text/arabic/index.js'
import { articleStatuses, ArticleEditPage, ArticlesListPage, RevisionsPage, type ArticleFormValues, type ListFilters } from '../../views/admin/articles-pages.js'
import { paths } from '../../views/paths.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { draftOf, emptyArticleForm, formFromArticle, formFromRevision, formOf, list, str, type Body } from './article-form.js'
import { assertCsrf, requireArea, staffOf } from './guard.js'
import { adminUserOf } from './staff-view.js'

const PER_PAGE = 30

/** Word diff for the revisions page: jsdiff's own word split knows only Latin letters, so Arabic needs Intl's. */
let wordSegmenter: Intl.Segmenter | undefined // made on first use: loading its data took ~15 ms of every start
const words = (from: string, to: string) => diffWords(from, to, { intlSegmenter: (wordSegmenter ??= new Intl.Segmenter('ar', { granularity: 'word' })) })

/** GET /newsroom/tags/suggest?q=: one short line of text (no control characters: PostgreSQL refuses NUL). */
const suggestQuery = z.object({ q: z.string().max(TAG_QUERY_MAX).regex(/^[^\u0000-\u001f\u007f]*$/) })
const idParam = (raw: unknown): number => {
  const s = String(raw)
  if (!/^\d{1,10}$/.test(s)) throw new NotFoundError()
  return Number(s)
}

/**
 * /newsroom/articles: the list, the editor (new and existing), autosave, preview, revisions,
 * corrections, trash. Every route asks the article policy (articles.policy.ts); every POST
 * checks the CSRF token.
 */
export async function articleRoutes(app: FastifyInstance, { deps, assets, editorial }: { deps: Deps; assets: Assets; editorial: EditorialDeps }) {
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])
  const actorOf = (request: FastifyRequest): Actor => ({ id: staffOf(request).user.id, role: staffOf(request).user.role })
  const html = (reply: FastifyReply, status: number, page: VNode<any>) => reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))

  app.addHook('onRequest', requireArea('articles'))

  async function pickers() {
    const [authors, categories] = await Promise.all([
      deps.db.selectFrom('users').select(['id', 'name']).where('active', '=', 1).where('role', '!=', 'moderator').orderBy('name').execute(),
      deps.db.selectFrom('categories').select(['id', 'name']).orderBy('position').orderBy('name').execute(),
    ])
    return { authors, categories }
  }

  async function renderEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    options: { article?: EditableArticle; values: ArticleFormValues; errors?: Record<string, MessageKey>; error?: string; notice?: string; conflict?: EditableArticle; pendingAutosave?: Revision },
  ) {
    const lang = locale(request)
    const ctx = viewContext(deps, assets, request, lang)
    const actor = actorOf(request)
    const a = options.article
    const standing = a ? standingOf(a) : { createdBy: actor.id, authorIds: [actor.id], status: 'draft' as ArticleStatus }
    const can = (action: Parameters<typeof canArticle>[1]) => canArticle(actor, action, standing)
    const errors = Object.fromEntries(Object.entries(options.errors ?? {}).map(([field, key]) => [field, t(key, {}, lang)]))
    const data = {
      user: adminUserOf(staffOf(request)),
      id: a?.row.id,
      status: a?.row.status,
      values: options.values,
      errors,
      error: options.error,
      notice: options.notice,
      can: {
        submit: can('submit') && !['review', 'published', 'scheduled'].includes(standing.status),
        publish: can('publish'),
        schedule: can('schedule'),
        unpublish: can('unpublish'),
        trash: can('trash'),
        restore: can('restore'),
        delete: can('delete'),
        correct: can('correct'),
        preview: can('preview'),
        revisions: can('revisions'),
      },
      ...(await pickers()),
      publicUrl: a && a.row.status === 'published' ? paths.article(a.row) : undefined,
      corrections: a ? await listCorrections(deps.db, a.row.id) : [],
      conflict: options.conflict
        ? {
            version: options.conflict.row.version,
            title: options.conflict.row.title,
            excerpt: options.conflict.row.excerpt,
            // One block per line: the code view reads as the HTML's structure.
            bodyHtml: options.conflict.row.body_html.replace(/(<\/(?:p|h[1-6]|li|ul|ol|blockquote|figure)>)(?!\n)/g, '$1\n').trim(),
            bodyText: htmlToText(options.conflict.row.body_html),
            yourBodyText: htmlToText(options.values.bodyHtml),
          }
        : undefined,
      pendingAutosave: options.pendingAutosave && a ? { savedAt: options.pendingAutosave.createdAt, compareUrl: `/newsroom/articles/${a.row.id}/revisions?compare=${options.pendingAutosave.id}`, restoreUrl: `/newsroom/articles/${a.row.id}?autosave=${options.pendingAutosave.id}` } : undefined,
      editorLabels: JSON.stringify(editorLabels(lang)),
    }
    return html(reply, status, h(ArticleEditPage, { ctx, csrfToken: staffOf(request).csrfToken, data }))
  }

  async function loadForAction(request: FastifyRequest, action: Parameters<typeof canArticle>[1]): Promise<EditableArticle> {
    const article = await findEditableArticle(deps.db, idParam((request.params as { id: string }).id))
    if (!article) throw new NotFoundError('ARTICLE_NOT_FOUND')
    if (!canArticle(actorOf(request), action, standingOf(article))) throw new ForbiddenError(`ARTICLE_${action.toUpperCase()}_FORBIDDEN`)
    return article
  }

  app.get('/newsroom/articles', async (request, reply) => {
    const q = (request.query ?? {}) as Record<string, unknown>
    const filters: ListFilters = { status: str(q.status, 20), author: str(q.author, 12), category: str(q.category, 12), from: str(q.from, 10), to: str(q.to, 10), q: str(q.q, 200).trim() }
    const page = /^\d{1,6}$/.test(str(q.page, 10)) ? Math.max(1, Number(q.page)) : 1
    const tz = deps.frame().settings.timeZone
    const day = (s: string, end: boolean) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
      if (!m) return undefined
      const start = startOfDayIn(Number(m[1]), Number(m[2]), Number(m[3]) + (end ? 1 : 0), tz)
      return new Date(start.getTime() - (end ? 1 : 0)).toISOString()
    }
    const result = await listNewsroomArticles(deps.db, deps.engine, {
      status: (articleStatuses as string[]).includes(filters.status) ? (filters.status as ArticleStatus) : undefined,
      authorId: /^\d{1,10}$/.test(filters.author) ? Number(filters.author) : undefined,
      categoryId: /^\d{1,10}$/.test(filters.category) ? Number(filters.category) : undefined,
      from: day(filters.from, false),
      to: day(filters.to, true),
      q: filters.q || undefined,
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    })
    const { authors, categories } = await pickers()
    const lang = locale(request)
    const done = str(q.done, 10)
    const notice = /^\d{1,5}$/.test(done) ? `${t('articles.bulk.done', { count: Number(done) }, lang)} ${/^\d{1,5}$/.test(str(q.skipped, 10)) ? t('articles.bulk.skipped', { count: Number(q.skipped) }, lang) : ''}`.trim() : undefined
    const ctx = viewContext(deps, assets, request, lang)
    const data = { user: adminUserOf(staffOf(request)), filters, items: result.items, page, pages: Math.max(1, Math.ceil(result.total / PER_PAGE)), authors, categories, notice }
    return html(reply, 200, h(ArticlesListPage, { ctx, csrfToken: staffOf(request).csrfToken, data }))
  })

  app.post('/newsroom/articles/bulk', async (request, reply) => {
    const body = (request.body ?? {}) as Body
    assertCsrf(request, body._csrf)
    const action = str(body.action, 20)
    const ids = list(body.ids).filter((x) => /^\d{1,10}$/.test(x)).map(Number)
    const actor = actorOf(request)
    const now = deps.clock.now()
    let done = 0
    let skipped = 0
    for (const id of ids) {
      try {
        if (action === 'trash' || action === 'restore') await trashArticle(editorial, actor, id, action === 'trash', now)
        else if (action === 'publish' || action === 'unpublish') {
          const article = await findEditableArticle(deps.db, id)
          if (!article) continue
          const { draft } = draftOf(formFromArticle(article, deps.frame().settings.timeZone), deps.frame().settings.timeZone)
          await saveArticle(editorial, actor, id, draft, action, now)
        } else throw new ValidationError({ action: 'error.validation' })
        done++
      } catch (error) {
        if (error instanceof AppError && error.status < 500 && !(error instanceof ValidationError && error.fields.action)) skipped++
        else throw error
      }
    }
    return reply.redirect(`/newsroom/articles?done=${done}&skipped=${skipped}`, 303)
  })

  app.get('/newsroom/articles/new', async (request, reply) => {
    if (!canArticle(actorOf(request), 'create')) throw new ForbiddenError('ARTICLE_CREATE_FORBIDDEN')
    return renderEditor(request, reply, 200, { values: { ...emptyArticleForm(), authorIds: [String(actorOf(request).id)] } })
  })

  /** Saves the form (new or existing); answers HTML (the form again on a problem) or JSON for autosave. */
  async function save(request: FastifyRequest, reply: FastifyReply, id: number | undefined, json: boolean) {
    const body = (request.body ?? {}) as Body
    const lang = locale(request)
    const values = formOf(body)
    const existing = id === undefined ? undefined : await findEditableArticle(deps.db, id)
    if (id !== undefined && !existing) throw new NotFoundError('ARTICLE_NOT_FOUND')
    try {
      assertCsrf(request, body._csrf)
    } catch (error) {
      if (json) throw error
      return renderEditor(request, reply, 403, { article: existing, values, error: t('error.csrf', {}, lang) })
    }
    const intent = (saveIntents as string[]).includes(str(body.intent, 20)) ? (str(body.intent) as SaveIntent) : 'save'
    const { draft, errors } = draftOf(values, deps.frame().settings.timeZone)
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors)
      // The autosave URL is the marker: its saves fold into the writer's recent autosave revision.
      const saved = await saveArticle(editorial, actorOf(request), id, draft, json ? 'save' : intent, deps.clock.now(), { autosave: json })
      // `aside`: a live story's autosave, kept in a revision (the version is unchanged). `url` and
      // `autosave`: where the form posts from now on (the first autosave of a new article made it).
      if (json) return reply.code(200).send({ id: saved.id, version: saved.version, savedAt: deps.clock.now().toISOString(), aside: saved.aside === true, url: `/newsroom/articles/${saved.id}`, autosave: `/newsroom/articles/${saved.id}/autosave` })
      return reply.redirect(`/newsroom/articles/${saved.id}?saved=1`, 303)
    } catch (error) {
      if (error instanceof ConflictError) {
        if (json) return reply.code(409).send({ code: error.code, message: t(error.messageKey, {}, lang), version: error.current.row.version })
        // The conflict section says it once (heading and what to do); no separate alert.
        return renderEditor(request, reply, 409, { article: error.current, values: { ...values, version: String(error.current.row.version) }, conflict: error.current })
      }
      if (error instanceof ValidationError) {
        if (json) return reply.code(422).send({ code: error.code, message: t('error.validation', {}, lang), fields: Object.fromEntries(Object.entries(error.fields).map(([f, k]) => [f, t(k, {}, lang)])) })
        return renderEditor(request, reply, 422, { article: existing, values, errors: error.fields, error: t('error.validation', {}, lang) })
      }
      if (error instanceof AppError && error.status < 500 && !json) {
        return renderEditor(request, reply, error.status, { article: existing, values, error: t(error.status === 403 ? 'articles.error.forbidden' : error.messageKey, {}, lang) })
      }
      throw error
    }
  }

  app.post('/newsroom/articles/new', (request, reply) => save(request, reply, undefined, false))
  /** The first autosave of a new article (with a title) creates the draft; the answer gives its URLs. */
  app.post('/newsroom/articles/new/autosave', (request, reply) => save(request, reply, undefined, true))

  /**
   * Tag suggestions for the article form's tag field (public/article-form.js): up to 10 names
   * for `q`, matched on Arabic spelling variants. Open to whoever may open the articles area.
   * Always JSON, errors included (the area's 403, the rate limit's 429, a bad `q`'s 400).
   * 120 a minute per staff member: the form asks at most once per pause in typing.
   */
  app.get(
    '/newsroom/tags/suggest',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `tag-suggest:${request.staff?.user.id ?? request.ip}` } },
      errorHandler: (error: FastifyError, request, reply) => {
        // The app's one error handler answers JSON to whoever asks for it; this route always does.
        request.headers.accept = 'application/json'
        return app.errorHandler(error, request, reply)
      },
    },
    async (request, reply) => {
      const parsed = suggestQuery.safeParse(request.query ?? {})
      if (!parsed.success) throw new AppError('TAG_QUERY_INVALID', 400, 'articles.tags.queryInvalid')
      const tags = await suggestTags(deps.db, parsed.data.q)
      const lang = locale(request)
      const status = tags.length ? t('articles.tags.suggestions', { count: tags.length }, lang) : t('articles.tags.noSuggestions', {}, lang)
      return reply.header('cache-control', 'private, no-store').send({ tags, status })
    },
  )

  /**
   * The editor for one article. A live story's autosaves wait aside (editorial.service.ts): the
   * writer is offered their pending one (compare, or load it into the form with ?autosave=R, on
   * top of the version it was typed on; nothing is saved until they save).
   */
  app.get('/newsroom/articles/:id', async (request, reply) => {
    const article = await loadForAction(request, 'edit')
    const lang = locale(request)
    const timeZone = deps.frame().settings.timeZone
    const q = request.query as { saved?: unknown; done?: unknown; autosave?: unknown }
    const restoreId = str(q.autosave, 12)
    if (restoreId) {
      const revision = /^\d{1,10}$/.test(restoreId) ? await findRevision(deps.db, article.row.id, Number(restoreId)) : undefined
      if (!revision?.autosave || revision.user?.id !== actorOf(request).id) throw new NotFoundError('REVISION_NOT_FOUND')
      return renderEditor(request, reply, 200, { article, values: formFromRevision(revision, article, timeZone), notice: t('articles.autosave.restored', {}, lang) })
    }
    const notice = q.saved === '1' ? t('articles.saved', {}, lang) : q.done === 'correction' ? t('articles.corrections.added', {}, lang) : undefined
    const pendingAutosave = await findPendingAutosave(deps.db, article, actorOf(request).id)
    return renderEditor(request, reply, 200, { article, values: formFromArticle(article, timeZone), notice, pendingAutosave })
  })

  app.post('/newsroom/articles/:id', (request, reply) => save(request, reply, idParam((request.params as { id: string }).id), false))
  app.post('/newsroom/articles/:id/autosave', (request, reply) => save(request, reply, idParam((request.params as { id: string }).id), true))

  app.post('/newsroom/articles/:id/preview', async (request, reply) => {
    const body = (request.body ?? {}) as Body
    assertCsrf(request, body._csrf)
    const token = await previewToken(editorial, actorOf(request), idParam((request.params as { id: string }).id))
    return reply.redirect(`/preview/${token}`, 303)
  })

  for (const [route, trash] of [
    ['trash', true],
    ['restore', false],
  ] as const) {
    app.post(`/newsroom/articles/:id/${route}`, async (request, reply) => {
      assertCsrf(request, ((request.body ?? {}) as Body)._csrf)
      const id = idParam((request.params as { id: string }).id)
      await trashArticle(editorial, actorOf(request), id, trash, deps.clock.now())
      return reply.redirect(trash ? '/newsroom/articles?status=trashed' : `/newsroom/articles/${id}`, 303)
    })
  }

  app.post('/newsroom/articles/:id/delete', async (request, reply) => {
    assertCsrf(request, ((request.body ?? {}) as Body)._csrf)
    await deleteArticle(editorial, actorOf(request), idParam((request.params as { id: string }).id), deps.clock.now())
    return reply.redirect('/newsroom/articles?status=trashed', 303)
  })

  app.post('/newsroom/articles/:id/corrections', async (request, reply) => {
    const body = (request.body ?? {}) as Body
    assertCsrf(request, body._csrf)
    const id = idParam((request.params as { id: string }).id)
    try {
      await addCorrection(editorial, actorOf(request), id, { kind: body.kind === 'update' ? 'update' : 'correction', note: str(body.note, 5000) }, deps.clock.now())
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const article = await loadForAction(request, 'edit')
      return renderEditor(request, reply, 422, { article, values: formFromArticle(article, deps.frame().settings.timeZone), errors: error.fields, error: t('error.validation', {}, locale(request)) })
    }
    return reply.redirect(`/newsroom/articles/${id}?done=correction`, 303)
  })

  app.get('/newsroom/articles/:id/revisions', async (request, reply) => {
    const article = await loadForAction(request, 'revisions')
    const revisions = await listRevisions(deps.db, article.row.id)
    const compareId = str((request.query as { compare?: unknown }).compare, 12)
    const from = /^\d{1,10}$/.test(compareId) ? await findRevision(deps.db, article.row.id, Number(compareId)) : undefined
    // A live story's autosave kept aside, not yet saved: shown as what it would change in the story.
    const pending = from?.fields.aside === true && from.version === article.row.version
    const compare = from
      ? pending
        ? {
            from,
            pending,
            restoreUrl: from.user?.id === actorOf(request).id ? `/newsroom/articles/${article.row.id}?autosave=${from.id}` : undefined,
            title: words(article.row.title, from.title),
            body: words(htmlToText(article.row.body_html), htmlToText(from.bodyHtml)),
          }
        : { from, pending, title: words(from.title, article.row.title), body: words(htmlToText(from.bodyHtml), htmlToText(article.row.body_html)) }
      : undefined
    const lang = locale(request)
    const ctx = viewContext(deps, assets, request, lang)
    const notice = (request.query as { restored?: unknown }).restored === '1' ? t('articles.revisions.restored', {}, lang) : undefined
    const data = { user: adminUserOf(staffOf(request)), articleId: article.row.id, title: article.row.title, currentVersion: article.row.version, revisions, compare, notice }
    return html(reply, 200, h(RevisionsPage, { ctx, csrfToken: staffOf(request).csrfToken, data }))
  })

  app.post('/newsroom/articles/:id/revisions/:revision/restore', async (request, reply) => {
    const body = (request.body ?? {}) as Body
    assertCsrf(request, body._csrf)
    const id = idParam((request.params as { id: string }).id)
    await loadForAction(request, 'revisions')
    const version = /^\d{1,9}$/.test(str(body.version, 12)) ? Number(body.version) : 0
    await restoreRevision(editorial, actorOf(request), id, idParam((request.params as { revision: string }).revision), version, deps.clock.now())
    return reply.redirect(`/newsroom/articles/${id}/revisions?restored=1`, 303)
  })
}
