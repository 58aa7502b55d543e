/**
 * Light stemming of Arabic words for search: the Snowball Arabic stemmer (`@orama/stemmers`),
 * wrapped where it falls short on news text. The index, queries and the comment word filters
 * all go through `stem` (via `analyze`), so a word always gives the same term.
 */
import { stemmer as snowballStemmer } from '@orama/stemmers/arabic'
import { foldLetters, normalizeKeepingLetters } from './normalize.js'
import { FIXED_TERMS, PROTECTED_NOUNS, WORD_FAMILIES } from './stem-exceptions.js'

/**
 * The search term of one word: its Snowball stem, with normalization first and the wrapper's
 * fixes around it.
 *
 * 1. Normalize: NFC; no tashkeel, tatweel, joiners or bidi marks; Latin digits; lower case;
 *    أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ ئ → ء, Persian ی ک → ي ك. So مسؤول = مسئول,
 *    الأفريقي = الافريقي, ٢٠٢٢ = 2022. Words that are not Arabic stop here (Latin, numbers).
 * 2. Split proclitics before Snowball, so that the rest is stemmed by its own length:
 *    و or ف before an article (والتحالف, فالدول, وبالأمس, وللوزير); the article groups ال بال
 *    كال لل; a single و or ب (before 3+ letters), ل (before 4+) and ف (where Snowball would
 *    strip it). Before a bare alef only when the word had a hamza there (وأكد, لإعادة) or,
 *    after و ب ل, the rest is long (واستخدام): واقع, وافق and فاسدون keep their first letter.
 *    Snowball leaves وال and ل whole and strips و ف ب after the suffixes, judged with the
 *    proclitic's length: ولبنان gave لبن.
 * 3. Snowball on the rest, with fixes for news nouns: plurals in ات stemmed as nouns
 *    (اتفاقيات → اتفاق, not اتفاقيا), duals in تين/تان without the ت (الدولتين → دول, as دولة)
 *    and of three-letter nouns (يومين → يوم), nisba plurals (السعوديين → سعود, as السعودي),
 *    nisbas on ن (ايراني → ايران, where Snowball strips ني as "me"), countries in -يا
 *    (سوريا → سور, as السوري) and a final ه after ك or ه read as ة (مملكه → مملك, not ممل).
 * 4. Exceptions (`stem-exceptions.ts`): nouns whose first letter is not a proclitic keep it
 *    (وزير, الوزير, للوزير → وزير, where Snowball gives زير for وزير), a few word families get one
 *    term (فلسطين, الفلسطيني), and الله is fixed.
 *
 * Results are memoised in a bounded cache (up to 200,000 words), so stemming every word of
 * every article costs a Map lookup for all but new words. See README.md for measured figures.
 *
 * @example stem('والتحالف') === stem('للتحالف') // both 'تحالف'
 * @example stem('المسئولين') === stem('مسؤول') // both 'مسءول'
 * @example stem('الوزير') === stem('وزير') // both 'وزير'
 * @example stem('٢٠٢٢') // '2022'
 */
export function stem(word: string): string {
  const cached = cache.get(word)
  if (cached !== undefined) return cached
  const term = stemUncached(word)
  cache.set(word, term)
  return term
}

/**
 * `stem` without the memo: for benchmarks, and for callers that stem each word once.
 *
 * @example stemUncached('وبالأمس') // 'امس'
 */
export function stemUncached(word: string): string {
  const kept = keepLetters(word.replace(PRESENTATION_FORMS, (c) => c.normalize('NFKC')))
  const folded = foldLetters(kept)
  if (!ARABIC_WORD.test(folded)) {
    const proclitics = PROCLITICS_BEFORE_DIGITS.exec(folded)
    return proclitics ? folded.slice(proclitics[0].length) : folded
  }
  return stemArabic(folded, kept)
}

/**
 * `normalizeKeepingLetters`, and ئ (or ؤ, its other spelling: تساؤل, تسائل) after an alef read
 * as ي: readers often type the seat alone there (الجزاير, جوايز, الفايدة, وسايل for الجزائر,
 * جوائز, الفائدة, وسائل). Not where it is the final hamza of a word in اء before a pronoun or a
 * nisba ending (أعضائه, أعضاؤه, زملائهم, الكهربائية, نهائيا: as أعضاء, كهرباء), not before a
 * final ن (خزائن: اين would read as a plural ending), and nowhere else (رئيس, بيئة, مسؤول).
 */
const keepLetters = (word: string): string => normalizeKeepingLetters(word).replace(HAMZA_SEAT_AFTER_ALEF, '$1ي')
const HAMZA_SEAT_AFTER_ALEF = /([اأإآ])[ئؤ](?!(?:ه|ها|هم|هما|هن|ك|كم|كما|كن|نا|ن|[يى](?:ه|ة|ين|ون|ات|ا|تين|تان)?)$)/g

/** Arabic presentation forms (ﺍﻟﺘﺤﺎﻟﻒ, ﻻ), from old PDFs and fonts: read as the letters. */
const PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFF]/g
/** A folded Arabic word: hamza ء and the 28 letters, nothing else. */
const ARABIC_WORD = /^[\u0621-\u064A]+$/
/** Arabic proclitics glued to a number: "و2023", "بـ2022" (the tatweel is gone by then). */
const PROCLITICS_BEFORE_DIGITS = /^[وفبلك]{1,2}(?=[0-9])/

/**
 * `folded` is the word after `foldLetters`, `kept` the same word before it. Folding maps each
 * UTF-16 unit to one unit, so the two are sliced together and `kept` tells where a hamza sat.
 */
function stemArabic(folded: string, kept: string): string {
  const fixed = FIXED_TERMS.get(folded)
  if (fixed !== undefined) return fixed
  // أأ أا أآ أإ (a question hamza) fold to اا; Snowball's first step would drop one alef.
  const cut = folded.length > 3 && folded.startsWith('اا') ? 1 : 0
  const term = peel(folded.slice(cut), kept.slice(cut), 'conjunction')
  return lexicon().familyTerms.get(term) ?? term
}

/** How far the peeling got: a conjunction comes first, then a preposition or the article. */
type Stage = 'conjunction' | 'preposition' | 'noun'

function peel(w: string, kept: string, stage: Stage): string {
  const protectedStem = protectedNounStem(w, kept)
  if (protectedStem !== undefined) return protectedStem
  const first = w[0]
  if (stage === 'conjunction' && (first === 'و' || first === 'ف')) {
    if (articleLength(w.slice(1), kept.slice(1)) > 0 || splitsSingleProclitic(w, kept)) {
      return peel(w.slice(1), kept.slice(1), 'preposition')
    }
  }
  if (stage !== 'noun') {
    // لل is ل + ال (للوزير) or ل + a noun in ل (للبنان, للجنة; للاعب is ل + اللاعب).
    const lamNoun = w.startsWith('لل') ? protectedNounStem(w.slice(1), kept.slice(1)) : undefined
    if (lamNoun !== undefined) return lamNoun
    const article = articleLength(w, kept)
    if (article > 0) return peel(w.slice(article), kept.slice(article), 'noun')
    if ((first === 'ب' || first === 'ل') && splitsSingleProclitic(w, kept)) return peel(w.slice(1), kept.slice(1), 'noun')
  }
  return stemBare(w, kept)
}

/** The article groups, with the shortest noun each may leave (بالغ is not ب + ال + غ). */
const ARTICLES: ReadonlyArray<{ prefix: string; minNoun: number }> = [
  { prefix: 'ال', minNoun: 2 },
  { prefix: 'لل', minNoun: 2 },
  { prefix: 'بال', minNoun: 3 },
  { prefix: 'كال', minNoun: 3 },
]

/**
 * The length of the article group `w` starts with, or 0 if none (or the noun would be too
 * short). أل إل آل are not an article, though they fold to ال: ألمانيا, إلكتروني, آلاف.
 */
function articleLength(w: string, kept: string): number {
  if (/^[أإآ]ل/.test(kept)) return 0
  for (const { prefix, minNoun } of ARTICLES) {
    if (w.startsWith(prefix) && w.length - prefix.length >= minNoun) return prefix.length
  }
  return 0
}

/** Snowball strips و ف ب only when 3 letters remain; the wrapper keeps that minimum. */
const MIN_REST = 3
/** ل starts many short nouns (لحظة, لعبة, لجنة): it is split only before 4 letters or more. */
const MIN_REST_AFTER_LAM = 4
/** After و ب ل, a bare alef starts the rest only if the rest is this long (واستخدام). */
const MIN_REST_BEFORE_ALEF = 5

/**
 * Whether the first letter (و ف ب ل) of `w` is a proclitic to split off. Before 3 letters or
 * more, و and ب are proclitics far more often than root letters (وذلك, بجدة), and the common
 * nouns in which they are root letters are protected nouns; ف starts many nouns (فترة, فكرة),
 * so it is split only where Snowball would strip it, after the suffixes (فقالوا).
 */
function splitsSingleProclitic(w: string, kept: string): boolean {
  const rest = w.slice(1)
  if (rest.length < (w[0] === 'ل' ? MIN_REST_AFTER_LAM : MIN_REST)) return false
  if (rest.startsWith('ا')) {
    // ف before فاعل nouns is a root letter whatever their length (فاسدون, فائزين).
    return /^[أإآ]/.test(kept.slice(1)) || (w[0] !== 'ف' && rest.length >= MIN_REST_BEFORE_ALEF)
  }
  return w[0] !== 'ف' || !snowball(w).startsWith('ف')
}

/** The stem of a word whose proclitics are gone (Snowball may still strip a first letter). */
function stemBare(w: string, kept = w): string {
  // A country in -يا or an adverb in -يًّا, as its nisba: سوريا → سوري (as السوري), دوليا → دولي.
  // Not the broken plurals in -ايا (قضايا, ضحايا).
  if (w.length >= 5 && w.endsWith('يا') && !w.endsWith('ايا')) return stemBare(w.slice(0, -1))
  // A nisba on a noun in ن, as the noun: ايراني → ايران, قانونيه → قانون. Snowball strips ني as
  // the pronoun "me" (ايراني → اير); a verb with that pronoun still comes out (يسعدني → يسعد).
  if (w.length >= 5 && w.endsWith('ني')) return stemBare(w.slice(0, -1))
  if (w.length >= 5 && w.endsWith('نيه')) return stemBare(w.slice(0, -2))
  // The plural in ات of a short noun, as its singular in ة (Snowball keeps the ات of short words):
  // لغات → لغة, قوات → قوة, مئات → مئة; هويات → هوية, غايات → غاية. Not verbs in أت (بدأت, لجأت).
  if (w.length === 4 && w.endsWith('ات') && kept[2] === 'ا') return stemBare(`${w.slice(0, 2)}ه`)
  if (w.length === 5 && w.endsWith('يات')) return stemBare(`${w.slice(0, 2)}يه`)
  // The dual of a three-letter noun: يومين → يوم (Snowball keeps ين on five letters). Not the
  // تفعيل nouns of roots in ن: تأمين, تعيين, تحسين.
  if (w.length === 5 && w.endsWith('ين') && !w.startsWith('ت')) return snowball(w.slice(0, -2))
  let s = w.length >= 5 && w.endsWith('ات') ? stemAsNoun(w) : snowball(w)
  // The dual of a feminine noun: دولتين → دولت → دول (as دولة). Not the -stan of باكستان.
  if (/ت(?:ين|ان)$/.test(w) && !w.endsWith('ستان') && s.endsWith('ت') && s.length >= 4) s = s.slice(0, -1)
  // The dual of a feminine nisba: الجنسيتين → جنسي → جنس (as الجنسية). Not يتان (موريتانيا).
  if (w.endsWith('يتين') && s.endsWith('ي') && s.length >= 4) s = s.slice(0, -1)
  // The plural of a nisba: سعوديين → سعودي → سعود (as سعودي).
  if (/ي(?:ين|ون|ان)$/.test(w) && s.endsWith('ي') && s.length >= 4) s = s.slice(0, -1)
  // A final ن alone is a root letter far more often than the feminine plural of a verb:
  // اعلن, يمكن, مواطن keep it (Snowball gives اعل, يمك, مواط; مواطنين still gives مواطن).
  if (/[^اويهكت]ن$/.test(w) && w.slice(0, -1).endsWith(s)) s += 'ن'
  return s
}

/**
 * Snowball's stem of `w` read as a definite noun (ال + w): only noun suffixes are stripped, no
 * proclitic and no verb suffix. For plurals in ات, which Snowball otherwise reads as verbs.
 */
function stemAsNoun(w: string): string {
  const s = snowball(`ال${w}`)
  // Snowball keeps the article when fewer than 3 letters would remain (القوات → القو).
  return s.startsWith('ال') && !w.startsWith('ال') && s.length >= 4 ? s.slice(2) : s
}

/**
 * Snowball's stem of a folded word, folded again (Snowball writes hamzas back on carriers).
 * A final ه is given back to Snowball as ة where it cannot be a pronoun or where Snowball would
 * strip it as one and then the letter before it as another: on a definite word (المملكه), and
 * after ك or ه (مملكه → ممل, محاكمه → محا, مواجهه → مواج as pronouns).
 */
function snowball(w: string): string {
  const taMarbuta = w.endsWith('ه') && ((w.length >= 5 && DEFINITE.test(w) && !w.endsWith('ته')) || AFTER_KAF_OR_HEH.test(w))
  return foldLetters(snowballStemmer(taMarbuta ? `${w.slice(0, -1)}ة` : w))
}
const DEFINITE = /^(?:ال|لل|بال|كال)/
const AFTER_KAF_OR_HEH = /^.{2,}[كه]ه$/

/**
 * The protected stem of `w` if `w` is a form of a protected noun (`PROTECTED_NOUNS`): its stem
 * with the first letter shielded is an entry's (الوزيرين → وزير, برنامجها → برنامج).
 */
function protectedNounStem(w: string, kept = w): string | undefined {
  if (!SHIELDABLE.includes(w[0] ?? '')) return undefined
  const s = stemShielded(w, kept)
  return lexicon().protectedStems.has(s) ? s : undefined
}

/** First letters Snowball or the wrapper may take for a proclitic or a verb prefix (سي ست سن). */
const SHIELDABLE = 'وفبسل'
/** A letter that starts no Snowball prefix rule, to stand in for the first letter. */
const SHIELD = 'ج'

/**
 * The stem of `w` with its first letter kept. Snowball's prefix rules look only at the first
 * letters, its suffix rules at the last letters and the length; so stemming ج + the rest and
 * putting the letter back strips the usual suffixes and no prefix.
 */
function stemShielded(w: string, kept = w): string {
  const s = stemBare(SHIELD + w.slice(1), SHIELD + kept.slice(1))
  return s.startsWith(SHIELD) ? w[0] + s.slice(1) : s
}

const fold = (word: string): string => foldLetters(keepLetters(word))

interface Lexicon {
  /** The stems of PROTECTED_NOUNS, first letter shielded. */
  protectedStems: Set<string>
  /** A family member's term → the family's term (its first member's). */
  familyTerms: Map<string, string>
}
let built: Lexicon | undefined

/**
 * The stemmed exception lists, made on first use rather than at every start (stemming them
 * takes ~20 ms). Stemming the families already uses the protected stems and the families read so
 * far, so the lexicon is visible while it is being filled.
 */
function lexicon(): Lexicon {
  if (built) return built
  const made: Lexicon = { protectedStems: new Set(), familyTerms: new Map() }
  const protectedStems = PROTECTED_NOUNS.map((noun) => stemShielded(fold(noun)))
  built = made
  for (const stem of protectedStems) made.protectedStems.add(stem)
  for (const [head = '', ...members] of WORD_FAMILIES) {
    const term = stemArabic(fold(head), keepLetters(head))
    for (const member of members) made.familyTerms.set(stemArabic(fold(member), keepLetters(member)), term)
  }
  return made
}

/**
 * The memo of `stem`: two generations of up to `GENERATION` words. A word found in the old
 * generation moves to the young one; when the young one is full it becomes the old one and the
 * previous old one is dropped. Frequent words stay, at the cost of at most two Map lookups.
 */
const GENERATION = 100_000
const cache = (() => {
  let young = new Map<string, string>()
  let old = new Map<string, string>()
  const set = (word: string, term: string): void => {
    if (young.size >= GENERATION) {
      old = young
      young = new Map()
    }
    young.set(word, term)
  }
  const get = (word: string): string | undefined => {
    const term = young.get(word)
    if (term !== undefined) return term
    const promoted = old.get(word)
    if (promoted !== undefined) set(word, promoted)
    return promoted
  }
  return { get, set }
})()
