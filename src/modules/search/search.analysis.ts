/**
 * The Arabic analysis search runs on, from one place: what a document is indexed as and what a
 * query word is looked up as always come from here, so they cannot drift apart. Changing what
 * these return requires a rebuild (SEARCH_INDEX_VERSION).
 */
import { analyze, analyzePrefix, analyzeWithSpans, definiteWordCandidates, isStopTerm, MIN_PREFIX_LETTERS, nounAfterArticle, type TermSpan, type TypedPrefix } from '../../text/arabic/index.js'

export { analyzePrefix, definiteWordCandidates, isStopTerm, MIN_PREFIX_LETTERS, type TermSpan, type TypedPrefix }

/**
 * What FTS5's `ascii` tokenizer splits on: ASCII characters other than letters and digits. A
 * term is never supposed to hold one, but a few compatibility characters expand to several words
 * or to punctuation (ﷺ, ㈱); cutting them here keeps the terms FTS5 indexes, the terms counted
 * for BM25 and PostgreSQL's lexemes exactly the same.
 */
const ASCII_SEPARATORS = /[\u0000-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007F]+/

function split(term: string): string[] {
  const lower = term.replace(/[A-Z]/g, (c) => c.toLowerCase())
  return ASCII_SEPARATORS.test(lower) ? lower.split(ASCII_SEPARATORS).filter(Boolean) : [lower]
}

/**
 * The search terms of a text, in order (text/arabic `analyze`, each term safe for the index).
 *
 * @example searchTerms('اجتماعٌ جديدٌ للتحالف') // ['اجتماع', 'جديد', 'تحالف']
 */
export function searchTerms(text: string): string[] {
  return analyze(text).flatMap(split)
}

/** `searchTerms` with the offsets of each term's word in `text` (a word may give several terms). */
export function searchTermsWithSpans(text: string): TermSpan[] {
  return analyzeWithSpans(text).flatMap((s) => split(s.term).map((term) => ({ term, start: s.start, end: s.end })))
}

/**
 * The term of `word` when it is a definite word whose noun starts with `initial` (one letter, as
 * `analyzePrefix` gives it), for completing what a reader typed: التحالف, للتحالف, والتحالف
 * for ت; not ترتفع (no article), not للبنان (its term, لبنان, does not start with ب), and not
 * a stop word (التي). Undefined otherwise.
 *
 * @example definiteTermStartingWith('للتحالف', 'ت') // 'تحالف'
 */
export function definiteTermStartingWith(word: string, initial: string): string | undefined {
  if (!nounAfterArticle(word)?.startsWith(initial)) return undefined
  const terms = searchTerms(word)
  const term = terms.length === 1 ? terms[0]! : ''
  return term.startsWith(initial) && !isStopTerm(term) ? term : undefined
}
