/**
 * Normalization of Arabic text, in two strengths:
 * - `normalizeForMatch` folds spelling variants so that search and comparison treat
 *   "مسؤول" and "مسئول", or "أحمد" and "احمد", as the same word. Never store or show it.
 * - `normalizeForDisplay` only tidies Unicode and whitespace, so stored titles and names
 *   keep their real spelling and diacritics.
 */
import { toLatinDigits } from './digits.js'

/**
 * Harakat and other Arabic combining marks (U+064B–U+065F), the superscript (dagger) alef
 * U+0670, Quranic annotation marks (U+06D6–U+06ED) and tatweel U+0640.
 */
const TASHKEEL_AND_TATWEEL = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g

/**
 * Invisible joiners and bidi controls: ZWNJ, ZWJ, LRM, RLM (U+200C–U+200F), embeddings and
 * overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the Arabic letter mark U+061C.
 */
const INVISIBLE_MARKS = /[\u200C-\u200F\u202A-\u202E\u2066-\u2069\u061C]/g

/** Letter variants folded for matching only; slugs and stored text keep the real letter. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0622': '\u0627', // آ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0649': '\u064A', // ى → ي
  '\u0629': '\u0647', // ة → ه
  '\u0624': '\u0621', // ؤ → ء
  '\u0626': '\u0621', // ئ → ء
  '\u06CC': '\u064A', // Persian ی → ي
  '\u06A9': '\u0643', // Persian ک → ك
}
const LETTER_FOLD_PATTERN = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g')

/**
 * Removes tashkeel (U+064B–U+065F), the superscript alef U+0670, Quranic marks
 * (U+06D6–U+06ED) and tatweel U+0640. The input is composed to NFC first, so a hamza written
 * as a combining mark on its carrier (ا + U+0654) becomes the letter أ instead of being lost.
 *
 * Why: the same word arrives with, without or with partial vowelling ("مُبَادَرَة"), and
 * stretched for layout ("كلـــب"); neither changes the word.
 *
 * @example stripTashkeel('مُبَادَرَة') // 'مبادرة'
 * @example stripTashkeel('كلـــب') // 'كلب'
 */
export function stripTashkeel(s: string): string {
  return s.normalize('NFC').replace(TASHKEEL_AND_TATWEEL, '')
}

/**
 * Removes zero-width joiners and bidi control marks (U+200C–U+200F, U+202A–U+202E,
 * U+2066–U+2069, U+061C). They are invisible, yet make identical-looking strings differ.
 *
 * @example removeInvisibleMarks('\u200Fمرحبا\u200C') // 'مرحبا'
 */
export function removeInvisibleMarks(s: string): string {
  return s.replace(INVISIBLE_MARKS, '')
}

/**
 * Everything `normalizeForMatch` does except folding letters: NFC; tashkeel, tatweel, joiners
 * and bidi marks removed; Arabic-Indic and Persian digits → Latin; lower case. Real letters
 * (hamza forms, ة, ى, Persian ی ک) are kept.
 *
 * Why: slugs must keep the real spelling, and the stemmer needs to see a hamza on alef before
 * it is folded away (وأكد is و + أكد; واقع is one word). Both then share one definition of
 * "the same characters" with search.
 *
 * @example normalizeKeepingLetters('مَسْؤُولٌ ٢٠٢٢ AI') // 'مسؤول 2022 ai'
 */
export function normalizeKeepingLetters(s: string): string {
  return toLatinDigits(removeInvisibleMarks(stripTashkeel(s))).toLowerCase().normalize('NFC')
}

/**
 * Folds letter variants for matching: أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ ئ → ء, Persian ی → ي and
 * ک → ك. Nothing else changes; run it on `normalizeKeepingLetters` output.
 *
 * @example foldLetters('مسئولة إلى') // 'مسءوله الي'
 */
export function foldLetters(s: string): string {
  return s.replace(LETTER_FOLD_PATTERN, (c) => LETTER_FOLDS[c] ?? c)
}

/**
 * Every letter that `foldLetters` writes as `folded`, itself first: the ways a folded letter may
 * be written in stored text.
 *
 * @example spellingsOf('ا') // 'اأإآٱ'
 * @example spellingsOf('ت') // 'ت'
 */
export function spellingsOf(folded: string): string {
  return folded + Object.keys(LETTER_FOLDS).filter((c) => LETTER_FOLDS[c] === folded).join('')
}

/**
 * The matching key of a text: NFC; tashkeel, tatweel, joiners and bidi marks removed;
 * أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ ئ → ء; Persian ی → ي and ک → ك; Arabic-Indic and Persian
 * digits → Latin; lower case.
 *
 * Why: readers type without hamza, diacritics or the right final letter, and writers differ
 * between ى/ي and ة/ه; search must still find the article. For matching and indexing only —
 * the result is deliberately not correct spelling, so never store or display it.
 *
 * @example normalizeForMatch('مسؤول') === normalizeForMatch('مسئول') // both 'مسءول'
 * @example normalizeForMatch('إلى المدرسة ٢٠٢٢') // 'الي المدرسه 2022'
 */
export function normalizeForMatch(s: string): string {
  return foldLetters(normalizeKeepingLetters(s))
}

/**
 * Tidies text for storage and display: NFC, trimmed, every run of whitespace (including
 * newlines and no-break spaces) collapsed to one space. Keeps diacritics and spelling.
 *
 * Why: titles and names pasted from Word or other sites carry stray spaces and decomposed
 * characters; NFC makes equal text compare and index equal.
 *
 * @example normalizeForDisplay('  أشرف   كمال\n') // 'أشرف كمال'
 */
export function normalizeForDisplay(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ')
}
