import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readFileSync } from 'node:fs'
import { seededRandom } from '../../../test/support/seeded-random.js'
import { countWords, countWordsInHtml, tokenize, tokenizeWithSpans } from './tokenize.js'

describe('tokenize', () => {
  it('keeps a vowelled word whole', () => {
    assert.deepEqual(tokenize('كِتاب'), ['كِتاب'])
    assert.deepEqual(tokenize('مُبَادَرَةٌ جَدِيدَةٌ'), ['مُبَادَرَةٌ', 'جَدِيدَةٌ'])
  })

  it('keeps hamza letters, a combining hamza and tatweel inside the word', () => {
    assert.deepEqual(tokenize('مسؤول رئيس كلـــب'), ['مسؤول', 'رئيس', 'كلـــب'])
    assert.deepEqual(tokenize('\u0627\u0654حمد'), ['\u0627\u0654حمد'])
  })

  it('splits on Arabic punctuation and curly quotes', () => {
    assert.deepEqual(tokenize('قال: “كِتابٌ جديد”، أليس كذلك؟ نعم؛ بالتأكيد.'), [
      'قال', 'كِتابٌ', 'جديد', 'أليس', 'كذلك', 'نعم', 'بالتأكيد',
    ])
    assert.deepEqual(tokenize('«الناتو»—الإنتربول'), ['الناتو', 'الإنتربول'])
  })

  it('returns original forms, mixed scripts and digits', () => {
    assert.deepEqual(tokenize('منصة AI الجديدة في ٢٠٢٢ و2023'), ['منصة', 'AI', 'الجديدة', 'في', '٢٠٢٢', 'و2023'])
  })

  it('keeps a ZWNJ between letters inside the word but drops stray ones', () => {
    assert.deepEqual(tokenize('می\u200Cخواهم \u200Cسلام\u200C'), ['می\u200Cخواهم', 'سلام'])
  })

  it('splits on bidi marks and returns [] for no words', () => {
    assert.deepEqual(tokenize('\u200Fمرحبا\u200Fعالم'), ['مرحبا', 'عالم'])
    assert.deepEqual(tokenize(' ،؛؟ “” … '), [])
    assert.deepEqual(tokenize(''), [])
  })
})

describe('tokenizeWithSpans', () => {
  it('gives the words of tokenize with their UTF-16 offsets in the text', () => {
    const text = '«قالَ» 😀 الوزيرُ، ٢٠٢٢'
    const spans = tokenizeWithSpans(text)
    assert.deepEqual(spans.map((s) => s.word), tokenize(text))
    for (const { word, start, end } of spans) assert.equal(text.slice(start, end), word)
    assert.deepEqual(spans[1], { word: 'الوزيرُ', start: 10, end: 17 })
  })

  it('returns [] for no words', () => {
    assert.deepEqual(tokenizeWithSpans(' ،؛؟ '), [])
  })
})

describe('countWords', () => {
  it('counts words, numbers included, ignoring punctuation', () => {
    assert.equal(countWords('وعقد الاجتماع بمشاركة 76 دولة، وممثلي عدة منظمات دولية.'), 9)
    assert.equal(countWords('   '), 0)
  })

  it('counts exactly the words tokenize finds: joiners, marks, astral letters, lone surrogates, real text', () => {
    const cases = ['می\u200Cخواهم', '\u200Cکتاب\u200C', 'a\u200C\u200Db', 'a\u200C b', 'ـــ', '𝐀𝐁𝐂 و𝟏𝟐', '\uD835 x \uDC00y', 'ﷲ ﻻ', '٣٤ 5٫6', '']
    for (const text of cases) assert.equal(countWords(text), tokenize(text).length, JSON.stringify(text))
    // Random strings over letters, marks, digits, joiners, punctuation, spaces and surrogates.
    const alphabet = [...'كتابٌ جديدٍ ،؛؟“”«»—-_. 0١۲aZé\u0301\u0640\u064B\u0670\u200C\u200D\u00A0\n\t'].concat(['𝐀', '😀', '\uD835', '\uDC00', '中', '\u2028'])
    const random = seededRandom(7)
    for (let n = 0; n < 2000; n++) {
      let text = ''
      for (let i = Math.floor(random() * 40); i > 0; i--) text += alphabet[Math.floor(random() * alphabet.length)]
      assert.equal(countWords(text), tokenize(text).length, JSON.stringify(text))
    }
    const article = readFileSync(new URL('../../../../shared/data/fixtures/seed-article.txt', import.meta.url), 'utf8')
    assert.equal(countWords(article), tokenize(article).length)
  })
})

describe('countWordsInHtml', () => {
  it('counts the words the HTML shows: tags split no word, paragraph ends and <br> do', () => {
    assert.equal(countWordsInHtml('<p>قال <b>المتحدث</b>:</p><p>نعم&nbsp;لا</p>'), 4)
    assert.equal(countWordsInHtml('<p>كتا<b>ب</b></p>'), 1)
    assert.equal(countWordsInHtml('<p>أ</p><p>ب</p><h2>ج</h2><ul><li>د</li><li>هـ</li></ul>سطر<br>آخر'), 7)
    assert.equal(countWordsInHtml('<td>أ</td><td>ب</td>'), 1, 'a table cell ends no paragraph (as in htmlToText)')
  })

  it('reads character references as their characters, and skips comments and non-text elements', () => {
    assert.equal(countWordsInHtml('&#1603;&#x62A;&#1575;&#1576; &amp; &lt;b&gt;'), 2)
    assert.equal(countWordsInHtml('أ<!-- ملاحظة طويلة -->ب <script>var a = 1</script> ج <style>p { color: red }</style>'), 2)
    assert.equal(countWordsInHtml('بلا وسم <'), 2)
  })
})
