import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { completeTwoFactorSignIn, readPendingSignIn } from '../../modules/auth/auth.service.js'
import { TwoFactorPage } from '../../views/admin/two-factor-page.js'
import { renderDocument } from '../../views/render.js'
import { viewContext } from '../view-context.js'
import { sameToken } from './csrf.js'
import { cookieBaseFor, publicCsrfToken, TWO_FACTOR_COOKIE, type PublicFormOptions } from './public-forms.js'

const codeBody = z.object({
  code: z.string().max(20).default(''),
  _csrf: z.string().max(200).default(''),
  next: z.string().max(2000).optional(),
})

/**
 * /newsroom/login/2fa: the second sign-in step for accounts with two-step sign-in. Only a
 * valid pending cookie (a right password within 5 minutes) opens it; only a right code makes
 * a session. Wrong codes count toward the sign-in throttle.
 */
export async function twoFactorRoutes(app: FastifyInstance, options: PublicFormOptions) {
  const { deps, assets, cookies, safeNext } = options
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  function render(request: FastifyRequest, reply: FastifyReply, status: number, { error, next, expired = false }: { error?: string; next?: string; expired?: boolean }) {
    const ctx = viewContext(deps, assets, request, locale(request))
    const page = h(TwoFactorPage, { ctx, csrfToken: publicCsrfToken(request, reply, options), error, next, expired })
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  }

  const expired = (request: FastifyRequest, reply: FastifyReply) => {
    reply.clearCookie(TWO_FACTOR_COOKIE, { path: '/newsroom/login' })
    return render(request, reply, 401, { error: t('twofa.pendingExpired', {}, locale(request)), expired: true })
  }

  app.get('/newsroom/login/2fa', async (request, reply) => {
    if (readPendingSignIn(deps.secret, request.cookies[TWO_FACTOR_COOKIE], deps.clock.now()) === undefined) return expired(request, reply)
    const next = (request.query as { next?: unknown }).next
    return render(request, reply, 200, { next: typeof next === 'string' ? safeNext(next) : undefined })
  })

  app.post('/newsroom/login/2fa', { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const parsed = codeBody.safeParse(request.body ?? {})
    const lang = locale(request)
    if (!parsed.success) return render(request, reply, 400, { error: t('error.validation', {}, lang) })
    const { code, _csrf, next } = parsed.data
    const kept = next ? safeNext(next) : undefined
    if (!sameToken(_csrf, request.cookies[cookies.loginCsrf])) return render(request, reply, 403, { error: t('error.csrf', {}, lang), next: kept })
    try {
      const session = await completeTwoFactorSignIn(
        deps.db,
        { pending: request.cookies[TWO_FACTOR_COOKIE], code, ip: request.ip },
        { sessionDays: deps.config.sessionDays, maxAttempts: deps.config.login.maxAttempts, windowMinutes: deps.config.login.windowMinutes, secret: deps.secret },
        deps.clock.now(),
      )
      reply.setCookie(cookies.session, session.token, { ...cookieBaseFor(deps), expires: session.expiresAt })
      reply.clearCookie(TWO_FACTOR_COOKIE, { path: '/newsroom/login' })
      reply.clearCookie(cookies.loginCsrf, { path: '/newsroom' })
      return reply.redirect(safeNext(kept), 303)
    } catch (error) {
      if (error instanceof AppError && error.code === 'LOGIN_PENDING_EXPIRED') return expired(request, reply)
      if (error instanceof AppError && error.code.startsWith('LOGIN_')) {
        if (error.status === 429) reply.header('retry-after', String(deps.config.login.windowMinutes * 60))
        return render(request, reply, error.status, { error: t(error.messageKey, error.vars, lang), next: kept })
      }
      throw error
    }
  })
}
