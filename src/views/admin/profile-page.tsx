import type { MediaImage } from '../../modules/media/media.schema.js'
import { formatNumber } from '../../text/arabic/index.js'
import { ResponsiveImage } from '../components/responsive-image.js'
import type { ViewContext } from '../context.js'
import { Field, fieldAria, FormBanners } from './form-parts.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'

/** What the profile form holds (a chosen file cannot be kept: browsers never refill one). */
export interface ProfileValues {
  name: string
  bio: string
  /** Alt text for an uploaded photo; empty means the user's name. */
  photoAlt: string
  /** A library image's id, as typed. */
  photoMediaId: string
  removePhoto: boolean
}

export type ProfileField = 'name' | 'bio' | 'photo' | 'photoAlt' | 'photoMediaId' | 'current' | 'password' | 'code'

export interface ProfilePageProps {
  ctx: ViewContext
  csrfToken: string
  user: AdminUser
  email: string
  values: ProfileValues
  errors?: Partial<Record<ProfileField, string>>
  notice?: string
  /** The form-level error; by default "check the fields marked below" when there are any. */
  error?: string
  photo: {
    /** The current photo (absent when none, or when its image is gone). */
    image?: MediaImage
    /** Whether a photo is set at all (it can be removed even if its image is gone). */
    isSet: boolean
    /** Whether this role may choose a library image by id (those who may open the library). */
    canChoose: boolean
    maxMb: number
  }
  twoFactor: {
    enabled: boolean
    /** A setup in progress: the key to type and the QR code as a data: URI (an SVG image). */
    setup?: { secret: string; qrDataUri: string }
  }
}

/**
 * One's own profile: name, bio and photo (one multipart form that works without JavaScript:
 * upload a file, choose a library image by id, or remove the photo), password, and two-step sign-in.
 */
export function ProfilePage({ ctx, csrfToken, user, email, values, errors = {}, notice, error: banner, photo, twoFactor }: ProfilePageProps) {
  const described = (name: ProfileField) => (errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {})
  const error = (name: ProfileField) =>
    errors[name] ? (
      <p class="field-error" id={`${name}-error`}>
        {errors[name]}
      </p>
    ) : null
  const codeField = (
    <div class="field">
      <label for="code">{ctx.t('twofa.code')}</label>
      <input id="code" name="code" type="text" inputMode="numeric" pattern="[0-9]{6}" autocomplete="one-time-code" dir="ltr" required maxLength={10} {...described('code')} />
      {error('code')}
    </div>
  )
  return (
    <AdminLayout ctx={ctx} title={ctx.t('profile.title')} user={user} csrfToken={csrfToken}>
      <h1>{ctx.t('profile.title')}</h1>
      <FormBanners notice={notice} error={banner ?? (Object.keys(errors).length > 0 ? ctx.t('profile.invalid') : undefined)} />
      <form method="post" action="/newsroom/profile" enctype="multipart/form-data" class="settings-form" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <div class="field">
          <label for="name">{ctx.t('profile.name')}</label>
          <input id="name" name="name" type="text" dir="auto" required maxLength={200} value={values.name} {...described('name')} />
          {error('name')}
        </div>
        <div class="field">
          <label for="bio">{ctx.t('profile.bio')}</label>
          <textarea id="bio" name="bio" rows={5} dir="auto" maxLength={2000} aria-describedby="bio-hint" {...described('bio')}>
            {values.bio}
          </textarea>
          <p class="hint" id="bio-hint">
            {ctx.t('profile.bioHint')}
          </p>
          {error('bio')}
        </div>
        <fieldset class="field profile-photo" aria-describedby="photo-intro">
          <legend>{ctx.t('profile.photo.title')}</legend>
          <p id="photo-intro">{ctx.t('profile.photo.intro')}</p>
          {photo.image ? (
            <ResponsiveImage image={{ ...photo.image, alt: photo.image.alt || values.name }} sizes="8rem" eager class="author-photo" />
          ) : (
            <p>{ctx.t('profile.photo.none')}</p>
          )}
          <Field id="photo" label={ctx.t('profile.photo.upload')} error={errors.photo} hint={ctx.t('media.upload.hint', { max: formatNumber(photo.maxMb, ctx.site) })}>
            <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/gif" {...fieldAria('photo', errors.photo, true)} />
          </Field>
          <Field id="photoAlt" label={ctx.t('profile.photo.alt')} error={errors.photoAlt} hint={ctx.t('profile.photo.altHint')}>
            <input id="photoAlt" name="photoAlt" type="text" dir="auto" maxLength={500} value={values.photoAlt} {...fieldAria('photoAlt', errors.photoAlt, true)} />
          </Field>
          {photo.canChoose ? (
            <Field id="photoMediaId" label={ctx.t('profile.photo.mediaId')} error={errors.photoMediaId} hint={ctx.t('profile.photo.mediaIdHint')}>
              <input id="photoMediaId" name="photoMediaId" type="text" inputMode="numeric" dir="ltr" maxLength={12} value={values.photoMediaId} {...fieldAria('photoMediaId', errors.photoMediaId, true)} />
            </Field>
          ) : null}
          {photo.isSet ? (
            <p>
              <label>
                <input type="checkbox" name="removePhoto" value="1" checked={values.removePhoto} /> {ctx.t('profile.photo.remove')}
              </label>
            </p>
          ) : null}
        </fieldset>
        <p>
          <button type="submit" class="button">
            {ctx.t('profile.save')}
          </button>
        </p>
      </form>

      <section aria-labelledby="password-title">
        <h2 id="password-title">{ctx.t('profile.password.title')}</h2>
        <form method="post" action="/newsroom/profile/password" class="settings-form" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="text" name="username" value={email} autocomplete="username" hidden readOnly />
          <div class="field">
            <label for="current">{ctx.t('profile.password.current')}</label>
            <input id="current" name="current" type="password" dir="ltr" autocomplete="current-password" required maxLength={500} {...described('current')} />
            {error('current')}
          </div>
          <div class="field">
            <label for="password">{ctx.t('profile.password.new')}</label>
            <input id="password" name="password" type="password" dir="ltr" autocomplete="new-password" required minLength={10} maxLength={500} {...described('password')} />
            {error('password')}
          </div>
          <p>
            <button type="submit" class="button">
              {ctx.t('profile.password.submit')}
            </button>
          </p>
        </form>
      </section>

      <section aria-labelledby="twofa-title">
        <h2 id="twofa-title">{ctx.t('twofa.title')}</h2>
        <p>{ctx.t(twoFactor.enabled ? 'twofa.statusOn' : 'twofa.statusOff')}</p>
        {twoFactor.enabled ? (
          <form method="post" action="/newsroom/profile/2fa/disable" class="settings-form" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            {codeField}
            <button type="submit" class="button">
              {ctx.t('twofa.disable')}
            </button>
          </form>
        ) : twoFactor.setup ? (
          <div class="twofa-setup">
            <p>{ctx.t('twofa.setupIntro')}</p>
            <img src={twoFactor.setup.qrDataUri} alt={ctx.t('twofa.qrAlt')} width={200} height={200} />
            <p>
              {ctx.t('twofa.secret')}: <code dir="ltr">{twoFactor.setup.secret}</code>
            </p>
            <form method="post" action="/newsroom/profile/2fa/confirm" class="settings-form" novalidate>
              <input type="hidden" name="_csrf" value={csrfToken} />
              {codeField}
              <button type="submit" class="button">
                {ctx.t('twofa.confirm')}
              </button>
            </form>
          </div>
        ) : (
          <form method="post" action="/newsroom/profile/2fa/setup" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="button">
              {ctx.t('twofa.setup')}
            </button>
          </form>
        )}
      </section>
    </AdminLayout>
  )
}
