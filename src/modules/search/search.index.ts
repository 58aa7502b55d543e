/**
 * Keeping the search index current. One table, `search_documents`, holds each published
 * article's analysed terms; the engines index it themselves (migration 0008): on SQLite, triggers
 * copy every change into the FTS5 table `article_search`; on PostgreSQL, a generated tsvector
 * column with a GIN index. So writing the index is the same SQL on both engines.
 *
 * The rule: an article is in the index exactly when its status is `published`. Every write of an
 * article calls `syncSearchIndex` in the same transaction, which reads the row as it now is and
 * makes the index agree (insert, replace or remove), so callers never pass stale fields.
 */
import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { Engine } from '../../db/dialect/index.js'
import { searchTerms } from './search.analysis.js'

/**
 * Names the analysis the index was built with. Change it whenever `searchTerms` (text/arabic
 * `analyze`, `stem`) changes what it returns: the next start (ensureSearchIndex) rebuilds.
 */
export const SEARCH_INDEX_VERSION = 'analysis-2'

/**
 * At most this many terms of an article are indexed (title first). PostgreSQL keeps word
 * positions only up to 16,383; the same cap on both engines keeps their scores equal. News
 * articles run to a few thousand words.
 */
export const MAX_INDEXED_TERMS = 16_000
/** Longer "words" (base64, URLs run together) are not words anyone searches for. */
const MAX_TERM_CHARS = 60
/** A tsvector must stay under 1 MB: stop adding new distinct terms past this many bytes. */
const MAX_DISTINCT_TERM_BYTES = 400_000
/** Articles written per statement: 5 parameters each, far under both engines' limits. */
const WRITE_BATCH = 400

/** What the index holds for one article. */
export interface SearchDocument {
  articleId: number
  publishedAt: string
  title: string[]
  body: string[]
}

/**
 * The analysed terms of an article's title and plain-text body, capped (MAX_INDEXED_TERMS,
 * term length, distinct bytes) the same way for both engines.
 *
 * @example documentTerms('التحالف العربي', 'قال التحالف…').title // ['تحالف', 'عرب']
 */
export function documentTerms(title: string, bodyText: string): { title: string[]; body: string[] } {
  let budget = MAX_INDEXED_TERMS
  let bytes = 0
  const distinct = new Set<string>()
  const take = (terms: string[]): string[] => {
    const out: string[] = []
    for (const term of terms) {
      if (budget === 0) break
      if (term.length > MAX_TERM_CHARS || /\s/.test(term)) continue
      if (!distinct.has(term)) {
        const size = Buffer.byteLength(term) + 8
        if (bytes + size > MAX_DISTINCT_TERM_BYTES) continue
        bytes += size
        distinct.add(term)
      }
      out.push(term)
      budget--
    }
    return out
  }
  const titleTerms = take(searchTerms(title))
  return { title: titleTerms, body: take(searchTerms(bodyText)) }
}

/**
 * Writes documents into the index, replacing what it held for them (inside the caller's
 * transaction). Many at once: one DELETE and one multi-row INSERT per 400 articles.
 */
export async function writeSearchDocuments(db: Db, docs: readonly SearchDocument[]): Promise<void> {
  for (let i = 0; i < docs.length; i += WRITE_BATCH) {
    const batch = docs.slice(i, i + WRITE_BATCH)
    await db.deleteFrom('search_documents').where('article_id', 'in', batch.map((d) => d.articleId)).execute()
    await db
      .insertInto('search_documents')
      .values(
        batch.map((d) => ({
          article_id: d.articleId,
          published_at: d.publishedAt,
          term_count: d.title.length + d.body.length,
          title_terms: d.title.join(' '),
          body_terms: d.body.join(' '),
        })),
      )
      .execute()
  }
}

/** Removes articles from the index (inside the caller's transaction). */
export async function removeFromSearchIndex(db: Db, articleIds: readonly number[]): Promise<void> {
  for (let i = 0; i < articleIds.length; i += WRITE_BATCH) {
    await db.deleteFrom('search_documents').where('article_id', 'in', articleIds.slice(i, i + WRITE_BATCH)).execute()
  }
}

/**
 * Makes the index agree with the articles as they are now: published ones (re)indexed, any
 * other status or a deleted article removed. Call it inside the transaction that changed them.
 * Reads the rows itself (one query per 400 ids), so it is safe to call after any write.
 *
 * @example await db.transaction().execute(async (trx) => { await trx.updateTable('articles')…; await syncSearchIndex(trx, [id]) })
 */
export async function syncSearchIndex(db: Db, articleIds: readonly number[]): Promise<{ indexed: number; removed: number }> {
  let indexed = 0
  let removed = 0
  const ids = [...new Set(articleIds)]
  for (let i = 0; i < ids.length; i += WRITE_BATCH) {
    const batch = ids.slice(i, i + WRITE_BATCH)
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'title', 'body_text', 'published_at', 'updated_at'])
      .where('id', 'in', batch)
      .where('status', '=', 'published')
      .execute()
    const live = new Set(rows.map((r) => r.id))
    const gone = batch.filter((id) => !live.has(id))
    if (gone.length) await removeFromSearchIndex(db, gone)
    if (rows.length) {
      await writeSearchDocuments(
        db,
        rows.map((r) => ({ articleId: r.id, publishedAt: r.published_at ?? r.updated_at, ...documentTerms(r.title, r.body_text) })),
      )
    }
    indexed += rows.length
    removed += gone.length
  }
  return { indexed, removed }
}

export interface RebuildProgress {
  /** Articles looked at so far, of `total` (every status: each is indexed or removed). */
  done: number
  total: number
}

/**
 * Rebuilds the whole index from the articles: batches of `batchSize` articles by id, each in its
 * own transaction (readers keep searching the rest meanwhile), then drops entries of articles
 * that no longer exist. On SQLite it then merges FTS5's segments ('optimize'), and with
 * `repairFts` first rebuilds the FTS5 index from its table ('rebuild': for an index that got out
 * of step, e.g. after hand edits with the triggers dropped; about as long again), and refreshes
 * the query planner's statistics (`PRAGMA optimize`).
 * Returns how many articles are searchable.
 */
export async function rebuildSearchIndex(
  db: Db,
  engine: Engine,
  { batchSize = 500, onProgress, repairFts = false }: { batchSize?: number; onProgress?: (p: RebuildProgress) => void; repairFts?: boolean } = {},
): Promise<{ indexed: number }> {
  const { n } = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const total = Number(n)
  let done = 0
  let indexed = 0
  let after = 0
  onProgress?.({ done, total })
  for (;;) {
    const ids = (await db.selectFrom('articles').select('id').where('id', '>', after).orderBy('id').limit(batchSize).execute()).map((r) => r.id)
    if (ids.length === 0) break
    after = ids[ids.length - 1]!
    indexed += (await db.transaction().execute((trx) => syncSearchIndex(trx, ids))).indexed
    done += ids.length
    onProgress?.({ done, total: Math.max(total, done) })
  }
  await db.deleteFrom('search_documents').where('article_id', 'not in', db.selectFrom('articles').select('id')).execute()
  if (engine === 'sqlite') {
    if (repairFts) await sql`insert into article_search (article_search) values ('rebuild')`.execute(db)
    await sql`insert into article_search (article_search) values ('optimize')`.execute(db)
    // Statistics for the query planner (ANALYZE, sampled: a second or two at 100,000 articles).
    // Without them it reads a search page's ten articles through the status index, scanning every
    // published article (9 ms at 100,000) instead of ten rowid lookups. PostgreSQL's autovacuum
    // keeps its own.
    await sql`pragma analysis_limit = 1000`.execute(db)
    await sql`pragma optimize = 0x10002`.execute(db)
  }
  return { indexed }
}

const VERSION_KEY = 'search.index'

/**
 * Rebuilds the index when it was built with another analysis (or never: a database migrated
 * from before search). Run at start, after migrations; a no-op (one settings read) otherwise.
 * Returns what it indexed, or undefined when the index was current.
 */
export async function ensureSearchIndex(db: Db, engine: Engine, options: { onProgress?: (p: RebuildProgress) => void } = {}): Promise<{ indexed: number } | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', VERSION_KEY).executeTakeFirst()
  if (row?.value === JSON.stringify(SEARCH_INDEX_VERSION)) return undefined
  const result = await rebuildSearchIndex(db, engine, options)
  await markSearchIndexBuilt(db)
  return result
}

/** Records that the index is built with the current analysis (SEARCH_INDEX_VERSION). */
export async function markSearchIndexBuilt(db: Db): Promise<void> {
  const value = JSON.stringify(SEARCH_INDEX_VERSION)
  await db
    .insertInto('settings')
    .values({ key: VERSION_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}
