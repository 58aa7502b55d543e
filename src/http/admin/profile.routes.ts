import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale, type MessageKey } from '../../i18n/index.js'
import { AppError } from '../../lib/errors.js'
import { totpUri } from '../../modules/auth/totp.js'
import { canChooseLibraryPhoto } from '../../modules/media/media.policy.js'
import { tooLargeError, type MediaStore } from '../../modules/media/media.service.js'
import { beginTotpSetup, changeOwnPassword, confirmTotpSetup, disableTotp, profileSchema, saveOwnProfile, type PhotoChange } from '../../modules/users/profile.service.js'
import { findUserById } from '../../modules/users/users.repository.js'
import { ProfilePage, type ProfileField, type ProfileValues } from '../../views/admin/profile-page.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { imagesOf } from '../site/site-images.js'
import { viewContext } from '../view-context.js'
import { assertCsrf, staffOf } from './guard.js'
import { readImageForm, registerImageForms, type FormFile } from './image-form.js'
import { adminUserOf } from './staff-view.js'

const formOf = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
const text = (value: unknown) => (typeof value === 'string' ? value : '')

type FieldErrors = Partial<Record<ProfileField, string>>
const profileFields = ['_csrf', 'name', 'bio', 'photoAlt', 'photoMediaId', 'removePhoto'] as const
/** Where the services' field names show on the profile form (uploads name the file `file`). */
const formFieldOf: Record<string, ProfileField> = { file: 'photo', alt: 'photoAlt', photoMediaId: 'photoMediaId' }

/**
 * The profile form as typed: multipart when the browser sends it (the form has a file input),
 * urlencoded from scripts and older pages (no photo file then).
 */
async function readProfileForm(request: FastifyRequest): Promise<{ fields: Record<string, string>; file?: FormFile }> {
  if (request.isMultipart()) return readImageForm(request, { fileField: 'photo', textFields: profileFields })
  const body = formOf(request)
  return { fields: Object.fromEntries(profileFields.map((name) => [name, text(body[name])])) }
}

/**
 * What the form asks of the photo; a message key per field when that is not well-formed
 * (not a number, or more than one of upload / choose / remove).
 */
function photoChangeOf(values: ProfileValues, file: FormFile | undefined): { change: PhotoChange; errors: Partial<Record<ProfileField, MessageKey>> } {
  const id = values.photoMediaId.trim()
  if ([file !== undefined, id !== '', values.removePhoto].filter(Boolean).length > 1) return { change: { kind: 'keep' }, errors: { photo: 'profile.photo.error.oneChoice' } }
  if (file) return { change: { kind: 'upload', bytes: file.bytes, originalName: file.name, alt: values.photoAlt }, errors: {} }
  if (id) return /^\d{1,10}$/.test(id) ? { change: { kind: 'choose', mediaId: Number(id) }, errors: {} } : { change: { kind: 'keep' }, errors: { photoMediaId: 'profile.photo.error.number' } }
  return { change: values.removePhoto ? { kind: 'remove' } : { kind: 'keep' }, errors: {} }
}

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

/**
 * /newsroom/profile: every staff member's own name, bio, photo, password and two-step sign-in.
 * The profile form is multipart (parsed only in this scope) so it can carry the photo; see
 * media.policy.ts for who may upload and who may choose a library image.
 */
export async function profileRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const store: MediaStore = deps.config.media
  await registerImageForms(app, store.uploadMaxBytes)
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    { values, errors, notice, error }: { values?: ProfileValues; errors?: FieldErrors; notice?: string; error?: string } = {},
  ) {
    const staff = staffOf(request)
    const user = await findUserById(deps.db, staff.user.id)
    if (!user) throw new AppError('USER_NOT_FOUND', 404, 'error.notFound.title')
    const photoId = user.photo_media_id
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
      values: values ?? { name: user.name, bio: user.bio, photoAlt: '', photoMediaId: '', removePhoto: false },
      errors,
      notice,
      error,
      photo: {
        image: photoId === null ? undefined : (await imagesOf(deps.db, [photoId])).get(photoId),
        isSet: photoId !== null,
        canChoose: canChooseLibraryPhoto(staff.user.role),
        maxMb: Math.round(store.uploadMaxBytes / 1024 / 1024),
      },
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
    const { fields, file } = await readProfileForm(request)
    assertCsrf(request, fields._csrf)
    const lang = locale(request)
    const values: ProfileValues = {
      name: fields.name ?? '',
      bio: fields.bio ?? '',
      photoAlt: fields.photoAlt ?? '',
      photoMediaId: fields.photoMediaId ?? '',
      removePhoto: fields.removePhoto === '1',
    }
    // A refused form loses the chosen file (browsers never refill a file input): the banner says so.
    const banner = file ? t('profile.photo.failed', {}, lang) : undefined
    const errors: FieldErrors = {}
    const parsed = profileSchema.safeParse({ name: values.name, bio: values.bio })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'name') errors.name = t('profile.error.name', {}, lang)
        if (issue.path[0] === 'bio') errors.bio = t('profile.error.bio', {}, lang)
      }
    }
    const photo = photoChangeOf(values, file)
    for (const [field, key] of Object.entries(photo.errors)) errors[field as ProfileField] = t(key, {}, lang)
    if (!parsed.success || Object.keys(errors).length > 0) return render(request, reply, 422, { values, errors, error: banner })
    const staff = staffOf(request)
    try {
      if (file?.truncated) throw tooLargeError(store)
      await saveOwnProfile(deps.db, store, { id: staff.user.id, role: staff.user.role }, { profile: parsed.data, photo: photo.change }, deps.clock.now())
    } catch (error) {
      if (!(error instanceof AppError) || error.status < 400 || error.status >= 500) throw error
      const refused: FieldErrors = {}
      for (const [field, key] of Object.entries(error.fields)) if (formFieldOf[field]) refused[formFieldOf[field]] = t(key, error.vars, lang)
      // No field to show it on (or one this role is not shown: choosing from the library): the banner says it.
      const unseen = Object.keys(refused).length === 0 || (error.fields.photoMediaId && !canChooseLibraryPhoto(staff.user.role))
      return render(request, reply, error.status, { values, errors: refused, error: unseen ? t(error.messageKey, error.vars, lang) : banner })
    }
    // Author pages show the name, bio and photo.
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
