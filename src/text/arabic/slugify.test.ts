import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { normalizeKeepingLetters } from './normalize.js'
import { isValidSlug, slugify } from './slugify.js'
import { tokenize } from './tokenize.js'

describe('slugify', () => {
  it('turns the seed headline into an Arabic slug without tanween or quotes', () => {
    assert.equal(slugify('اجتماعٌ جديدٌ للتحالف الدولي ضد “داعش”'), 'اجتماع-جديد-للتحالف-الدولي-ضد-داعش')
  })

  it('lower-cases Latin words mixed with Arabic', () => {
    assert.equal(slugify('منصة AI الجديدة'), 'منصة-ai-الجديدة')
    assert.equal(slugify('حلف NATO و«الإنتربول»'), 'حلف-nato-و-الإنتربول')
  })

  it('keeps real spelling: no hamza, alef maqsura or ta marbuta folding', () => {
    assert.equal(slugify('مسؤول إلى المدرسة'), 'مسؤول-إلى-المدرسة')
    assert.equal(slugify('مسئول'), 'مسئول')
  })

  it('strips tashkeel and tatweel, converts Arabic-Indic and Persian digits', () => {
    assert.equal(slugify('مُبَادَرَة كلـــب'), 'مبادرة-كلب')
    assert.equal(slugify('انتخابات ٢٠٢٢ و۱۴۰۱'), 'انتخابات-2022-و1401')
  })

  it('removes bidi and zero-width marks without splitting words', () => {
    assert.equal(slugify('\u200Fمر\u200Cحبا \u202Bبالعالم\u202C\u061C'), 'مرحبا-بالعالم')
  })

  it('collapses punctuation runs and trims dashes at both ends', () => {
    assert.equal(slugify('  —قال: «لا»، ثم؛ غادر؟!  '), 'قال-لا-ثم-غادر')
    assert.equal(slugify('a -- b__c'), 'a-b-c')
  })

  it('gives "" for input with no letters or digits', () => {
    assert.equal(slugify('“…”،؟!'), '')
    assert.equal(slugify('   '), '')
    assert.equal(slugify('ـــ ًٌٍ'), '')
  })

  it('composes decomposed input to NFC', () => {
    assert.equal(slugify('\u0627\u0654حمد'), 'أحمد')
    assert.equal(slugify('Cafe\u0301'), 'café')
  })

  it('cuts long titles at a word boundary', () => {
    const title =
      'اجتماع جديد للتحالف الدولي ضد داعش استضافت مدينة مراكش المغربية 11 مايو 2022 اجتماعاً لوزراء خارجية الدول'
    const slug = slugify(title)
    assert.ok(slug.length <= 80, `${slug.length} > 80`)
    assert.equal(slug, 'اجتماع-جديد-للتحالف-الدولي-ضد-داعش-استضافت-مدينة-مراكش-المغربية-11-مايو-2022')
    assert.equal(slugify(title, 20), 'اجتماع-جديد-للتحالف')
  })

  it('cuts exactly at the limit when a word ends there', () => {
    assert.equal(slugify('اجتماع جديد', 6), 'اجتماع')
    assert.equal(slugify('اجتماع جديد', 11), 'اجتماع-جديد')
    assert.equal(slugify('اجتماع جديد', 10), 'اجتماع')
  })

  it('cuts mid-word only when the first word alone is too long', () => {
    assert.equal(slugify('الاستراتيجيات الجديدة', 5), 'الاست')
  })

  it('rejects a non-positive maxLength', () => {
    assert.throws(() => slugify('خبر', 0), RangeError)
    assert.throws(() => slugify('خبر', 2.5), RangeError)
  })

  it('is made of the words search finds, cleaned as search cleans them but not folded', () => {
    for (const title of ['اجتماعٌ جديدٌ للتحالف الدولي ضد “داعش”', 'می\u200Cخواهم سلام', 'مسؤول إلى ٢٠٢٢']) {
      assert.deepEqual(slugify(title).split('-'), tokenize(normalizeKeepingLetters(title)), title)
    }
    assert.equal(slugify('می\u200Cخواهم سلام'), 'میخواهم-سلام')
  })

  it('produces valid slugs', () => {
    for (const title of ['منصة AI الجديدة', 'مُبَادَرَة ٢٠٢٢', 'Cafe\u0301 “داعش”', 'مسؤول إلى المدرسة']) {
      assert.ok(isValidSlug(slugify(title)), title)
    }
  })
})

describe('isValidSlug', () => {
  it('accepts Arabic, Latin and digit words joined by single dashes', () => {
    assert.ok(isValidSlug('اجتماع-جديد-للتحالف'))
    assert.ok(isValidSlug('منصة-ai-2022'))
    assert.ok(isValidSlug('خبر'))
  })

  it('rejects empty, edge or double dashes, spaces and punctuation', () => {
    for (const s of ['', '-خبر', 'خبر-', 'خبر--عاجل', 'خبر عاجل', 'خبر،عاجل', 'a/b', '%D8%AE']) {
      assert.equal(isValidSlug(s), false, s)
    }
  })

  it('rejects upper case, tashkeel, tatweel, Arabic-Indic digits and non-NFC text', () => {
    for (const s of ['Nato', 'مُبادرة', 'كلـب', 'انتخابات-٢٠٢٢', '\u0627\u0654حمد']) {
      assert.equal(isValidSlug(s), false, s)
    }
  })
})
