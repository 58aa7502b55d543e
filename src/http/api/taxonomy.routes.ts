import type { FastifyInstance } from 'fastify'
import type { z } from 'zod/v4'
import type { Deps } from '../../container.js'
import { AppError } from '../../lib/errors.js'
import { findPublishedTag, listPublishedTags } from '../../modules/api/api.repository.js'
import { originOf } from '../view-context.js'
import { errorResponses, listQueryOf, notModified } from './api-routes.js'
import { requestSchema, responseSchema } from './api-schema.js'
import { categoryNode, categoryTree, pageOf, slugParams, tag, tagsQuery } from './api.schemas.js'
import { categoryJson, categoryTreeJson, pageLinks, tagJson } from './api.presenters.js'

/** GET /api/v1/categories (the section tree), /categories/{slug}, /tags (paged) and /tags/{slug}. */
export async function taxonomyApiRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  app.get(
    '/categories',
    {
      schema: {
        summary: 'Every section, as a tree in navigation order',
        tags: ['taxonomy'],
        response: { 200: responseSchema(app, categoryTree, 'The sections'), ...notModified, ...errorResponses(app) },
      },
    },
    async (request) => ({ items: categoryTreeJson(originOf(deps, request), deps.frame().nav) }),
  )

  app.get(
    '/categories/:slug',
    {
      schema: {
        summary: 'One section with its sub-sections',
        description: 'Its stories: /api/v1/articles?category={slug}.',
        tags: ['taxonomy'],
        params: requestSchema(app, slugParams),
        response: { 200: responseSchema(app, categoryNode, 'The section'), ...notModified, ...errorResponses(app) },
      },
    },
    async (request) => {
      const slug = (request.params as z.output<typeof slugParams>).slug.normalize('NFC')
      const nav = deps.frame().nav
      const category = nav.find((c) => c.slug === slug)
      if (!category) throw new AppError('CATEGORY_NOT_FOUND', 404, 'api.error.categoryNotFound')
      return categoryJson(originOf(deps, request), nav, category)
    },
  )

  app.get(
    '/tags',
    {
      schema: {
        summary: 'Tags carried by published stories',
        tags: ['taxonomy'],
        querystring: requestSchema(app, tagsQuery),
        response: { 200: responseSchema(app, pageOf(tag), 'One page of tags'), ...notModified, ...errorResponses(app) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof tagsQuery>
      const { items, total } = await listPublishedTags(deps.db, { sort: query.sort, limit: query.per_page, offset: (query.page - 1) * query.per_page })
      const origin = originOf(deps, request)
      return {
        items: items.map((t) => tagJson(origin, t)),
        page: query.page,
        per_page: query.per_page,
        total,
        links: pageLinks(`${origin}/api/v1/tags`, listQueryOf(request, query), query.page, query.per_page, total),
      }
    },
  )

  app.get(
    '/tags/:slug',
    {
      schema: {
        summary: 'One tag',
        description: 'Its stories: /api/v1/articles?tag={slug}.',
        tags: ['taxonomy'],
        params: requestSchema(app, slugParams),
        response: { 200: responseSchema(app, tag, 'The tag'), ...notModified, ...errorResponses(app) },
      },
    },
    async (request) => {
      const found = await findPublishedTag(deps.db, (request.params as z.output<typeof slugParams>).slug.normalize('NFC'))
      if (!found) throw new AppError('TAG_NOT_FOUND', 404, 'api.error.tagNotFound')
      return tagJson(originOf(deps, request), found)
    },
  )
}
