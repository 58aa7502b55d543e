import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { countWords, tokenize, tokenizeWithSpans } from './tokenize.js'

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
})
