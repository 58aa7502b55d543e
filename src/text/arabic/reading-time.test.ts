import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { readingMinutes } from './reading-time.js'
import { countWords } from './tokenize.js'

const words = (n: number) => Array.from({ length: n }, () => 'كلمة').join(' ')

describe('readingMinutes', () => {
  it('is at least 1, even for empty text', () => {
    assert.equal(readingMinutes(''), 1)
    assert.equal(readingMinutes('خبر عاجل'), 1)
  })

  it('rounds up to whole minutes at 200 words a minute by default', () => {
    assert.equal(readingMinutes(words(200)), 1)
    assert.equal(readingMinutes(words(201)), 2)
    assert.equal(readingMinutes(words(1000)), 5)
  })

  it('takes another reading speed', () => {
    assert.equal(readingMinutes(words(300), 100), 3)
  })

  it('rejects a non-positive speed', () => {
    assert.throws(() => readingMinutes('نص', 0), RangeError)
    assert.throws(() => readingMinutes('نص', Number.NaN), RangeError)
  })

  it('gives the 585-word seed article 3 minutes', () => {
    const seed = readFileSync(new URL('../../../../shared/data/fixtures/seed-article.txt', import.meta.url), 'utf8')
    assert.equal(countWords(seed), 585)
    assert.equal(readingMinutes(seed), 3)
  })
})
