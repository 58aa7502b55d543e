/**
 * The reader's query language, parsed once and compiled to each engine's own syntax.
 *
 * - `word word`: every word must match (after analysis: "للتحالف" and "التحالف" are one term);
 *   stop words (في، من، التي…) only when the query has nothing else, as in `analyzeQuery`.
 * - `"exact phrase"`: the words in this order, next to each other.
 * - `-word`, `-"a phrase"`: leave out articles that contain it.
 * - type-ahead (`{ prefix: true }`): the last word, when the text ends in it, also matches longer
 *   words ("التحا" finds "التحالف"); see text/arabic `analyzePrefix` for how it is read and its minimums. Too
 *   short a last word (one letter, or only an article: "اتفاق ال") is left out until it grows.
 *   One letter after an article ("الت") gives the unit an `initial`, which the service completes
 *   (`withCompletions`, search.completion.ts); until then only the typed letters match.
 *
 * Nothing the reader types ever reaches FTS5 or PostgreSQL as syntax: the text is cut into
 * words here, each word goes through `searchTerms` (text/arabic `analyze`), and the engines get
 * only analysed terms, quoted by us (FTS5 strings, tsquery lexemes) and passed as parameters.
 * Unbalanced quotes, stray operators (`* ^ : NEAR OR ( ) & | !`) and SQL are just text that
 * analyses to words or to nothing.
 */
import { analyzePrefix, isStopTerm, searchTerms } from './search.analysis.js'

/** The longest query read (characters); the rest is ignored. */
export const QUERY_MAX_CHARS = 256
/** At most this many required and this many excluded parts are used; later ones are ignored. */
export const MAX_INCLUDED = 10
export const MAX_EXCLUDED = 6

/** A required or excluded part of a query, as the engines see it. */
export type QueryUnit =
  | { kind: 'term'; term: string }
  | { kind: 'phrase'; terms: string[] }
  /**
   * The word being typed: terms starting with any of `prefixes` (see analyzePrefix), or equal
   * to one of `completions`. `initial`: one letter typed after an article, which `completions`
   * (filled by the service from words it knows) stand for; it is never matched as a prefix.
   */
  | { kind: 'prefix'; prefixes: string[]; initial?: string; completions?: string[] }

/** A part of the query as the reader typed it (for "did you mean" rewrites). */
export interface QueryWord {
  /** The typed text of the word or of the phrase between quotes. */
  raw: string
  quoted: boolean
  negated: boolean
  /** Its analysed terms (empty when it analyses to nothing, e.g. punctuation). */
  terms: string[]
}

export interface ParsedQuery {
  /** Every one must match. Empty: nothing to search for (an empty query, or only exclusions). */
  include: QueryUnit[]
  /** None may match. */
  exclude: QueryUnit[]
  /** The query's words in the order typed. */
  words: QueryWord[]
}

const QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\uFF02]/g
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g

/** Typographic quotes read as `"`; control characters as spaces; cut to QUERY_MAX_CHARS. */
function cleanQuery(text: string): string {
  let clean = text.normalize('NFC').slice(0, QUERY_MAX_CHARS).replace(CONTROL, ' ').replace(QUOTES, '"')
  // An unclosed quote is not a phrase: the words after it are read as plain words.
  if ((clean.match(/"/g)?.length ?? 0) % 2 === 1) {
    const last = clean.lastIndexOf('"')
    clean = `${clean.slice(0, last)} ${clean.slice(last + 1)}`
  }
  return clean
}

const unitKey = (u: QueryUnit): string => (u.kind === 'term' ? `t:${u.term}` : u.kind === 'phrase' ? `p:${u.terms.join(' ')}` : `x:${u.prefixes.join(' ')}`)

/** The word or phrase as a unit: one term is a term, several (a phrase, or "covid-19") a phrase. */
function unitOf(terms: string[]): QueryUnit | undefined {
  if (terms.length === 0) return undefined
  return terms.length === 1 ? { kind: 'term', term: terms[0]! } : { kind: 'phrase', terms }
}

/**
 * The unit of the word being typed: its prefixes (analyzePrefix: as typed, as stemmed, a short
 * noun after an article) and the one letter after an article to complete. Undefined when it is
 * too short to look for yet (fewer than MIN_PREFIX_LETTERS letters, or only an article): left
 * out, not required as a whole word. A word of several terms ("covid-19") stays a phrase.
 */
function typedUnit(word: QueryWord): QueryUnit | undefined {
  if (word.terms.length !== 1) return unitOf(word.terms)
  const { prefixes, initial } = analyzePrefix(word.raw)
  if (prefixes.length === 0) return undefined
  return initial ? { kind: 'prefix', prefixes, initial } : { kind: 'prefix', prefixes }
}

/**
 * Reads a reader's query. Never throws: anything unreadable is dropped.
 *
 * @example parseQuery('التحالف "الاتحاد الأفريقي" -مصر')
 * // include: [{ kind: 'term', term: 'تحالف' }, { kind: 'phrase', terms: ['اتحاد', 'افريق'] }]
 * // exclude: [{ kind: 'term', term: 'مصر' }]
 * @example parseQuery('الاتح', { prefix: true }).include // [{ kind: 'prefix', prefixes: ['الاتح', 'اتح'] }]
 * @example parseQuery('اتفاق الس', { prefix: true }).include // [{ kind: 'term', term: 'اتفاق' }, { kind: 'prefix', prefixes: ['الس'], initial: 'س' }]
 */
export function parseQuery(text: string, { prefix = false }: { prefix?: boolean } = {}): ParsedQuery {
  const clean = cleanQuery(typeof text === 'string' ? text : '')
  const words: QueryWord[] = []
  for (const m of clean.matchAll(/(-*)"([^"]*)"|[^\s"]+/g)) {
    if (m[2] !== undefined) {
      words.push({ raw: m[2].trim(), quoted: true, negated: m[1]!.length > 0, terms: searchTerms(m[2]) })
      continue
    }
    const negated = m[0].startsWith('-')
    const raw = m[0].replace(/^-+/, '')
    words.push({ raw, quoted: false, negated, terms: searchTerms(raw) })
  }
  const typingLast = prefix && clean.length > 0 && !/\s$/.test(clean) && !clean.endsWith('"')
  const include: QueryUnit[] = []
  const exclude: QueryUnit[] = []
  const stopUnits = new Set<QueryUnit>()
  const seen = new Set<string>()
  words.forEach((word, i) => {
    const isTyped = typingLast && i === words.length - 1 && !word.quoted && !word.negated
    const unit = isTyped ? typedUnit(word) : unitOf(word.terms)
    if (!unit) return
    const key = `${word.negated ? '-' : '+'}${unitKey(unit)}`
    if (seen.has(key)) return
    const list = word.negated ? exclude : include
    if (list.length >= (word.negated ? MAX_EXCLUDED : MAX_INCLUDED)) return
    seen.add(key)
    list.push(unit)
    if (unit.kind === 'term' && isStopTerm(unit.term)) stopUnits.add(unit)
  })
  // Stop words (في، من، التي…) match nearly every article: required only when nothing else is.
  const content = include.filter((u) => !stopUnits.has(u))
  return { include: content.length > 0 ? content : include, exclude, words }
}

/** True when there is something to look for (at least one required word). */
export function isSearchable(query: ParsedQuery): boolean {
  return query.include.length > 0
}

/** The query written back as a reader would type it (phrases quoted, exclusions with `-`). */
export function formatQuery(words: readonly QueryWord[]): string {
  return words
    .filter((w) => w.raw)
    .map((w) => `${w.negated ? '-' : ''}${w.quoted ? `"${w.raw}"` : w.raw}`)
    .join(' ')
}

/** An FTS5 string: the term in double quotes (a quote inside doubled), never an operator. */
const ftsString = (terms: readonly string[]): string => `"${terms.join(' ').replace(/"/g, '""')}"`

function ftsUnit(u: QueryUnit): string {
  if (u.kind === 'term') return ftsString([u.term])
  if (u.kind === 'phrase') return ftsString(u.terms)
  const each = [...u.prefixes.map((p) => `${ftsString([p])} *`), ...(u.completions ?? []).map((t) => ftsString([t]))]
  return each.length === 1 ? each[0]! : `(${each.join(' OR ')})`
}

/**
 * The FTS5 MATCH expression: `"a" AND "b c" AND ("pre" * OR "pr" * OR "completion") NOT ("x" OR "y")`, built
 * only from analysed terms quoted as FTS5 strings. `column` limits it to one column
 * (`{title_terms} : (…)`). Undefined when nothing is required.
 */
export function toFts5Match(query: ParsedQuery, { column }: { column?: 'title_terms' } = {}): string | undefined {
  if (!isSearchable(query)) return undefined
  let expr = query.include.map(ftsUnit).join(' AND ')
  if (query.exclude.length) expr = `(${expr}) NOT (${query.exclude.map(ftsUnit).join(' OR ')})`
  return column ? `{${column}} : (${expr})` : expr
}

/** A tsquery lexeme literal: quoted, `'` and `\` escaped; `weight` restricts it (A = title). */
const lexeme = (term: string, { prefix = false, weight = '' }: { prefix?: boolean; weight?: string } = {}): string =>
  `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix || weight ? ':' : ''}${prefix ? '*' : ''}${weight}`

/** One unit as a tsquery: `'a'`, `'a' <-> 'b'`, `'pre':* | 'pr':* | 'completion'`. */
export function tsqueryUnit(u: QueryUnit, weight = ''): string {
  if (u.kind === 'term') return lexeme(u.term, { weight })
  if (u.kind === 'phrase') return `(${u.terms.map((t) => lexeme(t, { weight })).join(' <-> ')})`
  return `(${[...u.prefixes.map((p) => lexeme(p, { prefix: true, weight })), ...(u.completions ?? []).map((t) => lexeme(t, { weight }))].join(' | ')})`
}

/**
 * The tsquery text (cast with `::tsquery`, never through a parser): `'a' & ('b' <-> 'c') &
 * ('pre':* | 'pr':*) & !('x' | 'y')`. `column: 'title_terms'` restricts every lexeme to weight A.
 * Undefined when nothing is required.
 */
export function toTsquery(query: ParsedQuery, { column }: { column?: 'title_terms' } = {}): string | undefined {
  if (!isSearchable(query)) return undefined
  const weight = column ? 'A' : ''
  let expr = query.include.map((u) => tsqueryUnit(u, weight)).join(' & ')
  if (query.exclude.length) expr = `${expr} & !(${query.exclude.map((u) => tsqueryUnit(u, weight)).join(' | ')})`
  return expr
}

/**
 * The phrases BM25 scores, in FTS5's order (the order they appear in the MATCH expression):
 * each required term, phrase, prefix alternative and completion. Excluded ones are left out: they never
 * occur in a matching article, so they add nothing to a score.
 */
export type RankPhrase = { kind: 'term'; term: string } | { kind: 'phrase'; terms: string[] } | { kind: 'prefix'; prefix: string }

export function rankPhrases(query: ParsedQuery): RankPhrase[] {
  return query.include.flatMap((u): RankPhrase[] =>
    u.kind === 'prefix' ? [...u.prefixes.map((prefix): RankPhrase => ({ kind: 'prefix', prefix })), ...(u.completions ?? []).map((term): RankPhrase => ({ kind: 'term', term }))] : [u],
  )
}

/** What to highlight: required terms (phrase words and completions included) and prefixes. */
export function highlightTerms(query: ParsedQuery): { terms: Set<string>; prefixes: string[] } {
  const terms = new Set<string>()
  const prefixes: string[] = []
  for (const u of query.include) {
    if (u.kind === 'term') terms.add(u.term)
    else if (u.kind === 'phrase') for (const t of u.terms) terms.add(t)
    else {
      prefixes.push(...u.prefixes)
      for (const t of u.completions ?? []) terms.add(t)
    }
  }
  return { terms, prefixes }
}

/** The unit of the word being typed that has an `initial` to complete, if any (at most one: the last word). */
export function unitToComplete(query: ParsedQuery): Extract<QueryUnit, { kind: 'prefix' }> | undefined {
  return query.include.find((u): u is Extract<QueryUnit, { kind: 'prefix' }> => u.kind === 'prefix' && u.initial !== undefined)
}

/**
 * The query with the typed word's `initial` completed: `completions` (terms) join its prefixes
 * as alternatives. The other units are unchanged; without an initial to complete, the query itself.
 *
 * @example withCompletions(parseQuery('الت', { prefix: true }), ['تحالف', 'تعاون']).include
 * // [{ kind: 'prefix', prefixes: ['الت'], initial: 'ت', completions: ['تحالف', 'تعاون'] }]
 */
export function withCompletions(query: ParsedQuery, completions: readonly string[]): ParsedQuery {
  const target = unitToComplete(query)
  if (!target || completions.length === 0) return query
  const fresh = [...new Set(completions)].filter((t) => !target.prefixes.some((p) => t.startsWith(p)))
  return { ...query, include: query.include.map((u) => (u === target ? { ...target, completions: fresh } : u)) }
}
