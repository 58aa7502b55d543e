import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h, type VNode } from 'preact'
import { z } from 'zod'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError, NotFoundError } from '../../lib/errors.js'
import { findTagWithCount, listCategoriesWithCounts, listTagsWithCounts } from '../../modules/taxonomy/taxonomy-admin.repository.js'
import {
  createCategory,
  createTag,
  deleteCategory,
  deleteTag,
  mergeCategories,
  mergeTags,
  moveCategory,
  renameTag,
  updateCategory,
  type CategoryInput,
} from '../../modules/taxonomy/taxonomy-admin.service.js'
import { descendantIds, findTagByName, findTagBySlug } from '../../modules/taxonomy/taxonomy.repository.js'
import { normalizeForDisplay, slugify } from '../../text/arabic/index.js'
import { CategoriesPage, emptyCategoryForm, type CategoryFieldErrors, type CategoryForm } from '../../views/admin/taxonomy-categories-page.js'
import { CategoryPage, type CategoryPageData } from '../../views/admin/taxonomy-category-page.js'
import { noticeKeys, taxonomyNotices, taxonomyPaths } from '../../views/admin/taxonomy-shared.js'
import { TagPage, type TagPageData } from '../../views/admin/taxonomy-tag-page.js'
import { TagsPage, type TagFieldErrors, type TagForm } from '../../views/admin/taxonomy-tags-page.js'
import type { ViewContext } from '../../views/context.js'
import { paths } from '../../views/paths.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { assertCsrf, requireArea, staffOf } from './guard.js'
import { adminUserOf } from './staff-view.js'

const TAGS_PER_PAGE = 50

// Form values: no NUL (PostgreSQL refuses it in text), bounded lengths.
const text = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'))
const id = z.union([z.literal(''), z.string().regex(/^\d{1,10}$/)]).default('')
const categoryBody = z.object({ _csrf: z.string().optional(), name: text(1000).default(''), slug: text(1000).default(''), parent: id, description: text(5000).default('') })
const tagBody = z.object({ _csrf: z.string().optional(), name: text(1000).default(''), slug: text(1000).default('') })
const moveBody = z.object({ _csrf: z.string().optional(), direction: z.enum(['up', 'down']).optional(), position: z.string().max(20).optional() })
const mergeBody = z.object({ _csrf: z.string().optional(), into: text(1000).default('') })
const deleteBody = z.object({ _csrf: z.string().optional(), moveTo: id })
const doneQuery = z.object({ done: z.enum(taxonomyNotices) })
const tagsQuery = z.object({ q: text(200).optional(), page: z.string().regex(/^\d{1,6}$/).optional() })

const csrfOf = (body: unknown) => (body as { _csrf?: unknown } | null | undefined)?._csrf

/** A parsed body, or 400 for a malformed one (never a browser form). */
function parse<S extends z.ZodTypeAny>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {})
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 400, 'error.validation')
  return parsed.data
}

/** The form's field messages from a 422 AppError, translated. */
function fieldMessages<F extends string>(error: AppError, names: readonly F[], locale: Locale): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {}
  for (const name of names) {
    const key = error.fields[name]
    if (key) out[name] = t(key, error.vars, locale)
  }
  return out
}

/** Runs a service call; a 422 (a refused form) is returned instead of thrown. */
async function attempt(action: () => Promise<unknown>): Promise<AppError | undefined> {
  try {
    await action()
    return undefined
  } catch (error) {
    if (error instanceof AppError && error.status === 422) return error
    throw error
  }
}

const toId = (value: string) => (value ? Number(value) : null)
const toCategoryInput = (form: CategoryForm): CategoryInput => ({ name: form.name, slug: form.slug, parentId: toId(form.parent), description: form.description })

/**
 * Categories and tags under /newsroom/taxonomy (admins and editors): create, rename (old URLs
 * answer 301), order and nest categories, merge, delete. Every POST checks the CSRF token;
 * refused forms come back 422 with what was typed; every change refreshes caches and navigation.
 */
export async function taxonomyRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])
  const context = (request: FastifyRequest): ViewContext => viewContext(deps, assets, request, locale(request))
  const send = (reply: FastifyReply, status: number, page: VNode<any>) => reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  const userId = (request: FastifyRequest) => staffOf(request).user.id
  const notice = (request: FastifyRequest) => {
    const parsed = doneQuery.safeParse(request.query ?? {})
    return parsed.success ? t(noticeKeys[parsed.data.done], {}, locale(request)) : undefined
  }
  const changed = () => deps.events.changed()

  app.addHook('onRequest', requireArea('taxonomy'))

  async function loadCategory(raw: string) {
    const category = /^\d{1,10}$/.test(raw) ? (await listCategoriesWithCounts(deps.db)).find((c) => c.id === Number(raw)) : undefined
    if (!category) throw new NotFoundError('CATEGORY_NOT_FOUND')
    return category
  }

  async function loadTag(raw: string) {
    const tag = /^\d{1,10}$/.test(raw) ? await findTagWithCount(deps.db, Number(raw)) : undefined
    if (!tag) throw new NotFoundError('TAG_NOT_FOUND')
    return tag
  }

  async function renderCategories(request: FastifyRequest, reply: FastifyReply, status: number, extra: { form?: CategoryForm; fieldErrors?: CategoryFieldErrors; error?: string } = {}) {
    const categories = await listCategoriesWithCounts(deps.db)
    const data = { user: adminUserOf(staffOf(request)), categories, form: extra.form ?? emptyCategoryForm, fieldErrors: extra.fieldErrors, error: extra.error, notice: notice(request) }
    return send(reply, status, h(CategoriesPage, { ctx: context(request), csrfToken: staffOf(request).csrfToken, data }))
  }

  async function renderCategory(request: FastifyRequest, reply: FastifyReply, status: number, categoryId: string, extra: Partial<Omit<CategoryPageData, 'user' | 'category' | 'categories' | 'descendants'>> = {}) {
    const category = await loadCategory(categoryId)
    const categories = await listCategoriesWithCounts(deps.db)
    const form: CategoryForm = extra.form ?? { name: category.name, slug: category.slug, parent: category.parentId === null ? '' : String(category.parentId), description: category.description }
    const data: CategoryPageData = { user: adminUserOf(staffOf(request)), category, categories, descendants: descendantIds(categories, category.id), notice: notice(request), ...extra, form }
    return send(reply, status, h(CategoryPage, { ctx: context(request), csrfToken: staffOf(request).csrfToken, data }))
  }

  async function renderTags(request: FastifyRequest, reply: FastifyReply, status: number, extra: { form?: TagForm; fieldErrors?: TagFieldErrors; error?: string } = {}) {
    const query = tagsQuery.safeParse(request.query ?? {})
    const q = query.success ? normalizeForDisplay(query.data.q ?? '') : ''
    const requested = query.success && query.data.page ? Math.max(1, Number(query.data.page)) : 1
    let list = await listTagsWithCounts(deps.db, { q, limit: TAGS_PER_PAGE, offset: (requested - 1) * TAGS_PER_PAGE })
    const pages = Math.max(1, Math.ceil(list.total / TAGS_PER_PAGE))
    const page = Math.min(requested, pages)
    if (page !== requested) list = await listTagsWithCounts(deps.db, { q, limit: TAGS_PER_PAGE, offset: (page - 1) * TAGS_PER_PAGE })
    const data = { user: adminUserOf(staffOf(request)), ...list, q, page, pages, form: extra.form ?? { name: '', slug: '' }, fieldErrors: extra.fieldErrors, error: extra.error, notice: notice(request) }
    return send(reply, status, h(TagsPage, { ctx: context(request), csrfToken: staffOf(request).csrfToken, data }))
  }

  async function renderTag(request: FastifyRequest, reply: FastifyReply, status: number, tagId: string, extra: Partial<Omit<TagPageData, 'user' | 'tag'>> = {}) {
    const tag = await loadTag(tagId)
    const data: TagPageData = { user: adminUserOf(staffOf(request)), tag, notice: notice(request), ...extra, form: extra.form ?? { name: tag.name, slug: tag.slug } }
    return send(reply, status, h(TagPage, { ctx: context(request), csrfToken: staffOf(request).csrfToken, data }))
  }

  const invalidText = (request: FastifyRequest) => t('taxonomy.error.invalid', {}, locale(request))

  app.get('/newsroom/taxonomy', (request, reply) => renderCategories(request, reply, 200))

  app.post('/newsroom/taxonomy/categories', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const { _csrf, ...form } = parse(categoryBody, request.body)
    const refused = await attempt(() => createCategory(deps.db, userId(request), toCategoryInput(form), paths, deps.clock.now()))
    if (refused) {
      const fieldErrors = fieldMessages(refused, ['name', 'slug', 'parent', 'description'], locale(request))
      return renderCategories(request, reply, 422, { form, fieldErrors, error: invalidText(request) })
    }
    changed()
    return reply.redirect(taxonomyPaths.categories('created'), 303)
  })

  app.get<{ Params: { id: string } }>('/newsroom/taxonomy/categories/:id', (request, reply) => renderCategory(request, reply, 200, request.params.id))

  app.post<{ Params: { id: string } }>('/newsroom/taxonomy/categories/:id', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const category = await loadCategory(request.params.id)
    const { _csrf, ...form } = parse(categoryBody, request.body)
    const refused = await attempt(() => updateCategory(deps.db, userId(request), category.id, toCategoryInput(form), paths, deps.clock.now()))
    if (refused) {
      const fieldErrors = fieldMessages(refused, ['name', 'slug', 'parent', 'description'], locale(request))
      return renderCategory(request, reply, 422, request.params.id, { form, fieldErrors, error: invalidText(request) })
    }
    changed()
    return reply.redirect(taxonomyPaths.category(category.id, 'saved'), 303)
  })

  app.post<{ Params: { id: string } }>('/newsroom/taxonomy/categories/:id/move', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const category = await loadCategory(request.params.id)
    const body = parse(moveBody, request.body)
    const position = body.position?.trim() ?? ''
    if (!body.direction && !/^\d{1,6}$/.test(position)) {
      const error = t('taxonomy.error.position', {}, locale(request))
      return renderCategory(request, reply, 422, request.params.id, { position: { value: position, error }, error })
    }
    await moveCategory(deps.db, userId(request), category.id, body.direction ? { direction: body.direction } : { position: Math.max(1, Number(position)) }, deps.clock.now())
    changed()
    return reply.redirect(body.direction ? `${taxonomyPaths.categories('moved')}#category-${category.id}` : taxonomyPaths.category(category.id, 'moved'), 303)
  })

  app.post<{ Params: { id: string } }>('/newsroom/taxonomy/categories/:id/merge', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const category = await loadCategory(request.params.id)
    const { into } = parse(mergeBody, request.body)
    const target = /^\d{1,10}$/.test(into) ? Number(into) : undefined
    const refused = target === undefined ? new AppError('CATEGORY_MERGE_TARGET_MISSING', 422, 'taxonomy.error.chooseTarget') : await attempt(() => mergeCategories(deps.db, userId(request), category.id, target, paths, deps.clock.now()))
    if (refused) {
      const error = t(refused.messageKey, refused.vars, locale(request))
      return renderCategory(request, reply, 422, request.params.id, { merge: { into, error }, error })
    }
    changed()
    return reply.redirect(taxonomyPaths.category(target!, 'merged'), 303)
  })

  app.post<{ Params: { id: string } }>('/newsroom/taxonomy/categories/:id/delete', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const category = await loadCategory(request.params.id)
    const { moveTo } = parse(deleteBody, request.body)
    const refused = await attempt(() => deleteCategory(deps.db, userId(request), category.id, toId(moveTo), paths, deps.clock.now()))
    if (refused) {
      const error = t(refused.messageKey, refused.vars, locale(request))
      return renderCategory(request, reply, 422, request.params.id, { remove: { moveTo, error }, error })
    }
    changed()
    return reply.redirect(taxonomyPaths.categories('deleted'), 303)
  })

  app.get('/newsroom/taxonomy/tags', (request, reply) => renderTags(request, reply, 200))

  app.post('/newsroom/taxonomy/tags', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const { _csrf, ...form } = parse(tagBody, request.body)
    const refused = await attempt(() => createTag(deps.db, userId(request), form, paths, deps.clock.now()))
    if (refused) return renderTags(request, reply, 422, { form, fieldErrors: fieldMessages(refused, ['name', 'slug'], locale(request)), error: invalidText(request) })
    changed()
    return reply.redirect(taxonomyPaths.tags({ done: 'created' }), 303)
  })

  app.get<{ Params: { id: string } }>('/newsroom/taxonomy/tags/:id', (request, reply) => renderTag(request, reply, 200, request.params.id))

  app.post<{ Params: { id: string } }>('/newsroom/taxonomy/tags/:id', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const tag = await loadTag(request.params.id)
    const { _csrf, ...form } = parse(tagBody, request.body)
    const refused = await attempt(() => renameTag(deps.db, userId(request), tag.id, form, paths, deps.clock.now()))
    if (refused) {
      return renderTag(request, reply, 422, request.params.id, { form, fieldErrors: fieldMessages(refused, ['name', 'slug'], locale(request)), error: invalidText(request) })
    }
    changed()
    return reply.redirect(taxonomyPaths.tag(tag.id, 'saved'), 303)
  })

  app.post<{ Params: { id: string } }>('/newsroom/taxonomy/tags/:id/merge', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const tag = await loadTag(request.params.id)
    const { into } = parse(mergeBody, request.body)
    // The target is typed: its exact name, or its slug as typed or as slugify would make it.
    const name = normalizeForDisplay(into)
    const target = name ? ((await findTagByName(deps.db, name)) ?? (await findTagBySlug(deps.db, name)) ?? (await findTagBySlug(deps.db, slugify(name) || name))) : undefined
    const refused = !target
      ? new AppError('TAG_MERGE_TARGET_MISSING', 422, name ? 'taxonomy.error.tagNotFound' : 'taxonomy.error.chooseTarget', { name })
      : await attempt(() => mergeTags(deps.db, userId(request), tag.id, target.id, paths, deps.clock.now()))
    if (refused) {
      const error = t(refused.messageKey, refused.vars, locale(request))
      return renderTag(request, reply, 422, request.params.id, { merge: { into, error }, error })
    }
    changed()
    return reply.redirect(taxonomyPaths.tag(target!.id, 'merged'), 303)
  })

  app.post<{ Params: { id: string } }>('/newsroom/taxonomy/tags/:id/delete', async (request, reply) => {
    assertCsrf(request, csrfOf(request.body))
    const tag = await loadTag(request.params.id)
    await deleteTag(deps.db, userId(request), tag.id, paths, deps.clock.now())
    changed()
    return reply.redirect(taxonomyPaths.tags({ done: 'deleted' }), 303)
  })
}
