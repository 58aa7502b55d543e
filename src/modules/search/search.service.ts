import { z } from 'zod'
import type { Db } from '../../db/database.js'
import type { Engine } from '../../db/dialect/index.js'
import { normalizeForDisplay, normalizeForMatch } from '../../text/arabic/index.js'
import { listPublishedSummariesByIds, type ArticleSummary } from '../articles/articles.repository.js'
import { suggestTagNames, tagMatchKey } from '../taxonomy/taxonomy.repository.js'
import { searchTerms } from './search.analysis.js'
import { completeTypedWord } from './search.completion.js'
import { formatQuery, highlightTerms, isSearchable, parseQuery, type ParsedQuery, type QueryWord } from './search.query.js'
import { countMatches, findMatches, findSnippetSources, listCreditedAuthors, listTitles, termDocumentCounts, type MatchFilters } from './search.repository.js'
import { highlight, snippet, type HighlightPart } from './search.snippet.js'
import { fromLatinKeyboard, spellingCandidates } from './search.spelling.js'

/** What search needs: the database and which engine it is (the SQL differs). */
export interface SearchDeps {
  db: Db
  engine: Engine
}

/** The deepest result a search pages to (deeper pages are refused; nobody reads them, crawlers would). */
export const SEARCH_MAX_OFFSET = 10_000

/**
 * Search options, validated once (routes can parse query strings into it). Categories: pass a
 * section and its sub-sections (`descendantIds`). Dates: published in [from, to).
 */
export const searchOptionsSchema = z.object({
  categoryIds: z.array(z.number().int().positive()).max(200).optional(),
  authorId: z.number().int().positive().optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  sort: z.enum(['relevance', 'date']).default('relevance'),
  limit: z.number().int().min(1).max(100).default(10),
  offset: z.number().int().min(0).max(SEARCH_MAX_OFFSET).default(0),
  /** Type-ahead: the last word also matches longer words (search.query.ts, search.completion.ts). */
  prefix: z.boolean().default(false),
  /** The present (recency boost); defaults to now. */
  now: z.date().optional(),
})

export type SearchOptions = z.input<typeof searchOptionsSchema>

/** One result: the article as lists show it, its title with matches marked and a snippet. */
export interface SearchHit extends ArticleSummary {
  titleParts: HighlightPart[]
  snippet: HighlightPart[]
  /** Relevance (higher is better); null when sorted by date. */
  score: number | null
}

export interface SearchResult {
  total: number
  hits: SearchHit[]
  /** The query as understood (for a page to show what was searched). */
  query: ParsedQuery
  /** With no result on the first page: a query that has results, when one is found (see didYouMean). */
  didYouMean?: { query: string; total: number }
}

/**
 * Searches published articles. `text` is what the reader typed (see search.query.ts for the
 * syntax: words, "phrase", -exclusion); never throws on any text, and a query with nothing to
 * look for (empty, punctuation, only exclusions) finds nothing. Ranked by relevance (BM25 with
 * a title boost and a mild recency boost, the same on both engines) or by date, newest first.
 * Invalid options throw a ZodError.
 *
 * @example await searchArticles(deps, 'التحالف -اليمن', { sort: 'date', limit: 10 })
 */
export async function searchArticles(deps: SearchDeps, text: string, options: SearchOptions = {}): Promise<SearchResult> {
  const o = searchOptionsSchema.parse(options)
  const now = o.now ?? new Date()
  const parsed = parseQuery(text, { prefix: o.prefix })
  if (!isSearchable(parsed)) return { total: 0, hits: [], query: parsed }
  const filters: MatchFilters = { categoryIds: o.categoryIds, authorId: o.authorId, from: o.from?.toISOString(), to: o.to?.toISOString() }
  const query = await completeTypedWord(deps, parsed, { now, filters })
  const [total, matches] = await Promise.all([
    countMatches(deps.db, deps.engine, query, filters),
    findMatches(deps.db, deps.engine, query, filters, { sort: o.sort, limit: o.limit, offset: o.offset, now }),
  ])
  const ids = matches.map((m) => m.id)
  const [summaries, sources] = await Promise.all([listPublishedSummariesByIds(deps.db, ids), findSnippetSources(deps.db, ids)])
  const matcher = highlightTerms(query)
  const scores = new Map(matches.map((m) => [m.id, m.score]))
  const hits = summaries.map((a): SearchHit => {
    const source = sources.get(a.id)
    return { ...a, titleParts: highlight(a.title, matcher), snippet: snippet(source?.bodyText ?? '', matcher), score: scores.get(a.id) ?? null }
  })
  const result: SearchResult = { total, hits, query }
  if (total === 0 && o.offset === 0 && !o.prefix) {
    const suggestion = await didYouMean(deps, text, filters)
    if (suggestion) result.didYouMean = suggestion
  }
  return result
}

/**
 * "Did you mean": for a query without results, another query that has some, or undefined. Tried
 * in order, each only if the previous found nothing (cost: a few index lookups, only on zero results):
 * 1. Arabic typed on the English keyboard layout ("hgjphgt" → "التحالف").
 * 2. One slip in a word the index does not know: of its spellings one edit away
 *    (spellingCandidates), the one found in the most articles (FTS5 vocabulary / GIN probes).
 * 3. Without the quotes and exclusions, when the words alone match.
 */
export async function didYouMean(deps: SearchDeps, text: string, filters: MatchFilters = {}): Promise<{ query: string; total: number } | undefined> {
  const query = parseQuery(text)
  const totalOf = async (candidate: string) => countMatches(deps.db, deps.engine, parseQuery(candidate), filters)
  const tried = new Set([formatQuery(query.words)])
  const offer = async (candidate: string | undefined) => {
    if (!candidate || tried.has(candidate)) return undefined
    tried.add(candidate)
    const total = await totalOf(candidate)
    return total > 0 ? { query: candidate, total } : undefined
  }

  const keyboard = fromLatinKeyboard(normalizeForDisplay(text))
  if (keyboard) return offer(normalizeForDisplay(keyboard))
  if (!isSearchable(query)) return undefined

  const corrected = await correctWords(deps, query.words)
  const spelled = corrected && (await offer(formatQuery(corrected)))
  if (spelled) return spelled

  if (query.words.some((w) => w.quoted || w.negated)) return offer(formatQuery(query.words.filter((w) => !w.negated).map((w) => ({ ...w, quoted: false }))))
  return undefined
}

/** The words with each unknown single word replaced by its most common one-slip spelling; undefined when none is. */
async function correctWords(deps: SearchDeps, words: readonly QueryWord[]): Promise<QueryWord[] | undefined> {
  const known = await termDocumentCounts(deps.db, deps.engine, words.flatMap((w) => w.terms))
  let changed = false
  const out: QueryWord[] = []
  for (const word of words.slice(0, 6)) {
    const unknown = !word.negated && !word.quoted && word.terms.length === 1 && !known.has(word.terms[0]!)
    if (!unknown) {
      out.push(word)
      continue
    }
    const candidates = spellingCandidates(word.raw).map((c) => ({ ...c, terms: searchTerms(c.spelling) })).filter((c) => c.terms.length > 0)
    const counts = await termDocumentCounts(deps.db, deps.engine, candidates.flatMap((c) => c.terms))
    // The likeliest slip first, then the spelling found in the most articles.
    let best: { spelling: string; terms: string[]; rank: number; n: number } | undefined
    for (const c of candidates) {
      const n = Math.min(...c.terms.map((t) => counts.get(t) ?? 0))
      if (n > 0 && (!best || c.rank < best.rank || (c.rank === best.rank && n > best.n))) best = { ...c, n }
    }
    if (best) {
      changed = true
      out.push({ ...word, raw: best.spelling, terms: best.terms })
    } else out.push(word)
  }
  return changed ? [...out, ...words.slice(6)] : undefined
}

/** Type-ahead suggestions for what a reader is typing. */
export interface Suggestions {
  /** Newest published articles whose title matches (the last word as a prefix). */
  titles: Array<{ id: number; slug: string; title: string }>
  tags: Array<{ slug: string; name: string }>
  /** Writers credited on articles whose name (or a word of it) starts with the text. */
  authors: Array<{ slug: string; name: string }>
}

/** The longest text suggestions are made for. */
export const SUGGEST_MAX_CHARS = 100

/**
 * Suggestions for type-ahead, each list at most `limit` long: titles through the title index
 * (every word, the last as a prefix; one letter after an article completed from the newest
 * titles, search.completion.ts), tags by their matching key (tags_name_match index), credited
 * writers by normalized name. Text with nothing to look for yet suggests nothing: no letters,
 * one letter, or a bare article ("ال", "وال": they would match nearly everything).
 *
 * @example await suggest(deps, 'الاتح') // { titles: [{ id, slug, title: 'قمة الاتحاد الأفريقي…' }], tags: [{ slug, name: 'الاتحاد الأفريقي' }], authors: [] }
 */
export async function suggest(deps: SearchDeps, text: string, { limit = 5, now = new Date() }: { limit?: number; now?: Date } = {}): Promise<Suggestions> {
  const typed = normalizeForDisplay(typeof text === 'string' ? text.slice(0, SUGGEST_MAX_CHARS) : '')
  const key = normalizeForMatch(typed)
  const parsed = parseQuery(typed, { prefix: true })
  if (!isSearchable(parsed)) return { titles: [], tags: [], authors: [] }
  const query = await completeTypedWord(deps, parsed, { now, titleOnly: true })
  const [matches, tagNames, authors] = await Promise.all([
    findMatches(deps.db, deps.engine, query, {}, { sort: 'date', limit, offset: 0, now, titleOnly: true }),
    suggestTagNames(deps.db, tagMatchKey(typed), limit),
    listCreditedAuthors(deps.db),
  ])
  const titles = await listTitles(deps.db, matches.map((m) => m.id))
  const tagRows = tagNames.length ? await deps.db.selectFrom('tags').select(['slug', 'name']).where('name', 'in', tagNames).execute() : []
  const tagSlug = new Map(tagRows.map((t) => [t.name, t.slug]))
  const startsWord = (name: string) => {
    const n = normalizeForMatch(name)
    return n.startsWith(key) || n.split(/\s+/).some((w) => w.startsWith(key) || (w.startsWith('ال') && w.slice(2).startsWith(key)))
  }
  return {
    titles,
    tags: tagNames.flatMap((name) => (tagSlug.has(name) ? [{ slug: tagSlug.get(name)!, name }] : [])),
    authors: authors.filter((a) => startsWord(a.name)).slice(0, limit),
  }
}
