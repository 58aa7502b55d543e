/**
 * Search SQL for both engines. Matching uses each engine's index (FTS5 MATCH, tsvector @@ with
 * GIN); ranking is one formula on both (search.ranking.ts), so that both give the same order:
 *
 *   score = BM25(k1 = 1.2, b = 0.75; title terms count TITLE_WEIGHT times, body terms once)
 *           × (1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS))
 *
 * SQLite computes BM25 with FTS5's own `bm25(article_search, 5, 1)`; PostgreSQL computes the
 * very same formula from the tsvector's positions and weights (search.postgres.ts). Ties: newer
 * first, then higher id. Relevance ranks at most RELEVANCE_CANDIDATES matches (SQLite the best
 * by BM25, PostgreSQL the newest): below that both engines give the same results.
 */
import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { Engine } from '../../db/dialect/index.js'
import { postgresByRelevance, withGinScans } from './search.postgres.js'
import { isSearchable, rankPhrases, toFts5Match, toTsquery, type ParsedQuery } from './search.query.js'
import { BODY_WEIGHT, candidatesFor, filterSql, hasFilters, recencySql, TITLE_WEIGHT, type Match, type MatchFilters, type MatchOptions } from './search.ranking.js'

export { RECENCY_BOOST, RECENCY_DAYS, RELEVANCE_CANDIDATES, TITLE_WEIGHT, type Match, type MatchFilters, type MatchOptions } from './search.ranking.js'

/**
 * search_documents through its covering index (article_id, published_at): SQLite would look each
 * match up in the table itself, whose rows hold all the terms (see migration 0008).
 */
const sqliteDocuments = sql`search_documents as d indexed by search_documents_published`

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

/** Newest-first pages this deep or less first try the newest articles (see sqliteNewestByProbing). */
const PROBED_DEPTH = 100
/** …that many times the page's depth of them. */
const PROBES_PER_RESULT = 20

/**
 * A newest-first page of a common word without reading all its matches: walks the newest
 * PROBES_PER_RESULT × depth articles (index search_documents_date) and asks FTS5 whether each
 * one matches (~7 µs a probe, against ~0.4 µs a match to date-sort every match). When the page
 * fills up within them it is exact (every other match is older); otherwise undefined, and the
 * caller sorts all matches. At 100,000 articles, a word in half of them: 0.2 ms instead of 19 ms;
 * a rarer word wastes at most ~1.5 ms here.
 */
async function sqliteNewestByProbing(db: Db, match: string, filters: MatchFilters, options: MatchOptions): Promise<Match[] | undefined> {
  const depth = options.offset + options.limit
  if (depth > PROBED_DEPTH) return undefined
  const { rows } = await sql<Match>`
    select d.article_id as id, null as score
    from (
      select article_id, published_at from search_documents indexed by search_documents_date
      order by published_at desc, article_id desc limit ${PROBES_PER_RESULT * depth}
    ) as d
    where exists (select 1 from article_search where article_search match ${match} and article_search.rowid = d.article_id) ${filterSql(filters)}
    order by d.published_at desc, d.article_id desc
    limit ${options.limit} offset ${options.offset}`.execute(db)
  return rows.length === options.limit ? rows : undefined
}

/**
 * One page of matching article ids, best first (or newest first with `sort: 'date'`). An
 * unsearchable query (nothing required) matches nothing. Relevance: see RELEVANCE_CANDIDATES.
 */
export async function findMatches(db: Db, engine: Engine, query: ParsedQuery, filters: MatchFilters, options: MatchOptions): Promise<Match[]> {
  if (engine === 'sqlite') {
    const match = toFts5Match(query, { column: options.titleOnly ? 'title_terms' : undefined })
    if (!match) return []
    if (options.sort === 'relevance') return sqliteByRelevance(db, match, filters, options)
    const newest = options.titleOnly ? undefined : await sqliteNewestByProbing(db, match, filters, options)
    if (newest) return newest
    const { rows } = await sql<Match>`
      select d.article_id as id, null as score
      from article_search join ${sqliteDocuments} on d.article_id = article_search.rowid
      where article_search match ${match} ${filterSql(filters)}
      order by d.published_at desc, d.article_id desc
      limit ${options.limit} offset ${options.offset}`.execute(db)
    return rows
  }
  const tsquery = toTsquery(query)
  if (!tsquery) return []
  return withGinScans(db, async (trx) => {
    if (options.sort === 'relevance' && !options.titleOnly) return postgresByRelevance(trx, tsquery, rankPhrases(query), filters, options)
    // Titles have a tsvector of their own (title_document): `document @@ 'x':A` would read each
    // candidate's whole tsvector to check the weight.
    const { rows } = await sql<Match>`
      select d.article_id as id, null as score from search_documents d
      where ${sql.ref(options.titleOnly ? 'd.title_document' : 'd.document')} @@ cast(${tsquery} as tsquery) ${filterSql(filters)}
      order by d.published_at collate "C" desc, d.article_id desc
      limit ${options.limit} offset ${options.offset}`.execute(trx)
    return rows
  })
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
  const { rows } = await withGinScans(db, (trx) => sql<{ n: number }>`select count(*) as n from search_documents d where d.document @@ cast(${tsquery} as tsquery) ${filterSql(filters)}`.execute(trx))
  return Number(rows[0]?.n ?? 0)
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
  return withGinScans(db, async (trx) => {
    const { rows: present } = await sql<{ term: string }>`
      select c.term from unnest(cast(${wanted} as text[])) as c(term)
      where exists (select 1 from search_documents where document @@ cast('''' || c.term || '''' as tsquery))`.execute(trx)
    for (const { term } of present) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from search_documents where document @@ cast(${`'${term}'`} as tsquery)`.execute(trx)
      counts.set(term, Number(rows[0]?.n ?? 0))
    }
    return counts
  })
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

/**
 * The text of the newest published articles, at most `limit`, newest first (then higher id):
 * titles, or each title and the first `bodyChars` characters of its plain-text body; of the
 * articles `query` matches (in the title only with `titleOnly`) within `filters` when it requires
 * anything, else of all those within `filters` (search_documents by date), or of all of them (the
 * (status, published_at) index). Type-ahead completes a typed letter from the words in them.
 */
export async function listNewestTexts(
  db: Db,
  engine: Engine,
  query: ParsedQuery,
  filters: MatchFilters,
  { limit, now, titleOnly = false, bodyChars = 0 }: { limit: number; now: Date; titleOnly?: boolean; bodyChars?: number },
): Promise<string[]> {
  let ids: number[] | undefined
  if (isSearchable(query)) {
    ids = (await findMatches(db, engine, query, filters, { sort: 'date', limit, offset: 0, now, titleOnly })).map((m) => m.id)
  } else if (hasFilters(filters)) {
    const { rows } = await sql<{ article_id: number }>`select d.article_id from search_documents d where 1 = 1 ${filterSql(filters)} order by d.published_at desc, d.article_id desc limit ${limit}`.execute(db)
    ids = rows.map((r) => r.article_id)
  }
  if (ids?.length === 0) return []
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'title', (bodyChars > 0 ? sql<string>`substr(body_text, 1, ${bodyChars})` : sql<string>`''`).as('body')])
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids!))
    .$if(ids === undefined, (q) => q.where('status', '=', 'published').orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit))
    .execute()
  const text = (r: (typeof rows)[number]) => (r.body ? `${r.title}\n${r.body}` : r.title)
  if (ids === undefined) return rows.map(text)
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => (byId.has(id) ? [text(byId.get(id)!)] : []))
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
