import cors from '@fastify/cors'
import swagger from '@fastify/swagger'
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { Deps } from '../../container.js'
import { originOf } from '../view-context.js'
import { API_PREFIX } from './api-prefix.js'
import { checkApiKey, conditionalGet, enforceApiAccess, rateLimitKey } from './api-http.js'
import { notModified, errorResponses } from './api-routes.js'
import { registerSharedSchemas, responseSchema, zodValidatorCompiler } from './api-schema.js'
import { apiIndex, categoryNode } from './api.schemas.js'
import { articleApiRoutes } from './articles.routes.js'
import { authorApiRoutes } from './authors.routes.js'
import { taxonomyApiRoutes } from './taxonomy.routes.js'

export { API_PREFIX }
export const API_VERSION = '1.0.0'

/** Paths anyone may read even while the API is private: its index and description. */
const openPaths = new Set([API_PREFIX, `${API_PREFIX}/`, `${API_PREFIX}/openapi.json`])
const isOpenPath = (request: FastifyRequest) => openPaths.has(request.url.split('?')[0]!)

/**
 * The content API, registered with `prefix: '/api/v1'`: read-only JSON of published content.
 * In this scope only: CORS for the configured origins, the OpenAPI document built from the route
 * schemas (GET /api/v1/openapi.json), zod validation of every request, key checks, one rate
 * limit per key or IP across all routes, and ETag/304 with Cache-Control on every GET.
 * Routes of other files (e.g. search) join by being registered in `routes` (see app.ts).
 */
export async function apiPlugin(app: FastifyInstance, { deps, routes = [] }: { deps: Deps; routes?: Array<(app: FastifyInstance, options: { deps: Deps }) => Promise<void>> }) {
  const origins = deps.config.api.corsOrigins
  if (origins.length > 0) {
    await app.register(cors, {
      origin: origins.includes('*') ? '*' : origins,
      methods: ['GET', 'HEAD', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'X-Api-Key', 'If-None-Match', 'If-Modified-Since', 'Accept', 'Accept-Language'],
      exposedHeaders: ['ETag', 'Link', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
      credentials: false,
      maxAge: 600,
    })
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sahifa content API',
        version: API_VERSION,
        description:
          'Read-only JSON of the published stories, sections, tags and writers. Without a key while the site keeps the API public; with a read-only key (made by an admin in the newsroom) otherwise, and for a higher rate limit. Every GET answers with an ETag and 304 to If-None-Match. Errors: { error: { code, message, message_ar, message_en } }.',
      },
      components: {
        securitySchemes: {
          bearerKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key>' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      // A key is optional while the API is public: no security, or either way of sending one.
      security: [{}, { bearerKey: [] }, { apiKeyHeader: [] }],
      tags: [
        { name: 'articles', description: 'Published stories' },
        { name: 'taxonomy', description: 'Sections and tags' },
        { name: 'authors', description: 'Writers' },
      ],
    },
    // Shared schemas (the section tree) under their own names in components.schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  })
  app.setValidatorCompiler(zodValidatorCompiler)
  registerSharedSchemas(app, [categoryNode])

  app.decorateRequest('apiKey', null)
  app.decorateRequest('apiRefusal', null)
  app.addHook('onRequest', checkApiKey(deps, isOpenPath))
  app.addHook(
    'onRequest',
    app.rateLimit({
      timeWindow: 60_000,
      max: (request: FastifyRequest) => (request.apiKey ? deps.config.api.keyRateLimit : deps.config.api.rateLimit),
      keyGenerator: rateLimitKey,
    }) as unknown as onRequestHookHandler,
  )
  app.addHook('onRequest', enforceApiAccess)
  app.addHook('onSend', conditionalGet(deps))

  app.get(
    '/',
    { schema: { summary: 'Where things are', tags: ['articles'], response: { 200: responseSchema(app, apiIndex, 'The API'), ...notModified, ...errorResponses(app) } } },
    async (request) => {
      const base = `${originOf(deps, request)}${API_PREFIX}`
      return {
        name: deps.frame().settings.name,
        version: API_VERSION,
        documentation: `${base}/openapi.json`,
        resources: { articles: `${base}/articles`, categories: `${base}/categories`, tags: `${base}/tags`, authors: `${base}/authors`, search: `${base}/search` },
      }
    },
  )

  await app.register(articleApiRoutes, { deps })
  await app.register(taxonomyApiRoutes, { deps })
  await app.register(authorApiRoutes, { deps })
  for (const route of routes) await app.register(route, { deps })

  // The document itself is not one of the API's resources: left out of it.
  app.get('/openapi.json', { schema: { hide: true } }, async (request) => ({ ...app.swagger(), servers: [{ url: originOf(deps, request) }] }))
}
