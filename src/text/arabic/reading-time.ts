import { countWords, countWordsInHtml } from './tokenize.js'

/**
 * Estimated reading time of a plain-text body, in whole minutes, rounded up and at least 1.
 * Pass the article's derived plain text, not its HTML (tags would count as words).
 *
 * Why: the article page shows "دقائق القراءة" beside the dateline; 200 words a minute is a
 * common estimate for Arabic news prose.
 *
 * @throws RangeError if `wordsPerMinute` is not a positive finite number.
 * @example readingMinutes(text400Words) // 2
 */
export function readingMinutes(text: string, wordsPerMinute = 200): number {
  return minutesFor(countWords(text), wordsPerMinute)
}

/**
 * `readingMinutes` of the text sanitized article HTML shows (see `countWordsInHtml`), from the
 * HTML itself.
 *
 * @example readingMinutesOfHtml('<p>…400 words…</p>') // 2
 */
export function readingMinutesOfHtml(html: string, wordsPerMinute = 200): number {
  return minutesFor(countWordsInHtml(html), wordsPerMinute)
}

function minutesFor(words: number, wordsPerMinute: number): number {
  if (!Number.isFinite(wordsPerMinute) || wordsPerMinute <= 0) {
    throw new RangeError(`wordsPerMinute must be a positive number, got ${wordsPerMinute}`)
  }
  return Math.max(1, Math.ceil(words / wordsPerMinute))
}
