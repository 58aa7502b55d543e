import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Database from 'better-sqlite3'
import type { Engine } from '../../src/db/dialect/index.js'
import { rebuildSearchIndex } from '../../src/modules/search/search.index.js'
import { searchArticles } from '../../src/modules/search/search.service.js'
import { analyze, stem } from '../../src/text/arabic/index.js'
import { engines } from '../support/databases.js'
import { insertArticlesInBulk, loadSaudiNewsNet } from '../support/saudinewsnet.js'
import { buildTestApp } from '../support/test-app.js'
import { generateKnownItemQueries, spellingProbes, TRANSFORMS, type KnownItemQuery } from './known-item.queries.js'

/**
 * Known-item search on real news: 1,676 SaudiNewsNet articles indexed by the app, 450 queries
 * that retype 2–4 distinctive words of one article with reader spellings (known-item.queries.ts),
 * the article must come in the top 3 of `searchArticles` (relevance) for at least 95% of them, on
 * SQLite and on PostgreSQL. The same queries on a plain FTS5 index of the raw text
 * (`unicode61 remove_diacritics 2`, the words AND-ed, quoted) give the baseline printed beside.
 */
const QUERY_COUNT = 450
const SEED = 20150811
const TOP = 3
const REQUIRED = 0.95
const NOW = new Date('2015-08-12T00:00:00Z')

const corpus = loadSaudiNewsNet()
const queries = generateKnownItemQueries(corpus, { count: QUERY_COUNT, seed: SEED })

/** Per query: whether the target was in the top 3, and where it was otherwise (rank, or 0 when not matched). */
type Outcome = { found: boolean; rank: number }
const outcomes = new Map<string, Outcome[]>()

/** The words as the article writes them: how findable the targets are before any respelling. */
const asWritten = (q: KnownItemQuery) => q.words.map((w) => w.original)

/** The queries on FTS5's own tokenizer over the raw title and body, ranked by FTS5's bm25. */
function plainFts5(wordsOf: (q: KnownItemQuery) => string[] = (q) => q.words.map((w) => w.typed)): Outcome[] {
  const db = new Database(':memory:')
  try {
    db.exec(`create virtual table plain using fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`)
    const insert = db.prepare('insert into plain (rowid, title, body) values (?, ?, ?)')
    db.transaction(() => corpus.forEach((a, i) => insert.run(i + 1, a.title, a.paragraphs.join('\n\n'))))()
    const find = db.prepare<[string], { rowid: number }>('select rowid from plain where plain match ? order by rank limit 100')
    return queries.map((q) => {
      const match = wordsOf(q).map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ')
      const rank = find.all(match).findIndex((r) => r.rowid === q.target + 1) + 1
      return { found: rank > 0 && rank <= TOP, rank }
    })
  } finally {
    db.close()
  }
}

/** The queries through the app's search on a fresh database of the corpus (bulk insert, then the real index rebuild). */
async function appSearch(engine: Engine): Promise<{ typed: Outcome[]; written?: Outcome[] }> {
  const t = await buildTestApp(engine, { now: NOW.toISOString() })
  try {
    const ids = await insertArticlesInBulk(t.deps.db, corpus)
    await rebuildSearchIndex(t.deps.db, engine)
    const run = async (text: (q: KnownItemQuery) => string): Promise<Outcome[]> => {
      const out: Outcome[] = []
      for (const q of queries) {
        const target = ids[q.target]!
        const top = await searchArticles(t.deps, text(q), { now: NOW, limit: TOP })
        const rank = top.hits.findIndex((h) => h.id === target) + 1
        if (rank > 0) out.push({ found: true, rank })
        else out.push({ found: false, rank: (await searchArticles(t.deps, text(q), { now: NOW, limit: 100 })).hits.findIndex((h) => h.id === target) + 1 })
      }
      return out
    }
    const typed = await run((q) => q.text)
    // The ceiling (the words as written) depends on the queries, not the engine: measured once.
    return { typed, written: engine === 'sqlite' ? await run((q) => asWritten(q).join(' ')) : undefined }
  } finally {
    await t.close()
  }
}

const share = (list: readonly Outcome[] | undefined, picked: readonly number[]) =>
  list ? `${((100 * picked.filter((i) => list[i]!.found).length) / Math.max(1, picked.length)).toFixed(1)} %` : '—'

/** The side-by-side table: all queries, then by transform (a query counts under each transform it used) and by precise kind. */
function report(): string {
  const all = queries.map((_, i) => i)
  const rows: Array<[string, number[], string?]> = [['words as in the article (no respelling)', all, 'written'], ['all queries', all]]
  rows.push(['  one transform', all.filter((i) => queries[i]!.words.flatMap((w) => w.rewrites).every((r) => r.transform === queries[i]!.main))])
  rows.push(['  two transforms', all.filter((i) => queries[i]!.words.flatMap((w) => w.rewrites).some((r) => r.transform !== queries[i]!.main))])
  const uses = (q: KnownItemQuery, test: (r: { transform: string; kind: string }) => boolean) => q.words.some((w) => w.rewrites.some(test))
  for (const transform of TRANSFORMS) {
    rows.push([transform, all.filter((i) => uses(queries[i]!, (r) => r.transform === transform))])
    const kinds = [...new Set(queries.flatMap((q) => q.words.flatMap((w) => w.rewrites.filter((r) => r.transform === transform).map((r) => r.kind))))].sort()
    if (kinds.length > 1 || (kinds[0] && kinds[0] !== transform)) for (const kind of kinds) rows.push([`  ${kind}`, all.filter((i) => uses(queries[i]!, (r) => r.kind === kind))])
  }
  const header = ['', 'queries', 'Sahifa SQLite', 'Sahifa PostgreSQL', 'plain FTS5']
  const lines = rows.map(([label, picked, written]) =>
    written
      ? [label, String(picked.length), share(outcomes.get('sqlite-written'), picked), '', share(outcomes.get('fts5-written'), picked)]
      : [label, String(picked.length), share(outcomes.get('sqlite'), picked), share(outcomes.get('postgres'), picked), share(outcomes.get('fts5'), picked)],
  )
  const width = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)))
  const format = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(width[c]!) : cell.padStart(width[c]!))).join('  ')
  return [`Known-item search: target in the top ${TOP}, ${queries.length} queries over ${corpus.length} SaudiNewsNet articles`, format(header), ...lines.map(format)].join('\n')
}

/**
 * Per kind of rewrite, how many rewritten words analyse to the same terms as the article's word
 * (what matching needs; independent of the engine), with examples of those that do not.
 */
function analysisReport(): string {
  const byKind = new Map<string, { words: number; same: number; examples: string[] }>()
  const rewrites = queries.flatMap((q) => q.words.flatMap((w) => w.rewrites.map((r) => ({ kind: r.kind, original: w.original, typed: w.typed }))))
  for (const r of [...rewrites, ...spellingProbes(corpus)]) {
    const entry = byKind.get(r.kind) ?? { words: 0, same: 0, examples: [] }
    byKind.set(r.kind, entry)
    entry.words++
    const [a, b] = [analyze(r.original).join(' '), analyze(r.typed).join(' ')]
    if (a === b) entry.same++
    else if (entry.examples.length < 4) entry.examples.push(`${r.original} (${a}) → ${r.typed} (${b})`)
  }
  const lines = [...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, e]) => `  ${kind.padEnd(34)} ${String(e.same).padStart(4)}/${String(e.words).padEnd(4)} ${((100 * e.same) / e.words).toFixed(1).padStart(5)} %  ${e.examples.join(' · ')}`)
  return ['Rewritten words that analyse to the article word\'s terms (examples of those that do not):', ...lines].join('\n')
}

/** The queries an engine missed, with each word's article form and typed form and their terms. */
function misses(engine: string, limit = 12): string {
  const list = outcomes.get(engine) ?? []
  const missed = queries.flatMap((q, i) => (list[i] && !list[i].found ? [{ q, o: list[i] }] : []))
  const lines = missed.slice(0, limit).map(({ q, o }) => {
    const words = q.words.map((w) => (w.rewrites.length ? `${w.original}→${w.typed} [${w.rewrites.map((r) => r.kind).join(', ')}] ${stem(w.original)}${stem(w.original) === stem(w.typed) ? '=' : '≠'}${stem(w.typed)}` : w.original))
    return `  ${o.rank ? `rank ${o.rank}` : 'not matched'}: ${words.join(' · ')}`
  })
  return [`${engine}: ${missed.length} missed${missed.length > limit ? ` (first ${limit})` : ''}`, ...lines].join('\n')
}

describe('known-item search on real news (SaudiNewsNet)', () => {
  before(() => {
    outcomes.set('fts5', plainFts5())
    outcomes.set('fts5-written', plainFts5(asWritten))
  })
  after(() => {
    console.log(`\n${report()}\n\n${analysisReport()}\n`)
    for (const engine of ['sqlite-written', 'sqlite', 'postgres']) if (outcomes.has(engine)) console.log(`${misses(engine, 15)}\n`)
  })

  it(`generates ${QUERY_COUNT} deterministic queries covering every transform`, () => {
    assert.equal(queries.length, QUERY_COUNT)
    for (const transform of TRANSFORMS) assert.ok(queries.filter((q) => q.main === transform).length >= 40, transform)
    assert.ok(queries.every((q) => q.words.length >= 2 && q.words.length <= 4 && q.words.some((w) => w.typed !== w.original)))
    assert.deepEqual(generateKnownItemQueries(corpus, { count: 5, seed: SEED }), queries.slice(0, 5))
  })

  for (const engine of ['sqlite', 'postgres'] as const) {
    const skip = engines.includes(engine) ? false : 'PostgreSQL not configured (set TEST_DATABASE_URL)'
    it(`finds the target in the top ${TOP} for at least ${REQUIRED * 100}% of the queries [${engine}]`, { skip }, async () => {
      const { typed: list, written } = await appSearch(engine)
      outcomes.set(engine, list)
      if (written) outcomes.set(`${engine}-written`, written)
      const found = list.filter((o) => o.found).length
      assert.ok(found >= REQUIRED * queries.length, `${found} of ${queries.length} in the top ${TOP}\n${misses(engine)}`)
    })
  }
})
