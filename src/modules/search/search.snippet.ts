/**
 * Snippets: the words a query matched, marked in the article's original text (diacritics,
 * hamza and punctuation as written). The output is plain text cut into parts, never HTML: views
 * render marked parts in `<mark>` and escape everything as usual; `highlightHtml` makes an
 * escaped HTML string for JSON clients.
 *
 * A results page makes ten snippets from bodies of thousands of words, and stemming every word
 * would cost more than the search itself. So the body is first scanned for the query terms' first
 * three letters (in any spelling: أ/إ/آ/ا, ى/ي, ة/ه…, diacritics allowed between them), and only
 * the words found there go through the analysis; a word is marked when its term matches.
 */
import { searchTermsWithSpans } from './search.analysis.js'

/** A piece of original text; `mark` when it is a matched word. */
export interface HighlightPart {
  text: string
  mark: boolean
}

/** What counts as a match: these terms, and terms starting with one of these prefixes. */
export interface TermMatcher {
  terms: ReadonlySet<string>
  prefixes: readonly string[]
}

/** Length of a snippet, in characters of original text (about 30 words of Arabic news). */
export const SNIPPET_CHARS = 220
/** Context kept before the first match of the chosen passage. */
const LEAD_CHARS = 40
/** Occurrences of each term looked at in one body. */
const MAX_OCCURRENCES = 100

const isMatch = (term: string, m: TermMatcher) => m.terms.has(term) || m.prefixes.some((p) => term.startsWith(p))

interface Found {
  start: number
  end: number
  term: string
}

/** Word matches in a short text (a title): every word analysed. */
function matchesIn(text: string, m: TermMatcher): Found[] {
  return searchTermsWithSpans(text)
    .filter((s) => isMatch(s.term, m))
    .map((s) => ({ start: s.start, end: s.end, term: s.term }))
}

/** Cuts text[from, to) into parts, marking the matches. */
function partsOf(text: string, found: readonly Found[], from: number, to: number): HighlightPart[] {
  const parts: HighlightPart[] = []
  let at = from
  for (const f of found) {
    if (f.start < at || f.end > to) continue
    if (f.start > at) parts.push({ text: text.slice(at, f.start), mark: false })
    parts.push({ text: text.slice(f.start, f.end), mark: true })
    at = f.end
  }
  if (to > at) parts.push({ text: text.slice(at, to), mark: false })
  return parts
}

/**
 * The whole text with its matching words marked (titles).
 *
 * @example highlight('للتحالفِ العربي', { terms: new Set(['تحالف']), prefixes: [] })
 * // [{ text: 'للتحالفِ', mark: true }, { text: ' العربي', mark: false }]
 */
export function highlight(text: string, matcher: TermMatcher): HighlightPart[] {
  return partsOf(text, matchesIn(text, matcher), 0, text.length)
}

/** The spellings a folded letter or digit stands for (the analysis folds these to the first). */
const VARIANTS: Readonly<Record<string, string>> = {
  ا: 'اأإآٱ', ي: 'يىی', ه: 'هة', ء: 'ءؤئ', ك: 'كک',
  ...Object.fromEntries([...'0123456789'].map((d, i) => [d, `${d}${String.fromCharCode(0x0660 + i)}${String.fromCharCode(0x06f0 + i)}`])),
}
/** Tashkeel, superscript alef, Quranic marks, tatweel, joiners and directional marks, which may sit between letters. */
const MARKS = '[\\u064B-\\u065F\\u0670\\u06D6-\\u06ED\\u0640\\u200C-\\u200F]*'
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u

/**
 * A pattern finding `core` in original text: each letter in any of its spellings, marks allowed
 * between letters, Latin letters in any case.
 *
 * @example corePattern('تحا').test('التَّحالف') // true
 */
function corePattern(core: string): RegExp {
  const letters = [...core].map((c) => {
    const variants = VARIANTS[c]
    return variants ? `[${variants}]` : c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
  })
  return new RegExp(letters.join(MARKS), 'giu')
}

/** The word of `text` around offset `i`. */
function wordAround(text: string, i: number): { start: number; end: number } {
  let start = i
  let end = i
  while (start > 0 && WORD_CHAR.test(text[start - 1]!)) start--
  while (end < text.length && WORD_CHAR.test(text[end]!)) end++
  return { start, end }
}

/** Matched words of a long text, found by scanning for each term's first letters (see the file comment). */
function scanMatches(text: string, m: TermMatcher): Found[] {
  const cores = new Set([...m.terms, ...m.prefixes].map((t) => [...t].slice(0, 3).join('')).filter(Boolean))
  const words = new Map<number, string>()
  for (const core of cores) {
    let n = 0
    for (const hit of text.matchAll(corePattern(core))) {
      const { start, end } = wordAround(text, hit.index)
      words.set(start, text.slice(start, end))
      if (++n >= MAX_OCCURRENCES) break
    }
  }
  // The same word recurs in a story: analyse each spelling once.
  const analysed = new Map<string, ReturnType<typeof matchesIn>>()
  const found: Found[] = []
  for (const [start, word] of words) {
    let inWord = analysed.get(word)
    if (!inWord) analysed.set(word, (inWord = matchesIn(word, m)))
    for (const f of inWord) found.push({ start: f.start + start, end: f.end + start, term: f.term })
  }
  return found.sort((a, b) => a.start - b.start)
}

/** Where the passage may start or end: `at` moved back (or on) to the start of its word. */
function wordStart(text: string, at: number): number {
  let i = Math.max(0, Math.min(at, text.length))
  while (i > 0 && WORD_CHAR.test(text[i - 1]!)) i--
  return i
}

/**
 * The best passage of about SNIPPET_CHARS characters: the one holding the most different matched
 * terms, then the most matches, earliest on a tie; it starts a few words before its first match
 * and is cut at word boundaries. With no match, the text's beginning. "…" marks a cut.
 */
export function snippet(text: string, matcher: TermMatcher, { length = SNIPPET_CHARS }: { length?: number } = {}): HighlightPart[] {
  const found = scanMatches(text, matcher)
  let best = { start: 0, distinct: 0, count: 0 }
  for (const f of found) {
    const start = wordStart(text, f.start - LEAD_CHARS)
    const inside = found.filter((g) => g.start >= start && g.end <= start + length)
    const distinct = new Set(inside.map((g) => g.term)).size
    if (distinct > best.distinct || (distinct === best.distinct && inside.length > best.count)) best = { start, distinct, count: inside.length }
  }
  let from = best.start
  while (from < text.length && /\s/.test(text[from]!)) from++
  let to = from + length >= text.length ? text.length : wordStart(text, from + length)
  if (to <= from) to = Math.min(text.length, from + length)
  while (to > from && /\s/.test(text[to - 1]!)) to--
  const parts = partsOf(text, found, from, to)
  if (from > 0) parts.unshift({ text: '… ', mark: false })
  if (to < text.length) parts.push({ text: ' …', mark: false })
  return mergePlain(parts)
}

function mergePlain(parts: HighlightPart[]): HighlightPart[] {
  const out: HighlightPart[] = []
  for (const p of parts) {
    if (!p.text) continue
    const last = out[out.length - 1]
    if (last && !last.mark && !p.mark) last.text += p.text
    else out.push({ ...p })
  }
  return out
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Parts as an HTML string: every character escaped, matches in `<mark>`. Safe to print as-is
 * (e.g. through `trustedHtml`), since nothing of the text is ever markup.
 *
 * @example highlightHtml([{ text: '<script>', mark: false }, { text: 'تحالف', mark: true }]) // '&lt;script&gt;<mark>تحالف</mark>'
 */
export function highlightHtml(parts: readonly HighlightPart[]): string {
  return parts.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('')
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}
