/**
 * The search terms of a text: what the index stores, what a query is matched by, and what the
 * comment word filters compare. Words are found by `tokenize` and turned into terms by `stem`.
 */
import { foldLetters, normalizeKeepingLetters, spellingsOf } from './normalize.js'
import { stem } from './stem.js'
import { tokenize, tokenizeWithSpans } from './tokenize.js'

/** A term with the UTF-16 offsets of the word it came from, in the original text. */
export interface TermSpan {
  term: string
  start: number
  end: number
}

/**
 * The terms of a text, one per word, in order: the index's terms and positions (a phrase is
 * consecutive terms). Nothing is dropped but words with no letters or digits left after
 * normalization (a lone tatweel or diacritic); stop words stay, so phrases and positions hold.
 *
 * Why: index and query must see the same terms; the text's own spelling (diacritics, hamza,
 * ة or ه, Arabic-Indic digits) and attached particles must not decide whether it is found.
 *
 * @example analyze('اجتماعٌ جديدٌ للتحالف الدولي') // ['اجتماع', 'جديد', 'تحالف', 'دول']
 */
export function analyze(text: string): string[] {
  const terms: string[] = []
  for (const word of tokenize(text)) {
    const term = stem(word)
    if (term !== '') terms.push(term)
  }
  return terms
}

/**
 * `analyze` with each term's word located in the original text (diacritics and all), so a
 * snippet can highlight the words a query matched: `text.slice(start, end)` is the word.
 *
 * @example analyzeWithSpans('قال الوزيرُ') // [{ term: 'قال', start: 0, end: 3 }, { term: 'وزير', start: 4, end: 11 }]
 */
export function analyzeWithSpans(text: string): TermSpan[] {
  const spans: TermSpan[] = []
  for (const { word, start, end } of tokenizeWithSpans(text)) {
    const term = stem(word)
    if (term !== '') spans.push({ term, start, end })
  }
  return spans
}

/**
 * The terms of a free-text search query: `analyze`, without repeats, and without stop words
 * (في، من، التي، هذا …) unless the query has nothing else. For a quoted phrase use `analyze`,
 * which keeps every word in place.
 *
 * Why: stop words are indexed (phrases need them) but match nearly every article, so as query
 * terms they only slow ranking down; a query made only of them ("من نحن") still finds pages.
 *
 * @example analyzeQuery('الوزير في الرياض') // ['وزير', 'رياض']
 * @example analyzeQuery('من نحن') // ['من', 'نحن']
 */
export function analyzeQuery(text: string): string[] {
  const terms = [...new Set(analyze(text))]
  const content = terms.filter((term) => !isStopTerm(term))
  return content.length > 0 ? content : terms
}

/** What a word being typed may become in the index (see `analyzePrefix`). */
export interface TypedPrefix {
  /** Term prefixes, each at least MIN_PREFIX_LETTERS long and none a prefix of another. */
  prefixes: string[]
  /** The one letter typed after an article (الت → ت): to be completed, never a prefix alone. */
  initial?: string
}

/**
 * The shortest prefix a search engine is asked to match (a term that starts with it). One letter
 * is too short: on the 100,000-article benchmark "ت" * matches 99,973 articles ("س" * 98,893),
 * in 200–350 ms, where "تح" * takes the FTS5 two-letter prefix index and 2 ms.
 */
export const MIN_PREFIX_LETTERS = 2

/**
 * The term prefixes a word may stand for while it is being typed (type-ahead: "التحا" is on the
 * way to "التحالف"); `word` is one word as typed (punctuation around it is ignored). The index
 * holds terms (`stem`), so the typed letters are read as typed, normalized ("التزا" finds
 * التزام, whose term keeps its ال), and as `stem` reads them ("وزارته" → وزار, "التحا" → تحا).
 * And one more way: `stem` keeps the article of a word whose noun would be too short to be one
 * (ال and لل before fewer than 2 letters, بال and كال before fewer than 3: بالغ is no article),
 * which a word being typed always risks being — so such a noun is read too ("بالتح" → تح).
 * Prefixes shorter than MIN_PREFIX_LETTERS, or only an article, are dropped, and so is a prefix
 * another one covers.
 *
 * Minimums: a word of fewer than MIN_PREFIX_LETTERS letters, or only a conjunction and an
 * article (ال، وال، بال، لل…), gives no prefix — the reader has not typed the word yet, and it
 * would match nearly everything ("ال" * finds إلى's term, in 87% of articles). One letter after
 * an article ("الت", "للت", "اتفاق الس") also comes back as `initial`: a clear start of a definite
 * noun, too short to match through the index; the caller completes it from words it knows.
 *
 * @example analyzePrefix('التحا') // { prefixes: ['التحا', 'تحا'] }
 * @example analyzePrefix('للت') // { prefixes: ['للت'], initial: 'ت' }
 * @example analyzePrefix('ال') // { prefixes: [] }
 */
export function analyzePrefix(word: string): TypedPrefix {
  const kept = lettersOf(word)
  const typed = foldLetters(kept)
  const article = ARTICLE_GROUP.exec(kept)?.[0]
  // foldLetters maps each UTF-16 unit to one: the folded word is sliced where the kept one is.
  const noun = article === undefined ? undefined : typed.slice(article.length)
  if ([...typed].length < MIN_PREFIX_LETTERS || noun === '') return { prefixes: [] }
  const shortNoun = noun !== undefined && noun.length < (/[بك]ال$/.test(article!) ? 3 : 2) ? noun : undefined
  const terms = analyze(word)
  const candidates = [...new Set([typed, terms.length === 1 ? terms[0]! : '', shortNoun ?? ''])].filter(
    (p) => [...p].length >= MIN_PREFIX_LETTERS && !ONLY_ARTICLE.test(p) && WORD.test(p),
  )
  const prefixes = candidates.filter((p) => !candidates.some((other) => other !== p && p.startsWith(other)))
  return shortNoun?.length === 1 ? { prefixes, initial: shortNoun } : { prefixes }
}

/**
 * The noun of a definite word, normalized: what follows an optional و or ف and the article
 * group ال، لل، بال or كال; undefined when the word has none. Not an article: أل، إل، آل
 * (ألمانيا، إلكتروني، آلاف), as in `stem`. Any length of noun is read, even none, so it says
 * how a word starts, not what its term is (للبنان → بنان; its term is لبنان).
 *
 * @example nounAfterArticle('وبالتحالف') // 'تحالف'
 * @example nounAfterArticle('الت') // 'ت'
 * @example nounAfterArticle('تحالف') // undefined
 */
export function nounAfterArticle(word: string): string | undefined {
  const kept = lettersOf(word)
  const article = ARTICLE_GROUP.exec(kept)?.[0]
  return article === undefined ? undefined : foldLetters(kept.slice(article.length))
}

/**
 * A matching key (normalizeForMatch) whose first word's conjunction and article group is
 * written as the plain article, as names and titles start: "للتح" → "التح", "والرياض" →
 * "الرياض". Undefined when the first word has no such group, has only ال, or nothing after it.
 *
 * @example withPlainArticle('بالتحالف العربي') // 'التحالف العربي'
 * @example withPlainArticle('التحالف') // undefined
 */
export function withPlainArticle(key: string): string | undefined {
  const article = ARTICLE_GROUP.exec(key)?.[0]
  if (article === undefined || article === 'ال' || !/^\p{L}/u.test(key.slice(article.length))) return undefined
  return `ال${key.slice(article.length)}`
}

/**
 * Words in `text` (as stored: any spelling) that may be definite words whose noun starts with
 * `initial` (one folded letter): a conjunction and an article group, as `nounAfterArticle` reads
 * them, then the letter in any of its spellings. A cheap scan of long text; `nounAfterArticle`
 * and the analysis decide.
 *
 * @example definiteWordCandidates('التحالف وللتعاون والمال', 'ت') // ['التحالف', 'وللتعاون']
 */
export function definiteWordCandidates(text: string, initial: string): string[] {
  let pattern = candidatePatterns.get(initial)
  if (!pattern) {
    const letter = `[${spellingsOf(initial).replace(/[\\^\]-]/g, '\\$&')}]`
    pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${ARTICLE}${letter}[\\p{L}\\p{M}\\p{N}]*`, 'gu')
    if (candidatePatterns.size < 64) candidatePatterns.set(initial, pattern)
  }
  return text.match(pattern) ?? []
}
/** definiteWordCandidates' scans by letter (an alphabet's worth). */
const candidatePatterns = new Map<string, RegExp>()

/** و or ف, then an article group: ال (not أل إل آل: read before folding), لل, بال, كال. */
const ARTICLE = '[وف]?(?:ال|لل|بال|كال)'
const ARTICLE_GROUP = new RegExp(`^${ARTICLE}`)
/** A term that can be a prefix: one word (a compatibility character may stem to several). */
const WORD = /^[\p{L}\p{M}\p{N}]+$/u
/** A folded word that is only a conjunction and an article group. */
const ONLY_ARTICLE = new RegExp(`^${ARTICLE}$`)
/** The word normalized with its real letters (hamza seats tell أل from ال), letters and digits only. */
const lettersOf = (word: string): string => normalizeKeepingLetters(word).replace(/[^\p{L}\p{M}\p{N}]/gu, '')

/**
 * Whether a term (a result of `stem`) is one of a stop word's. Listed words are particles,
 * pronouns and auxiliaries whose terms no content word shares: إلى (آل), أما (أماكن), كل
 * (كليات), عبر (عبّرت), ولا (الولايات) are left out because their terms do meet content words.
 *
 * @example isStopTerm(stem('التي')) // true
 */
export function isStopTerm(term: string): boolean {
  return (stopTerms ??= new Set(STOP_WORDS.map(stem))).has(term)
}

const STOP_WORDS = [
  'في', 'من', 'على', 'عن', 'مع', 'أن', 'إن', 'لا', 'ما', 'لم', 'لن', 'قد', 'وقد', 'هذا', 'هذه',
  'ذلك', 'تلك', 'هنا', 'هناك', 'التي', 'الذي', 'الذين', 'اللذين', 'اللتين', 'اللواتي', 'هو', 'هي',
  'هم', 'هما', 'نحن', 'أنا', 'وهو', 'وهي', 'كان', 'كانت', 'يكون', 'ليس', 'أو', 'ثم', 'حتى', 'بل',
  'لكن', 'بعض', 'عند', 'لدى', 'بين', 'إلا', 'غير', 'قبل', 'بعد', 'خلال', 'حيث', 'كما', 'إذا',
  'منذ', 'نحو', 'ضد', 'أي', 'أيضا', 'فقط', 'كذلك', 'سوف', 'يا', 'أنه', 'أنها', 'به', 'بها', 'له',
  'لها', 'فيه', 'فيها', 'منه', 'منها',
]
/** STOP_WORDS' terms, made on first use (stemming at load would build the stemmer's lexicon at every start). */
let stopTerms: Set<string> | undefined
