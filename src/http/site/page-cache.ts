import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { CachedPage, RenderCache } from '../render-cache.js'
import { hasPersonalCookies } from './comment-cookies.js'

/** Public pages may be kept by browsers briefly and by a CDN a little longer, then revalidated. */
export const publicCacheControl = 'public, max-age=30, s-maxage=60, stale-while-revalidate=300'

/**
 * Cache key: the origin the page was rendered for (canonical and og:url links carry it) and the
 * URL as requested (path and query). Keying by URL alone would let one request with a forged
 * Host header put that host into the page every reader gets.
 */
export function cacheKey(origin: string, url: string): string {
  return origin + url
}

/** True when a gzip coding is acceptable (`gzip`, `gzip;q=0.5`, `*`; not `gzip;q=0`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false
  if (!acceptEncoding.includes('q=')) return /\bgzip\b|\*/.test(acceptEncoding)
  let star = false
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const acceptable = q === undefined || Number(q.slice(2)) > 0
    if (coding.trim() === 'gzip') return acceptable
    if (coding.trim() === '*') star = acceptable
  }
  return star
}

/**
 * Whether the client's copy is current: If-None-Match (weak comparison, `*`, lists) when
 * present, otherwise If-Modified-Since against Last-Modified (whole seconds).
 */
/** The opaque part of an entity tag: If-None-Match compares weakly (W/ ignored on both sides). */
const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag)

export function isNotModified(headers: IncomingHttpHeaders, etag: string, lastModifiedSeconds: number): boolean {
  const inm = headers['if-none-match']
  if (inm !== undefined) {
    if (inm === etag) return true
    for (const part of inm.split(',')) {
      const tag = part.trim()
      if (tag === '*' || opaque(tag) === opaque(etag)) return true
    }
    return false
  }
  const ims = headers['if-modified-since']
  if (ims === undefined) return false
  const since = Date.parse(ims)
  return !Number.isNaN(since) && Math.floor(since / 1000) >= lastModifiedSeconds
}

/** The representation to send: gzip when the client accepts it and the page is big enough. */
function variantOf(page: CachedPage, acceptEncoding: string | undefined) {
  return (acceptsGzip(acceptEncoding) && page.gzip()) || page
}

/** Sends a cached/rendered page through Fastify, answering 304 when the client already has it. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
  const variant = variantOf(page, request.headers['accept-encoding'])
  if (isNotModified(request.headers, variant.etag, page.lastModifiedSeconds)) {
    return reply.headers(notModifiedHeaders(variant.headers)).code(304).send()
  }
  return reply.headers(variant.headers).code(page.status).send(variant.body)
}

/** A 304 carries the validators, caching and security headers, but no body headers. */
function notModifiedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const { 'content-type': _type, 'content-length': _length, 'content-encoding': _encoding, ...rest } = headers
  return rest
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The render cache generation when this request arrived (see RenderCache.store). */
    renderGeneration: number
  }
}

/**
 * Serves cache hits from the site's first onRequest hook (for requests that reach Fastify:
 * inject() in tests, and servers where the fast path is off), and notes the cache generation
 * for the render that follows a miss.
 */
export function servePagesFromCache(app: FastifyInstance, cache: RenderCache, originOf: (request: FastifyRequest) => string) {
  app.decorateRequest('renderGeneration', 0)
  app.addHook('onRequest', async (request, reply) => {
    request.renderGeneration = cache.generation
    if (!cache.enabled || (request.method !== 'GET' && request.method !== 'HEAD') || hasPersonalCookies(request.headers.cookie)) return
    const hit = cache.get(cacheKey(originOf(request), request.url))
    if (hit) return sendPage(request, reply, hit)
  })
}

/**
 * The cheapest way to answer a cache hit: straight on Node's request, before Fastify builds its
 * request, reply, logger and hook chain (about twice the throughput of the onRequest hook).
 * Answers GET/HEAD for URLs in the cache with exactly what the Fastify path sends (security
 * headers included: they are baked into each entry), 304 included; returns false for anything
 * else, which then goes to Fastify. `originOf` maps the Host header to the origin pages were
 * rendered for, as the routes do.
 */
export function cacheFastPath(cache: RenderCache, originOf: (host: string | undefined) => string): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const method = req.method
    if ((method !== 'GET' && method !== 'HEAD') || hasPersonalCookies(req.headers.cookie)) return false
    const page = cache.get(cacheKey(originOf(req.headers.host), req.url ?? '/'))
    if (!page) return false
    const variant = variantOf(page, req.headers['accept-encoding'])
    if (isNotModified(req.headers, variant.etag, page.lastModifiedSeconds)) {
      res.writeHead(304, notModifiedHeaders(variant.headers))
      res.end()
    } else {
      res.writeHead(page.status, variant.headers)
      if (method === 'HEAD') res.end()
      else res.end(variant.body)
    }
    return true
  }
}
