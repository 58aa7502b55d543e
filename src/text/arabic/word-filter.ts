/**
 * Whole-word matching of word lists (comment blocklists and watchlists) that survives the
 * ways Arabic text hides a word: diacritics, tatweel, hamza and alef forms, ى/ي, ة/ه, the
 * article ال and the attached conjunctions and prepositions و ف ب ل ك — and, for words long
 * enough to be safe, their inflections (plural, dual, feminine, attached pronouns), by the
 * search term `stem` gives them.
 */
import { normalizeForMatch } from './normalize.js'
import { stem } from './stem.js'
import { tokenize } from './tokenize.js'

/** Shortest stem left after removing a prefix: "بل" must not become "ل". */
const MIN_STEM = 2
const CONJUNCTIONS = ['و', 'ف']
const PREPOSITIONS = ['ب', 'ل', 'ك']

function withoutArticle(word: string, into: Set<string>): void {
  into.add(word)
  if (word.startsWith('ال') && word.length - 2 >= MIN_STEM) into.add(word.slice(2))
}

/**
 * The forms a normalized word may stand for once its proclitics are removed: itself, without
 * ال, without one conjunction (و ف), one preposition (ب ل ك) or both, and "لل" (ل + ال).
 * Only whole prefixes are removed, so the stem is always a whole word's tail.
 *
 * @example wordForms('وبالكلب') // includes 'كلب'
 * @example wordForms('كلبشه')   // ['كلبشه'] (nothing to remove, and no 'كلب')
 */
export function wordForms(normalizedWord: string): string[] {
  const forms = new Set<string>()
  const tryPrepositions = (w: string) => {
    withoutArticle(w, forms)
    if (w.startsWith('لل') && w.length - 2 >= MIN_STEM) forms.add(w.slice(2))
    const first = w[0]
    if (first && PREPOSITIONS.includes(first) && w.length - 1 >= MIN_STEM) withoutArticle(w.slice(1), forms)
  }
  tryPrepositions(normalizedWord)
  const first = normalizedWord[0]
  if (first && CONJUNCTIONS.includes(first) && normalizedWord.length - 1 >= MIN_STEM) tryPrepositions(normalizedWord.slice(1))
  return [...forms]
}

/**
 * A listed word also matches the words that share its search term (`stem`) only when that term
 * has at least this many letters. Shorter terms are too easy to meet by accident (كلب is in
 * كلبي and كلبه; a two- or three-letter stem is shared by unrelated words), so short words
 * match only their own forms with proclitics.
 */
const MIN_STEM_FOR_INFLECTIONS = 4
const ARABIC_LETTERS = /^[\u0621-\u064A]+$/

/** One word of a list entry: its normalized form, and its search term when long enough. */
export interface ListedWord {
  form: string
  stem: string | undefined
}

/** A compiled word list: each entry is a sequence of words (phrases allowed). */
export interface WordList {
  entries: Array<{ term: string; words: ListedWord[] }>
}

/**
 * Compiles terms (one word or a phrase each) for matching; blank terms are dropped.
 *
 * @example compileWordList(['حقير', 'مسؤول فاسد']).entries.length // 2
 */
export function compileWordList(terms: readonly string[]): WordList {
  const entries = []
  for (const term of terms) {
    const words = tokenize(term)
      .map((word) => ({ form: normalizeForMatch(word), stem: inflectionStem(word) }))
      .filter(({ form }) => form !== '')
    if (words.length > 0) entries.push({ term: term.trim(), words })
  }
  return { entries }
}

/** The term by which a listed word also matches its inflections, if it is safe to. */
function inflectionStem(word: string): string | undefined {
  const term = stem(word)
  return ARABIC_LETTERS.test(term) && term.length >= MIN_STEM_FOR_INFLECTIONS ? term : undefined
}

/**
 * The list's terms that occur in the text as whole words (or whole consecutive words for a
 * phrase): after normalization and proclitic removal, or by search term for listed words whose
 * term has 4 letters or more (حقير matches الحقيرة, حقيرين and وحقيرون).
 *
 * @example findListedWords('هذا الكَلـب', compileWordList(['كلب'])) // ['كلب']
 * @example findListedWords('كلبشة', compileWordList(['كلب']))      // []
 * @example findListedWords('يا حقيرين', compileWordList(['حقير'])) // ['حقير']
 */
export function findListedWords(text: string, list: WordList): string[] {
  if (list.entries.length === 0) return []
  const tokens = tokenize(text).map((t) => ({ forms: new Set(wordForms(normalizeForMatch(t))), stem: stem(t) }))
  const matches = (token: (typeof tokens)[number], word: ListedWord) =>
    token.forms.has(word.form) || (word.stem !== undefined && token.stem === word.stem)
  const found: string[] = []
  for (const entry of list.entries) {
    const n = entry.words.length
    outer: for (let i = 0; i + n <= tokens.length; i++) {
      for (let j = 0; j < n; j++) if (!matches(tokens[i + j]!, entry.words[j]!)) continue outer
      found.push(entry.term)
      break
    }
  }
  return found
}
