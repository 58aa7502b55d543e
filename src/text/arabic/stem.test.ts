import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { stemmer } from '@orama/stemmers/arabic'
import { normalizeForMatch } from './normalize.js'
import { stem, stemUncached } from './stem.js'
import { FIXED_TERMS, PROTECTED_NOUNS, WORD_FAMILIES } from './stem-exceptions.js'

// Third-party test data, read where it lives (../shared/data; GPL and BSD test data, never copied here).
const data = (path: string) => readFileSync(new URL(`../../../../shared/data/${path}`, import.meta.url), 'utf8')
const tsv = (path: string) =>
  data(path)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t') as [string, string])

/** Every word of each group gets one term, and the groups get different terms. */
function assertGroups(groups: string[][]): void {
  const seen = new Map<string, string>()
  for (const group of groups) {
    const term = stem(group[0]!)
    for (const word of group) assert.equal(stem(word), term, `${word} should stem like ${group[0]} (${term})`)
    const other = seen.get(term)
    assert.equal(other, undefined, `${group[0]} and ${other} should not share the term ${term}`)
    seen.set(term, group[0]!)
  }
}

describe('Snowball Arabic (@orama/stemmers/arabic)', () => {
  it('agrees with the official Snowball output on every word of voc.txt', () => {
    const words = data('snowball-arabic/voc.txt').split('\n')
    const expected = data('snowball-arabic/output.txt').split('\n')
    assert.equal(words.length, expected.length)
    const differ: string[] = []
    words.forEach((word, i) => {
      if (word !== '' && stemmer(word) !== expected[i]) differ.push(`${word}: ${stemmer(word)} ≠ ${expected[i]}`)
    })
    assert.equal(words.filter(Boolean).length, 91_963)
    assert.deepEqual(differ.slice(0, 20), [])
  })

  it('agrees on the hand-written edge cases and on every word of the seed article', () => {
    for (const file of ['snowball-arabic/edge-cases.tsv', 'snowball-arabic/seed-words.tsv']) {
      const rows = tsv(file)
      assert.ok(rows.length > 80, file)
      for (const [word, expected] of rows) assert.equal(stemmer(word), expected, `${file}: ${word}`)
    }
  })
})

describe('stem: the cases of the issue', () => {
  it('gives تحالف, التحالف, للتحالف and والتحالف one term', () => {
    assertGroups([['تحالف', 'التحالف', 'للتحالف', 'والتحالف', 'فالتحالف', 'بالتحالف', 'وبالتحالف', 'وللتحالف']])
  })

  it('matches الاتحاد الأفريقي with الاتحاد الافريقي', () => {
    assert.deepEqual(['الاتحاد', 'الأفريقي'].map(stem), ['الاتحاد', 'الافريقي'].map(stem))
  })

  it('gives the two house spellings مسؤول and مسئول one term, with their plurals', () => {
    assertGroups([['مسؤول', 'مسئول', 'المسؤول', 'المسئول', 'المسؤولين', 'المسئولين', 'مسؤولون', 'للمسؤولين']])
  })

  it('keeps the و of وزير: وزير = الوزير = للوزير, and not زير', () => {
    assertGroups([['وزير', 'الوزير', 'للوزير', 'والوزير', 'ووزير', 'بوزير', 'وزيرة', 'الوزيرة', 'الوزيرين', 'وزيرها'], ['زير']])
    assert.equal(stem('وزير'), 'وزير')
  })

  it('collapses plural, dual and feminine forms of news nouns', () => {
    assertGroups([
      ['اتفاقية', 'الاتفاقية', 'الاتفاقيات', 'اتفاقيات', 'للاتفاقيات', 'والاتفاقية'],
      ['مسؤول', 'المسؤولين'],
      ['دولة', 'الدولة', 'الدولتين', 'دولتان', 'للدولة', 'والدول', 'دول', 'الدول'],
      ['حكومة', 'الحكومة', 'الحكومات', 'حكومات', 'حكومتين', 'للحكومة', 'حكومته'],
      ['انتخابات', 'الانتخابات', 'الانتخابية'],
      ['شركة', 'الشركة', 'شركات', 'الشركات', 'بالشركة'],
      ['منظمة', 'المنظمة', 'منظمات', 'للمنظمات', 'والمنظمة'],
      ['سعودي', 'السعودي', 'السعودية', 'السعوديين', 'السعوديون'],
      ['عراق', 'العراق', 'العراقي', 'العراقيين', 'والعراق', 'بالعراق'],
      ['يوم', 'اليوم', 'اليومين', 'يومين'],
      ['جنسية', 'الجنسية', 'الجنسيتين'],
      ['تدريب', 'التدريبية', 'التدريبيتين'],
    ])
  })

  it('gives digits in any script one term', () => {
    assertGroups([['2022', '٢٠٢٢', '۲۰۲۲', 'و2022', 'بـ2022', 'و٢٠٢٢'], ['76', '٧٦']])
    assert.equal(stem('٢٠٢٢'), '2022')
  })
})

describe('stem: normalization first', () => {
  it('strips tashkeel, tatweel, joiners and bidi marks', () => {
    assertGroups([['التحالف', 'التَّحَالُفُ', 'التحـــالف', '\u200Fالتحالف\u200E', 'التح\u200Cالف']])
  })

  it('folds hamza and alef forms, ٱ, ى/ي, ة/ه and Persian letters', () => {
    assertGroups([
      ['أحمد', 'احمد'],
      ['ٱلكتاب', 'الكتاب', 'كتاب'],
      ['مستشفى', 'مستشفي', 'المستشفى'],
      ['المدرسة', 'المدرسه', 'مدرسة'],
      ['ایران', 'إيران', 'ايران'],
      ['کتب', 'كتب'],
    ])
  })

  it('reads ئ after an alef typed as ي as the same word, and keeps ئ elsewhere', () => {
    assertGroups([
      ['الجزائر', 'الجزاير', 'الجزائري', 'بالجزاير'],
      ['جوائز', 'جوايز', 'الجوائز'],
      ['الفائدة', 'الفايدة', 'فائدة', 'للفايدة'],
      ['وسائل', 'وسايل', 'والوسائل'],
      ['التساؤلات', 'تساؤل', 'التسائلات', 'تسايل'],
      ['أعضاء', 'أعضائه', 'أعضاؤه', 'أعضاءه'],
      ['الكهربائية', 'كهرباء', 'الكهربائى'],
      ['إسرائيل', 'اسراييل', 'الإسرائيلي'],
      ['رئيس', 'الرئيس'],
      ['بيئة', 'البيئة'],
    ])
  })

  it('reads Arabic presentation forms as letters', () => {
    assert.equal(stem('ﺍﻟﺘﺤﺎﻟﻒ'), stem('التحالف'))
  })

  it('only normalizes words that are not Arabic: Latin case, numbers, mixed tokens', () => {
    assert.equal(stem('NATO'), 'nato')
    assert.equal(stem('Covid'), 'covid')
    assert.equal(stem('iPhone'), 'iphone')
    assert.equal(stem('2021'), '2021')
    assert.equal(stem(''), '')
    assert.equal(stem('ـــ'), '')
  })
})

describe('stem: proclitics', () => {
  it('splits a conjunction before an article group: وال فال وبال فبال وكال ولل', () => {
    assertGroups([
      ['الأمس', 'وبالأمس', 'بالأمس', 'وبالامس', 'فالأمس'],
      ['الدول', 'فالدول', 'والدول', 'وللدول', 'كالدول', 'وكالدول'],
      ['الإرهاب', 'والإرهاب', 'فالإرهاب', 'بالإرهاب', 'للإرهاب', 'وللإرهاب'],
    ])
  })

  it('splits و ب ل before a word, so the rest is stemmed by its own length', () => {
    assertGroups([
      ['لبنان', 'ولبنان', 'للبنان', 'بلبنان'],
      ['قال', 'وقال', 'قالت', 'وقالت', 'فقالت'],
      ['مواجهة', 'لمواجهة', 'بمواجهة', 'المواجهة'],
      ['تعزيز', 'لتعزيز', 'وتعزيز'],
      ['وزراء', 'لوزراء', 'الوزراء'],
      ['جدة', 'بجدة', 'وجدة'],
      ['ذلك', 'وذلك', 'بذلك'],
    ])
  })

  it('splits و before a hamza on alef, or before a long word, but keeps the و of واقع and وافق', () => {
    assertGroups([['أكد', 'وأكد', 'أكدت', 'وأكدت', 'فأكد'], ['استخدام', 'واستخدام', 'لاستخدام', 'باستخدام']])
    assertGroups([['واقع', 'الواقع'], ['وافق'], ['أفق']])
    assert.equal(stem('إعادة'), stem('لإعادة'))
  })

  it('does not split short words: a stem keeps at least 3 letters after و ب ف, 4 after ل', () => {
    assertGroups([['وقت', 'الوقت'], ['وضع', 'الوضع'], ['بنك', 'البنك'], ['لدعم'], ['دعم', 'الدعم']])
    for (const word of ['بل', 'ال', 'ولا', 'لم']) assert.ok(stem(word).length >= 2, word)
  })

  it('does not read أل إل آل as the article', () => {
    assertGroups([['آلاف', 'الآلاف'], ['ألمانيا', 'الألمانية', 'ألماني']])
  })
})

describe('stem: exceptions', () => {
  it('keeps the first letter of protected nouns in every form', () => {
    assertGroups([
      ['برنامج', 'البرنامج', 'للبرنامج', 'ببرنامج', 'وبرنامج', 'برنامجها'],
      ['فيصل', 'الفيصل'],
      ['يصل'],
      ['بطاقة', 'البطاقة', 'ببطاقة'],
      ['طاقة', 'الطاقة'],
      ['بحوث', 'البحوث'],
      ['الحوثي', 'الحوثيين', 'الحوثيون'],
      ['سياسة', 'السياسة', 'سياسات', 'سياسي', 'السياسيين', 'سياسيون'],
      ['وكالة', 'الوكالة', 'لوكالة', 'وكالات'],
      ['لجنة', 'اللجنة', 'للجنة'],
      ['لجان', 'اللجان'],
      ['الجنة'],
      ['لاعب', 'اللاعب', 'للاعب', 'اللاعبين', 'للاعبين'],
      ['فلسطين', 'الفلسطيني', 'الفلسطينية', 'الفلسطينيين', 'فلسطينيون'],
    ])
  })

  it('lists protected nouns Snowball would strip, each with a stem of 3 letters or more', () => {
    for (const noun of PROTECTED_NOUNS) {
      assert.match(normalizeForMatch(noun), /^[وفبسل]/, noun)
      assert.ok(stem(noun).length >= 3, `${noun} → ${stem(noun)}`)
      assert.ok(stem(noun).startsWith(normalizeForMatch(noun)[0]!), `${noun} → ${stem(noun)}`)
    }
    assert.equal(new Set(PROTECTED_NOUNS).size, PROTECTED_NOUNS.length)
  })

  it('gives each word family one term, and fixes الله', () => {
    for (const family of WORD_FAMILIES) assertGroups([family as string[]])
    for (const [word, term] of FIXED_TERMS) assert.equal(stem(word), term)
    assertGroups([['الله', 'لله', 'والله', 'بالله'], ['له']])
  })
})

describe('stem: news text', () => {
  it('stems realistic news vocabulary into one term per word family', () => {
    assertGroups([
      ['رئيس', 'الرئيس', 'للرئيس', 'والرئيس', 'رئيسة', 'رئيسها'],
      ['مفاوضات', 'المفاوضات'],
      ['ولاية', 'الولايات', 'ولايات'],
      ['وزارة', 'الوزارة', 'لوزارة', 'بوزارة', 'وزارات', 'الوزارات'],
      ['مصر', 'المصري', 'المصريين', 'مصري'],
      ['إسرائيل', 'الإسرائيلي', 'الإسرائيليين'],
      ['لاجئ', 'اللاجئين', 'اللاجئون', 'للاجئين'],
      ['مستشفى', 'المستشفيات'],
      ['اقتصاد', 'الاقتصاد', 'الاقتصادي', 'الاقتصادية'],
      ['برلمان', 'البرلمان', 'البرلماني'],
      ['أعلن', 'أعلنت', 'وأعلنت'],
      ['مواطن', 'المواطن', 'المواطنين', 'المواطنون'],
      ['إيران', 'إيراني', 'الإيرانية', 'الإيرانيين'],
      ['قانون', 'القانون', 'القانوني', 'القانونية'],
      ['سوريا', 'السوري', 'السورية', 'سورية'],
      ['مملكة', 'المملكة', 'للمملكة'],
      ['مشاركة', 'المشاركة', 'بمشاركة'],
      ['قمة', 'القمة', 'للقمة'],
      ['فترة', 'الفترة'],
      ['فكرة', 'الفكرة'],
    ])
  })

  it('keeps apart words that only look alike', () => {
    assertGroups([['كلب', 'الكلب'], ['قلب', 'القلب'], ['عيد', 'العيد'], ['بعيد', 'البعيد'], ['جهة', 'وجهة'], ['وجود'], ['جودة']])
  })

  it('gives every word of the seed article a non-empty term', () => {
    for (const [word] of tsv('snowball-arabic/seed-words.tsv')) assert.ok(stem(word).length >= 2 || stem(word) === stemmer(word), word)
  })
})

describe('stem: quality against gold stems', () => {
  it('agrees with golden-corpus-arabic at least as often as plain Snowball', (t) => {
    const gold = JSON.parse(data('golden-corpus-arabic/golden_corpus_arabic.json')) as Array<{ word: string; stem: string }>
    let plain = 0
    let wrapped = 0
    for (const entry of gold) {
      const expected = normalizeForMatch(entry.stem)
      if (normalizeForMatch(stemmer(entry.word)) === expected) plain++
      if (stemUncached(entry.word) === expected) wrapped++
    }
    const pct = (n: number) => `${n}/${gold.length} = ${((100 * n) / gold.length).toFixed(1)} %`
    t.diagnostic(`golden corpus: plain Snowball ${pct(plain)}, wrapper ${pct(wrapped)}`)
    assert.equal(gold.length, 1165)
    assert.equal(plain, 850)
    assert.ok(wrapped >= plain, `wrapper ${wrapped} < Snowball ${plain}`)
  })
})

describe('stem: memo', () => {
  it('answers like stemUncached', () => {
    const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'
    const words: string[] = []
    for (const a of letters) for (const b of letters) words.push(`وال${a}${b}يات`, `ب${a}ي${b}ين`, `ل${a}${b}اء`)
    for (const w of words) assert.equal(stem(w), stemUncached(w), w)
    for (const w of words) assert.equal(stem(w), stemUncached(w), w)
  })

  it('stays right after it has dropped words (it holds at most 200,000)', () => {
    const words = Array.from({ length: 250_000 }, (_, i) => `Word${i}`)
    for (const w of words) assert.equal(stem(w), w.toLowerCase())
    for (const w of words) assert.equal(stem(w), w.toLowerCase())
  })
})
