import type { ViewContext } from '../context.js'
import { FormBanners } from './form-parts.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'

export interface SiteSettingsValues {
  name: string
  tagline: string
  logoUrl: string
  locale: string
  digits: string
  hijri: boolean
  timeZone: string
}

export type SiteSettingsField = keyof SiteSettingsValues

/** The Arabic regional variants offered for dates and numbers. */
export const siteLocales = ['ar-EG', 'ar-SA', 'ar-MA', 'ar-AE', 'ar-LB', 'ar-JO', 'ar-KW', 'ar-QA', 'ar-BH', 'ar-OM', 'ar-IQ', 'ar-SY', 'ar-PS', 'ar-YE', 'ar-DZ', 'ar-TN', 'ar-LY', 'ar-SD'] as const

/** Site identity and regional formats; the comment policy lives on its own page. */
export function SiteSettingsPage({
  ctx,
  csrfToken,
  user,
  values,
  errors,
  notice,
}: {
  ctx: ViewContext
  csrfToken: string
  user: AdminUser
  values: SiteSettingsValues
  errors: Partial<Record<SiteSettingsField, string>>
  notice?: string
}) {
  const regions = new Intl.DisplayNames([ctx.locale], { type: 'region' })
  const described = (name: SiteSettingsField, hint?: string) =>
    errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : hint ? { 'aria-describedby': hint } : {}
  const error = (name: SiteSettingsField) =>
    errors[name] ? (
      <p class="field-error" id={`${name}-error`}>
        {errors[name]}
      </p>
    ) : null
  return (
    <AdminLayout ctx={ctx} title={ctx.t('settings.title')} user={user} csrfToken={csrfToken}>
      <h1>{ctx.t('settings.title')}</h1>
      <FormBanners notice={notice} error={Object.keys(errors).length > 0 ? ctx.t('settings.invalid') : undefined} />
      <form method="post" action="/newsroom/settings" class="settings-form" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <div class="field">
          <label for="name">{ctx.t('settings.name')}</label>
          <input id="name" name="name" type="text" dir="auto" required maxLength={100} value={values.name} {...described('name')} />
          {error('name')}
        </div>
        <div class="field">
          <label for="tagline">{ctx.t('settings.tagline')}</label>
          <input id="tagline" name="tagline" type="text" dir="auto" maxLength={200} value={values.tagline} {...described('tagline')} />
          {error('tagline')}
        </div>
        <div class="field">
          <label for="logoUrl">{ctx.t('settings.logo')}</label>
          <input id="logoUrl" name="logoUrl" type="text" dir="ltr" maxLength={500} value={values.logoUrl} {...described('logoUrl', 'logoUrl-hint')} />
          <p class="hint" id="logoUrl-hint">
            {ctx.t('settings.logoHint')}
          </p>
          {error('logoUrl')}
        </div>
        <div class="field">
          <label for="locale">{ctx.t('settings.locale')}</label>
          <select id="locale" name="locale" {...described('locale')}>
            {siteLocales.map((code) => (
              <option key={code} value={code} selected={values.locale === code}>
                {`${regions.of(code.slice(3)) ?? code} (${code})`}
              </option>
            ))}
          </select>
          {error('locale')}
        </div>
        <fieldset>
          <legend>{ctx.t('settings.digits')}</legend>
          {(['latn', 'arab'] as const).map((digits) => (
            <p class="field-check" key={digits}>
              <input id={`digits-${digits}`} type="radio" name="digits" value={digits} checked={values.digits === digits} />
              <label for={`digits-${digits}`}>{ctx.t(`settings.digits.${digits}`)}</label>
            </p>
          ))}
          {error('digits')}
        </fieldset>
        <p class="field-check">
          <input id="hijri" type="checkbox" name="hijri" value="1" checked={values.hijri} />
          <label for="hijri">{ctx.t('settings.hijri')}</label>
        </p>
        <div class="field">
          <label for="timeZone">{ctx.t('settings.timeZone')}</label>
          <input id="timeZone" name="timeZone" type="text" dir="ltr" required maxLength={100} value={values.timeZone} {...described('timeZone', 'timeZone-hint')} />
          <p class="hint" id="timeZone-hint">
            {ctx.t('settings.timeZoneHint')}
          </p>
          {error('timeZone')}
        </div>
        <p>
          <button type="submit" class="button">
            {ctx.t('settings.save')}
          </button>
        </p>
      </form>
      <p>
        <a href="/newsroom/comments/settings">{ctx.t('settings.commentsLink')}</a>
      </p>
    </AdminLayout>
  )
}
