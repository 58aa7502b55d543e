/**
 * The search terms of a text: what the index stores, what a query is matched by, and what the
 * comment word filters compare. Words are found by `tokenize` and turned into terms by `stem`.
 */
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

/**
 * Whether a term (a result of `stem`) is one of a stop word's. Listed words are particles,
 * pronouns and auxiliaries whose terms no content word shares: إلى (آل), أما (أماكن), كل
 * (كليات), عبر (عبّرت), ولا (الولايات) are left out because their terms do meet content words.
 *
 * @example isStopTerm(stem('التي')) // true
 */
export function isStopTerm(term: string): boolean {
  return stopTerms.has(term)
}

const STOP_WORDS = [
  'في', 'من', 'على', 'عن', 'مع', 'أن', 'إن', 'لا', 'ما', 'لم', 'لن', 'قد', 'وقد', 'هذا', 'هذه',
  'ذلك', 'تلك', 'هنا', 'هناك', 'التي', 'الذي', 'الذين', 'اللذين', 'اللتين', 'اللواتي', 'هو', 'هي',
  'هم', 'هما', 'نحن', 'أنا', 'وهو', 'وهي', 'كان', 'كانت', 'يكون', 'ليس', 'أو', 'ثم', 'حتى', 'بل',
  'لكن', 'بعض', 'عند', 'لدى', 'بين', 'إلا', 'غير', 'قبل', 'بعد', 'خلال', 'حيث', 'كما', 'إذا',
  'منذ', 'نحو', 'ضد', 'أي', 'أيضا', 'فقط', 'كذلك', 'سوف', 'يا', 'أنه', 'أنها', 'به', 'بها', 'له',
  'لها', 'فيه', 'فيها', 'منه', 'منها',
]
const stopTerms = new Set(STOP_WORDS.map(stem))
