import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { analyze, analyzePrefix, analyzeQuery, analyzeWithSpans, definiteWordCandidates, isStopTerm, nounAfterArticle, withPlainArticle } from './analyze.js'
import { stem } from './stem.js'
import { tokenize } from './tokenize.js'

const seedArticle = readFileSync(new URL('../../../../shared/data/fixtures/seed-article.txt', import.meta.url), 'utf8')

describe('analyze', () => {
  it('gives one term per word, in order, stop words and numbers included', () => {
    assert.deepEqual(analyze('اجتماعٌ جديدٌ للتحالف الدولي ضد “داعش”'), ['اجتماع', 'جديد', 'تحالف', 'دول', 'ضد', 'داعش'])
    assert.deepEqual(analyze('وعقد الاجتماع بمشاركة ٧٦ دولة، في مراكش.'), ['عقد', 'اجتماع', 'مشارك', '76', 'دول', 'في', 'مراكش'])
  })

  it('gives a text and its variants the same terms: diacritics, hamza, ة/ه, ى/ي, digits, case', () => {
    assert.deepEqual(analyze('الاتحاد الأفريقي'), analyze('الاتحاد الافريقي'))
    assert.deepEqual(analyze('المسؤول عن المدرسة إلى ٢٠٢٢'), analyze('المسئول عن المدرسه الي 2022'))
    assert.deepEqual(analyze('قالَ الوزيرُ للتَّحالُفِ'), analyze('قال الوزير للتحالف'))
    assert.deepEqual(analyze('حلف NATO'), analyze('حلف nato'))
  })

  it('drops words left with no letters or digits, and returns [] for no words', () => {
    assert.deepEqual(analyze('ـــ كلمة'), ['كلم'])
    assert.deepEqual(analyze(' ،؛؟ “” … '), [])
    assert.deepEqual(analyze(''), [])
  })

  it('is the same as stemming every word tokenize finds in the seed article', () => {
    const terms = analyze(seedArticle)
    assert.deepEqual(terms, tokenize(seedArticle).map(stem).filter(Boolean))
    assert.ok(terms.length > 500)
  })
})

describe('analyzeWithSpans', () => {
  it('locates each term in the original text, diacritics included', () => {
    const text = 'قالَ الوزيرُ: «إنَّ التَّحالُفَ قائمٌ»'
    const spans = analyzeWithSpans(text)
    assert.deepEqual(
      spans.map(({ term, start, end }) => [term, text.slice(start, end)]),
      [
        ['قال', 'قالَ'],
        ['وزير', 'الوزيرُ'],
        ['ان', 'إنَّ'],
        ['تحالف', 'التَّحالُفَ'],
        ['قايم', 'قائمٌ'],
      ],
    )
  })

  it('counts offsets in UTF-16 units, past emoji and before decomposed letters', () => {
    const text = '😀 التحالف \u0627\u0654حمد'
    const spans = analyzeWithSpans(text)
    assert.deepEqual(spans[0], { term: 'تحالف', start: 3, end: 10 })
    assert.equal(text.slice(spans[1]!.start, spans[1]!.end), '\u0627\u0654حمد')
    assert.equal(spans[1]!.term, stem('أحمد'))
  })

  it('gives the terms of analyze, and every span of the seed article maps back to its word', () => {
    const spans = analyzeWithSpans(seedArticle)
    assert.deepEqual(
      spans.map((s) => s.term),
      analyze(seedArticle),
    )
    for (const { term, start, end } of spans) assert.equal(stem(seedArticle.slice(start, end)), term)
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i]!.start >= spans[i - 1]!.end)
  })
})

describe('analyzeQuery', () => {
  it('drops stop words and repeats', () => {
    assert.deepEqual(analyzeQuery('الوزير في الرياض'), ['وزير', 'رياض'])
    assert.deepEqual(analyzeQuery('التحالف ضد داعش والتحالف'), ['تحالف', 'داعش'])
    assert.deepEqual(analyzeQuery('ما هي أسباب التضخم؟'), ['اسباب', 'تضخم'])
  })

  it('keeps stop words when the query has nothing else', () => {
    assert.deepEqual(analyzeQuery('من نحن'), ['من', 'نحن'])
    assert.deepEqual(analyzeQuery(''), [])
  })

  it('finds the article a reader means however the query is spelled', () => {
    const article = new Set(analyze(seedArticle))
    for (const query of ['التحالف الدولي', 'تحالف دولي', 'الاتحاد الاوروبي', 'وزير الخارجية السعودي', 'الشئون الخارجية', 'الجماعات المسلحه', 'الارهاب في افريقيا', 'عمليه ارهابيه', '٢٠٢٢']) {
      for (const term of analyzeQuery(query)) assert.ok(article.has(term), `${query}: ${term}`)
    }
  })
})

describe('analyzePrefix', () => {
  it('reads a word being typed as typed, as stemmed, and after its article: prefixes of the terms it may become', () => {
    assert.deepEqual(analyzePrefix('التحا'), { prefixes: ['التحا', 'تحا'] })
    assert.equal(analyzePrefix('الإتحادُ').prefixes[0], 'الاتحاد', 'normalized')
    assert.deepEqual(analyzePrefix('بالتح'), { prefixes: ['بالتح', 'تح'] }, 'stem keeps بال before two letters (بالغ)')
    assert.deepEqual(analyzePrefix('وزارته'), { prefixes: ['وزار'] }, 'a whole word: its term, which covers the typed form')
    assert.deepEqual(analyzePrefix('التحا!'), analyzePrefix('التحا'), 'punctuation ignored')
    for (const word of ['التحالف', 'للتحالف', 'والتحالف', 'بالتحالف']) {
      const { prefixes } = analyzePrefix(word)
      assert.ok(prefixes.some((p) => stem('التحالف').startsWith(p)), `${word}: ${prefixes}`)
    }
  })

  it('gives one letter after an article as an initial to complete, never as a prefix', () => {
    for (const word of ['الت', 'للت', 'والت', 'فالت', 'بالت', 'كالت', 'وللت', 'وبالت']) {
      const { prefixes, initial } = analyzePrefix(word)
      assert.equal(initial, 'ت', word)
      assert.ok(prefixes.length > 0 && prefixes.every((p) => [...p].length >= 2), `${word}: ${prefixes}`)
    }
    assert.equal(analyzePrefix('الأ').initial, 'ا', 'folded')
    assert.equal(analyzePrefix('التح').initial, undefined)
    assert.equal(analyzePrefix('ألم').initial, undefined, 'أل is no article (ألمانيا)')
  })

  it('gives nothing for fewer than two letters or a bare article, and never a bare article as a prefix', () => {
    for (const word of ['', 'ت', 'ا', 'ـ', 'ال', 'أل', 'وال', 'فال', 'بال', 'كال', 'لل', 'ولل', '؟']) assert.deepEqual(analyzePrefix(word), { prefixes: [] }, word)
    assert.deepEqual(analyzePrefix('إلى'), { prefixes: ['الي'] }, 'its term ال would match nearly everything')
    assert.deepEqual(analyzePrefix('تح'), { prefixes: ['تح'] })
  })
})

describe('nounAfterArticle', () => {
  it('is what follows a conjunction and an article group, normalized, whatever its length', () => {
    assert.equal(nounAfterArticle('وبالتحالف'), 'تحالف')
    assert.equal(nounAfterArticle('للتحالف'), 'تحالف')
    assert.equal(nounAfterArticle('الأمير'), 'امير')
    assert.equal(nounAfterArticle('الت'), 'ت')
    assert.equal(nounAfterArticle('وال'), '')
    for (const word of ['تحالف', 'ألمانيا', 'آلاف', 'إلكتروني', 'وزير']) assert.equal(nounAfterArticle(word), undefined, word)
  })
})

describe('definiteWordCandidates', () => {
  it('finds the words that may be definite words whose noun starts with a letter, in any spelling of it', () => {
    assert.deepEqual(definiteWordCandidates('التحالف وللتعاون والمال ترتفع فالتقى', 'ت'), ['التحالف', 'وللتعاون', 'فالتقى'])
    assert.deepEqual(definiteWordCandidates('الأمير والامارات بالإمارات الدولة', 'ا'), ['الأمير', 'والامارات', 'بالإمارات'])
    assert.deepEqual(definiteWordCandidates('مالتا', 'ت'), [], 'an article only at the start of a word')
  })
})

describe('withPlainArticle', () => {
  it("writes the first word's conjunction and article group as the plain article", () => {
    assert.equal(withPlainArticle('للتح'), 'التح')
    assert.equal(withPlainArticle('بالتحالف العربي'), 'التحالف العربي')
    assert.equal(withPlainArticle('والرياض'), 'الرياض')
    assert.equal(withPlainArticle('كالم'), 'الم')
    for (const key of ['التحالف', 'ال', 'لل', 'وال', 'تحالف', '']) assert.equal(withPlainArticle(key), undefined, key)
  })
})

describe('isStopTerm', () => {
  it('knows particles, pronouns and auxiliaries by their terms', () => {
    for (const word of ['في', 'من', 'على', 'التي', 'الذي', 'هذا', 'وهو', 'كانت', 'أيضا', 'ايضا']) assert.ok(isStopTerm(stem(word)), word)
  })

  it('never takes a content word for a stop word', () => {
    for (const word of ['الولايات', 'آل', 'أماكن', 'الكليات', 'عبّرت', 'فقدت', 'الوزير', 'داعش', 'العام', 'الدولة', 'عدد']) {
      assert.ok(!isStopTerm(stem(word)), word)
    }
  })
})
