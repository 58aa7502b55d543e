import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mapCommentStatus, mapPostStatus, percentDecode } from '../import/wordpress.mapper.js'
import type { CategoryRecord } from './export.schema.js'
import { htmlText, rssDate, treeOrder, wordpressCommentApproved, wordpressContent, wordpressGmt, wordpressLocal, wordpressPostStatus, wordpressSlug } from './wxr.mapping.js'

describe('wxr mapping', () => {
  it('maps every article status to WordPress and the importer maps it back', () => {
    for (const status of ['published', 'scheduled', 'draft', 'review', 'unpublished'] as const) {
      assert.deepEqual(mapPostStatus({ status: wordpressPostStatus(status), postPassword: '', meta: {} }), { status, trashedFrom: null, public: status === 'published' })
    }
    const trashed = mapPostStatus({ status: wordpressPostStatus('trashed'), postPassword: '', meta: { _wp_trash_meta_status: wordpressPostStatus('published') } })
    assert.deepEqual(trashed, { status: 'trashed', trashedFrom: 'published', public: false })
    for (const status of ['approved', 'pending', 'spam', 'trash'] as const) assert.equal(mapCommentStatus(wordpressCommentApproved(status)), status)
  })

  it('percent-encodes slugs as WordPress does (lower-case hex, ASCII kept) and decodes back to the same slug', () => {
    assert.equal(wordpressSlug('خبر-عاجل'), '%d8%ae%d8%a8%d8%b1-%d8%b9%d8%a7%d8%ac%d9%84')
    assert.equal(wordpressSlug('ai-منصة-2026'), 'ai-%d9%85%d9%86%d8%b5%d8%a9-2026')
    for (const slug of ['خبر-عاجل', 'مسؤول-ومسئول', 'café', "it's(ok)*"]) assert.equal(percentDecode(wordpressSlug(slug)), slug)
  })

  it('writes dates as WordPress does: GMT, the site wall clock, and RSS', () => {
    assert.equal(wordpressGmt('2026-05-11T09:00:00.123Z'), '2026-05-11 09:00:00')
    assert.equal(wordpressLocal('2026-05-11T09:00:00.000Z', 'Africa/Cairo'), '2026-05-11 12:00:00')
    assert.equal(wordpressLocal('2026-12-31T23:30:05.000Z', 'Asia/Riyadh'), '2027-01-01 02:30:05')
    assert.equal(wordpressLocal('2026-05-11T00:00:00.000Z', 'UTC'), '2026-05-11 00:00:00', 'midnight is 00, not 24')
    assert.equal(rssDate('2026-05-11T09:00:00.000Z'), 'Mon, 11 May 2026 09:00:00 +0000')
  })

  it('keeps bodies exactly: one Custom HTML block, brackets never shortcodes, media URLs absolute', () => {
    assert.equal(htmlText('a & <b>'), 'a &amp; &lt;b&gt;')
    assert.equal(wordpressContent('', 'https://x.example'), '')
    assert.equal(
      wordpressContent('<p>[caption] x</p><figure><img src="/media/k3y/640.webp" alt="" /></figure>', 'https://x.example'),
      '<!-- wp:html --><p>&#91;caption] x</p><figure><img src="https://x.example/media/k3y/640.webp" alt="" /></figure><!-- /wp:html -->',
    )
  })

  it('lists categories parents first, siblings by position, and survives a loop of parents', () => {
    const c = (id: number, parent_id: number | null, position: number): CategoryRecord => ({ id, parent_id, slug: `c${id}`, name: `c${id}`, description: '', position })
    const order = treeOrder([c(1, 3, 0), c(2, null, 2), c(3, null, 1), c(4, 1, 0), c(5, 6, 0), c(6, 5, 0)]).map((x) => x.id)
    assert.deepEqual(order, [3, 1, 4, 2, 5, 6])
  })
})
