import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CachedPage, RenderCache } from '../render-cache.js'

/** Public pages may be kept by browsers briefly and by a CDN a little longer, then revalidated. */
export const publicCacheControl = 'public, max-age=30, s-maxage=60, stale-while-revalidate=300'

/** Sends a cached/rendered page, answering 304 when the client already has it. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  reply.header('etag', page.etag).header('last-modified', page.lastModified).header('cache-control', page.cacheControl).header('vary', 'accept-encoding')
  if (request.headers['if-none-match'] === page.etag) return reply.code(304).send()
  reply.code(page.status).header('content-type', page.contentType)
  if (page.gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    return reply.header('content-encoding', 'gzip').send(page.gzip)
  }
  return reply.send(page.body)
}

/** Cache key: the URL as requested (path and query), for GET/HEAD only. */
export function cacheKey(request: FastifyRequest): string {
  return request.url
}

/** Serves cache hits before any route work: a repeat request costs a map lookup and a write. */
export function servePagesFromCache(app: FastifyInstance, cache: RenderCache) {
  if (!cache.enabled) return
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return
    const hit = cache.get(cacheKey(request))
    if (hit) return sendPage(request, reply, hit)
  })
}
