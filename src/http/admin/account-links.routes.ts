import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { createPendingSignIn, startSession } from '../../modules/auth/auth.service.js'
import { MIN_PASSWORD_LENGTH, openLink, setPasswordWithLink } from '../../modules/users/staff.service.js'
import type { TokenPurpose } from '../../modules/users/user-tokens.repository.js'
import { AccountLinkGonePage, AccountLinkPage, type AccountLinkForm } from '../../views/admin/account-link-page.js'
import { paths } from '../../views/paths.js'
import { renderDocument } from '../../views/render.js'
import { viewContext } from '../view-context.js'
import { sameToken } from './csrf.js'
import { cookieBaseFor, publicCsrfToken, setPendingCookie, type PublicFormOptions } from './public-forms.js'

const text = (value: unknown) => (typeof value === 'string' ? value : '')

/**
 * /newsroom/invite/{token} and /newsroom/reset/{token}: one-time links to choose a password,
 * opened without a session (CSRF bound to a cookie like the sign-in form). Success signs the
 * person in (or, with two-step sign-in on, sends them to the code step); spent links answer 410.
 */
export async function accountLinkRoutes(app: FastifyInstance, options: PublicFormOptions) {
  const { deps, assets, cookies } = options
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  function render(request: FastifyRequest, reply: FastifyReply, status: number, form: AccountLinkForm) {
    const ctx = viewContext(deps, assets, request, locale(request))
    const page = h(AccountLinkPage, { ctx, csrfToken: publicCsrfToken(request, reply, options), form })
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  }

  /** Spent, expired or unknown links: a page that says which (410 or 404). */
  function gone(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!(error instanceof AppError) || !error.code.startsWith('LINK_')) throw error
    const ctx = viewContext(deps, assets, request, locale(request))
    return reply.code(error.status).type('text/html; charset=utf-8').send(renderDocument(h(AccountLinkGonePage, { ctx, message: t(error.messageKey, {}, locale(request)) })))
  }

  for (const purpose of ['invite', 'reset'] as const satisfies readonly TokenPurpose[]) {
    const url = `/newsroom/${purpose}/:token`
    const tokenOf = (request: FastifyRequest) => text((request.params as { token?: unknown }).token)

    app.get(url, async (request, reply) => {
      const token = tokenOf(request)
      try {
        const user = await openLink(deps.db, purpose, token, deps.clock.now())
        return render(request, reply, 200, { purpose, email: user.email, action: `/newsroom/${purpose}/${encodeURIComponent(token)}` })
      } catch (error) {
        return gone(request, reply, error)
      }
    })

    app.post(url, { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
      const token = tokenOf(request)
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
      const lang = locale(request)
      const now = deps.clock.now()
      let form: AccountLinkForm
      try {
        const user = await openLink(deps.db, purpose, token, now)
        form = { purpose, email: user.email, action: `/newsroom/${purpose}/${encodeURIComponent(token)}` }
      } catch (error) {
        return gone(request, reply, error)
      }
      if (!sameToken(text(body._csrf), request.cookies[cookies.loginCsrf])) return render(request, reply, 403, { ...form, error: t('error.csrf', {}, lang) })
      const password = text(body.password)
      if (password.length < MIN_PASSWORD_LENGTH || password.length > 500) {
        return render(request, reply, 422, { ...form, fieldErrors: { password: t('users.error.passwordLength', { min: MIN_PASSWORD_LENGTH }, lang) } })
      }
      if (text(body.confirm) !== password) return render(request, reply, 422, { ...form, fieldErrors: { confirm: t('users.error.passwordMismatch', {}, lang) } })
      let user
      try {
        user = await setPasswordWithLink(deps.db, purpose, token, password, now)
      } catch (error) {
        return gone(request, reply, error)
      }
      reply.clearCookie(cookies.loginCsrf, { path: '/newsroom' })
      if (user.totp_enabled === 1 && user.totp_secret) {
        setPendingCookie(reply, deps, createPendingSignIn(deps.secret, user.id, now))
        return reply.redirect('/newsroom/login/2fa', 303)
      }
      const session = await startSession(deps.db, user.id, { sessionDays: deps.config.sessionDays }, now)
      reply.setCookie(cookies.session, session.token, { ...cookieBaseFor(deps), expires: session.expiresAt })
      return reply.redirect(paths.newsroom(), 303)
    })
  }
}
