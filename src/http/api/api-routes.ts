import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import type { MediaRow } from '../../db/schema.js'
import { findMediaByIds } from '../../modules/media/media.repository.js'
import { requestSchema, responseSchema } from './api-schema.js'
import { apiError, pageQuery } from './api.schemas.js'

/** Shared pieces of the API's route definitions. */

/** The error answers every route may give, documented with the one error shape. */
export function errorResponses(app: FastifyInstance) {
  const error = (description: string) => responseSchema(app, apiError, description)
  return {
    400: error('A parameter is not valid (the message names it)'),
    401: error('The key is not valid or was revoked, or the API needs a key and none was sent'),
    404: error('Not found, or not published'),
    429: error('Too many requests: wait for the time in Retry-After'),
  }
}

/** The 304 answer to a conditional GET (If-None-Match / If-Modified-Since). */
export const notModified = { 304: { description: 'Not modified: the copy the client holds (ETag) is current', type: 'null' } }

/** Media rows by id for the images a response shows: one query, none without images. */
export async function mediaById(db: Db, ids: ReadonlyArray<number | null | undefined>): Promise<Map<number, MediaRow>> {
  return new Map((await findMediaByIds(db, ids)).map((row) => [row.id, row]))
}

/**
 * The parameters the client sent (as validated, so normalised), without `page`: what every
 * pagination link keeps.
 */
export function listQueryOf(request: FastifyRequest, parsed: Record<string, unknown>): Record<string, string> {
  const url = request.raw.url ?? ''
  const sent = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '')
  const out: Record<string, string> = {}
  // In the client's order, so that `self` is the URL they asked for.
  for (const key of new Set(sent.keys())) {
    const value = parsed[key]
    if (key !== 'page' && Object.hasOwn(parsed, key) && value !== undefined) out[key] = String(value)
  }
  return out
}

/** A paged list's query schema for routes without filters of their own. */
export function pageQuerySchema(app: FastifyInstance) {
  return requestSchema(app, pageQuery)
}
