import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toArabicIndicDigits, toDigitStyle, toLatinDigits } from './digits.js'

describe('toLatinDigits', () => {
  it('converts Arabic-Indic digits', () => {
    assert.equal(toLatinDigits('٢٠٢٢'), '2022')
    assert.equal(toLatinDigits('٠١٢٣٤٥٦٧٨٩'), '0123456789')
  })

  it('converts Persian digits', () => {
    assert.equal(toLatinDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789')
  })

  it('leaves letters, Latin digits and separators alone', () => {
    assert.equal(toLatinDigits('11 مايو ٢٠٢٢، الساعة ١٠:٣٠'), '11 مايو 2022، الساعة 10:30')
  })
})

describe('toArabicIndicDigits', () => {
  it('converts Latin and Persian digits', () => {
    assert.equal(toArabicIndicDigits('0123456789'), '٠١٢٣٤٥٦٧٨٩')
    assert.equal(toArabicIndicDigits('۱۴۰۱'), '١٤٠١')
    assert.equal(toArabicIndicDigits('بمشاركة 76 دولة'), 'بمشاركة ٧٦ دولة')
  })

  it('round-trips with toLatinDigits', () => {
    assert.equal(toLatinDigits(toArabicIndicDigits('11 مايو 2022')), '11 مايو 2022')
  })
})

describe('toDigitStyle', () => {
  it('writes all digits in the chosen style', () => {
    assert.equal(toDigitStyle('١١ مايو 2022', 'latn'), '11 مايو 2022')
    assert.equal(toDigitStyle('١١ مايو 2022', 'arab'), '١١ مايو ٢٠٢٢')
  })
})
