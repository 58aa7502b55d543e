/**
 * Dates and numbers for Arabic readers, formatted by Intl in the site's locale and digit
 * style. Output is clean text: the bidi marks ICU inserts are removed (views isolate
 * direction with `dir`/`<bdi>` themselves).
 */
import type { DigitStyle } from './digits.js'

/** A site's date and number settings (from config; validated there). */
export type DateSettings = {
  /** BCP 47 Arabic locale, e.g. 'ar-EG', 'ar-MA' (months "ماي", 24-hour clock), 'ar-SA'. */
  locale: string
  /** Latin or Arabic-Indic digits; overrides any `-u-nu-` in `locale`. */
  digits: DigitStyle
  /** IANA time zone the newsroom dates its stories in, e.g. 'Africa/Cairo'. */
  timeZone: string
  /** Whether pages show the Hijri date beside the Gregorian one (see `formatDateline`). */
  hijri: boolean
}

/** LRM, RLM and the Arabic letter mark that ICU puts around numbers and separators. */
const BIDI_MARKS = /[\u200E\u200F\u061C]/g
/** Formatters are slow to construct and few in kind; past this many we drop the oldest. */
const MAX_CACHED_FORMATTERS = 200

const dateFormatters = new Map<string, Intl.DateTimeFormat>()
const numberFormatters = new Map<string, Intl.NumberFormat>()

function cached<F>(cache: Map<string, F>, key: string, create: () => F): F {
  let formatter = cache.get(key)
  if (formatter === undefined) {
    formatter = create()
    if (cache.size >= MAX_CACHED_FORMATTERS) {
      const oldest = cache.keys().next().value
      if (oldest !== undefined) cache.delete(oldest)
    }
    cache.set(key, formatter)
  }
  return formatter
}

type Calendar = 'gregory' | 'islamic-umalqura'
type Fields = Pick<Intl.DateTimeFormatOptions, 'day' | 'month' | 'year' | 'hour' | 'minute'>

function formatWith(date: Date, s: DateSettings, calendar: Calendar, fields: Fields): string {
  // Built by hand: this runs for every date on every page, and JSON.stringify of the options was most of its time.
  const key = `${s.locale}|${calendar}|${s.digits}|${s.timeZone}|${fields.day}|${fields.month}|${fields.year}|${fields.hour}|${fields.minute}`
  const formatter = cached(dateFormatters, key, () => new Intl.DateTimeFormat(s.locale, { ...fields, calendar, numberingSystem: s.digits, timeZone: s.timeZone }))
  return formatter.format(date).replace(BIDI_MARKS, '')
}

const DAY_MONTH_YEAR: Fields = { day: 'numeric', month: 'long', year: 'numeric' }
const DAY_MONTH_YEAR_TIME: Fields = { ...DAY_MONTH_YEAR, hour: 'numeric', minute: '2-digit' }

/**
 * Day, month name and year in the Gregorian calendar — the dateline under a headline.
 * The calendar is set explicitly because some Arabic locales (ar-SA in some ICU versions or
 * with `-u-ca-`) default to the Islamic one.
 *
 * @throws RangeError for an invalid date, locale or time zone.
 * @example formatDate(new Date('2022-05-11T10:00:00Z'), { locale: 'ar-EG', digits: 'latn', timeZone: 'Africa/Cairo', hijri: false })
 * // '11 مايو 2022' (with digits 'arab': '١١ مايو ٢٠٢٢'; with ar-MA: '11 ماي 2022')
 */
export function formatDate(date: Date, s: DateSettings): string {
  return formatWith(date, s, 'gregory', DAY_MONTH_YEAR)
}

/**
 * Gregorian date with hours and minutes in the site's time zone, in the locale's own clock
 * (12-hour with ص/م in ar-EG and ar-SA, 24-hour in ar-MA) — for "updated at" lines and comments.
 *
 * @example formatDateTime(new Date('2022-05-11T10:05:00Z'), egLatn) // '11 مايو 2022 في 12:05 م'
 */
export function formatDateTime(date: Date, s: DateSettings): string {
  return formatWith(date, s, 'gregory', DAY_MONTH_YEAR_TIME)
}

/**
 * The date in the Umm al-Qura Hijri calendar (the Saudi civil calendar), as Intl writes it,
 * with the era mark "هـ".
 *
 * @example formatHijri(new Date('2022-05-11T10:00:00Z'), egArab) // '١٠ شوال ١٤٤٣ هـ'
 */
export function formatHijri(date: Date, s: DateSettings): string {
  return formatWith(date, s, 'islamic-umalqura', DAY_MONTH_YEAR)
}

/**
 * Gregorian month name and year — headings of monthly archive pages.
 *
 * @example formatMonthYear(new Date('2022-05-11T10:00:00Z'), egLatn) // 'مايو 2022'
 */
export function formatMonthYear(date: Date, s: DateSettings): string {
  return formatWith(date, s, 'gregory', { month: 'long', year: 'numeric' })
}

/**
 * Machine-readable instant for `<time datetime>`, feeds and JSON-LD: full ISO 8601 in UTC.
 *
 * @throws RangeError for an invalid date.
 * @example isoDate(new Date('2022-05-11T10:00:00Z')) // '2022-05-11T10:00:00.000Z'
 */
export function isoDate(date: Date): string {
  return date.toISOString()
}

/** Everything a dateline needs: the shown Gregorian date, the Hijri one if the site wants it, and the ISO value. */
export type Dateline = { gregorian: string; hijri: string | null; iso: string }

/**
 * The parts of an article dateline per the site's settings; `hijri` is null unless
 * `s.hijri` is on. The view decides how to join them.
 *
 * @example formatDateline(date, { ...egLatn, hijri: true })
 * // { gregorian: '11 مايو 2022', hijri: '10 شوال 1443 هـ', iso: '2022-05-11T10:00:00.000Z' }
 */
export function formatDateline(date: Date, s: DateSettings): Dateline {
  return {
    gregorian: formatDate(date, s),
    hijri: s.hijri ? formatHijri(date, s) : null,
    iso: isoDate(date),
  }
}

/**
 * A number in the site's locale and digit style, with the locale's grouping and decimal
 * signs (ar-EG arab: "١٬٢٣٤٫٥"; ar-MA latn: "1.234,5"), bidi marks removed.
 *
 * @example formatNumber(76, { locale: 'ar-EG', digits: 'arab' }) // '٧٦'
 */
export function formatNumber(n: number, s: Pick<DateSettings, 'locale' | 'digits'>): string {
  const key = JSON.stringify([s.locale, s.digits])
  const formatter = cached(numberFormatters, key, () =>
    new Intl.NumberFormat(s.locale, { numberingSystem: s.digits }),
  )
  return formatter.format(n).replace(BIDI_MARKS, '')
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>()

/** Milliseconds the time zone is ahead of UTC at `instant`. */
function zoneOffset(instant: number, timeZone: string): number {
  const formatter = cached(offsetFormatters as Map<string, Intl.DateTimeFormat>, timeZone, () =>
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }),
  )
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((p) => [p.type, p.value]))
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/**
 * The instant of local midnight starting a day in a time zone: date archives ("مايو 2026") are
 * months as the newsroom's readers see them, not UTC months.
 *
 * @example startOfDayIn(2026, 5, 1, 'Africa/Cairo') // 2026-04-30T21:00:00.000Z (UTC+3 in summer)
 */
export function startOfDayIn(year: number, month: number, day: number, timeZone: string): Date {
  return wallClockIn(year, month, day, 0, 0, timeZone)
}

/** The instant a wall-clock time (as a `datetime-local` field gives it) names in `timeZone`. */
export function wallClockIn(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute)
  let instant = guess - zoneOffset(guess, timeZone)
  instant = guess - zoneOffset(instant, timeZone)
  return new Date(instant)
}

/** `YYYY-MM-DDTHH:mm` (a `datetime-local` value) in `timeZone` → the instant; undefined when malformed. */
export function parseWallClock(value: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(value.trim())
  if (!m) return undefined
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined
  return wallClockIn(year, month, day, hour, minute, timeZone)
}

/** An instant as a `datetime-local` value in `timeZone` (the inverse of parseWallClock). */
export function toWallClock(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}
