import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseUrlEncoded } from './forms.js'

describe('parseUrlEncoded', () => {
  it('decodes Arabic, plus signs and repeated keys', () => {
    const body = Buffer.from(`author=${encodeURIComponent('سلمى حداد')}&comment=a+b%2Bc&ids=1&ids=2&empty=&flag`)
    assert.deepEqual({ ...parseUrlEncoded(body) }, { author: 'سلمى حداد', comment: 'a b+c', ids: ['1', '2'], empty: '', flag: '' })
  })

  it('refuses invalid UTF-8, raw or percent-encoded, and malformed escapes', () => {
    assert.throws(() => parseUrlEncoded(Buffer.from('comment=%FF%FE')))
    assert.throws(() => parseUrlEncoded(Buffer.from([0x63, 0x3d, 0xc3, 0x28])))
    assert.throws(() => parseUrlEncoded(Buffer.from('comment=%E0%A4%A')))
    assert.throws(() => parseUrlEncoded(Buffer.from('comment=%ED%A0%80')), 'a lone surrogate encoded in UTF-8 is invalid')
  })

  it('keeps keys like __proto__ as plain data', () => {
    const parsed = parseUrlEncoded(Buffer.from('__proto__=x&constructor=y'))
    assert.equal(parsed.__proto__, 'x')
    assert.equal(({} as Record<string, unknown>).x, undefined)
  })
})
