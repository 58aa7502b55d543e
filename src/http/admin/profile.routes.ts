import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { totpUri } from '../../modules/auth/totp.js'
import { beginTotpSetup, changeOwnPassword, confirmTotpSetup, disableTotp, profileSchema, updateOwnProfile } from '../../modules/users/profile.service.js'
import { findUserById } from '../../modules/users/users.repository.js'
import { ProfilePage, type ProfileField, type ProfileValues } from '../../views/admin/profile-page.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { assertCsrf, staffOf } from './guard.js'
import { adminUserOf } from './staff-view.js'

const formOf = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
const text = (value: unknown) => (typeof value === 'string' ? value : '')

/**
 * The QR code of an otpauth:// URI as a data: URI of an SVG image. An <img> never runs script
 * inside an SVG, and the CSP allows data: images; so no raw markup reaches the page.
 */
async function qrDataUri(uri: string): Promise<string> {
  // Loaded on first use: only two-step set-up draws a QR code.
  const { default: QRCode } = await import('qrcode')
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

/** /newsroom/profile: every staff member's own name, bio, password and two-step sign-in. */
export async function profileRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  async function render(request: FastifyRequest, reply: FastifyReply, status: number, { values, errors, notice }: { values?: ProfileValues; errors?: Partial<Record<ProfileField, string>>; notice?: string } = {}) {
    const staff = staffOf(request)
    const user = await findUserById(deps.db, staff.user.id)
    if (!user) throw new AppError('USER_NOT_FOUND', 404, 'error.notFound.title')
    const setup =
      user.totp_enabled !== 1 && user.totp_secret
        ? { secret: user.totp_secret, qrDataUri: await qrDataUri(await totpUri(deps.frame().settings.name, user.email, user.totp_secret)) }
        : undefined
    const ctx = viewContext(deps, assets, request, locale(request))
    const page = h(ProfilePage, {
      ctx,
      csrfToken: staff.csrfToken,
      user: adminUserOf(staff),
      email: user.email,
      values: values ?? { name: user.name, bio: user.bio },
      errors,
      notice,
      twoFactor: { enabled: user.totp_enabled === 1, setup },
    })
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  }

  /** Contract errors of the password and code forms become a message on the field. */
  async function withFieldError(request: FastifyRequest, reply: FastifyReply, field: ProfileField, work: () => Promise<FastifyReply>) {
    try {
      return await work()
    } catch (error) {
      if (error instanceof AppError && error.status >= 400 && error.status < 500 && error.code !== 'CSRF_INVALID') {
        return render(request, reply, error.status, { errors: { [field]: t(error.messageKey, error.vars, locale(request)) } })
      }
      throw error
    }
  }

  app.get('/newsroom/profile', async (request, reply) => {
    const done = (request.query as { done?: unknown }).done
    const notices = { profile: 'profile.saved', password: 'profile.password.saved', enabled: 'twofa.enabled', disabled: 'twofa.disabled' } as const
    const notice = typeof done === 'string' && done in notices ? t(notices[done as keyof typeof notices], {}, locale(request)) : undefined
    return render(request, reply, 200, { notice })
  })

  app.post('/newsroom/profile', async (request, reply) => {
    const body = formOf(request)
    assertCsrf(request, body._csrf)
    const values: ProfileValues = { name: text(body.name), bio: text(body.bio) }
    const parsed = profileSchema.safeParse(values)
    if (!parsed.success) {
      const errors: Partial<Record<ProfileField, string>> = {}
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'name') errors.name = t('profile.error.name', {}, locale(request))
        if (issue.path[0] === 'bio') errors.bio = t('profile.error.bio', {}, locale(request))
      }
      return render(request, reply, 422, { values, errors })
    }
    await updateOwnProfile(deps.db, staffOf(request).user.id, parsed.data, deps.clock.now())
    // Author pages show the name and bio.
    deps.events.changed()
    return reply.redirect('/newsroom/profile?done=profile', 303)
  })

  app.post('/newsroom/profile/password', async (request, reply) => {
    const body = formOf(request)
    assertCsrf(request, body._csrf)
    const staff = staffOf(request)
    const current = text(body.current)
    if (!current) return render(request, reply, 422, { errors: { current: t('profile.error.currentPassword', {}, locale(request)) } })
    return withFieldError(request, reply, 'password', async () => {
      try {
        await changeOwnPassword(deps.db, staff.user.id, { current, next: text(body.password), keepSessionId: staff.sessionId }, deps.clock.now())
      } catch (error) {
        if (error instanceof AppError && error.code === 'PASSWORD_WRONG') return render(request, reply, 422, { errors: { current: t(error.messageKey, {}, locale(request)) } })
        throw error
      }
      return reply.redirect('/newsroom/profile?done=password', 303)
    })
  })

  app.post('/newsroom/profile/2fa/setup', async (request, reply) => {
    assertCsrf(request, formOf(request)._csrf)
    return withFieldError(request, reply, 'code', async () => {
      await beginTotpSetup(deps.db, staffOf(request).user.id, deps.clock.now())
      return reply.redirect('/newsroom/profile#twofa-title', 303)
    })
  })

  app.post('/newsroom/profile/2fa/confirm', async (request, reply) => {
    const body = formOf(request)
    assertCsrf(request, body._csrf)
    return withFieldError(request, reply, 'code', async () => {
      await confirmTotpSetup(deps.db, staffOf(request).user.id, text(body.code), deps.clock.now())
      return reply.redirect('/newsroom/profile?done=enabled', 303)
    })
  })

  app.post('/newsroom/profile/2fa/disable', async (request, reply) => {
    const body = formOf(request)
    assertCsrf(request, body._csrf)
    return withFieldError(request, reply, 'code', async () => {
      await disableTotp(deps.db, staffOf(request).user.id, text(body.code), deps.clock.now())
      return reply.redirect('/newsroom/profile?done=disabled', 303)
    })
  })
}
