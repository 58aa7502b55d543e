import type { ViewContext } from '../context.js'
import { FormBanners } from './form-parts.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'

export interface ProfileValues {
  name: string
  bio: string
}

export type ProfileField = keyof ProfileValues | 'current' | 'password' | 'code'

export interface ProfilePageProps {
  ctx: ViewContext
  csrfToken: string
  user: AdminUser
  email: string
  values: ProfileValues
  errors?: Partial<Record<ProfileField, string>>
  notice?: string
  twoFactor: {
    enabled: boolean
    /** A setup in progress: the key to type and the QR code as a data: URI (an SVG image). */
    setup?: { secret: string; qrDataUri: string }
  }
}

/** One's own profile: name and bio, password, and two-step sign-in. */
export function ProfilePage({ ctx, csrfToken, user, email, values, errors = {}, notice, twoFactor }: ProfilePageProps) {
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
      <FormBanners notice={notice} error={Object.keys(errors).length > 0 ? ctx.t('profile.invalid') : undefined} />
      <form method="post" action="/newsroom/profile" class="settings-form" novalidate>
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
