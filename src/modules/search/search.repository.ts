/**
 * Search SQL for both engines. Matching uses each engine's index (FTS5 MATCH, tsvector @@ with
 * GIN); ranking is one formula on both, so that both give the same order:
 *
 *   score = BM25(k1 = 1.2, b = 0.75; title terms count TITLE_WEIGHT times, body terms once)
 *           × (1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS))
 *
 * SQLite computes BM25 with FTS5's own `bm25(article_search, 5, 1)`; PostgreSQL computes the
 * very same formula (FTS5's definition: IDF = ln((N − n + 0.5) / (n + 0.5)), 1e-6 when not
 * positive; document length = all its terms; phrase frequency = occurrences of the whole
 * phrase) from the tsvector's positions and weights. ts_rank could not agree with it: it has no
 * IDF and scores AND queries by proximity. Ties: newer first, then higher id.
 */
import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../../db/database.js'
import type { Engine } from '../../db/dialect/index.js'
import { rankPhrases, toFts5Match, toTsquery, tsqueryUnit, type ParsedQuery, type RankPhrase } from './search.query.js'

/** A title term weighs as much as this many body terms. */
export const TITLE_WEIGHT = 5
const BODY_WEIGHT = 1
/** A story published now scores up to 10% above an equal old one… */
export const RECENCY_BOOST = 0.1
/** …half of that after this many days. */
export const RECENCY_DAYS = 30
const K1 = 1.2
const B = 0.75

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

function filterSql(f: MatchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = []
  if (f.from) parts.push(sql`and d.published_at >= ${f.from}`)
  if (f.to) parts.push(sql`and d.published_at < ${f.to}`)
  if (f.categoryIds?.length) {
    parts.push(sql`and exists (select 1 from article_categories ac where ac.article_id = d.article_id and ac.category_id in (${sql.join(f.categoryIds.map((id) => sql`${id}`))}))`)
  }
  if (f.authorId !== undefined) parts.push(sql`and exists (select 1 from article_authors aa where aa.article_id = d.article_id and aa.user_id = ${f.authorId})`)
  return sql.join(parts, sql` `)
}

/**
 * search_documents through its covering index (article_id, published_at): SQLite would look each
 * match up in the table itself, whose rows hold all the terms (see migration 0008).
 */
const sqliteDocuments = sql`search_documents as d indexed by search_documents_published`

const hasFilters = (f: MatchFilters) => Boolean(f.from || f.to || f.categoryIds?.length || f.authorId !== undefined)

/** The recency factor of the row `row` (its alias; `d` by default) as of `now` (same formula on both engines). */
function recencySql(engine: Engine, now: Date, row = 'd'): RawBuilder<number> {
  const publishedAt = sql.ref(`${row}.published_at`)
  const age =
    engine === 'sqlite'
      ? sql`max(0.0, julianday(${now.toISOString()}) - julianday(${publishedAt}))`
      : sql`greatest(0.0, extract(epoch from (cast(${now.toISOString()} as timestamptz) - cast(${publishedAt} as timestamptz)))::float8 / 86400.0)`
  return sql<number>`(1.0 + ${sql.lit(RECENCY_BOOST)} / (1.0 + ${age} / ${sql.lit(RECENCY_DAYS)}))`
}

/**
 * Relevance ranks the best this many matches by BM25 (at least twice the page's depth): the
 * recency boost and the tie-breaks reorder those, not every match. See findMatches.
 */
export const RELEVANCE_CANDIDATES = 500

/** How many BM25 candidates a page needs (RELEVANCE_CANDIDATES, or twice the depth of a deep page). */
const candidatesFor = (options: MatchOptions) => Math.max(RELEVANCE_CANDIDATES, 2 * (options.offset + options.limit))

/**
 * One page by relevance on SQLite: FTS5 scores every match with BM25 (in C, ~0.5 µs a match) and
 * keeps the best candidates (ORDER BY … LIMIT: a bounded sort, no join); only those get their
 * date, the recency factor and the final order (at 100,000 articles, a word in half of them:
 * 27 ms instead of 49 ms for the join, date and sort of every match).
 */
async function sqliteByRelevance(db: Db, match: string, filters: MatchFilters, options: MatchOptions): Promise<Match[]> {
  const documents = hasFilters(filters) ? sql`join ${sqliteDocuments} on d.article_id = article_search.rowid` : sql``
  const { rows } = await sql<Match>`
    select c.id, c.bm25 * ${recencySql('sqlite', options.now, 'p')} as score
    from (
      select article_search.rowid as id, -bm25(article_search, ${sql.lit(TITLE_WEIGHT)}, ${sql.lit(BODY_WEIGHT)}) as bm25
      from article_search ${documents}
      where article_search match ${match} ${filterSql(filters)}
      order by bm25 desc, article_search.rowid desc limit ${candidatesFor(options)}
    ) as c
    join search_documents as p indexed by search_documents_published on p.article_id = c.id
    order by score desc, p.published_at desc, c.id desc
    limit ${options.limit} offset ${options.offset}`.execute(db)
  return rows
}

/**
 * One page of matching article ids, best first (or newest first with `sort: 'date'`). An
 * unsearchable query (nothing required) matches nothing.
 */
export async function findMatches(db: Db, engine: Engine, query: ParsedQuery, filters: MatchFilters, options: MatchOptions): Promise<Match[]> {
  const column = options.titleOnly ? ('title_terms' as const) : undefined
  if (engine === 'sqlite') {
    const match = toFts5Match(query, { column })
    if (!match) return []
    if (options.sort === 'relevance') return sqliteByRelevance(db, match, filters, options)
    const { rows } = await sql<Match>`
      select d.article_id as id, null as score
      from article_search join ${sqliteDocuments} on d.article_id = article_search.rowid
      where article_search match ${match} ${filterSql(filters)}
      order by d.published_at desc, d.article_id desc
      limit ${options.limit} offset ${options.offset}`.execute(db)
    return rows
  }
  const tsquery = toTsquery(query, { column })
  if (!tsquery) return []
  if (options.sort === 'date') {
    const { rows } = await sql<Match>`
      select d.article_id as id, null as score from search_documents d
      where d.document @@ cast(${tsquery} as tsquery) ${filterSql(filters)}
      order by d.published_at desc, d.article_id desc
      limit ${options.limit} offset ${options.offset}`.execute(db)
    return rows
  }
  const phrases = rankPhrases(query)
  const stats = await postgresBm25Stats(db, phrases)
  const { rows } = await sql<Match>`
    select d.article_id as id, ${postgresBm25(phrases, stats)} * ${recencySql(engine, options.now)} as score
    from search_documents d
    cross join lateral (${postgresFrequencies(phrases)}) f
    where d.document @@ cast(${tsquery} as tsquery) ${filterSql(filters)}
    order by score desc, d.published_at desc, d.article_id desc
    limit ${options.limit} offset ${options.offset}`.execute(db)
  return rows.map((r) => ({ id: r.id, score: Number(r.score) }))
}

/** How many articles match (for pagination). */
export async function countMatches(db: Db, engine: Engine, query: ParsedQuery, filters: MatchFilters): Promise<number> {
  if (engine === 'sqlite') {
    const match = toFts5Match(query)
    if (!match) return 0
    const { rows } = hasFilters(filters)
      ? await sql<{ n: number }>`select count(*) as n from article_search join ${sqliteDocuments} on d.article_id = article_search.rowid where article_search match ${match} ${filterSql(filters)}`.execute(db)
      : await sql<{ n: number }>`select count(*) as n from article_search where article_search match ${match}`.execute(db)
    return Number(rows[0]?.n ?? 0)
  }
  const tsquery = toTsquery(query)
  if (!tsquery) return 0
  const { rows } = await sql<{ n: number }>`select count(*) as n from search_documents d where d.document @@ cast(${tsquery} as tsquery) ${filterSql(filters)}`.execute(db)
  return Number(rows[0]?.n ?? 0)
}

interface Bm25Stats {
  avgdl: number
  idf: number[]
}

/** FTS5's IDF: ln((N − n + 0.5) / (n + 0.5)), or 1e-6 when that is not positive. */
function idfOf(total: number, hits: number): number {
  const idf = Math.log((total - hits + 0.5) / (hits + 0.5))
  return idf <= 0 ? 1e-6 : idf
}

const phraseTsquery = (p: RankPhrase): string => tsqueryUnit(p.kind === 'prefix' ? { kind: 'prefix', prefixes: [p.prefix] } : p)

/**
 * N, average length and each phrase's document count, as FTS5 reads them from its index: one
 * GIN scan for the documents matching any phrase, each counted by phrase.
 */
async function postgresBm25Stats(db: Db, phrases: RankPhrase[]): Promise<Bm25Stats> {
  const queries = phrases.map(phraseTsquery)
  const hits = queries.map((q, i) => sql`count(*) filter (where d.document @@ cast(${q} as tsquery)) as ${sql.ref(`h${i}`)}`)
  const { rows } = await sql<Record<string, number>>`
    select (select count(*) from search_documents) as n, (select coalesce(sum(term_count), 0) from search_documents) as tokens, ${sql.join(hits)}
    from search_documents d where d.document @@ cast(${queries.map((q) => `(${q})`).join(' | ')} as tsquery)`.execute(db)
  const row = rows[0]!
  const total = Number(row.n)
  return { avgdl: total > 0 ? Number(row.tokens) / total : 1, idf: phrases.map((_, i) => idfOf(total, Number(row[`h${i}`]))) }
}

/** Weighted count of a lexeme row's positions: title (A) ones count TITLE_WEIGHT times. */
const weighted = sql`(${sql.lit(TITLE_WEIGHT)} * cardinality(array_positions(x.weights, 'A')) + ${sql.lit(BODY_WEIGHT)} * cardinality(array_positions(x.weights, 'B')))`

/**
 * A lateral subquery reading the article's tsvector once: for each term or prefix phrase its
 * weighted frequency (`f0`, `f1`…), for each word of a multi-word phrase its positions
 * (`p2_0`, `p2_1`…) and for its first word the weights (`w2`).
 */
function postgresFrequencies(phrases: RankPhrase[]): RawBuilder<unknown> {
  const columns: RawBuilder<unknown>[] = []
  const exact = new Set<string>()
  const prefixes = new Set<string>()
  phrases.forEach((p, i) => {
    if (p.kind === 'term') {
      exact.add(p.term)
      columns.push(sql`coalesce(sum(${weighted}) filter (where x.lexeme = ${p.term}), 0) as ${sql.ref(`f${i}`)}`)
    } else if (p.kind === 'prefix') {
      prefixes.add(p.prefix)
      columns.push(sql`coalesce(sum(${weighted}) filter (where starts_with(x.lexeme, ${p.prefix})), 0) as ${sql.ref(`f${i}`)}`)
    } else {
      p.terms.forEach((t, j) => {
        exact.add(t)
        columns.push(sql`max(x.positions) filter (where x.lexeme = ${t}) as ${sql.ref(`p${i}_${j}`)}`)
      })
      columns.push(sql`max(x.weights) filter (where x.lexeme = ${p.terms[0]!}) as ${sql.ref(`w${i}`)}`)
    }
  })
  const wanted = [sql`x.lexeme = any(cast(${[...exact]} as text[]))`, ...[...prefixes].map((p) => sql`starts_with(x.lexeme, ${p})`)]
  return sql`select ${sql.join(columns)} from unnest(d.document) as x(lexeme, positions, weights) where ${sql.join(wanted, sql` or `)}`
}

/** Phrase i's weighted frequency: occurrences of its first word followed by the others in order. */
function phraseFrequency(i: number, length: number): RawBuilder<unknown> {
  const next = Array.from({ length: length - 1 }, (_, k) => sql`(u.pos + ${sql.lit(k + 1)}) = any(${sql.ref(`f.p${i}_${k + 1}`)})`)
  return sql`(select coalesce(sum(case when u.w = 'A' then ${sql.lit(TITLE_WEIGHT)} else ${sql.lit(BODY_WEIGHT)} end), 0) from unnest(${sql.ref(`f.p${i}_0`)}, ${sql.ref(`f.w${i}`)}) as u(pos, w) where ${sql.join(next, sql` and `)})`
}

/** A float8 constant (our own numbers, written into the SQL). */
const float = (n: number) => sql`cast(${sql.lit(n)} as float8)`

/** FTS5's bm25() as SQL over the lateral frequencies, phrase by phrase in FTS5's order. */
function postgresBm25(phrases: RankPhrase[], stats: Bm25Stats): RawBuilder<number> {
  const terms = phrases.map((p, i) => {
    const f = p.kind === 'phrase' ? sql`cast(${phraseFrequency(i, p.terms.length)} as float8)` : sql`cast(${sql.ref(`f.f${i}`)} as float8)`
    return sql`cast(${stats.idf[i]!} as float8) * ((${f} * ${float(K1 + 1)}) / (${f} + ${float(K1)} * (${float(1 - B)} + ${float(B)} * cast(d.term_count as float8) / cast(${stats.avgdl} as float8))))`
  })
  return sql<number>`(0.0 + ${sql.join(terms, sql` + `)})`
}

/**
 * How many published articles contain each of these terms (only terms that occur come back).
 * For "did you mean": SQLite reads FTS5's vocabulary table; PostgreSQL probes the GIN index.
 */
export async function termDocumentCounts(db: Db, engine: Engine, terms: readonly string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(terms)].filter((t) => /^[\p{L}\p{M}\p{N}]+$/u.test(t))
  const counts = new Map<string, number>()
  if (wanted.length === 0) return counts
  if (engine === 'sqlite') {
    const { rows } = await sql<{ term: string; doc: number }>`select term, doc from article_search_vocab where term in (${sql.join(wanted.map((t) => sql`${t}`))})`.execute(db)
    for (const r of rows) counts.set(r.term, Number(r.doc))
    return counts
  }
  const { rows: present } = await sql<{ term: string }>`
    select c.term from unnest(cast(${wanted} as text[])) as c(term)
    where exists (select 1 from search_documents where document @@ cast('''' || c.term || '''' as tsquery))`.execute(db)
  for (const { term } of present) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from search_documents where document @@ cast(${`'${term}'`} as tsquery)`.execute(db)
    counts.set(term, Number(rows[0]?.n ?? 0))
  }
  return counts
}

/** Titles and plain text of articles, for snippets. */
export async function findSnippetSources(db: Db, ids: readonly number[]): Promise<Map<number, { title: string; bodyText: string }>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('articles').select(['id', 'title', 'body_text']).where('id', 'in', [...ids]).execute()
  return new Map(rows.map((r) => [r.id, { title: r.title, bodyText: r.body_text }]))
}

/** Id, slug and title of articles, in the order given. */
export async function listTitles(db: Db, ids: readonly number[]): Promise<Array<{ id: number; slug: string; title: string }>> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('articles').select(['id', 'slug', 'title']).where('id', 'in', [...ids]).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** Active writers credited on at least one article, by name (a newsroom has dozens to hundreds). */
export async function listCreditedAuthors(db: Db): Promise<Array<{ slug: string; name: string }>> {
  return db
    .selectFrom('users')
    .select(['users.slug', 'users.name'])
    .where('users.active', '=', 1)
    .where((eb) => eb.exists(eb.selectFrom('article_authors').select('article_authors.article_id').whereRef('article_authors.user_id', '=', 'users.id')))
    .orderBy('users.name')
    .execute()
}
