import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { arAreas } from './ar.js'
import { enAreas } from './en.js'
import { catalogOf } from './index.js'
import { pickLocale, t } from './index.js'

describe('t()', () => {
  it('fills named placeholders', () => {
    assert.equal(t('newsroom.welcome', { name: 'سلمى' }), 'مرحبًا، سلمى')
    assert.equal(t('newsroom.welcome', { name: 'Salma' }, 'en'), 'Welcome, Salma')
  })

  it('uses the six Arabic plural forms', () => {
    assert.equal(t('article.readingTime', { count: 1 }), 'دقيقة واحدة للقراءة')
    assert.equal(t('article.readingTime', { count: 2 }), 'دقيقتان للقراءة')
    assert.equal(t('article.readingTime', { count: 3 }), '3 دقائق للقراءة')
    assert.equal(t('article.readingTime', { count: 11 }), '11 دقيقة للقراءة')
    assert.equal(t('article.readingTime', { count: 100 }), '100 دقيقة للقراءة')
    assert.equal(t('article.count', { count: 0 }), 'لا توجد أخبار')
  })

  it('shows the count as the reader sees it while choosing the form by number', () => {
    assert.equal(t('article.readingTime', { count: 5, countText: '٥' }), '٥ دقائق للقراءة')
  })

  it('has an English translation for every Arabic message', () => {
    const ar = catalogOf(arAreas)
    const en = catalogOf(enAreas)
    assert.deepEqual([...en.keys()].sort(), [...ar.keys()].sort())
    // No area repeats another's key (a Map would keep the last silently).
    assert.equal(ar.size, arAreas.reduce((n, area) => n + Object.keys(area).length, 0))
    assert.equal(en.size, enAreas.reduce((n, area) => n + Object.keys(area).length, 0))
  })
})

describe('pickLocale()', () => {
  it('prefers ?lang, then Accept-Language, defaulting to Arabic', () => {
    assert.equal(pickLocale({ lang: 'en' }, 'ar'), 'en')
    assert.equal(pickLocale({}, 'en-US,en;q=0.9'), 'en')
    assert.equal(pickLocale({}, 'fr'), 'ar')
    assert.equal(pickLocale(undefined, undefined), 'ar')
  })
})
