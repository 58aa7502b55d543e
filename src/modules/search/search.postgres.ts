/**
 * Relevance on PostgreSQL: FTS5's bm25() computed in SQL from the tsvector's positions and
 * weights (FTS5's definition: IDF = ln((N − n + 0.5) / (n + 0.5)), 1e-6 when not positive;
 * document length = all its terms; phrase frequency = occurrences of the whole phrase), so that
 * both engines give the same scores. ts_rank could not agree with it: it has no IDF and scores
 * AND queries by proximity.
 *
 * Reading a tsvector costs ~40–65 µs a document (TOAST, then unnest), so only candidates are
 * scored: every match when there are at most RELEVANCE_CANDIDATES (the result is then the same
 * as SQLite's), else the newest RELEVANCE_CANDIDATES. Finding matches, counting them and the
 * newest of them read the GIN index and the table's short rows only (migration 0008 keeps the
 * terms and the tsvector out of line).
 */
import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../../db/database.js'
import { tsqueryUnit, type RankPhrase } from './search.query.js'
import { B, BODY_WEIGHT, candidatesFor, filterSql, K1, recencySql, TITLE_WEIGHT, type Match, type MatchFilters, type MatchOptions } from './search.ranking.js'

/**
 * Runs search statements with sequential scans off. The planner prices `@@` like any cheap
 * operator, so for a common word it would read and decompress every article's tsvector (1.7 s
 * at 100,000 articles) rather than take the matches from the GIN index (25 ms). `set local`
 * lasts until the end of the transaction (its own, or the caller's).
 */
export async function withGinScans<T>(db: Db, run: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await sql`set local enable_seqscan = off`.execute(db)
    return run(db)
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx)
    return run(trx)
  })
}

/**
 * One page by relevance: the candidates (the newest RELEVANCE_CANDIDATES matches, or all of
 * them), each scored with BM25 × recency, ordered with the tie-breaks (newer, then higher id).
 * Call it inside withGinScans.
 */
export async function postgresByRelevance(db: Db, tsquery: string, phrases: RankPhrase[], filters: MatchFilters, options: MatchOptions): Promise<Match[]> {
  const stats = await postgresBm25Stats(db, phrases)
  const { rows } = await sql<Match>`
    with candidates as materialized (
      select d.article_id from search_documents d
      where d.document @@ cast(${tsquery} as tsquery) ${filterSql(filters)}
      order by d.published_at collate "C" desc, d.article_id desc
      limit ${candidatesFor(options)}
    )
    select d.article_id as id, ${postgresBm25(phrases, stats)} * ${recencySql('postgres', options.now)} as score
    from candidates c
    join search_documents d on d.article_id = c.article_id
    cross join lateral (${postgresFrequencies(phrases)}) f
    order by score desc, d.published_at collate "C" desc, d.article_id desc
    limit ${options.limit} offset ${options.offset}`.execute(db)
  return rows.map((r) => ({ id: r.id, score: Number(r.score) }))
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
 * N, average length and each phrase's document count, as FTS5 reads them from its index: N and
 * the total length from search_stats (kept by triggers, migration 0008), each phrase counted
 * through the GIN index (for a plain term that reads no document; a phrase's candidates are
 * checked against their positions).
 */
async function postgresBm25Stats(db: Db, phrases: RankPhrase[]): Promise<Bm25Stats> {
  const hits = phrases.map((p, i) => sql`(select count(*) from search_documents where document @@ cast(${phraseTsquery(p)} as tsquery)) as ${sql.ref(`h${i}`)}`)
  const { rows } = await sql<Record<string, number>>`
    select s.documents as n, s.terms as tokens, ${sql.join(hits)} from search_stats s where s.id = 1`.execute(db)
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
