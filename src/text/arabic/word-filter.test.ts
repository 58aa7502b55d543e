import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileWordList, findListedWords, wordForms } from './word-filter.js'

describe('findListedWords', () => {
  const list = compileWordList(['كلب'])

  it('matches the word through tashkeel, tatweel, the article and attached particles', () => {
    for (const text of ['كَلب', 'كلـب', 'الكلب', 'وكلب', 'فالكلب', 'بالكلب', 'للكلب', 'وبالكلب', 'ككلب', 'يا كَلْبُ!', '«الكلـــب»']) {
      assert.deepEqual(findListedWords(text, list), ['كلب'], text)
    }
  })

  it('does not match inside a longer word', () => {
    for (const text of ['كلبشة', 'الكلبشة', 'مكلب', 'كلبي']) assert.deepEqual(findListedWords(text, list), [], text)
  })

  it('folds hamza and alef forms, ى/ي and ة/ه on both sides', () => {
    const l = compileWordList(['أحمق', 'غبية', 'مسؤول فاسد'])
    assert.deepEqual(findListedWords('يا احمق', l), ['أحمق'])
    assert.deepEqual(findListedWords('فكرة غبيه', l), ['غبية'])
    assert.deepEqual(findListedWords('هذا المسئول الفاسد', l), ['مسؤول فاسد'])
    assert.deepEqual(findListedWords('مسؤول نزيه وفاسد آخر', l), [])
  })

  it('matches Latin words case-insensitively and ignores blank terms', () => {
    const l = compileWordList(['Casino', '  ', ''])
    assert.equal(l.entries.length, 1)
    assert.deepEqual(findListedWords('Best CASINO online', l), ['Casino'])
    assert.deepEqual(findListedWords('casinos', l), [])
  })

  it('matches the inflections of a listed word whose term has 4 letters or more', () => {
    const l = compileWordList(['حقير', 'منافق', 'خنزير'])
    for (const text of ['يا حقيرين', 'الحقيرة', 'وحقيرون', 'الحَقِيرَات', 'المنافقين', 'منافقة', 'خنزيرة']) {
      assert.equal(findListedWords(text, l).length, 1, text)
    }
    for (const text of ['تحقير', 'احتقار', 'نفاق', 'الخنازير']) assert.deepEqual(findListedWords(text, l), [], text)
  })

  it('matches a short listed word only in its own forms, never its inflections', () => {
    const l = compileWordList(['كلب', 'غبي'])
    assert.deepEqual(findListedWords('كلبي كلبه كلبة', l), [])
    assert.deepEqual(findListedWords('يا غبي', l), ['غبي'])
    assert.deepEqual(findListedWords('الغبية غبيان', l), [])
  })

  it('matches phrases word by word, inflections included, only as consecutive words', () => {
    const l = compileWordList(['مسؤول فاسد'])
    assert.deepEqual(findListedWords('المسؤولين الفاسدين', l), ['مسؤول فاسد'])
    assert.deepEqual(findListedWords('مسئولون فاسدون', l), ['مسؤول فاسد'])
    assert.deepEqual(findListedWords('فاسد مسؤول', l), [])
  })

  it('never strips a prefix down to a one-letter stem', () => {
    assert.ok(!wordForms('بل').includes('ل'))
    assert.ok(!wordForms('ال').includes(''))
  })
})
