// `node --import tsx bench/stemmer-agreement.ts`: how the Arabic stemmer (src/text/arabic/stem.ts)
// compares with plain Snowball, and how fast the analysis runs. Reads third-party test data from
// ../shared/data at run time (never copied into the project):
//
// 1. Snowball agreement: @orama/stemmers/arabic against the official Snowball output
//    (snowball-arabic/voc.txt → output.txt, 91,963 words).
// 2. Gold stems: golden-corpus-arabic (1,165 words, mostly Qur'anic and classical forms), plain
//    Snowball against the wrapper. The wrapper's terms are folded (ة → ه, ؤ ئ → ء, ى → ي …), so
//    they are compared with the gold stem folded the same way; plain Snowball is shown both ways.
// 3. Consistency on news text (saudinewsnet, 1,686 articles): for word pairs that both occur at
//    least twice, the share (weighted by the rarer word's count) whose two words get one term:
//    X ~ الX (article), والX ~ الX (conjunction + article), وX ~ X, بX ~ X, لX ~ X (ل also
//    starts many nouns: لجنة ~ جنة counts as a miss), Xات ~ Xة, Xتين ~ Xة, hamza-less spelling.
// 4. Throughput: analyze() over the news articles, first pass (cold cache) and second pass (warm),
//    and stemUncached() per distinct word; extrapolated to 100,000 articles of 400 words.
import { readFileSync } from 'node:fs'
import { stemmer } from '@orama/stemmers/arabic'
import { analyze } from '../src/text/arabic/analyze.js'
import { normalizeForMatch } from '../src/text/arabic/normalize.js'
import { stem, stemUncached } from '../src/text/arabic/stem.js'
import { tokenize } from '../src/text/arabic/tokenize.js'

const DATA = new URL('../../shared/data/', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, DATA), 'utf8')
const pct = (n: number, of: number) => `${n.toLocaleString('en')}/${of.toLocaleString('en')} = ${((100 * n) / of).toFixed(1)} %`

// 1. Snowball agreement
const voc = read('snowball-arabic/voc.txt').split('\n')
const expected = read('snowball-arabic/output.txt').split('\n')
let agree = 0
let words = 0
voc.forEach((word, i) => {
  if (word === '') return
  words++
  if (stemmer(word) === expected[i]) agree++
})
console.log(`1. @orama/stemmers/arabic vs official Snowball (voc.txt → output.txt): ${pct(agree, words)}`)

// 2. Gold stems
const gold = JSON.parse(read('golden-corpus-arabic/golden_corpus_arabic.json')) as Array<{ word: string; stem: string }>
let plainExact = 0
let plainFolded = 0
let wrapped = 0
for (const { word, stem: goldStem } of gold) {
  const plain = stemmer(word)
  if (plain === goldStem) plainExact++
  if (normalizeForMatch(plain) === normalizeForMatch(goldStem)) plainFolded++
  if (stemUncached(word) === normalizeForMatch(goldStem)) wrapped++
}
console.log('2. Gold stems (golden_corpus_arabic.json):')
console.log(`   plain Snowball, exact:   ${pct(plainExact, gold.length)}`)
console.log(`   plain Snowball, folded:  ${pct(plainFolded, gold.length)}`)
console.log(`   wrapper (stem), folded:  ${pct(wrapped, gold.length)}`)

// 3. Consistency on news text
const articles = JSON.parse(read('saudinewsnet/2015-08-11.json')) as Array<{ title: string; content: string }>
const counts = new Map<string, number>()
for (const { title, content } of articles) {
  for (const token of tokenize(`${title}\n${content}`)) {
    const word = token.normalize('NFC').replace(/[\u064B-\u065F\u0670\u0640\u200C-\u200F]/g, '')
    if (/^[\u0621-\u064A]+$/.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1)
  }
}
const seen = (w: string) => (counts.get(w) ?? 0) >= 2
const vocab = [...counts.keys()].filter(seen)
const definite = vocab.filter((w) => w.startsWith('ال') && w.length >= 5)
const bare = vocab.filter((w) => !w.startsWith('ال') && w.length >= 3 && !/^[وفبلك]/.test(w))
const pairs: Array<[string, Array<[string, string]>]> = [
  ['X ~ الX', definite.map((w) => [w.slice(2), w])],
  ['والX ~ الX', definite.map((w) => [`و${w}`, w])],
  ['بالX ~ الX', definite.map((w) => [`ب${w}`, w])],
  ['للX ~ الX', definite.map((w) => [`ل${w.slice(1)}`, w])],
  ['وX ~ X', bare.map((w) => [`و${w}`, w])],
  ['بX ~ X', bare.filter((w) => !w.startsWith('ا')).map((w) => [`ب${w}`, w])],
  ['لX ~ X', bare.filter((w) => !w.startsWith('ا')).map((w) => [`ل${w}`, w])],
  ['Xات ~ Xة', [...definite, ...bare].filter((w) => w.endsWith('ة')).map((w) => [`${w.slice(0, -1)}ات`, w])],
  ['Xتين/Xتان ~ Xة', [...definite, ...bare].filter((w) => w.endsWith('ة')).flatMap((w) => [[`${w.slice(0, -1)}تين`, w], [`${w.slice(0, -1)}تان`, w]] as Array<[string, string]>)],
  ['Xين/Xون ~ X', [...definite, ...bare].flatMap((w) => [[`${w}ين`, w], [`${w}ون`, w]] as Array<[string, string]>)],
  ['hamza-less ~ X', vocab.filter((w) => /[أإآ]/.test(w)).map((w) => [w.replace(/[أإآ]/g, 'ا'), w])],
]
const plainTerm = (w: string) => normalizeForMatch(stemmer(w))
console.log('3. Same term for both words of a pair (saudinewsnet, weighted by the rarer word):')
console.log(`   ${'pair'.padEnd(16)} ${'pairs'.padStart(6)}  ${'Snowball'.padStart(9)}  ${'wrapper'.padStart(9)}`)
for (const [name, all] of pairs) {
  const found = all.filter(([a]) => seen(a))
  let total = 0
  let plainSame = 0
  let wrappedSame = 0
  for (const [a, b] of found) {
    const weight = Math.min(counts.get(a)!, counts.get(b)!)
    total += weight
    if (plainTerm(a) === plainTerm(b)) plainSame += weight
    if (stem(a) === stem(b)) wrappedSame += weight
  }
  const share = (n: number) => `${((100 * n) / total).toFixed(1)} %`.padStart(9)
  console.log(`   ${name.padEnd(16)} ${String(found.length).padStart(6)}  ${share(plainSame)}  ${share(wrappedSame)}`)
}
const plainTerms = new Set(vocab.map(plainTerm))
const wrappedTerms = new Set(vocab.map((w) => stem(w)))
console.log(`   ${vocab.length.toLocaleString('en')} distinct words → ${plainTerms.size.toLocaleString('en')} Snowball terms, ${wrappedTerms.size.toLocaleString('en')} wrapper terms`)

// 4. Throughput (a fresh process would start cold; the cache here is already warm from 3.,
// so the first pass is measured with stemUncached and the cached pass with analyze).
const texts = articles.map(({ title, content }) => `${title}\n${content}`)
const tokenCount = texts.reduce((n, text) => n + tokenize(text).length, 0)
const distinct = [...new Set(texts.flatMap((text) => tokenize(text)))]
let t = performance.now()
for (const word of distinct) stemUncached(word)
const uncachedMs = performance.now() - t
t = performance.now()
for (const text of texts) analyze(text)
const warmMs = performance.now() - t
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en')
console.log('4. Throughput (one core):')
console.log(`   stemUncached: ${distinct.length.toLocaleString('en')} distinct words in ${uncachedMs.toFixed(0)} ms = ${perSecond(distinct.length, uncachedMs)} words/s`)
console.log(`   analyze, cached stems: ${tokenCount.toLocaleString('en')} words in ${warmMs.toFixed(0)} ms = ${perSecond(tokenCount, warmMs)} words/s`)
const coldEstimateMs = warmMs + uncachedMs
console.log(
  `   this corpus from cold (every distinct word stemmed once): ${perSecond(tokenCount, coldEstimateMs)} words/s;` +
    ` 100,000 articles × 400 words ≈ ${((40_000_000 / tokenCount) * warmMs / 1000).toFixed(0)} s plus the new words`,
)
