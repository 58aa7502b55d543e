import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pickLocale, t, type MessageKey, type MessageVars } from '../../i18n/index.js'

/**
 * Sends an error as JSON in the shape the app's error handler uses for the API (plugins/errors.ts):
 * `{ error: { code, message, message_ar, message_en } }`, the message in the reader's language
 * (`?lang=en` or Accept-Language, Arabic by default); the message names the parameter at fault.
 * Never cached.
 */
export function sendJsonError(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { status: number; code: string; key: MessageKey; vars?: MessageVars },
) {
  const locale = pickLocale(request.query, request.headers['accept-language'])
  const vars = problem.vars ?? {}
  return reply
    .code(problem.status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code: problem.code,
        message: t(problem.key, vars, locale),
        message_ar: t(problem.key, vars, 'ar'),
        message_en: t(problem.key, vars, 'en'),
      },
    })
}

/**
 * A route error handler for JSON endpoints outside /api/ (the type-ahead): the app's one error
 * handler answers JSON to whoever asks for it, and these routes always ask (the rate limit's
 * 429 included), whatever the client's Accept header says.
 */
export function alwaysJsonErrors(app: FastifyInstance) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    request.headers.accept = 'application/json'
    return app.errorHandler(error, request, reply)
  }
}
