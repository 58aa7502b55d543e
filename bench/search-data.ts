// Data for `npm run bench:search`: articles and queries built from SaudiNewsNet (read at run
// time from ../shared/data, never copied into the project). Deterministic for a seed.
import { isStopTerm, normalizeForMatch, stem, stripTashkeel, tokenize } from '../src/text/arabic/index.js'
import { seededRandom } from '../test/support/seeded-random.js'
import type { BulkArticle, NewsArticle } from '../test/support/saudinewsnet.js'
import type { SearchOptions } from '../src/modules/search/search.service.js'

const DAY = 86_400_000
const YEARS = 5

/**
 * Makes `count` articles of realistic length from the corpus: each takes a real title, half of
 * the time with its ending taken from another title, and a body of random corpus paragraphs
 * whose length follows the corpus's own (the word count of a random real article, at least 80).
 * Publication times spread over five years before `now`, in id order (newer ids are newer).
 * Generated lazily, `chunk` articles at a time, so 100,000 never sit in memory at once.
 */
export function* benchArticles(corpus: readonly NewsArticle[], { count, now, seed, categoryIds, authorIds, chunk = 2_000 }: { count: number; now: Date; seed: number; categoryIds: readonly number[]; authorIds: readonly number[]; chunk?: number }): Generator<BulkArticle[]> {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const paragraphs = corpus.flatMap((a) => a.paragraphs).filter((p) => tokenize(p).length >= 5)
  const paragraphWords = paragraphs.map((p) => tokenize(p).length)
  const lengths = corpus.map((a) => tokenize(a.paragraphs.join(' ')).length)
  const start = now.getTime() - YEARS * 365 * DAY
  let batch: BulkArticle[] = []
  for (let i = 0; i < count; i++) {
    const source = pick(corpus)
    const words = source.title.split(/\s+/).filter(Boolean)
    let title = source.title
    if (random() < 0.5 && words.length >= 4) {
      const other = pick(corpus).title.split(/\s+/).filter(Boolean)
      title = [...words.slice(0, Math.ceil(words.length / 2)), ...other.slice(Math.floor(other.length / 2))].join(' ')
    }
    const target = Math.max(80, pick(lengths))
    const body: string[] = []
    for (let n = 0; n < target; ) {
      const p = Math.floor(random() * paragraphs.length)
      body.push(paragraphs[p]!)
      n += paragraphWords[p]!
    }
    // Evenly spread with a little jitter, so ids follow time as on a real site.
    const publishedAt = new Date(start + ((i + random() * 0.5) / count) * YEARS * 365 * DAY)
    batch.push({ title, paragraphs: body, publishedAt, categoryId: pick(categoryIds), authorId: pick(authorIds) })
    if (batch.length === chunk) {
      yield batch
      batch = []
    }
  }
  if (batch.length) yield batch
}

export const QUERY_CLASSES = ['common word', 'rare word', '2–3 words', 'phrase', 'exclusion', 'prefix', 'type-ahead', 'filter', 'date sort', 'typo (0 results)'] as const
export type QueryClass = (typeof QUERY_CLASSES)[number]

export interface BenchQuery {
  kind: QueryClass
  text: string
  options: SearchOptions
  /** Run through `suggest` (the search box's type-ahead) instead of `searchArticles`. */
  suggest?: boolean
}

/**
 * `count` queries, the classes in turn, then shuffled: single common words (in 5–40% of the
 * corpus's articles), rare words (2–4 articles of the corpus, so ~100 of the bench's), two or
 * three words of one article, quoted two-word phrases, a word minus another, prefixes (the last
 * word cut to 3–5 letters, `prefix: true`, ranked), type-ahead (the same through `suggest`, as
 * the search box asks: titles, tags, writers), a word with a category, author or one-year
 * filter, date sort, and misspelt words that match nothing (and so run "did you mean").
 */
export function benchQueries(corpus: readonly NewsArticle[], { count, seed, now, categoryIds, authorIds }: { count: number; seed: number; now: Date; categoryIds: readonly number[]; authorIds: readonly number[] }): BenchQuery[] {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const docs = corpus.map((a) => tokenize(`${a.title}\n${a.paragraphs.join('\n')}`).map((w) => stripTashkeel(w)))
  const df = new Map<string, number>()
  const termDf = new Map<string, number>()
  for (const words of docs) {
    for (const k of new Set(words.map(normalizeForMatch))) df.set(k, (df.get(k) ?? 0) + 1)
    for (const t of new Set(words.map(stem))) termDf.set(t, (termDf.get(t) ?? 0) + 1)
  }
  const n = corpus.length
  const isWord = (w: string) => /^[\u0621-\u064A]{3,}$/.test(w) && !isStopTerm(stem(w))
  const share = (w: string) => (termDf.get(stem(w)) ?? 0) / n
  const vocabulary = [...new Set(docs.flat())].filter(isWord)
  const common = vocabulary.filter((w) => share(w) >= 0.05 && share(w) <= 0.4 && (df.get(normalizeForMatch(w)) ?? 0) >= 0.02 * n)
  const rare = vocabulary.filter((w) => (termDf.get(stem(w)) ?? 0) >= 2 && (termDf.get(stem(w)) ?? 0) <= 4 && w.length >= 4)
  const middle = vocabulary.filter((w) => share(w) >= 0.005 && share(w) < 0.05)
  const known = new Set(df.keys())
  const year = 365 * DAY

  const make = (kind: QueryClass): BenchQuery => {
    switch (kind) {
      case 'common word':
        return { kind, text: pick(common), options: {} }
      case 'rare word':
        return { kind, text: pick(rare), options: {} }
      case '2–3 words': {
        const words = pick(docs).filter((w) => isWord(w) && share(w) < 0.3)
        return { kind, text: Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(words)).join(' '), options: {} }
      }
      case 'phrase': {
        const words = pick(docs)
        for (let tries = 0; tries < 50; tries++) {
          const i = Math.floor(random() * (words.length - 1))
          if (isWord(words[i]!) && isWord(words[i + 1]!)) return { kind, text: `"${words[i]} ${words[i + 1]}"`, options: {} }
        }
        return { kind, text: `"${pick(common)} ${pick(common)}"`, options: {} }
      }
      case 'exclusion':
        return { kind, text: `${pick(common)} -${pick(middle)}`, options: {} }
      case 'prefix':
      case 'type-ahead': {
        const word = pick([...common, ...middle, ...middle])
        const cut = word.slice(0, Math.min(word.length, 3 + Math.floor(random() * 3)))
        const text = random() < 0.4 ? `${pick(middle)} ${cut}` : cut
        return kind === 'prefix' ? { kind, text, options: { prefix: true } } : { kind, text, options: {}, suggest: true }
      }
      case 'filter': {
        const text = pick([...common, ...middle])
        const which = Math.floor(random() * 3)
        if (which === 0) return { kind, text, options: { categoryIds: [pick(categoryIds)] } }
        if (which === 1) return { kind, text, options: { authorId: pick(authorIds) } }
        const from = new Date(now.getTime() - (1 + Math.floor(random() * 4)) * year)
        return { kind, text, options: { from, to: new Date(from.getTime() + year) } }
      }
      case 'date sort':
        return { kind, text: random() < 0.7 ? pick(common) : pick(middle), options: { sort: 'date' } }
      case 'typo (0 results)':
        for (;;) {
          const word = pick(middle)
          const i = 1 + Math.floor(random() * (word.length - 2))
          const typo = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
          if (!known.has(normalizeForMatch(typo)) && !known.has(normalizeForMatch(`ال${typo}`))) return { kind, text: typo, options: {} }
        }
    }
  }
  const queries = Array.from({ length: count }, (_, i) => make(QUERY_CLASSES[i % QUERY_CLASSES.length]!))
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[queries[i], queries[j]] = [queries[j]!, queries[i]!]
  }
  return queries
}
