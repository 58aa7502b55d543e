import type { FastifyInstance } from 'fastify'
import type { z } from 'zod/v4'
import type { Deps } from '../../container.js'
import { AppError } from '../../lib/errors.js'
import { findPublishedAuthor, listPublishedAuthors } from '../../modules/api/api.repository.js'
import { originOf } from '../view-context.js'
import { errorResponses, listQueryOf, mediaById, notModified, pageQuerySchema } from './api-routes.js'
import { responseSchema, requestSchema } from './api-schema.js'
import { author, pageOf, pageQuery, slugParams } from './api.schemas.js'
import { authorJson, pageLinks } from './api.presenters.js'

/**
 * GET /api/v1/authors and /authors/{slug}: the writers credited on published stories, with name,
 * slug, bio and photo (never an email or anything else of the account).
 */
export async function authorApiRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  app.get(
    '/authors',
    {
      schema: {
        summary: 'Writers of published stories, by name',
        tags: ['authors'],
        querystring: pageQuerySchema(app),
        response: { 200: responseSchema(app, pageOf(author), 'One page of writers'), ...notModified, ...errorResponses(app) },
      },
    },
    async (request) => {
      const query = request.query as z.output<typeof pageQuery>
      const { items, total } = await listPublishedAuthors(deps.db, { limit: query.per_page, offset: (query.page - 1) * query.per_page })
      const media = await mediaById(deps.db, items.map((a) => a.photoMediaId))
      const origin = originOf(deps, request)
      return {
        items: items.map((a) => authorJson(origin, a, media)),
        page: query.page,
        per_page: query.per_page,
        total,
        links: pageLinks(`${origin}/api/v1/authors`, listQueryOf(request, query), query.page, query.per_page, total),
      }
    },
  )

  app.get(
    '/authors/:slug',
    {
      schema: {
        summary: 'One writer',
        description: 'Their stories: /api/v1/articles?author={slug}.',
        tags: ['authors'],
        params: requestSchema(app, slugParams),
        response: { 200: responseSchema(app, author, 'The writer'), ...notModified, ...errorResponses(app) },
      },
    },
    async (request) => {
      const found = await findPublishedAuthor(deps.db, (request.params as z.output<typeof slugParams>).slug.normalize('NFC'))
      if (!found) throw new AppError('AUTHOR_NOT_FOUND', 404, 'api.error.authorNotFound')
      return authorJson(originOf(deps, request), found, await mediaById(deps.db, [found.photoMediaId]))
    },
  )
}
