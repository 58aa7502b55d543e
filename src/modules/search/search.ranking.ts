/**
 * What both engines' search SQL shares: the ranking formula's constants, the filters, the
 * recency factor and how many matches relevance ranks (see search.repository.ts).
 *
 *   score = BM25(k1 = 1.2, b = 0.75; title terms count TITLE_WEIGHT times, body terms once)
 *           × (1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS))
 */
import { sql, type RawBuilder } from 'kysely'
import type { Engine } from '../../db/dialect/index.js'

/** A title term weighs as much as this many body terms. */
export const TITLE_WEIGHT = 5
export const BODY_WEIGHT = 1
/** A story published now scores up to 10% above an equal old one… */
export const RECENCY_BOOST = 0.1
/** …half of that after this many days. */
export const RECENCY_DAYS = 30
export const K1 = 1.2
export const B = 0.75

/**
 * Relevance ranks at most this many matches (or twice a deep page's depth): SQLite the best by
 * BM25, PostgreSQL the newest; the final score (BM25 × recency) and the tie-breaks order those.
 * Queries with fewer matches are ranked whole, identically on both engines.
 */
export const RELEVANCE_CANDIDATES = 500

export interface MatchFilters {
  /** Articles in any of these categories (a section and its sub-sections). */
  categoryIds?: readonly number[]
  /** Articles credited to this author. */
  authorId?: number
  /** Published at or after (ISO). */
  from?: string
  /** Published before (ISO). */
  to?: string
}

export interface MatchOptions {
  sort: 'relevance' | 'date'
  limit: number
  offset: number
  /** The present, for the recency boost. */
  now: Date
  /** Match titles only (type-ahead suggestions). */
  titleOnly?: boolean
}

export interface Match {
  id: number
  /** Relevance (higher is better); null when sorted by date. */
  score: number | null
}

/** The filters as `and …` conditions on the search_documents row `d`. */
export function filterSql(f: MatchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = []
  if (f.from) parts.push(sql`and d.published_at >= ${f.from}`)
  if (f.to) parts.push(sql`and d.published_at < ${f.to}`)
  if (f.categoryIds?.length) {
    parts.push(sql`and exists (select 1 from article_categories ac where ac.article_id = d.article_id and ac.category_id in (${sql.join(f.categoryIds.map((id) => sql`${id}`))}))`)
  }
  if (f.authorId !== undefined) parts.push(sql`and exists (select 1 from article_authors aa where aa.article_id = d.article_id and aa.user_id = ${f.authorId})`)
  return sql.join(parts, sql` `)
}

export const hasFilters = (f: MatchFilters) => Boolean(f.from || f.to || f.categoryIds?.length || f.authorId !== undefined)

/** The recency factor of the row `row` (its alias; `d` by default) as of `now` (same formula on both engines). */
export function recencySql(engine: Engine, now: Date, row = 'd'): RawBuilder<number> {
  const publishedAt = sql.ref(`${row}.published_at`)
  const age =
    engine === 'sqlite'
      ? sql`max(0.0, julianday(${now.toISOString()}) - julianday(${publishedAt}))`
      : sql`greatest(0.0, extract(epoch from (cast(${now.toISOString()} as timestamptz) - cast(${publishedAt} as timestamptz)))::float8 / 86400.0)`
  return sql<number>`(1.0 + ${sql.lit(RECENCY_BOOST)} / (1.0 + ${age} / ${sql.lit(RECENCY_DAYS)}))`
}

/** How many matches a page ranks: RELEVANCE_CANDIDATES, or twice the depth of a deep page. */
export const candidatesFor = (options: MatchOptions) => Math.max(RELEVANCE_CANDIDATES, 2 * (options.offset + options.limit))
