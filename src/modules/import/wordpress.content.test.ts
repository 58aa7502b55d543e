import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sanitizeArticleHtml } from '../articles/article-html.js'
import { threadOrder } from './wordpress.comments.js'
import { autop, galleryNeeds, removeShortcodes, shortcodeAttributes, wordpressToHtml, type ContentContext } from './wordpress.content.js'
import { mapCommentStatus, mapPostStatus, toSlug, wordpressInstant } from './wordpress.mapper.js'
import { legacyQueryPath, pathOf, postPaths, termPath } from './wordpress.permalinks.js'
import type { WxrComment } from './wxr.schema.js'

const context: ContentContext = {
  attachments: new Map([['7', { id: '7', src: 'https://old.example/a.jpg', alt: 'صورة', caption: 'تعليق الصورة' }]]),
  children: [{ id: '8', src: 'https://old.example/b.jpg', alt: 'ب', caption: '' }],
}
const convert = (content: string, ctx = context) => sanitizeArticleHtml(wordpressToHtml(content, ctx))

describe('WordPress content → article HTML', () => {
  it('adds paragraphs and line breaks to classic content, never inside blocks', () => {
    assert.equal(autop('سطر أول\nسطر ثان\n\nفقرة ثانية'), '<p>سطر أول<br />\nسطر ثان</p>\n<p>فقرة ثانية</p>')
    assert.equal(autop('<ul>\n<li>واحد</li>\n<li>اثنان</li>\n</ul>'), '<ul>\n<li>واحد</li>\n<li>اثنان</li>\n</ul>')
    assert.equal(autop('<img\nsrc="https://x.example/a.jpg" />'), '<p><img src="https://x.example/a.jpg" /></p>')
  })

  it('leaves block-editor content as written (its block comments go with the sanitizer)', () => {
    assert.equal(convert('<!-- wp:paragraph -->\n<p>فقرة</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->'), '\n<p>فقرة</p>\n\n\n<hr />')
  })

  it('turns [caption] into a figure with its caption, the linked image kept', () => {
    assert.equal(
      convert('[caption id="attachment_7" align="alignleft" width="300"]<a href="https://old.example/a.jpg"><img src="http://old.example/a-300x200.jpg" alt="قارب" /></a> قارب في النيل[/caption]'),
      '<figure><a href="https://old.example/a.jpg"><img src="https://old.example/a-300x200.jpg" alt="قارب" /></a><figcaption>قارب في النيل</figcaption></figure>',
    )
  })

  it('shows galleries as figures: listed ids, or the post’s own attachments', () => {
    assert.match(convert('[gallery ids="7,99"]'), /^<figure><img src="https:\/\/old.example\/a.jpg" alt="صورة" \/><figcaption>تعليق الصورة<\/figcaption><\/figure>$/)
    assert.match(convert('[gallery columns="2"]'), /<img src="https:\/\/old.example\/b.jpg" alt="ب" \/>/)
    assert.deepEqual(galleryNeeds('[gallery ids="1, 2"] [gallery] [[gallery]]'), { ids: ['1', '2'], children: true })
  })

  it('makes allow-listed embeds of [embed], [youtube], block embeds, iframes and bare URLs; links for the rest', () => {
    const figure = /<figure class="embed" data-embed="youtube" data-embed-id="dQw4w9WgXcQ"><a href="https:\/\/www.youtube.com\/watch\?v=dQw4w9WgXcQ">/
    for (const content of [
      '[embed]https://youtu.be/dQw4w9WgXcQ[/embed]',
      '[youtube https://www.youtube.com/watch?v=dQw4w9WgXcQ]',
      'نص\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nنص',
      '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560"></iframe>',
      '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video"} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->',
    ]) {
      assert.match(convert(content), figure, content)
    }
    assert.match(convert('[embed]https://vimeo.com/22439234[/embed]'), /<p><a href="https:\/\/vimeo.com\/22439234">https:\/\/vimeo.com\/22439234<\/a><\/p>/)
    assert.match(convert('[video mp4="https://old.example/v.mp4"][/video]'), /<a href="https:\/\/old.example\/v.mp4">/)
    assert.doesNotMatch(convert('<iframe src="javascript:alert(1)"></iframe>'), /javascript|iframe/)
  })

  it('removes shortcodes it does not know, keeping their text; "[sic]" and escaped [[shortcodes]] stay text', () => {
    assert.equal(removeShortcodes('أ [contact-form-7 id="3"] ب [column]نص[/column] ج [rev_slider] د [sic] هـ'), 'أ  ب نص ج  د [sic] هـ')
    assert.equal(convert('قال [sic] و[[gallery]]'), '<p>قال [sic] و[gallery]</p>')
    assert.deepEqual(shortcodeAttributes('ids="1,2" size=large \'title\'=x bare'), { ids: '1,2', size: 'large', 0: "'title'=x", 1: 'bare' })
  })

  it('never lets a script through, and upgrades http images to https', () => {
    const html = convert('<p onclick="x()">أ</p><script>alert(1)</script><img src="http://old.example/c.jpg" onerror="alert(1)">')
    assert.doesNotMatch(html, /script|onclick|onerror|alert/)
    assert.match(html, /src="https:\/\/old.example\/c.jpg"/)
  })

  it('points images of copied attachments to our copies', () => {
    const html = convert('<img src="https://old.example/a-300x200.jpg" alt="">', { ...context, imageSrc: (src) => (src.includes('/a-') ? '/media/key123456/640.webp' : undefined) })
    assert.match(html, /src="\/media\/key123456\/640.webp"/)
  })
})

describe('WordPress values', () => {
  it('decodes slugs to Arabic without tashkeel', () => {
    assert.equal(toSlug('%d8%a7%d8%ac%d9%92%d8%aa%d9%90%d9%85%d8%a7%d8%b9-%d8%ac%d8%af%d9%8a%d8%af'), 'اجتماع-جديد')
    assert.equal(toSlug('Hello-World'), 'hello-world')
    assert.equal(toSlug('100%-bad%zz'), '100-bad-zz')
  })

  it('reads GMT dates as UTC, and local ones in the site time zone when GMT is missing', () => {
    assert.equal(wordpressInstant('2012-01-01 17:17:18', '2012-01-01 10:17:18', 'Asia/Riyadh')?.toISOString(), '2012-01-01T17:17:18.000Z')
    assert.equal(wordpressInstant(null, '2012-01-01 10:17:18', 'Asia/Riyadh')?.toISOString(), '2012-01-01T07:17:18.000Z')
    assert.equal(wordpressInstant(null, null, 'UTC'), undefined)
  })

  it('maps post and comment statuses', () => {
    const status = (s: string, password = '', meta: Record<string, string> = {}) => mapPostStatus({ status: s, postPassword: password, meta })
    assert.deepEqual(status('publish'), { status: 'published', trashedFrom: null, public: true })
    assert.deepEqual(status('publish', 'secret'), { status: 'unpublished', trashedFrom: null, public: false })
    assert.deepEqual(status('trash', '', { _wp_trash_meta_status: 'draft' }), { status: 'trashed', trashedFrom: 'draft', public: false })
    assert.equal((status('pending') as { status: string }).status, 'review')
    assert.ok('skip' in status('auto-draft'))
    assert.deepEqual(['1', '0', 'spam', 'trash', 'post-trashed'].map(mapCommentStatus), ['approved', 'pending', 'spam', 'trash', 'trash'])
  })

  it('orders comments so that parents come first; orphans and loops become top-level', () => {
    const c = (id: string, parent: string | null): WxrComment => ({ id, parent, author: '', email: '', url: '', ip: '', date: null, dateGmt: null, content: '', approved: '1', type: '', userId: null })
    const order = threadOrder([c('3', '2'), c('2', '1'), c('1', null), c('4', '99'), c('5', '6'), c('6', '5')])
    assert.deepEqual(order.map((x) => x.id), ['1', '2', '3', '4', '5', '6'])
    assert.equal(order.find((x) => x.id === '5')?.parent, null)
  })

  it('finds old addresses: links decoded, id links, dated and bare slugs, category paths', () => {
    assert.equal(pathOf('https://old.example//2015/03/15/%d8%ae%d8%a8%d8%b1/'), '/2015/03/15/خبر/')
    assert.equal(pathOf('https://old.example/?p=12'), '/?p=12')
    assert.equal(pathOf('https://old.example/x/?utm=1'), undefined)
    assert.equal(legacyQueryPath({ p: '42' }), '/?p=42')
    assert.equal(legacyQueryPath({ page_id: '7', p: 'x' }), '/?page_id=7')
    assert.equal(legacyQueryPath({ p: '0' }), undefined)
    assert.deepEqual(
      postPaths({ link: 'https://old.example/news/khabar/', postId: '5', postDate: '2015-03-15 10:00:00', slug: 'خبر' }).map((p) => [p.path, p.authoritative]),
      [
        ['/news/khabar/', true],
        ['/?p=5', true],
        ['/2015/03/15/خبر/', false],
        ['/خبر/', false],
      ],
    )
    assert.equal(termPath('category', ['أخبار', 'سياسة'], 'سياسة'), '/category/أخبار/سياسة/')
    assert.equal(termPath('tag', ['نفط'], 'نفط'), undefined)
  })
})
