/**
 * Known-item queries over a corpus of real news: pick an article, take a few of its distinctive
 * words, and rewrite them as a reader might spell them. Deterministic for a seed.
 *
 * Each query has one main transform (applied to one or more of its words) and sometimes a second
 * one on another word, so every transform is measured on its own and in combination:
 * hamza forms, ة/ه, ى/ي, tashkeel, tatweel, attached و/ب/ل/ال, plural/dual suffixes,
 * Arabic-Indic digits, and inflections taken from the golden Arabic corpus (gold stems).
 * Forms that could be nonsense (a plural, a proclitic that not every word takes) are used only
 * when the corpus itself has them ("attested"), so each query is something a reader could type.
 */
import { readFileSync } from 'node:fs'
import { isStopTerm, normalizeForMatch, normalizeKeepingLetters, stem, stripTashkeel, tokenize } from '../../src/text/arabic/index.js'
import type { NewsArticle } from '../support/saudinewsnet.js'
import { seededRandom } from '../support/seeded-random.js'

export const GOLDEN_CORPUS_FILE = new URL('../../../shared/data/golden-corpus-arabic/golden_corpus_arabic.json', import.meta.url)

export const TRANSFORMS = ['hamza', 'ta-marbuta', 'alef-maqsura', 'tashkeel', 'tatweel', 'proclitic', 'plural-dual', 'digits', 'gold-inflection'] as const
export type Transform = (typeof TRANSFORMS)[number]

/** One rewritten word: the transform family and its precise kind (e.g. "hamza: ؤ → ئ"). */
export interface Rewrite {
  transform: Transform
  kind: string
}

export interface QueryWord {
  /** The word as the article has it (tashkeel and tatweel removed). */
  original: string
  /** The word as the query types it. */
  typed: string
  rewrites: Rewrite[]
}

export interface KnownItemQuery {
  /** Index of the target in the articles given to the generator. */
  target: number
  main: Transform
  words: QueryWord[]
  /** The words joined by spaces, as typed in a search box. */
  text: string
}

type Variant = { typed: string; kind: string }
type Random = () => number

const ARABIC_LETTERS = /^[\u0621-\u064A]+$/
const HARAKAT = ['\u064E', '\u064F', '\u0650', '\u0652']
const TANWIN = ['\u064B', '\u064C', '\u064D']
const SHADDA = '\u0651'
/** Letters that do not join the next one: a tatweel cannot follow them. */
const NON_JOINING = new Set('اأإآءؤدذرزوةى')
const ARTICLE_GROUP = /^(?:وال|فال|بال|كال|لل|ال)/
const INDIC = '٠١٢٣٤٥٦٧٨٩'

/** The word without tashkeel and tatweel: what an article's word "is" before a reader rewrites it. */
export const plainWord = (w: string) => stripTashkeel(w)

interface Corpus {
  /** Normalized word → number of articles containing it. */
  df: Map<string, number>
  /** Gold stem → gold words, and gold word → its gold stem (both as goldKey writes them). */
  goldByStem: Map<string, string[]>
  goldStemOf: Map<string, string>
}

const attested = (c: Corpus, word: string) => c.df.has(normalizeForMatch(word))

/** Every rewrite of `w` a transform offers (empty when it does not apply). */
function variantsOf(transform: Transform, w: string, c: Corpus, random: Random): Variant[] {
  const out: Variant[] = []
  const at = (i: number, s: string) => w.slice(0, i) + s + w.slice(i + 1)
  switch (transform) {
    case 'hamza': {
      for (let i = 0; i < w.length; i++) {
        const ch = w[i]!
        if ('أإآ'.includes(ch)) out.push({ typed: at(i, 'ا'), kind: 'hamza: أ/إ/آ → ا' })
        if (ch === 'أ') out.push({ typed: at(i, 'إ'), kind: 'hamza: أ ↔ إ' })
        if (ch === 'إ') out.push({ typed: at(i, 'أ'), kind: 'hamza: أ ↔ إ' })
        if (ch === 'ؤ') out.push({ typed: at(i, 'ئ'), kind: 'hamza: ؤ → ئ' })
        if (ch === 'ئ' && w[i - 1] === 'ا') out.push({ typed: at(i, 'ي'), kind: 'hamza: ائ → اي' })
      }
      const bare = w.startsWith('ال') ? (w[2] === 'ا' ? 2 : -1) : w[0] === 'ا' ? 0 : -1
      if (bare >= 0) out.push({ typed: at(bare, random() < 0.5 ? 'أ' : 'إ'), kind: 'hamza: ا → أ/إ' })
      break
    }
    case 'ta-marbuta':
      if (w.endsWith('ة')) out.push({ typed: `${w.slice(0, -1)}ه`, kind: 'ة → ه' })
      break
    case 'alef-maqsura':
      if (w.endsWith('ى')) out.push({ typed: `${w.slice(0, -1)}ي`, kind: 'ى → ي' })
      if (w.endsWith('ي')) out.push({ typed: `${w.slice(0, -1)}ى`, kind: 'ي → ى' })
      break
    case 'tashkeel': {
      let typed = ''
      for (const [i, ch] of [...w].entries()) {
        typed += ch
        if (ch === 'ا' || ch === 'ى' || random() < 0.3) continue
        if (i === w.length - 1) typed += random() < 0.5 ? TANWIN[Math.floor(random() * 3)]! : HARAKAT[Math.floor(random() * 4)]!
        else typed += (random() < 0.15 ? SHADDA : '') + HARAKAT[Math.floor(random() * 4)]!
      }
      out.push({ typed, kind: 'tashkeel' })
      break
    }
    case 'tatweel': {
      const spots = [...w].flatMap((ch, i) => (i < w.length - 1 && !NON_JOINING.has(ch) ? [i] : []))
      if (spots.length) {
        const i = spots[Math.floor(random() * spots.length)]!
        out.push({ typed: w.slice(0, i + 1) + 'ـ'.repeat(1 + Math.floor(random() * 3)) + w.slice(i + 1), kind: 'tatweel' })
      }
      break
    }
    case 'proclitic': {
      if (!ARABIC_LETTERS.test(w)) break
      // و before a word that has no conjunction yet (not before وجرى, فقال).
      if (!/^[وف]/.test(w)) out.push({ typed: `و${w}`, kind: 'proclitic: +و' })
      const group = ARTICLE_GROUP.exec(w)?.[0]
      if (group) {
        const noun = w.slice(group.length)
        if (noun.length >= 3) {
          if (group !== 'ال') out.push({ typed: `ال${noun}`, kind: 'proclitic: وال/بال/لل… → ال' })
          else {
            out.push({ typed: noun, kind: 'proclitic: ال → none' })
            const lam = noun.startsWith('ل') ? `ل${noun}` : `لل${noun}`
            for (const typed of [`بال${noun}`, lam, `وال${noun}`, `فال${noun}`]) out.push({ typed, kind: 'proclitic: ال → بال/لل/وال/فال' })
          }
        }
      } else {
        if (attested(c, `ال${w}`)) out.push({ typed: `ال${w}`, kind: 'proclitic: +ال' })
        if (!/^[بل]/.test(w)) for (const p of ['ب', 'ل']) if (attested(c, p + w)) out.push({ typed: p + w, kind: 'proclitic: +ب/ل' })
      }
      break
    }
    case 'plural-dual': {
      const group = ARTICLE_GROUP.exec(w)?.[0] ?? ''
      const x = w.slice(group.length)
      const forms: Variant[] = []
      const cut = (n: number) => x.slice(0, x.length - n)
      if (x.length < 3) break
      if (x.endsWith('ة')) forms.push({ typed: `${cut(1)}ات`, kind: 'plural: ة → ات' }, { typed: `${cut(1)}تين`, kind: 'dual: ة → تين/تان' }, { typed: `${cut(1)}تان`, kind: 'dual: ة → تين/تان' })
      else if (x.endsWith('ات') && x.length >= 5) forms.push({ typed: `${cut(2)}ة`, kind: 'singular: ات → ة' })
      else if (/ي(?:ين|ون)$/.test(x) && x.length >= 6) forms.push({ typed: cut(2), kind: 'singular: يين/يون → ي' }, { typed: `${cut(2)}ة`, kind: 'singular: يين/يون → ي' })
      else if (/(?:ين|ون)$/.test(x) && x.length >= 6 && !/^[يتنس]/.test(x)) forms.push({ typed: cut(2), kind: 'singular: ين/ون → none' }, { typed: cut(2) + (x.endsWith('ين') ? 'ون' : 'ين'), kind: 'plural: ون ↔ ين' })
      else if (x.endsWith('ي') && x.length >= 5 && !/^[يتنس]/.test(x)) forms.push({ typed: `${x}ين`, kind: 'plural: ي → يين/يون' }, { typed: `${x}ون`, kind: 'plural: ي → يين/يون' }, { typed: `${x}ة`, kind: 'feminine: ي → ية' })
      // Nouns and adjectives only: no short words (عرب, قول) and no verbs (يتم, ويتم, سيبدأ).
      else if (x.length >= 4 && !/^[يتنسوف]/.test(x) && !/[اىيوة]$/.test(x)) forms.push({ typed: `${x}ين`, kind: 'plural/dual: +ين/ون/ان' }, { typed: `${x}ون`, kind: 'plural/dual: +ين/ون/ان' }, { typed: `${x}ان`, kind: 'plural/dual: +ين/ون/ان' })
      for (const f of forms) if (attested(c, f.typed) || attested(c, `ال${f.typed}`)) out.push({ typed: group + f.typed, kind: f.kind })
      break
    }
    case 'digits':
      if (/^[0-9]+$/.test(w)) out.push({ typed: w.replace(/[0-9]/g, (d) => INDIC[Number(d)]!), kind: 'digits: 0-9 → ٠-٩' })
      else if (/^[٠-٩]+$/.test(w)) out.push({ typed: w.replace(/[٠-٩]/g, (d) => String(INDIC.indexOf(d))), kind: 'digits: ٠-٩ → 0-9' })
      break
    case 'gold-inflection': {
      const key = goldKey(w)
      const goldStem = c.goldStemOf.get(key)
      if (!goldStem || !nounForm(goldStem).test(key)) break
      for (const sibling of c.goldByStem.get(goldStem) ?? []) {
        const k = goldKey(sibling)
        if (k !== key && nounForm(goldStem).test(k)) out.push({ typed: sibling, kind: 'gold-inflection' })
      }
      break
    }
  }
  return out.filter((v) => v.typed !== w)
}

/** How gold words are compared: without tashkeel, alef hamzas as bare alef, ة kept (not the pronoun ه). */
const goldKey = (w: string) => normalizeKeepingLetters(w).replace(/[أإآ]/g, 'ا')

/**
 * A gold word that is its stem with only the affixes this test is about: proclitics و ف ب ل ال
 * and the noun endings ة ات ان ين ون تان تين ي ية يات يين يون (no pronouns, no verb forms).
 */
function nounForm(goldStem: string): RegExp {
  return new RegExp(`^(?:[وف])?(?:[بل])?(?:ال)?${goldStem}(?:ة|ات|ان|ين|ون|تان|تين|ي|ية|يات|يين|يون)?$`)
}

function loadGold(): Pick<Corpus, 'goldByStem' | 'goldStemOf'> {
  const gold = JSON.parse(readFileSync(GOLDEN_CORPUS_FILE, 'utf8')) as Array<{ word: string; stem: string }>
  const goldByStem = new Map<string, string[]>()
  const goldStemOf = new Map<string, string>()
  for (const g of gold) {
    const s = goldKey(g.stem)
    goldByStem.set(s, [...(goldByStem.get(s) ?? []), g.word])
    goldStemOf.set(goldKey(g.word), s)
  }
  return { goldByStem, goldStemOf }
}

/** Articles whose title or opening repeats another's (the same wire story): not usable as a known item. */
function duplicated(articles: readonly NewsArticle[]): Set<number> {
  const keys = articles.map((a) => [normalizeForMatch(a.title).trim(), normalizeForMatch(a.paragraphs.join(' ')).replace(/\s+/g, ' ').slice(0, 300)])
  const count = new Map<string, number>()
  for (const k of keys.flat()) count.set(k, (count.get(k) ?? 0) + 1)
  return new Set(keys.flatMap(([t, b], i) => ((count.get(t!) ?? 0) > 1 || (count.get(b!) ?? 0) > 1 ? [i] : [])))
}

/** At most this many articles may hold all the words of a query as written: the query picks out its target. */
const MAX_SHARING = 3

/**
 * `count` queries, cycling through the transforms. For each: a target article (not a duplicate,
 * 60+ words) and 2–4 distinctive words of it: 4+ letters, no stop word, in 2 to
 * `maxDocumentFrequency` articles both as written and as a search term (neither junk nor
 * common), each with its own term, and together, as written, in at most MAX_SHARING articles (so
 * the query, typed as the article spells it, points at its target). The main transform rewrites
 * one or more of them (a number of the article for `digits`); a third of the queries get a
 * second transform on another word.
 */
export function generateKnownItemQueries(articles: readonly NewsArticle[], { count, seed, maxDocumentFrequency = 40 }: { count: number; seed: number; maxDocumentFrequency?: number }): KnownItemQuery[] {
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const words = articles.map((a) => [...new Set(tokenize(`${a.title}\n${a.paragraphs.join('\n')}`).map(plainWord))])
  const postings = new Map<string, Set<number>>()
  const termDf = new Map<string, number>()
  words.forEach((list, i) => {
    for (const k of list.map(normalizeForMatch)) postings.set(k, (postings.get(k) ?? new Set()).add(i))
    for (const t of new Set(list.map(stem))) termDf.set(t, (termDf.get(t) ?? 0) + 1)
  })
  const df = new Map([...postings].map(([k, docs]) => [k, docs.size]))
  const corpus: Corpus = { df, ...loadGold() }
  const dup = duplicated(articles)
  // Rare both as written and as a search term (the stem of a rare form can be common: مستمرة → مستمر).
  const distinctive = (w: string) => {
    const n = df.get(normalizeForMatch(w)) ?? 0
    return ARABIC_LETTERS.test(w) && w.length >= 4 && !isStopTerm(stem(w)) && n >= 2 && n <= maxDocumentFrequency && (termDf.get(stem(w)) ?? 0) <= maxDocumentFrequency
  }
  const candidates = words.map((list) => list.filter(distinctive))
  const numbers = words.map((list) => list.filter((w) => /^(?:[0-9]{2,6}|[٠-٩]{2,6})$/.test(w)))
  const targets = articles.flatMap((_, i) => (!dup.has(i) && words[i]!.length >= 60 && candidates[i]!.length >= 4 ? [i] : []))
  const sharing = (chosen: readonly string[]) => {
    const [first, ...rest] = chosen.map((w) => postings.get(normalizeForMatch(w)) ?? new Set<number>())
    return [...first!].filter((i) => rest.every((docs) => docs.has(i))).length
  }

  const queries: KnownItemQuery[] = []
  for (let q = 0; queries.length < count; q++) {
    const main = TRANSFORMS[q % TRANSFORMS.length]!
    for (let attempt = 0; attempt < 500; attempt++) {
      const target = pick(targets)
      const pool = main === 'digits' ? numbers[target]! : candidates[target]!
      const able = shuffle(
        pool.filter((w) => variantsOf(main, w, corpus, () => 0.5).length > 0),
        random,
      )
      if (able.length === 0) continue
      const size = 2 + Math.floor(random() * 3)
      const chosen: string[] = []
      const terms = new Set<string>()
      const add = (w: string) => {
        if (terms.has(stem(w))) return
        chosen.push(w)
        terms.add(stem(w))
      }
      const rewritten = main === 'digits' ? 1 : 1 + Math.floor(random() * Math.min(able.length, size))
      for (const w of able) if (chosen.length < rewritten) add(w)
      for (const w of shuffle(candidates[target]!, random)) if (chosen.length < size || (chosen.length < 4 && sharing(chosen) > MAX_SHARING)) add(w)
      if (chosen.length < 2 || sharing(chosen) > MAX_SHARING) continue
      const queryWords: QueryWord[] = chosen.map((w) => ({ original: w, typed: w, rewrites: [] }))
      for (const word of queryWords.slice(0, rewritten)) {
        const v = variantsOf(main, word.typed, corpus, random)
        if (!v.length) continue
        const chosenVariant = pick(v)
        word.typed = chosenVariant.typed
        word.rewrites.push({ transform: main, kind: chosenVariant.kind })
      }
      if (random() < 0.35) {
        // A second transform on a word the main one left alone, or on top of it.
        const extra = pick(TRANSFORMS.filter((t) => t !== main && t !== 'digits' && t !== 'gold-inflection'))
        const word = queryWords.find((w) => w.rewrites.length === 0 && variantsOf(extra, w.typed, corpus, random).length) ?? queryWords.find((w) => variantsOf(extra, w.typed, corpus, random).length)
        const v = word && variantsOf(extra, word.typed, corpus, random)
        if (word && v?.length) {
          const chosenVariant = pick(v)
          word.typed = chosenVariant.typed
          word.rewrites.push({ transform: extra, kind: chosenVariant.kind })
        }
      }
      queries.push({ target, main, words: queryWords, text: queryWords.map((w) => w.typed).join(' ') })
      break
    }
  }
  return queries
}

/**
 * Spellings measured word by word but not used in queries, because no analysis can tell them
 * apart from other words: a final hamza left out (العملا for العملاء is also عملا, "in practice";
 * folding it would merge العملاء into عمل). Each distinctive word ending in اء, as written and without the hamza.
 */
export function spellingProbes(articles: readonly NewsArticle[]): Array<{ kind: string; original: string; typed: string }> {
  const seen = new Set<string>()
  const out: Array<{ kind: string; original: string; typed: string }> = []
  for (const a of articles) {
    for (const w of tokenize(`${a.title}\n${a.paragraphs.join('\n')}`).map(plainWord)) {
      if (w.length < 5 || !w.endsWith('اء') || !ARABIC_LETTERS.test(w) || seen.has(w)) continue
      seen.add(w)
      out.push({ kind: 'probe: final اء → ا', original: w, typed: w.slice(0, -1) })
    }
  }
  return out
}

function shuffle<T>(list: readonly T[], random: Random): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
