import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h, type VNode } from 'preact'
import { z } from 'zod'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError, NotFoundError } from '../../lib/errors.js'
import { canManageMedia } from '../../modules/media/media.policy.js'
import { findMediaById, listMedia, type MediaUsage } from '../../modules/media/media.repository.js'
import { toMediaImage, type MediaImage } from '../../modules/media/media.schema.js'
import { deleteMedia, editMediaText, MediaInUseError, tooLargeError, uploadMedia, type Actor, type MediaStore } from '../../modules/media/media.service.js'
import type { MediaRow } from '../../db/schema.js'
import { MediaEditPage, type MediaEditPageData } from '../../views/admin/media-edit-page.js'
import { MediaLibraryPage, type MediaLibraryPageData } from '../../views/admin/media-library-page.js'
import { mediaPaths, type MediaFieldErrors, type MediaNotice, type MediaTextForm } from '../../views/admin/media-shared.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { assertCsrf, requireArea, staffOf } from './guard.js'
import { readImageForm, registerImageForms } from './image-form.js'
import { adminUserOf } from './staff-view.js'

const PER_PAGE = 24
const textFields = ['_csrf', 'alt', 'caption', 'credit'] as const
const notices = ['uploaded', 'saved', 'deleted'] as const satisfies readonly MediaNotice[]

const listQuery = z.object({
  q: z.string().max(200).optional(),
  page: z.union([z.literal(''), z.string().regex(/^\d{1,6}$/)]).optional(),
  done: z.enum(notices).optional(),
})
const textBody = z.object({ alt: z.string().max(20_000).default(''), caption: z.string().max(20_000).default(''), credit: z.string().max(20_000).default('') })

/** Form text without NUL (PostgreSQL refuses it in text columns). */
const clean = (value: string) => value.replace(/\u0000/g, '')
const emptyForm: MediaTextForm = { alt: '', caption: '', credit: '' }

/**
 * The newsroom's media library under /newsroom/media: the grid with search and pages, uploads
 * (multipart, parsed only in this scope), editing alt text / caption / credit, deletion, and
 * picker.json for the article editor. Open to the writing roles (requireArea('media')); every
 * POST checks the session's CSRF token.
 */
export async function mediaRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const store: MediaStore = deps.config.media
  const maxMb = Math.round(store.uploadMaxBytes / 1024 / 1024)
  await registerImageForms(app, store.uploadMaxBytes)
  app.addHook('onRequest', requireArea('media'))

  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])
  const actorOf = (request: FastifyRequest): Actor => ({ id: staffOf(request).user.id, role: staffOf(request).user.role })
  const send = (reply: FastifyReply, status: number, page: VNode<any>) => reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  const fieldErrorsOf = (error: AppError, lang: Locale): MediaFieldErrors =>
    Object.fromEntries(Object.entries(error.fields).map(([name, key]) => [name, t(key, error.vars, lang)]))

  async function renderLibrary(request: FastifyRequest, reply: FastifyReply, extra: Partial<Pick<MediaLibraryPageData, 'form' | 'fieldErrors' | 'notice' | 'error'>> & { status?: number } = {}) {
    const parsed = listQuery.safeParse(request.query ?? {})
    const q = parsed.success ? (parsed.data.q?.trim() ?? '') : ''
    const wanted = parsed.success && parsed.data.page ? Number(parsed.data.page) : 1
    const first = await listMedia(deps.db, deps.engine, { q: q || undefined, limit: PER_PAGE, offset: (Math.max(1, wanted) - 1) * PER_PAGE })
    const pages = Math.max(1, Math.ceil(first.total / PER_PAGE))
    const page = Math.min(Math.max(1, wanted), pages)
    const list = page === Math.max(1, wanted) ? first : await listMedia(deps.db, deps.engine, { q: q || undefined, limit: PER_PAGE, offset: (page - 1) * PER_PAGE })
    const lang = locale(request)
    const done = parsed.success ? parsed.data.done : undefined
    const data: MediaLibraryPageData = {
      user: adminUserOf(staffOf(request)),
      items: list.items.map((row) => ({ image: toMediaImage(row), originalName: row.original_name })),
      total: list.total,
      q,
      page,
      pages,
      maxMb,
      scriptUrl: assets.urls.mediaJs,
      form: emptyForm,
      notice: done ? t(`media.notice.${done}`, {}, lang) : undefined,
      ...extra,
    }
    return send(reply, extra.status ?? 200, h(MediaLibraryPage, { ctx: viewContext(deps, assets, request, lang), csrfToken: staffOf(request).csrfToken, data }))
  }

  async function loadMedia(id: string): Promise<MediaRow> {
    const row = /^\d{1,10}$/.test(id) ? await findMediaById(deps.db, Number(id)) : undefined
    if (!row) throw new NotFoundError('MEDIA_NOT_FOUND')
    return row
  }

  function renderEdit(request: FastifyRequest, reply: FastifyReply, row: MediaRow, extra: Partial<Pick<MediaEditPageData, 'form' | 'fieldErrors' | 'notice' | 'error'>> & { status?: number } = {}) {
    const staff = staffOf(request)
    const data: MediaEditPageData = {
      user: adminUserOf(staff),
      image: toMediaImage(row),
      originalName: row.original_name,
      width: row.width,
      height: row.height,
      bytes: row.bytes,
      createdAt: row.created_at,
      canManage: canManageMedia(staff.user.role, staff.user.id, row.uploaded_by),
      form: { alt: row.alt, caption: row.caption, credit: row.credit },
      ...extra,
    }
    return send(reply, extra.status ?? 200, h(MediaEditPage, { ctx: viewContext(deps, assets, request, locale(request)), csrfToken: staff.csrfToken, data }))
  }

  /** "the article «…», the profile photo of …" in the reader's language. */
  function usageText(usage: MediaUsage, lang: Locale): string {
    const places = [
      ...usage.articles.map((a) => t('media.error.usedInArticle', { title: a.title }, lang)),
      ...usage.users.map((u) => t('media.error.usedByUser', { name: u.name }, lang)),
    ]
    return t('media.error.inUseWhere', { places: places.join(lang === 'ar' ? '، ' : ', ') }, lang)
  }

  app.get('/newsroom/media', async (request, reply) => renderLibrary(request, reply))

  app.post('/newsroom/media', async (request, reply) => {
    const lang = locale(request)
    const { fields, file } = request.isMultipart() ? await readImageForm(request, { fileField: 'file', textFields }) : { fields: {} as Record<string, string>, file: undefined }
    assertCsrf(request, fields._csrf)
    const form: MediaTextForm = { alt: fields.alt ?? '', caption: fields.caption ?? '', credit: fields.credit ?? '' }
    const refuse = (error: AppError) =>
      renderLibrary(request, reply, { status: error.status, form, fieldErrors: fieldErrorsOf(error, lang), error: error.status === 413 || error.status === 415 ? t(error.messageKey, error.vars, lang) : t('media.upload.failed', {}, lang) })
    try {
      if (file?.truncated) throw tooLargeError(store)
      const { id } = await uploadMedia(deps.db, store, actorOf(request), { bytes: file?.bytes ?? Buffer.alloc(0), originalName: file?.name ?? '', ...form }, deps.clock.now())
      return reply.redirect(mediaPaths.item(id, 'uploaded'), 303)
    } catch (error) {
      if (error instanceof AppError && [413, 415, 422].includes(error.status)) return refuse(error)
      throw error
    }
  })

  app.get('/newsroom/media/picker.json', async (request, reply) => {
    const parsed = listQuery.safeParse(request.query ?? {})
    if (!parsed.success) throw new AppError('MEDIA_QUERY_INVALID', 400, 'error.validation')
    const q = parsed.data.q?.trim() || undefined
    const wanted = Math.max(1, parsed.data.page ? Number(parsed.data.page) : 1)
    const list = await listMedia(deps.db, deps.engine, { q, limit: PER_PAGE, offset: (wanted - 1) * PER_PAGE })
    const pages = Math.max(1, Math.ceil(list.total / PER_PAGE))
    const items: MediaImage[] = list.items.map(toMediaImage)
    return reply.header('cache-control', 'no-store').send({ items, page: wanted, pages })
  })

  app.get<{ Params: { id: string } }>('/newsroom/media/:id', async (request, reply) => {
    const row = await loadMedia(request.params.id)
    const done = listQuery.safeParse(request.query ?? {})
    const notice = done.success && done.data.done ? t(`media.notice.${done.data.done}`, {}, locale(request)) : undefined
    return renderEdit(request, reply, row, { notice })
  })

  app.post<{ Params: { id: string } }>('/newsroom/media/:id', async (request, reply) => {
    const row = await loadMedia(request.params.id)
    const body = (request.body ?? {}) as Record<string, unknown>
    assertCsrf(request, body._csrf)
    const parsed = textBody.safeParse(body)
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 400, 'error.validation')
    const form: MediaTextForm = { alt: clean(parsed.data.alt), caption: clean(parsed.data.caption), credit: clean(parsed.data.credit) }
    const lang = locale(request)
    try {
      await editMediaText(deps.db, actorOf(request), row.id, form)
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 422) throw error
      return renderEdit(request, reply, row, { status: 422, form, fieldErrors: fieldErrorsOf(error, lang), error: t('media.edit.failed', {}, lang) })
    }
    deps.events.changed()
    return reply.redirect(mediaPaths.item(row.id, 'saved'), 303)
  })

  app.post<{ Params: { id: string } }>('/newsroom/media/:id/delete', async (request, reply) => {
    const row = await loadMedia(request.params.id)
    assertCsrf(request, (request.body as Record<string, unknown> | undefined)?._csrf)
    try {
      await deleteMedia(deps.db, store, actorOf(request), row.id, deps.clock.now())
    } catch (error) {
      if (!(error instanceof MediaInUseError)) throw error
      return renderEdit(request, reply, row, { status: 409, error: usageText(error.usage, locale(request)) })
    }
    // The usage check refuses images in use, but rendered pages are not trusted to agree: they are
    // dropped, and a page that still named the image re-renders without it (rows that are gone
    // are skipped) instead of pointing at deleted files.
    deps.events.pagesChanged()
    return reply.redirect(mediaPaths.library({ done: 'deleted' }), 303)
  })
}
