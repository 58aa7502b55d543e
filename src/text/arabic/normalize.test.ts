import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { foldLetters, normalizeForDisplay, normalizeForMatch, normalizeKeepingLetters, removeInvisibleMarks, spellingsOf, stripTashkeel } from './normalize.js'

describe('stripTashkeel', () => {
  it('removes harakat, shadda and tanween', () => {
    assert.equal(stripTashkeel('مُبَادَرَة'), 'مبادرة')
    assert.equal(stripTashkeel('اجتماعٌ جديدٌ'), 'اجتماع جديد')
    assert.equal(stripTashkeel('مُحَمَّدٌ'), 'محمد')
  })

  it('removes tatweel', () => {
    assert.equal(stripTashkeel('كلـــب'), 'كلب')
  })

  it('removes the superscript alef and Quranic marks', () => {
    assert.equal(stripTashkeel('هٰذا'), 'هذا')
    assert.equal(stripTashkeel('الرَّحْمَٰنِ ۖ'), 'الرحمن ')
  })

  it('keeps hamza letters, including a hamza written as a combining mark (composed by NFC)', () => {
    assert.equal(stripTashkeel('مَسْؤُول'), 'مسؤول')
    assert.equal(stripTashkeel('\u0627\u0654حمد'), 'أحمد')
  })

  it('leaves Latin text and punctuation alone', () => {
    assert.equal(stripTashkeel('AI، “داعش”'), 'AI، “داعش”')
  })
})

describe('removeInvisibleMarks', () => {
  it('removes joiners, bidi marks, embeddings and isolates', () => {
    assert.equal(removeInvisibleMarks('\u200Fمر\u200Cحبا\u061C \u202Bنص\u202C \u2067x\u2069\u200E'), 'مرحبا نص x')
  })
})

describe('normalizeForMatch', () => {
  const meet = (a: string, b: string) => assert.equal(normalizeForMatch(a), normalizeForMatch(b))

  it('folds alef forms so أحمد, إحسان, آمال, ٱلله meet their bare spelling', () => {
    meet('أحمد', 'احمد')
    meet('إحسان', 'احسان')
    meet('آمال', 'امال')
    assert.equal(normalizeForMatch('ٱلله'), 'الله')
  })

  it('folds hamza carriers so مسؤول and مسئول meet', () => {
    meet('مسؤول', 'مسئول')
    assert.equal(normalizeForMatch('مسؤول'), 'مسءول')
    assert.equal(normalizeForMatch('رئيس'), 'رءيس')
  })

  it('folds ى → ي and ة → ه', () => {
    meet('على', 'علي')
    meet('مصطفى', 'مصطفي')
    meet('المدرسة', 'المدرسه')
    assert.equal(normalizeForMatch('إلى المدرسة'), 'الي المدرسه')
  })

  it('strips tashkeel and tatweel, so vowelled and stretched words meet plain ones', () => {
    meet('مُبَادَرَة', 'مبادره')
    meet('كلـــب', 'كلب')
    meet('اجتماعٌ', 'اجتماع')
  })

  it('folds Persian letters and digits', () => {
    meet('ایران', 'ايران')
    meet('کتاب', 'كتاب')
    assert.equal(normalizeForMatch('۱۴۰۱'), '1401')
  })

  it('converts Arabic-Indic digits to Latin', () => {
    assert.equal(normalizeForMatch('٢٠٢٢'), '2022')
    assert.equal(normalizeForMatch('بمشاركة ٧٦ دولة'), 'بمشاركه 76 دوله')
  })

  it('removes invisible marks and lower-cases Latin', () => {
    assert.equal(normalizeForMatch('\u200Fمنصة AI\u200E'), 'منصه ai')
    meet('NATO', 'nato')
  })

  it('composes to NFC first', () => {
    meet('cafe\u0301', 'café')
  })

  it('is idempotent on the seed headline', () => {
    const once = normalizeForMatch('اجتماع جديد للتحالف الدولي ضد “داعش”')
    assert.equal(once, 'اجتماع جديد للتحالف الدولي ضد “داعش”')
    assert.equal(normalizeForMatch(once), once)
  })
})

describe('normalizeKeepingLetters and foldLetters', () => {
  it('cleans marks, digits and case but keeps hamza forms, ة, ى and Persian letters', () => {
    assert.equal(normalizeKeepingLetters('مَسْؤُولٌ إلى المدرسة ٢٠٢٢ AI'), 'مسؤول إلى المدرسة 2022 ai')
    assert.equal(normalizeKeepingLetters('\u200Fکتاب\u200C ایران'), 'کتاب ایران')
  })

  it('fold one letter into one, and together make normalizeForMatch', () => {
    const text = 'مسئولة إلى ٱلكتاب ایران مُبَادَرَة ٢٠٢٢ NATO'
    assert.equal(foldLetters('مسئولة إلى'), 'مسءوله الي')
    assert.equal(foldLetters(normalizeKeepingLetters(text)), normalizeForMatch(text))
    assert.equal(foldLetters(text).length, text.length)
  })
})

describe('spellingsOf', () => {
  it('lists every letter that folds to the given one, itself first', () => {
    assert.deepEqual([...spellingsOf('ا')].sort(), [...'اأإآٱ'].sort())
    assert.equal(spellingsOf('ا')[0], 'ا')
    assert.deepEqual([...spellingsOf('ي')].sort(), [...'يىی'].sort())
    assert.deepEqual([...spellingsOf('ء')].sort(), [...'ءؤئ'].sort())
    assert.equal(spellingsOf('ت'), 'ت')
    for (const folded of ['ا', 'ي', 'ه', 'ء', 'ك']) for (const c of spellingsOf(folded)) assert.equal(foldLetters(c), folded, c)
  })
})

describe('normalizeForDisplay', () => {
  it('trims and collapses whitespace, including newlines and no-break spaces', () => {
    assert.equal(normalizeForDisplay('  أشرف   كمال\u00A0–\tالخليج أونلاين\n'), 'أشرف كمال – الخليج أونلاين')
  })

  it('keeps diacritics, hamza and real spelling', () => {
    assert.equal(normalizeForDisplay(' مُبَادَرَة  مسؤول إلى '), 'مُبَادَرَة مسؤول إلى')
  })

  it('composes to NFC', () => {
    const decomposed = '\u0627\u0654حمد'
    assert.equal(normalizeForDisplay(decomposed), 'أحمد')
    assert.equal(normalizeForDisplay(decomposed).length, 4)
  })
})
