/**
 * Type-ahead for one letter typed after an article ("الت" on the way to "التحالف", "اتفاق الس").
 * The index holds terms without their article, so what follows it is a one-letter term prefix,
 * which matches nearly every article ("ت" * matched 99,973 of 100,000 on the benchmark, in
 * 200–350 ms: FTS5 and GIN merge the postings of every term that starts with it). So the letter
 * is never matched as a prefix. It stands for the terms of the definite words that start with it
 * in the newest articles (those matching the query's other words, when it has some): their
 * titles for suggestions, which show titles; titles and bodies for a search. At most
 * MAX_COMPLETIONS terms, those in the most articles first, then the newest; each then matches as
 * any word does (and is marked in snippets as one).
 */
import { definiteTermStartingWith, definiteWordCandidates } from './search.analysis.js'
import { unitToComplete, withCompletions, type ParsedQuery } from './search.query.js'
import { listNewestTexts } from './search.repository.js'
import type { MatchFilters } from './search.ranking.js'
import type { SearchDeps } from './search.service.js'

/** Titles read to complete a letter for suggestions (a few ms on either engine at 100,000 articles). */
export const COMPLETION_TITLES = 200
/** Articles read to complete a letter for a search: each title and the start of its body (~50 KB, a few ms). */
export const COMPLETION_ARTICLES = 30
export const COMPLETION_BODY_CHARS = 1_500
/**
 * At most this many terms stand for the letter. Each is one more phrase for BM25 to score in
 * every match: a search for "الت" at 100,000 articles ranks in ~30 ms with 4, ~50 ms with 8
 * (a two-letter prefix, "تح" *, ~35 ms).
 */
export const MAX_COMPLETIONS = 4

/**
 * The terms of the definite words in `texts` whose noun starts with `initial` (one folded
 * letter): التحالف, للتحالف and والتحالف all count for تحالف; ترتفع (no article) and stop
 * words (التي) never do. Those found in the most texts first, then those found first (texts
 * come newest first), at most `limit`.
 *
 * @example completionsIn(['قمة التعاون', 'التحالف يعلن', 'للتحالف والتعاون', 'التحالف'], 'ت') // ['تحالف', 'تعاون']
 */
export function completionsIn(texts: readonly string[], initial: string, limit = MAX_COMPLETIONS): string[] {
  const termOf = new Map<string, string | undefined>()
  const counts = new Map<string, number>()
  for (const text of texts) {
    const terms = new Set<string>()
    for (const word of definiteWordCandidates(text, initial)) {
      if (!termOf.has(word)) termOf.set(word, definiteTermStartingWith(word, initial))
      const term = termOf.get(word)
      if (term) terms.add(term)
    }
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1)
  }
  // A Map iterates in insertion order and the sort is stable: among equals, the first found first.
  return [...counts]
    .sort(([, m], [, n]) => n - m)
    .slice(0, limit)
    .map(([term]) => term)
}

/**
 * The query with its typed letter completed (`withCompletions`) from the newest articles within
 * the search's filters that match its other words, or the newest of all within them: their
 * titles with `titleOnly` (suggestions, which match titles), else their titles and the start of
 * their bodies. A query without such a letter comes back as it is, without reading anything.
 *
 * @example await completeTypedWord(deps, parseQuery('الت', { prefix: true }), { now })
 * // include: [{ kind: 'prefix', prefixes: ['الت'], initial: 'ت', completions: ['تحالف', 'تعاون', …] }]
 */
export async function completeTypedWord(
  deps: SearchDeps,
  query: ParsedQuery,
  { now, titleOnly = false, filters = {} }: { now: Date; titleOnly?: boolean; filters?: MatchFilters },
): Promise<ParsedQuery> {
  const unit = unitToComplete(query)
  if (!unit?.initial) return query
  const others: ParsedQuery = { ...query, include: query.include.filter((u) => u !== unit) }
  const limit = titleOnly ? COMPLETION_TITLES : COMPLETION_ARTICLES
  const texts = await listNewestTexts(deps.db, deps.engine, others, filters, { limit, now, titleOnly, bodyChars: titleOnly ? 0 : COMPLETION_BODY_CHARS })
  return withCompletions(query, completionsIn(texts, unit.initial))
}
