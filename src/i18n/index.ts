import { arAreas, type ArMessages } from './ar.js'
import { enAreas } from './en.js'

export type Locale = 'ar' | 'en'
export type MessageKey = keyof ArMessages
export type MessageVars = Record<string, string | number>

type Entry = string | Partial<Record<Intl.LDMLPluralRule, string>>
/** A locale's messages by key, read from its areas (ar.ts says why a Map). */
export const catalogOf = (areas: ReadonlyArray<Readonly<Record<string, Entry>>>): ReadonlyMap<string, Entry> => new Map(areas.flatMap((area) => Object.entries(area)))
const catalogs: Record<Locale, ReadonlyMap<string, Entry>> = { ar: catalogOf(arAreas), en: catalogOf(enAreas) }
const pluralRules: Record<Locale, Intl.PluralRules> = { ar: new Intl.PluralRules('ar'), en: new Intl.PluralRules('en') }

/**
 * Translates a message key. Plural messages pick their form from `vars.count` with
 * Intl.PluralRules (Arabic has six forms). Unknown placeholders are left visible.
 * @example t('article.readingTime', { count: 3 }) // '3 دقائق للقراءة'
 */
export function t(key: MessageKey, vars: MessageVars = {}, locale: Locale = 'ar'): string {
  const entry = catalogs[locale].get(key) ?? catalogs.ar.get(key)
  let text: string
  if (typeof entry === 'string') text = entry
  else {
    const count = Number(vars.count ?? 0)
    const form = pluralRules[locale].select(count)
    text = entry?.[form] ?? entry?.other ?? key
  }
  // `countText` is the count as the reader sees it (e.g. Arabic-Indic digits); `count` picks the form.
  const shown: MessageVars = vars.countText === undefined ? vars : { ...vars, count: vars.countText }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in shown ? String(shown[name]) : whole))
}

/** Picks the reader's locale: `?lang=en` or an Accept-Language preferring English; Arabic otherwise. */
export function pickLocale(query: unknown, acceptLanguage: string | undefined): Locale {
  const lang = (query as { lang?: unknown } | undefined)?.lang
  if (lang === 'en' || lang === 'ar') return lang
  if (!acceptLanguage) return 'ar'
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'ar'
}
