import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  formatDate,
  formatDateline,
  formatDateTime,
  formatHijri,
  formatMonthYear,
  formatNumber,
  isoDate,
  startOfDayIn,
  type DateSettings,
} from './dates.js'

/** The seed article's date, 11 May 2022, at noon in Cairo (UTC+2, no DST in 2022). */
const seedDate = new Date('2022-05-11T10:05:00Z')
const egLatn: DateSettings = { locale: 'ar-EG', digits: 'latn', timeZone: 'Africa/Cairo', hijri: false }
const egArab: DateSettings = { ...egLatn, digits: 'arab' }
const maLatn: DateSettings = { locale: 'ar-MA', digits: 'latn', timeZone: 'Africa/Casablanca', hijri: false }
const saArab: DateSettings = { locale: 'ar-SA', digits: 'arab', timeZone: 'Asia/Riyadh', hijri: true }

const BIDI_MARKS = /[\u200E\u200F\u061C]/

describe('formatDate', () => {
  it('gives the seed dateline in ar-EG with Latin digits', () => {
    assert.equal(formatDate(seedDate, egLatn), '11 مايو 2022')
  })

  it('gives Arabic-Indic digits when set', () => {
    assert.equal(formatDate(seedDate, egArab), '١١ مايو ٢٠٢٢')
  })

  it('uses the Moroccan month name "ماي" in ar-MA', () => {
    assert.equal(formatDate(seedDate, maLatn), '11 ماي 2022')
    assert.equal(formatDate(seedDate, { ...maLatn, digits: 'arab' }), '١١ ماي ٢٠٢٢')
  })

  it('stays Gregorian in ar-SA, even when the locale asks for the Islamic calendar', () => {
    assert.equal(formatDate(seedDate, saArab), '١١ مايو ٢٠٢٢')
    assert.equal(formatDate(seedDate, { ...saArab, digits: 'latn' }), '11 مايو 2022')
    assert.equal(formatDate(seedDate, { ...saArab, locale: 'ar-SA-u-ca-islamic-umalqura' }), '١١ مايو ٢٠٢٢')
  })

  it('lets the digit setting win over a -u-nu- in the locale', () => {
    assert.equal(formatDate(seedDate, { ...egLatn, locale: 'ar-EG-u-nu-arab' }), '11 مايو 2022')
  })

  it('dates in the site time zone, not UTC', () => {
    const lateEvening = new Date('2022-05-10T22:30:00Z')
    assert.equal(formatDate(lateEvening, { ...egLatn, timeZone: 'Asia/Riyadh' }), '11 مايو 2022')
    assert.equal(formatDate(lateEvening, { ...egLatn, timeZone: 'UTC' }), '10 مايو 2022')
  })

  it('throws on an invalid date', () => {
    assert.throws(() => formatDate(new Date('not a date'), egLatn), RangeError)
  })
})

describe('formatDateTime', () => {
  it('adds hours and minutes in the locale clock, in the site time zone', () => {
    assert.equal(formatDateTime(seedDate, egLatn), '11 مايو 2022 في 12:05 م')
    assert.equal(formatDateTime(seedDate, egArab), '١١ مايو ٢٠٢٢ في ١٢:٠٥ م')
  })

  it('uses the 24-hour clock in ar-MA (UTC+1 in May 2022)', () => {
    assert.equal(formatDateTime(new Date('2022-05-11T16:05:00Z'), maLatn), '11 ماي 2022 في 17:05')
  })
})

describe('formatHijri', () => {
  it('gives the Umm al-Qura date with the هـ era mark', () => {
    assert.equal(formatHijri(seedDate, saArab), '١٠ شوال ١٤٤٣ هـ')
    assert.equal(formatHijri(seedDate, egLatn), '10 شوال 1443 هـ')
  })
})

describe('formatMonthYear', () => {
  it('gives Gregorian month and year for archive headings', () => {
    assert.equal(formatMonthYear(seedDate, egLatn), 'مايو 2022')
    assert.equal(formatMonthYear(seedDate, saArab), 'مايو ٢٠٢٢')
    assert.equal(formatMonthYear(seedDate, maLatn), 'ماي 2022')
  })
})

describe('isoDate', () => {
  it('gives the full ISO 8601 instant in UTC', () => {
    assert.equal(isoDate(seedDate), '2022-05-11T10:05:00.000Z')
  })
})

describe('formatDateline', () => {
  it('includes the Hijri date only when the site shows it', () => {
    assert.deepEqual(formatDateline(seedDate, saArab), {
      gregorian: '١١ مايو ٢٠٢٢',
      hijri: '١٠ شوال ١٤٤٣ هـ',
      iso: '2022-05-11T10:05:00.000Z',
    })
    assert.equal(formatDateline(seedDate, egLatn).hijri, null)
  })
})

describe('formatNumber', () => {
  it('uses the digit setting and the locale separators', () => {
    assert.equal(formatNumber(76, egLatn), '76')
    assert.equal(formatNumber(76, egArab), '٧٦')
    assert.equal(formatNumber(1234567.5, egArab), '١٬٢٣٤٬٥٦٧٫٥')
    assert.equal(formatNumber(1234567.5, maLatn), '1.234.567,5')
  })

  it('strips the bidi marks Intl puts before negative numbers', () => {
    assert.equal(formatNumber(-1234.5, egArab), '-١٬٢٣٤٫٥')
    assert.equal(formatNumber(-5, egLatn), '-5')
  })
})

describe('output is clean text', () => {
  it('contains no LRM, RLM or Arabic letter mark', () => {
    const settings = [egLatn, egArab, maLatn, saArab]
    for (const s of settings) {
      for (const text of [
        formatDate(seedDate, s),
        formatDateTime(seedDate, s),
        formatHijri(seedDate, s),
        formatMonthYear(seedDate, s),
        formatNumber(-1234.5, s),
      ]) {
        assert.doesNotMatch(text, BIDI_MARKS, JSON.stringify(text))
      }
    }
  })
})

describe('startOfDayIn', () => {
  it('gives local midnight in the newsroom time zone', () => {
    assert.equal(startOfDayIn(2026, 1, 1, 'UTC').toISOString(), '2026-01-01T00:00:00.000Z')
    assert.equal(startOfDayIn(2026, 1, 15, 'Asia/Riyadh').toISOString(), '2026-01-14T21:00:00.000Z')
    assert.equal(startOfDayIn(2026, 7, 1, 'Africa/Cairo').toISOString(), '2026-06-30T21:00:00.000Z', 'Egypt keeps summer time (UTC+3)')
  })
})
