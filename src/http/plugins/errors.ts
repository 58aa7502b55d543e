import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { h } from 'preact'
import type { Deps } from '../../container.js'
import { pickLocale, t, type MessageKey, type MessageVars } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { findRedirect } from '../../modules/redirects/redirects.repository.js'
import { renderDocument } from '../../views/render.js'
import { ErrorPage } from '../../views/site/error-page.js'
import { viewContext } from '../view-context.js'
import type { Assets } from './assets.js'
import { securityHeaders } from './security-headers.js'

/** Maps errors to a status, a message key with its placeholders' values, and a code; framework ones (parsing, limits, validation) too. */
function classify(error: FastifyError): { status: number; key: MessageKey; code: string; vars?: MessageVars } {
  if (error instanceof AppError) return { status: error.status, key: error.messageKey, code: error.code, vars: error.vars }
  const status = error.statusCode ?? 500
  if (status === 413) return { status, key: 'error.payloadTooLarge', code: 'PAYLOAD_TOO_LARGE' }
  if (status === 415) return { status, key: 'error.unsupportedMedia', code: 'UNSUPPORTED_MEDIA_TYPE' }
  if (status === 429) return { status, key: 'error.tooMany', code: 'RATE_LIMITED' }
  if (error.validation) return { status: 400, key: 'error.validation', code: 'VALIDATION_FAILED' }
  if (status >= 400 && status < 500) return { status, key: 'error.badRequest.body', code: error.code ?? 'BAD_REQUEST' }
  return { status: 500, key: 'error.server.body', code: 'INTERNAL' }
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json')
}

/** Sends an error as JSON (API) or as the Arabic error page (everything else); `vars` fill the message's placeholders. */
export function sendError(deps: Deps, assets: Assets, request: FastifyRequest, reply: FastifyReply, status: number, key: MessageKey, code: string, vars: MessageVars = {}) {
  const locale = pickLocale(request.query, request.headers['accept-language'])
  // Router failures (frameworkErrors) answer before any onRequest hook has set these.
  reply.headers(securityHeaders(deps.config.tls))
  reply.code(status).header('cache-control', 'no-store')
  if (wantsJson(request)) {
    return reply.send({ error: { code, message: t(key, vars, locale), message_ar: t(key, vars, 'ar'), message_en: t(key, vars, 'en') } })
  }
  const ctx = viewContext(deps, assets, request, locale)
  const message = key.endsWith('.title') ? undefined : t(key, vars, locale)
  return reply.type('text/html; charset=utf-8').send(renderDocument(h(ErrorPage, { ctx, status, message })))
}

/**
 * One error handler for the whole app: contract errors (AppError) keep their status and
 * message; framework 4xx become clear messages; anything else is a logged 500 that leaks nothing.
 * Unknown paths consult the redirects table (301/410) before answering 404.
 */
export const errorHandling = fp(async (app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) => {
  // URLs no page can have, refused before any route or database sees them: a NUL byte (which
  // PostgreSQL rejects in text, so it would surface as a 500) and a path starting with "//"
  // (protocol-relative; the router would otherwise serve it as the home page).
  app.addHook('onRequest', async (request, reply) => {
    if (/%00/i.test(request.url)) return sendError(deps, assets, request, reply, 400, 'error.badEncoding', 'BAD_URL')
    if (request.url.startsWith('//')) return sendError(deps, assets, request, reply, 404, 'error.notFound.title', 'NOT_FOUND')
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, key, code, vars } = classify(error)
    if (status >= 500) request.log.error({ err: error, url: request.url }, 'request failed')
    return sendError(deps, assets, request, reply, status, key, code, vars)
  })

  app.setNotFoundHandler(async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      const path = request.url.split('?')[0]!
      if (path.length <= 2000) {
        const decoded = safeDecode(path) ?? path
        // Old WordPress links end in a slash; a shared copy often lost it.
        const redirect = (await findRedirect(deps.db, decoded)) ?? (decoded.endsWith('/') ? undefined : await findRedirect(deps.db, `${decoded}/`))
        if (redirect?.statusCode === 410) return sendError(deps, assets, request, reply, 410, 'error.gone.title', 'GONE')
        if (redirect?.toPath) return reply.code(301).header('cache-control', 'public, max-age=3600').redirect(encodeNonAscii(redirect.toPath), 301)
      }
    }
    return sendError(deps, assets, request, reply, 404, 'error.notFound.title', 'NOT_FOUND')
  })
})

/** A stored path fit for a Location header: imported targets may hold raw Arabic or spaces. */
function encodeNonAscii(path: string): string {
  return path.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run))
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s).normalize('NFC')
  } catch {
    return undefined
  }
}
