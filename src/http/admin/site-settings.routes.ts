import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { Deps } from '../../container.js'
import { pickLocale, t, type Locale, type MessageKey } from '../../i18n/index.js'
import { recordAudit } from '../../modules/audit/audit.repository.js'
import { siteSettingsSchema, writeSiteSettings, type SiteSettings } from '../../modules/settings/settings.service.js'
import { SiteSettingsPage, siteLocales, type SiteSettingsField, type SiteSettingsValues } from '../../views/admin/site-settings-page.js'
import { renderDocument } from '../../views/render.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { assertCsrf, requireArea, staffOf } from './guard.js'
import { adminUserOf } from './staff-view.js'

type Identity = Pick<SiteSettings, SiteSettingsField>

function valuesOf(settings: SiteSettings): SiteSettingsValues {
  const { name, tagline, logoUrl, locale, digits, hijri, timeZone } = settings
  return { name, tagline, logoUrl, locale, digits, hijri, timeZone }
}

/** Whether Intl knows this IANA time zone (the same engine formats every date on the site). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone.length > 0
  } catch {
    return false
  }
}

/** Parses the posted form: a message per bad field, the typed values back for the re-rendered form. */
export function parseSiteSettings(body: Record<string, unknown>, locale: Locale): { values: SiteSettingsValues; errors: Partial<Record<SiteSettingsField, string>>; settings?: Identity } {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')
  const values: SiteSettingsValues = {
    name: text('name').trim(),
    tagline: text('tagline').trim(),
    logoUrl: text('logoUrl').trim(),
    locale: text('locale'),
    digits: text('digits'),
    hijri: body.hijri === '1' || body.hijri === 'on',
    timeZone: text('timeZone').trim(),
  }
  const keys: Record<SiteSettingsField, MessageKey> = {
    name: 'settings.error.name',
    tagline: 'settings.error.tagline',
    logoUrl: 'settings.error.logo',
    locale: 'settings.error.locale',
    digits: 'settings.error.digits',
    hijri: 'settings.error.digits',
    timeZone: 'settings.error.timeZone',
  }
  const errors: Partial<Record<SiteSettingsField, string>> = {}
  const parsed = siteSettingsSchema.pick({ name: true, tagline: true, logoUrl: true, locale: true, digits: true, hijri: true, timeZone: true }).safeParse(values)
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as SiteSettingsField] = t(keys[issue.path[0] as SiteSettingsField], {}, locale)
  if (!(siteLocales as readonly string[]).includes(values.locale)) errors.locale = t(keys.locale, {}, locale)
  if (!isTimeZone(values.timeZone)) errors.timeZone = t(keys.timeZone, {}, locale)
  return { values, errors, settings: parsed.success && Object.keys(errors).length === 0 ? parsed.data : undefined }
}

/** /newsroom/settings, for admins: the site's identity and regional formats. */
export async function siteSettingsRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  const locale = (request: FastifyRequest): Locale => pickLocale(request.query, request.headers['accept-language'])

  function render(request: FastifyRequest, reply: FastifyReply, status: number, values: SiteSettingsValues, errors: Partial<Record<SiteSettingsField, string>> = {}, notice?: string) {
    const staff = staffOf(request)
    const ctx = viewContext(deps, assets, request, locale(request))
    const page = h(SiteSettingsPage, { ctx, csrfToken: staff.csrfToken, user: adminUserOf(staff), values, errors, notice })
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page))
  }

  app.addHook('onRequest', requireArea('settings'))

  app.get('/newsroom/settings', async (request, reply) => {
    const saved = (request.query as { saved?: unknown }).saved === '1'
    return render(request, reply, 200, valuesOf(deps.frame().settings), {}, saved ? t('settings.saved', {}, locale(request)) : undefined)
  })

  app.post('/newsroom/settings', async (request, reply) => {
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
    assertCsrf(request, body._csrf)
    const { values, errors, settings } = parseSiteSettings(body, locale(request))
    if (!settings) return render(request, reply, 422, values, errors)
    const before = valuesOf(deps.frame().settings)
    const changed = (Object.keys(settings) as SiteSettingsField[]).filter((key) => settings[key] !== before[key])
    await deps.db.transaction().execute(async (trx) => {
      await writeSiteSettings(trx, settings)
      await recordAudit(trx, { userId: staffOf(request).user.id, action: 'settings.update', subjectType: 'settings', detail: changed.join(', ') }, deps.clock.now())
    })
    deps.events.changed()
    await deps.refreshFrame()
    return reply.redirect('/newsroom/settings?saved=1', 303)
  })
}
