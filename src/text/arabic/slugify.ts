/**
 * URL slugs that keep Arabic words as written. Slugs are stored NFC without diacritics and
 * percent-encoded only on the wire (`/news/{id}/{slug}`). They use the same word boundaries
 * (`tokenize`) and the same cleaning (`normalizeKeepingLetters`) as search, without its letter
 * folding.
 */
import { toLatinDigits } from './digits.js'
import { normalizeKeepingLetters, stripTashkeel } from './normalize.js'
import { tokenize } from './tokenize.js'

/** A valid slug: words of letters/marks/digits joined by single dashes, in lower case, no tashkeel. */
const SLUG = /^[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*$/u

/**
 * Makes a URL slug from a title: the words `tokenize` finds in `normalizeKeepingLetters(title)`
 * (NFC; tashkeel, tatweel, joiners and bidi marks removed; Arabic-Indic and Persian digits →
 * Latin; Latin lower-cased), joined by "-": every run of other characters (spaces, punctuation,
 * quotes, symbols) becomes one "-", with none at either end. Longer than
 * `maxLength` characters (code points), it is cut at the last dash that fits, or mid-word
 * only when the first word alone is too long. Letters are not folded: "مسؤول" stays "مسؤول".
 *
 * Returns "" when the title has no letters or digits; the caller picks a fallback (e.g. the id).
 *
 * Why: readable Arabic URLs are what readers share; stripping diacritics keeps one slug per
 * word however the editor vowelled the title.
 *
 * @throws RangeError if `maxLength` is not a positive integer.
 * @example slugify('اجتماعٌ جديدٌ للتحالف الدولي ضد “داعش”') // 'اجتماع-جديد-للتحالف-الدولي-ضد-داعش'
 * @example slugify('منصة AI الجديدة') // 'منصة-ai-الجديدة'
 */
export function slugify(title: string, maxLength = 80): string {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`)
  }
  return cutAtWordBoundary(tokenize(normalizeKeepingLetters(title)).join('-'), maxLength)
}

/** Cuts a dash-joined slug to at most `maxLength` code points, preferring a dash boundary. */
function cutAtWordBoundary(slug: string, maxLength: number): string {
  const chars = Array.from(slug)
  if (chars.length <= maxLength) return slug
  // The character just past the limit is a dash: the cut falls exactly between two words.
  if (chars[maxLength] === '-') return chars.slice(0, maxLength).join('')
  const head = chars.slice(0, maxLength)
  const lastDash = head.lastIndexOf('-')
  const kept = lastDash > 0 ? head.slice(0, lastDash) : head
  return kept.join('').replace(/-+$/, '')
}

/**
 * Whether `s` is a slug in the shape `slugify` produces: non-empty words of letters, marks or
 * digits joined by single dashes, no leading/trailing dash, no upper-case Latin, NFC, and no
 * tashkeel or tatweel. Does not check length (older imported slugs may be longer).
 *
 * Why: route parameters and imported WordPress slugs are checked before they reach the database.
 *
 * @example isValidSlug('اجتماع-جديد-للتحالف') // true
 * @example isValidSlug('-اجتماع--جديد') // false
 */
export function isValidSlug(s: string): boolean {
  return (
    SLUG.test(s) &&
    s === s.normalize('NFC') &&
    s === s.toLowerCase() &&
    s === stripTashkeel(s) &&
    s === toLatinDigits(s)
  )
}
