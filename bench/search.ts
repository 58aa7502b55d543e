// `npm run bench:search`: full-text search at newsroom scale, on SQLite and on PostgreSQL.
//
// 1. Builds BENCH_ARTICLES (100,000) published articles from SaudiNewsNet (bench/search-data.ts:
//    real titles and paragraphs recombined to the corpus's own lengths, five years of dates, 8
//    sections, 24 authors) in a fresh database, without search indexing (bulk inserts).
// 2. Builds the search index the way `sahifa reindex` does (rebuildSearchIndex): time, and the
//    size of what it adds (SQLite: dbstat per table and index; PostgreSQL: pg_total_relation_size).
// 3. Runs BENCH_QUERIES (1,000) mixed queries through searchArticles (the service the search page
//    calls: ranking, counting, summaries, snippets, "did you mean" on zero results), one at a
//    time after 50 not timed, and prints p50/p95/p99 per query class and overall.
//
// SQLite always (a file in a temp folder); PostgreSQL when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set (a schema of its own, dropped at the end). BENCH_ENGINES=sqlite or
// =postgres runs one. BENCH_KEEP=1 keeps the SQLite file and the PostgreSQL schema (both named in
// the output); BENCH_DB=<file> and BENCH_PG_SCHEMA=<schema> reuse them (no build: the queries
// only). Not a timed test: figures depend on the machine and its neighbours (the load average is
// printed; "node CPU" is this process's CPU time per query, which moves less with the machine's
// load than wall-clock time, and on PostgreSQL leaves out the server's work).
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { openDatabase, type Db } from '../src/db/database.js'
import type { Engine } from '../src/db/dialect/index.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { rebuildSearchIndex } from '../src/modules/search/search.index.js'
import { searchArticles, suggest, type SearchDeps } from '../src/modules/search/search.service.js'
import { insertCategory } from '../src/modules/taxonomy/taxonomy.repository.js'
import { insertUser } from '../src/modules/users/users.repository.js'
import { insertArticlesInBulk, loadSaudiNewsNet } from '../test/support/saudinewsnet.js'
import { benchArticles, benchQueries, QUERY_CLASSES, type BenchQuery } from './search-data.js'

const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const ARTICLES = envNumber('BENCH_ARTICLES', 100_000)
const QUERIES = envNumber('BENCH_QUERIES', 1_000)
const WARMUP = 50
const SEED = 20150811
const NOW = new Date('2026-05-11T09:00:00Z')
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
const wanted = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',')
const MB = 1024 * 1024
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ')
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

interface Built {
  db: Db
  engine: Engine
  categoryIds: number[]
  authorIds: number[]
  lines: string[]
}

/** Sections and writers for the filters, then the articles, then the index; returns what it measured. */
async function build(db: Db, engine: Engine, sizeOf: () => Promise<string[]>): Promise<Built> {
  await migrateToLatest(db, engine)
  const iso = NOW.toISOString()
  const categoryIds: number[] = []
  for (let i = 1; i <= 8; i++) categoryIds.push(await insertCategory(db, { slug: `section-${i}`, name: `قسم ${i}`, description: '', parentId: null, position: i }))
  const authorIds: number[] = []
  for (let i = 1; i <= 24; i++) {
    authorIds.push(await insertUser(db, { email: `writer${i}@bench.example`, name: `كاتب ${i}`, slug: `writer-${i}`, role: 'author', bio: '', password_hash: 'x', active: 1, created_at: iso, updated_at: iso }))
  }
  const corpus = loadSaudiNewsNet()
  let started = performance.now()
  let words = 0
  for (const batch of benchArticles(corpus, { count: ARTICLES, now: NOW, seed: SEED, categoryIds, authorIds })) {
    words += batch.reduce((n, a) => n + a.paragraphs.reduce((m, p) => m + p.split(/\s+/).length, 0), 0)
    await insertArticlesInBulk(db, batch, { plainText: (_html, paragraphs) => paragraphs.map((p) => p.trim()).join('\n\n') })
  }
  const inserted = performance.now() - started
  const before = await sizeOf()
  started = performance.now()
  const { indexed } = await rebuildSearchIndex(db, engine, { batchSize: 1000 })
  const indexing = performance.now() - started
  const lines = [
    `${ARTICLES.toLocaleString('en')} articles (~${Math.round(words / ARTICLES)} words each) inserted in ${seconds(inserted)}; search index built (rebuildSearchIndex, ${indexed.toLocaleString('en')} articles) in ${seconds(indexing)}`,
    ...before.map((l) => `before indexing: ${l}`),
    ...(await sizeOf()).map((l) => `after indexing:  ${l}`),
  ]
  return { db, engine, categoryIds, authorIds, lines }
}

async function sqliteSizes(db: Db, file: string): Promise<string[]> {
  const { rows } = await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat group by name`.execute(db)
  const search = rows.filter((r) => /^(article_search|search_documents)/.test(r.name))
  const walBytes = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0
  const articles = rows.filter((r) => r.name === 'articles').reduce((n, r) => n + Number(r.bytes), 0)
  return [
    `file ${(statSync(file).size / MB).toFixed(0)} MB (+ WAL ${(walBytes / MB).toFixed(0)} MB); articles table ${(articles / MB).toFixed(0)} MB; search ${(search.reduce((n, r) => n + Number(r.bytes), 0) / MB).toFixed(0)} MB` +
      (search.length ? ` (${search.sort((a, b) => Number(b.bytes) - Number(a.bytes)).map((r) => `${r.name} ${(Number(r.bytes) / MB).toFixed(0)}`).join(', ')})` : ''),
  ]
}

async function postgresSizes(db: Db): Promise<string[]> {
  const { rows } = await sql<{ articles: number; search: number; gin: number; db: number }>`
    select pg_total_relation_size('articles') as articles,
           coalesce(pg_total_relation_size(to_regclass('search_documents')), 0) as search,
           coalesce(pg_relation_size(to_regclass('search_documents_document')), 0) as gin,
           pg_database_size(current_database()) as db`.execute(db)
  const r = rows[0]!
  return [`articles ${(Number(r.articles) / MB).toFixed(0)} MB; search_documents with its indexes and TOAST ${(Number(r.search) / MB).toFixed(0)} MB (GIN ${(Number(r.gin) / MB).toFixed(0)} MB)`]
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN

/** Runs the queries one at a time; returns the table lines. */
/** One query as the site asks it: the search page (searchArticles) or the search box (suggest); returns how many it found. */
async function ask(deps: SearchDeps, q: BenchQuery): Promise<number> {
  if (q.suggest) {
    const s = await suggest(deps, q.text, { limit: 5, now: NOW })
    return s.titles.length + s.tags.length + s.authors.length
  }
  return (await searchArticles(deps, q.text, { now: NOW, ...q.options })).total
}

async function run(deps: SearchDeps, queries: BenchQuery[]): Promise<string[]> {
  for (const q of queries.slice(0, WARMUP)) await ask(deps, q)
  const times = new Map<string, { wall: number[]; cpu: number[] }>()
  const empty = new Map<string, number>()
  for (const q of queries) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    const found = await ask(deps, q)
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    for (const key of [q.kind, 'all']) {
      const entry = times.get(key) ?? { wall: [], cpu: [] }
      entry.wall.push(ms)
      entry.cpu.push((used.user + used.system) / 1000)
      times.set(key, entry)
    }
    if (found === 0) empty.set(q.kind, (empty.get(q.kind) ?? 0) + 1)
  }
  const cols = (list: number[]) => [50, 95, 99].map((p) => percentile(list, p).toFixed(1).padStart(7))
  const header = `${'class'.padEnd(18)} ${'n'.padStart(5)}  ${['p50', 'p95', 'p99', 'max'].map((h) => h.padStart(7)).join('')}  ${['p50', 'p95', 'p99'].map((h) => h.padStart(7)).join('')} ${'0 results'.padStart(10)}`
  const lines = [`${''.padEnd(25)}  ${'wall-clock ms'.padEnd(28)}  node CPU ms`, header, '-'.repeat(header.length)]
  for (const kind of [...QUERY_CLASSES, 'all']) {
    const wall = [...(times.get(kind)?.wall ?? [])].sort((a, b) => a - b)
    const cpu = [...(times.get(kind)?.cpu ?? [])].sort((a, b) => a - b)
    const zero = kind === 'all' ? [...empty.values()].reduce((a, b) => a + b, 0) : (empty.get(kind) ?? 0)
    lines.push(`${kind.padEnd(18)} ${String(wall.length).padStart(5)}  ${cols(wall).join('')}${wall.at(-1)!.toFixed(1).padStart(7)}  ${cols(cpu).join('')} ${String(zero).padStart(10)}`)
  }
  return lines
}

async function benchSqlite(): Promise<void> {
  const keep = process.env.BENCH_KEEP === '1'
  const reuse = process.env.BENCH_DB && existsSync(process.env.BENCH_DB) ? process.env.BENCH_DB : undefined
  const dir = reuse ? undefined : mkdtempSync(join(tmpdir(), 'sahifa-bench-search-'))
  const file = reuse ?? join(dir!, 'search.db')
  const handle = openDatabase({ kind: 'sqlite', file })
  try {
    let built: Omit<Built, 'lines'> & { lines: string[] }
    if (reuse) {
      const ids = async (table: 'categories' | 'users') => (await handle.db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id)
      built = { db: handle.db, engine: 'sqlite', categoryIds: await ids('categories'), authorIds: await ids('users'), lines: [`reusing ${file}`, ...(await sqliteSizes(handle.db, file))] }
    } else built = await build(handle.db, 'sqlite', () => sqliteSizes(handle.db, file))
    report('SQLite', built.lines, await run({ db: handle.db, engine: 'sqlite' }, queriesFor(built)))
    if (keep || reuse) console.log(`kept: ${file}`)
  } finally {
    await handle.close()
    if (dir && !keep) rmSync(dir, { recursive: true, force: true })
  }
}

async function benchPostgres(url: string): Promise<void> {
  const keep = process.env.BENCH_KEEP === '1'
  const reuse = process.env.BENCH_PG_SCHEMA
  const schema = reuse ?? `bench_search_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  if (!reuse) await admin.query(`create schema ${schema}`)
  const handle = openDatabase({ kind: 'postgres', url }, { schema })
  try {
    let built: Built
    if (reuse) {
      const ids = async (table: 'categories' | 'users') => (await handle.db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id)
      built = { db: handle.db, engine: 'postgres', categoryIds: await ids('categories'), authorIds: await ids('users'), lines: [`reusing schema ${schema}`, ...(await postgresSizes(handle.db))] }
    } else {
      built = await build(handle.db, 'postgres', () => postgresSizes(handle.db))
      await sql`analyze`.execute(handle.db)
    }
    report('PostgreSQL', built.lines, await run({ db: handle.db, engine: 'postgres' }, queriesFor(built)), ' (node CPU leaves out the server\'s)')
    if (keep || reuse) console.log(`kept: schema ${schema}`)
  } finally {
    await handle.close()
    if (!keep && !reuse) await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
  }
}

const queriesFor = (b: { categoryIds: number[]; authorIds: number[] }) => benchQueries(loadSaudiNewsNet(), { count: QUERIES, seed: SEED + 1, now: NOW, categoryIds: b.categoryIds, authorIds: b.authorIds })

function report(engine: string, build: string[], table: string[], note = ''): void {
  console.log(`\n${engine}: ${QUERIES.toLocaleString('en')} queries through searchArticles (limit 10, snippets) and suggest (type-ahead, 5 of each), one at a time, after ${WARMUP} not timed${note}`)
  for (const line of build) console.log(`  ${line}`)
  console.log(`  load average after: ${load()}\n`)
  for (const line of table) console.log(`  ${line}`)
}

console.log(`Sahifa search benchmark — ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; load average before: ${load()}`)
if (wanted.includes('sqlite')) await benchSqlite()
if (wanted.includes('postgres')) {
  if (pgUrl) await benchPostgres(pgUrl)
  else console.log('\nPostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
}
