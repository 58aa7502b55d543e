/**
 * Sahifa's Arabic text toolkit: pure functions every other module calls for normalization,
 * tokens, digits, slugs, dates and reading time. Stemming arrives in a later issue.
 */
export { stripTashkeel, removeInvisibleMarks, normalizeForMatch, normalizeForDisplay } from './normalize.js'
export { tokenize, countWords } from './tokenize.js'
export { toArabicIndicDigits, toLatinDigits, toDigitStyle, type DigitStyle } from './digits.js'
export { slugify, isValidSlug } from './slugify.js'
export {
  formatDate,
  formatDateTime,
  formatHijri,
  formatMonthYear,
  formatDateline,
  formatNumber,
  isoDate,
  parseWallClock,
  startOfDayIn,
  toWallClock,
  type DateSettings,
  type Dateline,
} from './dates.js'
export { readingMinutes } from './reading-time.js'
export { compileWordList, findListedWords, wordForms, type WordList } from './word-filter.js'
