/**
 * Sahifa's Arabic text toolkit: pure functions every other module calls for normalization,
 * tokens, search terms, digits, slugs, dates and reading time, and comment word filters.
 * Search indexes `analyze(text)`, matches queries by `analyzeQuery(text)` and highlights with
 * `analyzeWithSpans(text)`; all three turn words into terms with `stem` (normalization, then
 * the Snowball Arabic stemmer with Sahifa's fixes for news text). See README.md.
 */
export {
  stripTashkeel,
  removeInvisibleMarks,
  normalizeForMatch,
  normalizeKeepingLetters,
  normalizeForDisplay,
} from './normalize.js'
export { tokenize, tokenizeWithSpans, countWords, countWordsInHtml, type WordSpan } from './tokenize.js'
export { stem, stemUncached } from './stem.js'
export { analyze, analyzeWithSpans, analyzeQuery, analyzePrefix, nounAfterArticle, definiteWordCandidates, withPlainArticle, isStopTerm, MIN_PREFIX_LETTERS, type TermSpan, type TypedPrefix } from './analyze.js'
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
export { readingMinutes, readingMinutesOfHtml } from './reading-time.js'
export { compileWordList, findListedWords, wordForms, type WordList, type ListedWord } from './word-filter.js'
