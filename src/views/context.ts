import type { Locale, MessageKey, MessageVars } from '../i18n/index.js'
import type { SiteSettings } from '../modules/settings/settings.service.js'
import type { Category } from '../modules/taxonomy/taxonomy.repository.js'

/** Everything a page view needs besides its own data; built once per request by the route. */
export interface ViewContext {
  site: SiteSettings
  locale: Locale
  t: (key: MessageKey, vars?: MessageVars) => string
  /** Absolute origin for canonical links, e.g. https://example.com (no trailing slash). */
  origin: string
  /** Request path (for the language switch and canonical URLs). */
  path: string
  nav: Category[]
  footerPages: Array<{ slug: string; title: string }>
  /** Now, from the app's clock (the footer year; tests move it). */
  now: Date
  assets: { css: string; fontPreload: string; favicon: string; logo: string; commentsJs: string; searchJs: string; editorJs: string; articleFormJs: string }
}
