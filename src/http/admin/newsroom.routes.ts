import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { z } from 'zod'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { countArticlesByStatus, listRecentlyChanged } from '../../modules/articles/articles.repository.js'
import { resolveSession, signIn, signOut } from '../../modules/auth/auth.service.js'
import type { SessionUser } from '../../modules/auth/sessions.repository.js'
import { DashboardPage } from '../../views/admin/dashboard-page.js'
import { LoginPage, type LoginForm } from '../../views/admin/login-page.js'
import { paths } from '../../views/paths.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { sameToken } from './csrf.js'
import { adminUserOf } from './staff-view.js'
import { commentSettingsRoutes } from './comment-settings.routes.js'
import { commentModerationRoutes } from './comments.routes.js'
import { auditRoutes } from './audit.routes.js'
import { taxonomyRoutes } from './taxonomy.routes.js'
import { accountLinkRoutes } from './account-links.routes.js'
import { profileRoutes } from './profile.routes.js'
import { setPendingCookie } from './public-forms.js'
import { siteSettingsRoutes } from './site-settings.routes.js'
import { twoFactorRoutes } from './two-factor.routes.js'
import { usersRoutes } from './users.routes.js'
import { mediaRoutes } from './media.routes.js'
import { articleRoutes } from './articles.routes.js'
import { apiKeysRoutes } from './api-keys.routes.js'
import { syncArticleMedia } from '../../modules/media/media.service.js'

export const SESSION_COOKIE = 'sahifa_session'
export const LOGIN_CSRF_COOKIE = 'sahifa_login_csrf'

declare module 'fastify' {
  interface FastifyRequest {
    staff?: SessionUser
  }
}

const loginBody = z.object({
  email: z.string().max(1000).default(''),
  password: z.string().max(1000).default(''),
  _csrf: z.string().max(200).default(''),
  next: z.string().max(2000).optional(),
})


/**
 * Only local newsroom paths are valid post-login destinations (no open redirect). Printable
 * ASCII only: the value becomes a Location header, where raw Arabic or control characters
 * would make Node throw (a 500); the paths we hand out are percent-encoded anyway.
 */
function safeNext(next: string | undefined): string {
  return next && /^\/newsroom(\/[\x21-\x5b\x5d-\x7e]*)?$/.test(next) ? next : paths.newsroom()
}

/**
 * The newsroom: sign-in, sign-out and (behind the session) the dashboard. Every state-changing
 * form carries a CSRF token: the session's for signed-in users, a cookie-bound one for sign-in.
 */
export async function newsroomRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const secure = deps.config.tls
  const cookieBase = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure }
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow')
    request.staff = await resolveSession(deps.db, request.cookies[SESSION_COOKIE], deps.clock.now())
  })

  function renderLogin(request: FastifyRequest, reply: FastifyReply, status: number, form: LoginForm) {
    let token = request.cookies[LOGIN_CSRF_COOKIE]
    if (!token || token.length !== 32) {
      token = randomBytes(24).toString('base64url')
      reply.setCookie(LOGIN_CSRF_COOKIE, token, { ...cookieBase, path: '/newsroom', maxAge: 3600 * 4 })
    }
    const ctx = viewContext(deps, assets, request, locale(request))
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(h(LoginPage, { ctx, csrfToken: token, form })))
  }

  app.get('/newsroom/login', async (request, reply) => {
    if (request.staff) return reply.redirect(paths.newsroom(), 303)
    const q = request.query as { next?: unknown; expired?: unknown; out?: unknown }
    const lang = locale(request)
    const notice = q.expired === '1' ? t('login.expired', {}, lang) : q.out === '1' ? t('login.signedOut', {}, lang) : undefined
    return renderLogin(request, reply, 200, { email: '', notice, next: typeof q.next === 'string' ? safeNext(q.next) : undefined })
  })

  app.post('/newsroom/login', { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request, reply) => {
    const parsed = loginBody.safeParse(request.body ?? {})
    const lang = locale(request)
    if (!parsed.success) return renderLogin(request, reply, 400, { email: '', error: t('error.validation', {}, lang) })
    const body = parsed.data
    const email = body.email.trim()
    const form: LoginForm = { email, next: body.next ? safeNext(body.next) : undefined }
    if (!sameToken(body._csrf, request.cookies[LOGIN_CSRF_COOKIE])) {
      return renderLogin(request, reply, 403, { ...form, error: t('error.csrf', {}, lang) })
    }
    const fieldErrors: LoginForm['fieldErrors'] = {}
    if (!email) fieldErrors.email = t('login.emailRequired', {}, lang)
    else if (!z.string().email().safeParse(email).success) fieldErrors.email = t('login.emailInvalid', {}, lang)
    if (!body.password) fieldErrors.password = t('login.passwordRequired', {}, lang)
    if (fieldErrors.email || fieldErrors.password) return renderLogin(request, reply, 422, { ...form, fieldErrors, error: t('error.validation', {}, lang) })
    try {
      const result = await signIn(
        deps.db,
        { email, password: body.password, ip: request.ip },
        { sessionDays: deps.config.sessionDays, maxAttempts: deps.config.login.maxAttempts, windowMinutes: deps.config.login.windowMinutes, secret: deps.secret },
        deps.clock.now(),
      )
      if (result.kind === 'twoFactor') {
        // The password was right; no session until the code step (/newsroom/login/2fa) succeeds.
        setPendingCookie(reply, deps, result)
        return reply.redirect(`/newsroom/login/2fa${body.next ? `?next=${encodeURIComponent(safeNext(body.next))}` : ''}`, 303)
      }
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieBase, expires: result.expiresAt })
      reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/newsroom' })
      return reply.redirect(safeNext(body.next), 303)
    } catch (error) {
      if (error instanceof AppError && error.code.startsWith('LOGIN_')) {
        if (error.status === 429) reply.header('retry-after', String(deps.config.login.windowMinutes * 60))
        return renderLogin(request, reply, error.status, { ...form, error: t(error.messageKey, error.vars, lang) })
      }
      throw error
    }
  })

  app.post('/newsroom/logout', async (request, reply) => {
    const body = (request.body ?? {}) as { _csrf?: unknown }
    const token = request.cookies[SESSION_COOKIE]
    if (!request.staff || !token) return reply.redirect(paths.login(), 303)
    if (!sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, request.staff.csrfToken)) {
      throw new AppError('CSRF_INVALID', 403, 'error.csrf')
    }
    await signOut(deps.db, token)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect(`${paths.login()}?out=1`, 303)
  })

  // Session-less forms: the sign-in code step and one-time invite/reset links.
  const publicForms = { deps, assets, cookies: { session: SESSION_COOKIE, loginCsrf: LOGIN_CSRF_COOKIE }, safeNext }
  await app.register(twoFactorRoutes, publicForms)
  await app.register(accountLinkRoutes, publicForms)

  // Everything else under /newsroom needs a session.
  app.register(async (secured) => {
    secured.addHook('onRequest', async (request, reply) => {
      if (request.staff) return
      const hadCookie = Boolean(request.cookies[SESSION_COOKIE])
      if (hadCookie) reply.clearCookie(SESSION_COOKIE, { path: '/' })
      const next = encodeURIComponent(request.url.split('?')[0]!)
      return reply.redirect(`${paths.login()}?next=${next}${hadCookie ? '&expired=1' : ''}`, 302)
    })

    secured.get('/newsroom', async (request, reply) => {
      const staff = request.staff!
      // Moderators moderate and nothing else: their newsroom is the comment queue.
      if (staff.user.role === 'moderator') return reply.redirect('/newsroom/comments', 303)
      const [counts, recent] = await Promise.all([countArticlesByStatus(deps.db), listRecentlyChanged(deps.db, 8)])
      const ctx = viewContext(deps, assets, request, locale(request))
      return reply
        .type('text/html; charset=utf-8')
        .send(renderDocument(h(DashboardPage, { ctx, csrfToken: staff.csrfToken, data: { user: adminUserOf(staff), counts, recent } })))
    })

    await secured.register(articleRoutes, { deps, assets, editorial: { db: deps.db, events: deps.events, onSaved: syncArticleMedia } })
    await secured.register(commentModerationRoutes, { deps, assets })
    await secured.register(taxonomyRoutes, { deps, assets })
    await secured.register(auditRoutes, { deps, assets })
    await secured.register(mediaRoutes, { deps, assets })
    await secured.register(commentSettingsRoutes, { deps, assets })
    await secured.register(usersRoutes, { deps, assets })
    await secured.register(profileRoutes, { deps, assets })
    await secured.register(siteSettingsRoutes, { deps, assets })
    await secured.register(apiKeysRoutes, { deps, assets })
  })
}
