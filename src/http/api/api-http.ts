import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../../container.js'
import { AppError } from '../../lib/errors.js'
import { authenticateApiKey } from '../../modules/api/api-keys.service.js'
import type { ApiKeyIdentity } from '../../modules/api/api-keys.repository.js'
import { isNotModified } from '../site/page-cache.js'

/**
 * The content API's HTTP manners: read-only keys, caching validators (ETag, Last-Modified, 304)
 * and Cache-Control. Hooks for the API scope (api.plugin.ts).
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key this request carries, once checked (null: none). */
    apiKey: ApiKeyIdentity | null
    /** Why the request is refused (bad key, or none while the API is private), raised after rate limiting. */
    apiRefusal: AppError | null
  }
}

/** Responses with no key may be kept by browsers and shared caches (CDN) this long. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60'
/** While the API is private, or for keyed requests: only the client's own cache. */
export const PRIVATE_CACHE_CONTROL = 'private, max-age=60'

const REALM = 'Bearer realm="sahifa-api"'

/** The key a request presents: `X-Api-Key`, else `Authorization: Bearer …` (other schemes are not ours and are ignored). */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key']
  if (typeof header === 'string') return header.trim()
  if (Array.isArray(header)) return header[0]?.trim() ?? ''
  const auth = request.headers.authorization
  const match = typeof auth === 'string' ? /^Bearer\s+(.*)$/i.exec(auth) : null
  return match ? match[1]!.trim() : undefined
}

/**
 * onRequest: checks the key a request carries. A bad or revoked key is refused (401) even when
 * the API is public: a client should learn its key stopped working. Without a key, the request
 * is refused only while the site setting `apiPublic` is off, except for `open` paths (the API's
 * description). The refusal is raised by `enforceApiAccess`, after the rate limit has counted the
 * request, so guessing keys is limited like any other request.
 */
export function checkApiKey(deps: Deps, open: (request: FastifyRequest) => boolean) {
  return async (request: FastifyRequest) => {
    request.apiKey = null
    request.apiRefusal = null
    if (request.method === 'OPTIONS') return
    const presented = presentedKey(request)
    if (presented !== undefined) {
      const key = await authenticateApiKey(deps.db, presented, deps.clock.now())
      if (key) request.apiKey = key
      else request.apiRefusal = new AppError('API_KEY_INVALID', 401, 'api.error.keyInvalid')
      return
    }
    if (!deps.frame().settings.apiPublic && !open(request)) request.apiRefusal = new AppError('API_KEY_REQUIRED', 401, 'api.error.keyRequired')
  }
}

/** onRequest, after the rate limit: throws the refusal `checkApiKey` decided on, with its WWW-Authenticate challenge. */
export async function enforceApiAccess(request: FastifyRequest, reply: FastifyReply) {
  const refusal = request.apiRefusal
  if (!refusal) return
  reply.header('www-authenticate', refusal.code === 'API_KEY_INVALID' ? `${REALM}, error="invalid_token"` : REALM)
  throw refusal
}

/** The rate-limit bucket of a request: its key, else its IP. */
export function rateLimitKey(request: FastifyRequest): string {
  return request.apiKey ? `api-key:${request.apiKey.id}` : `api-ip:${request.ip}`
}

/** A strong entity tag of a response body. */
export function entityTag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
}

/**
 * onSend for every successful GET/HEAD: an ETag of the body, Cache-Control for the tier
 * (public without a key while the API is public; private otherwise), and 304 with no body when
 * the client's copy is current (If-None-Match; else If-Modified-Since when the route set a
 * Last-Modified). Errors keep their own no-store.
 */
export function conditionalGet(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
    const etag = entityTag(payload)
    reply.header('etag', etag)
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', request.apiKey || !deps.frame().settings.apiPublic ? PRIVATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL)
    const lastModified = reply.getHeader('last-modified')
    const lastModifiedSeconds = typeof lastModified === 'string' ? Math.floor(Date.parse(lastModified) / 1000) : Number.POSITIVE_INFINITY
    if (isNotModified(request.headers, etag, lastModifiedSeconds)) {
      reply.code(304).removeHeader('content-type').removeHeader('content-length')
      return null
    }
    return payload
  }
}
