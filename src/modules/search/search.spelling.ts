/**
 * Candidate corrections for "did you mean" (pure; the service checks them against the index).
 * Two mistakes readers make all the time, both cheap to undo:
 * - Arabic typed with the keyboard on English: "hgjphgt" is "التحالف" on the Arabic (101) layout.
 * - One slip in a word: a letter missing, extra, swapped with its neighbour, confused with a
 *   letter of like sound or shape (ض/ظ, س/ص, ت/ط, ذ/ز, ه/ح…), or two words typed without a space.
 */
import { normalizeForMatch } from '../../text/arabic/index.js'

/** Latin keys → Arabic letters on the standard Arabic keyboard (unshifted, and shifted hamza forms). */
const ARABIC_KEYBOARD: Readonly<Record<string, string>> = {
  q: 'ض', w: 'ص', e: 'ث', r: 'ق', t: 'ف', y: 'غ', u: 'ع', i: 'ه', o: 'خ', p: 'ح', '[': 'ج', ']': 'د',
  a: 'ش', s: 'س', d: 'ي', f: 'ب', g: 'ل', h: 'ا', j: 'ت', k: 'ن', l: 'م', ';': 'ك', "'": 'ط',
  z: 'ئ', x: 'ء', c: 'ؤ', v: 'ر', b: 'لا', n: 'ى', m: 'ة', ',': 'و', '.': 'ز', '/': 'ظ', '`': 'ذ',
  H: 'أ', Y: 'إ', N: 'آ', T: 'لإ', G: 'لأ', B: 'لآ',
}

/**
 * The text as it would have come out on the Arabic layout, when it looks like such a slip (Latin
 * letters, no Arabic); undefined otherwise. Quotes and a leading `-` keep their meaning.
 *
 * @example fromLatinKeyboard('hgjphgt') // 'التحالف'
 */
export function fromLatinKeyboard(text: string): string | undefined {
  if (/[\u0600-\u06FF]/.test(text) || !/[a-z]/i.test(text)) return undefined
  return text
    .split(/(\s+|")/)
    .map((chunk) => {
      if (/^\s*$/.test(chunk) || chunk === '"') return chunk
      const sign = chunk.startsWith('-') ? '-' : ''
      return sign + [...chunk.slice(sign.length)].map((c) => ARABIC_KEYBOARD[c] ?? ARABIC_KEYBOARD[c.toLowerCase()] ?? c).join('')
    })
    .join('')
}

/** Letters often typed for one another (after normalizeForMatch: أ إ آ → ا, ة → ه, ى → ي). */
const CONFUSABLE: readonly string[] = ['ضظد', 'سص', 'تط', 'ذزظ', 'هح', 'قكغ', 'ثس', 'اي', 'يء', 'عغ']
const ARABIC_LETTERS = [...'ءابتثجحخدذرزسشصضطظعغفقكلمنهوي']

/** A spelling one slip away, and how likely that slip is: 0 (a letter missed, confused or swapped), 1 (an extra letter), 2 (a missing space). */
export interface SpellingCandidate {
  spelling: string
  rank: 0 | 1 | 2
}

/**
 * Spellings one slip away from `word` (normalized): insertions of a letter (words of 3+
 * letters), confusable letters, adjacent swaps (rank 0); deletions (rank 1); splits into two
 * words "a b" (rank 2). At most a few hundred, each once with its best rank; never the word itself.
 *
 * @example spellingCandidates('الاتحد').some((c) => c.spelling === 'الاتحاد') // true
 */
export function spellingCandidates(word: string): SpellingCandidate[] {
  const w = [...normalizeForMatch(word)]
  if (w.length < 2 || w.length > 20 || !w.some((c) => /[\u0600-\u06FF]/.test(c))) return []
  const out = new Map<string, SpellingCandidate['rank']>()
  const add = (spelling: string, rank: SpellingCandidate['rank']) => {
    if (!out.has(spelling) && spelling.replace(/ /g, '').length >= 2) out.set(spelling, rank)
  }
  const at = (i: number, j: number, ...middle: string[]) => [...w.slice(0, i), ...middle, ...w.slice(j)].join('')
  if (w.length >= 3) for (let i = 0; i <= w.length; i++) for (const c of ARABIC_LETTERS) add(at(i, i, c), 0)
  for (let i = 0; i < w.length; i++) {
    for (const group of CONFUSABLE) if (group.includes(w[i]!)) for (const c of group) add(at(i, i + 1, c), 0)
    if (i + 1 < w.length) add(at(i, i + 2, w[i + 1]!, w[i]!), 0)
  }
  for (let i = 0; i < w.length; i++) add(at(i, i + 1), 1)
  for (let i = 2; i <= w.length - 2; i++) add(`${w.slice(0, i).join('')} ${w.slice(i).join('')}`, 2)
  out.delete(w.join(''))
  return [...out].map(([spelling, rank]) => ({ spelling, rank }))
}
