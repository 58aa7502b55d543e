import type { FastifyInstance } from 'fastify'
import type { Deps } from '../../container.js'
import { AppError } from '../../lib/errors.js'
import { listPublishedArticleIds, type ArticleFilters } from '../../modules/api/api.repository.js'
import { findPublishedArticle, listPublishedSummariesByIds } from '../../modules/articles/articles.repository.js'
import { listCorrections } from '../../modules/articles/editorial.repository.js'
import { descendantIds, findCategoryBySlug, findTagBySlug } from '../../modules/taxonomy/taxonomy.repository.js'
import { findAuthorBySlug } from '../../modules/users/users.repository.js'
import { startOfDayIn } from '../../text/arabic/index.js'
import { originOf } from '../view-context.js'
import { errorResponses, listQueryOf, mediaById, notModified } from './api-routes.js'
import { requestSchema, responseSchema } from './api-schema.js'
import { articleDetail, articlesQuery, articleSummary, idParams, pageOf, type ArticlesQuery } from './api.schemas.js'
import { articleDetailJson, articleSummaryJson, pageLinks } from './api.presenters.js'

/** `YYYY-MM-DD` as the start of that day in the site's time zone (`nextDay`: of the day after); a date-time as its instant. */
function instantOf(value: string, timeZone: string, nextDay = false): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!day) return new Date(value)
  return startOfDayIn(Number(day[1]), Number(day[2]), Number(day[3]) + (nextDay ? 1 : 0), timeZone)
}

/** GET /api/v1/articles (published stories, filtered and paged) and /api/v1/articles/{id}. */
export async function articleApiRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  /** The filters of a query as ids; undefined when a slug names nothing (so nothing can match). */
  async function filtersOf(query: ArticlesQuery): Promise<ArticleFilters | undefined> {
    const filters: ArticleFilters = {}
    const zone = deps.frame().settings.timeZone
    if (query.from) filters.from = instantOf(query.from, zone)
    if (query.to) filters.to = instantOf(query.to, zone, true)
    if (filters.from && filters.to && filters.from >= filters.to) throw new AppError('BAD_RANGE', 400, 'api.error.badRange')
    if (query.category !== undefined) {
      const slug = query.category.normalize('NFC')
      const nav = deps.frame().nav
      const category = nav.find((c) => c.slug === slug) ?? (await findCategoryBySlug(deps.db, slug))
      if (!category) return undefined
      filters.categoryIds = descendantIds(nav, category.id)
    }
    if (query.tag !== undefined) {
      const tag = await findTagBySlug(deps.db, query.tag.normalize('NFC'))
      if (!tag) return undefined
      filters.tagId = tag.id
    }
    if (query.author !== undefined) {
      const author = await findAuthorBySlug(deps.db, query.author.normalize('NFC'))
      if (!author) return undefined
      filters.authorId = author.id
    }
    return filters
  }

  app.get(
    '/articles',
    {
      schema: {
        summary: 'Published stories, newest first, with filters',
        description: 'Only published stories. Filters combine (AND). A slug that names nothing gives an empty list.',
        tags: ['articles'],
        querystring: requestSchema(app, articlesQuery),
        response: { 200: responseSchema(app, pageOf(articleSummary), 'One page of stories'), ...notModified, ...errorResponses(app) },
      },
    },
    async (request) => {
      const query = request.query as ArticlesQuery
      const filters = await filtersOf(query)
      const limit = query.per_page
      const offset = (query.page - 1) * limit
      const found = filters ? await listPublishedArticleIds(deps.db, filters, { sort: query.sort, limit, offset }) : { ids: [], total: 0 }
      const items = await listPublishedSummariesByIds(deps.db, found.ids)
      const media = await mediaById(deps.db, items.map((a) => a.featuredMediaId))
      const origin = originOf(deps, request)
      return {
        items: items.map((a) => articleSummaryJson(origin, a, media)),
        page: query.page,
        per_page: limit,
        total: found.total,
        links: pageLinks(`${origin}/api/v1/articles`, listQueryOf(request, query), query.page, limit, found.total),
      }
    },
  )

  app.get(
    '/articles/:id',
    {
      schema: {
        summary: 'One published story, in full',
        tags: ['articles'],
        params: requestSchema(app, idParams),
        response: { 200: responseSchema(app, articleDetail, 'The story'), ...notModified, ...errorResponses(app) },
      },
    },
    async (request, reply) => {
      const id = Number((request.params as { id: string }).id)
      const article = id <= 2_147_483_647 ? await findPublishedArticle(deps.db, id) : undefined
      if (!article) throw new AppError('ARTICLE_NOT_FOUND', 404, 'api.error.articleNotFound')
      const [corrections, media] = await Promise.all([listCorrections(deps.db, article.id), mediaById(deps.db, [article.featuredMediaId])])
      // Corrections change what is shown without touching the article row.
      const changed = [article.updatedAt, ...corrections.map((c) => c.createdAt)].reduce((a, b) => (a > b ? a : b))
      reply.header('last-modified', new Date(changed).toUTCString())
      return articleDetailJson(originOf(deps, request), article, corrections, media)
    },
  )
}

