import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '../../lib/errors.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Parses an `application/x-www-form-urlencoded` body strictly: invalid UTF-8 (raw or
 * percent-encoded) is refused with a 400 instead of being silently replaced by U+FFFD, so what
 * is stored is exactly what the reader typed. Repeated keys become arrays.
 */
export function parseUrlEncoded(body: Buffer): Record<string, string | string[]> {
  const text = utf8.decode(body)
  const out: Record<string, string | string[]> = Object.create(null)
  if (!text) return out
  for (const pair of text.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '))
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '))
    const existing = out[key]
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return out
}

export const formsPlugin = fp(async (app: FastifyInstance, { bodyLimit }: { bodyLimit: number }) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseUrlEncoded(body as Buffer))
    } catch {
      done(new AppError('BAD_ENCODING', 400, 'error.badFormEncoding'), undefined)
    }
  })
})
