import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { seededRandom } from '../../../test/support/seeded-random.js'
import { countWords, countWordsInHtml } from '../../text/arabic/index.js'
import { isValidEmbed, parseEmbedUrl } from './article-embeds.js'
import { renderEmbeds } from './article-embed-cards.js'
import { htmlToText, paragraphsToHtml, sanitizeArticleHtml } from './article-html.js'

/** What the newsroom editor (src/client/editor/) writes into the textarea. */
const editorOutput = [
  '<h2>عنوان فرعي</h2>',
  '<p>نص <strong>غامق</strong> و<em>مائل</em> مع <a href="https://example.com/a">رابط</a>.</p>',
  '<p dir="ltr">"To be or not to be" — Shakespeare</p>',
  '<h3 dir="auto">عنوان</h3>',
  '<ul><li><p>بند أول</p></li><li dir="ltr"><p>Second item</p></li></ul>',
  '<ol><li><p>أولًا</p></li></ol>',
  '<blockquote dir="rtl"><p>اقتباس</p></blockquote>',
  '<figure data-media-id="42"><img src="/media/2024/05/photo.jpg" alt="وصف" width="1200" height="800" /><figcaption>مؤتمر صحفي — <span class="credit">تصوير: أحمد</span></figcaption></figure>',
  '<figure data-media-id="7"><img src="https://cdn.example.com/p.jpg" alt="" /></figure>',
  '<figure class="embed" data-embed="youtube" data-embed-id="dQw4w9WgXcQ"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></figure>',
  '<figure class="embed" data-embed="x" data-embed-id="1790000000000000000"><a href="https://x.com/i/status/1790000000000000000">https://x.com/i/status/1790000000000000000</a></figure>',
  '<figure class="embed" data-embed="facebook" data-embed-id="10153231379946729"><a href="https://www.facebook.com/watch/?v=10153231379946729">https://www.facebook.com/watch/?v=10153231379946729</a></figure>',
  '<h4>خاتمة</h4>',
].join('')

describe('sanitizeArticleHtml', () => {
  it('keeps everything the editor produces, unchanged', () => {
    assert.equal(sanitizeArticleHtml(editorOutput), editorOutput)
  })

  it('strips scripts, iframes, event handlers, javascript: and data: links', () => {
    const dirty = [
      '<p onclick="alert(1)" onmouseover="x()">نص</p>',
      '<script>alert(1)</script>',
      '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
      '<a href="javascript:alert(1)">a</a>',
      '<a href="JaVaScRiPt&colon;alert(1)">b</a>',
      '<a href="data:text/html,<script>alert(1)</script>">c</a>',
      '<img src="x" onerror="alert(1)">',
      '<svg><script>alert(1)</script></svg>',
      '<object data="x.swf"></object><embed src="x.swf">',
      '<style>p{}</style><p style="color:red" class="x" id="y">ok</p>',
    ].join('')
    const clean = sanitizeArticleHtml(dirty)
    assert.doesNotMatch(clean, /script|iframe|onclick|onerror|onmouseover|javascript|data:|style|object|embed|swf|class=|id=/i)
    assert.match(clean, /<p>نص<\/p>/)
    assert.match(clean, /<a>a<\/a>/)
    assert.match(clean, /<p>ok<\/p>/)
  })

  it('keeps images only from /media/ or https, with numeric sizes', () => {
    const clean = sanitizeArticleHtml(
      '<figure data-media-id="1 or 1=1"><img src="http://insecure.example/a.jpg" alt="a"><img src="../../etc/passwd"><img src="//evil.example/x.png"><img src="/uploads/x.png"><img src="/media/ok.jpg" width="100%" height="80" srcset="https://evil.example/x 2x"></figure>',
    )
    assert.equal(clean, '<figure><img src="/media/ok.jpg" height="80" /></figure>')
  })

  it('keeps embed figures only for allowed providers with valid ids, and removes the rest cleanly', () => {
    const bad = [
      '<figure class="embed" data-embed="youtube" data-embed-id="short"><a href="https://youtu.be/short">x</a></figure>',
      '<figure class="embed" data-embed="youtube" data-embed-id="dQw4w9WgXcQ&quot;onload"><a href="https://x">x</a></figure>',
      '<figure class="embed" data-embed="x" data-embed-id="abc"><a href="https://x.com">x</a></figure>',
      '<figure class="embed" data-embed="facebook" data-embed-id="12a"><a href="https://fb.com">x</a></figure>',
      '<figure class="embed" data-embed="vimeo" data-embed-id="123456"><a href="https://vimeo.com/123456">x</a></figure>',
      '<figure data-embed="youtube" data-embed-id="../../evil"><iframe src="https://evil"></iframe></figure>',
    ].join('')
    assert.equal(sanitizeArticleHtml(`<p>قبل</p>${bad}<p>بعد</p>`), '<p>قبل</p><p>بعد</p>')
    assert.equal(sanitizeArticleHtml('<figure class="embed other" data-embed="youtube" data-embed-id="abcdefghijk" data-x="1"><a href="https://youtu.be/abcdefghijk">v</a></figure>'), '<figure class="embed" data-embed="youtube" data-embed-id="abcdefghijk"><a href="https://youtu.be/abcdefghijk">v</a></figure>')
  })

  it('keeps dir only as ltr, rtl or auto on blocks, lower-cased', () => {
    assert.equal(sanitizeArticleHtml('<p dir="LTR">a</p><p dir="sideways">b</p><h2 dir="RTL">c</h2><li dir="auto">d</li><a href="https://e.example" dir="ltr">e</a>'), '<p dir="ltr">a</p><p>b</p><h2 dir="rtl">c</h2><li dir="auto">d</li><a href="https://e.example">e</a>')
  })

  it('keeps span only as the credit of a caption', () => {
    assert.equal(sanitizeArticleHtml('<p><span class="credit x">أ</span><span style="color:red" class="big">ب</span></p>'), '<p><span class="credit">أ</span>ب</p>')
  })

  it('cleans HTML pasted from Word', () => {
    const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{mso-style-parent:"";}</style><!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]--></head>
<body lang=AR-SA><!--StartFragment--><p class=MsoNormal dir=RTL style='margin-bottom:0cm;mso-line-height-alt:normal'><span lang=AR-SA style='font-size:14.0pt;font-family:"Arial",sans-serif;mso-ascii-font-family:Calibri'>قال الوزير <b>اليوم</b> إن<o:p></o:p></span></p>
<p class=MsoNormal dir=LTR style='mso-margin-top-alt:auto'><span lang=EN-US>"We will <i>win</i>"<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p><!--EndFragment--></body></html>`
    assert.equal(sanitizeArticleHtml(word).trim(), '<p dir="rtl">قال الوزير <b>اليوم</b> إن</p>\n<p dir="ltr">"We will <i>win</i>"</p>')
  })

  it('cleans HTML pasted from Google Docs', () => {
    const docs = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-3f2a1b7c-7fff-1c2d-9e8f-0123456789ab"><p dir="rtl" style="line-height:1.38;margin-top:0pt;" role="presentation"><span style="font-size:11pt;font-family:Arial;font-weight:400;">أعلنت الحكومة </span><span style="font-size:11pt;font-family:Arial;font-weight:700;">خطة جديدة</span><span style="font-style:italic;"> للنقل</span></p><br><p dir="ltr" style="line-height:1.38;"><span style="font-size:11pt;"><br></span></p><ul style="margin-top:0;"><li dir="rtl" style="list-style-type:disc;" aria-level="1"><p dir="rtl" role="presentation"><span>بند</span></p></li></ul></b>`
    assert.equal(sanitizeArticleHtml(docs), '<p dir="rtl">أعلنت الحكومة <strong>خطة جديدة</strong><em> للنقل</em></p><br /><ul><li dir="rtl"><p dir="rtl">بند</p></li></ul>')
  })
})

describe('embeds', () => {
  it('validates ids per provider', () => {
    assert.equal(isValidEmbed('youtube', 'dQw4w9WgXcQ'), true)
    assert.equal(isValidEmbed('youtube', 'dQw4w9WgXc'), false)
    assert.equal(isValidEmbed('youtube', 'dQw4w9WgXc!'), false)
    assert.equal(isValidEmbed('x', '1790000000000000000'), true)
    assert.equal(isValidEmbed('x', 'jack'), false)
    assert.equal(isValidEmbed('facebook', '10153231379946729'), true)
    assert.equal(isValidEmbed('facebook', 'abc'), false)
    assert.equal(isValidEmbed('vimeo', '123'), false)
    assert.equal(isValidEmbed('toString', '123'), false)
  })

  it('recognises provider URLs and nothing else', () => {
    assert.deepEqual(parseEmbedUrl('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10'), { provider: 'youtube', id: 'dQw4w9WgXcQ' })
    assert.deepEqual(parseEmbedUrl('https://youtu.be/dQw4w9WgXcQ'), { provider: 'youtube', id: 'dQw4w9WgXcQ' })
    assert.deepEqual(parseEmbedUrl('https://m.youtube.com/shorts/dQw4w9WgXcQ'), { provider: 'youtube', id: 'dQw4w9WgXcQ' })
    assert.deepEqual(parseEmbedUrl('https://twitter.com/jack/status/20'), { provider: 'x', id: '20' })
    assert.deepEqual(parseEmbedUrl('https://x.com/i/status/1790000000000000000'), { provider: 'x', id: '1790000000000000000' })
    assert.deepEqual(parseEmbedUrl('https://www.facebook.com/watch/?v=10153231379946729'), { provider: 'facebook', id: '10153231379946729' })
    assert.deepEqual(parseEmbedUrl('https://www.facebook.com/someone/videos/10153231379946729/'), { provider: 'facebook', id: '10153231379946729' })
    for (const url of ['https://evil.example/watch?v=dQw4w9WgXcQ', 'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ', 'javascript:alert(1)', 'https://x.com/jack', 'https://fb.watch/abc', 'not a url']) assert.equal(parseEmbedUrl(url), null, url)
  })

  it('renderEmbeds turns stored embeds into link cards with no third-party resources', () => {
    const html = renderEmbeds(sanitizeArticleHtml(editorOutput))
    assert.doesNotMatch(html, /class="embed"|<iframe|<script|<img[^>]+(youtube|ytimg|twimg|fbcdn)/)
    assert.match(html, /<figure class="embed-card embed-card-youtube" data-embed="youtube"><a class="embed-card-link" href="https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ" rel="noopener noreferrer nofollow">/)
    assert.match(html, /شاهد الفيديو على يوتيوب/)
    assert.match(html, /href="https:\/\/x\.com\/i\/status\/1790000000000000000"/)
    assert.match(html, /href="https:\/\/www\.facebook\.com\/watch\/\?v=10153231379946729"/)
    assert.match(html, /<figure data-media-id="42">/, 'library images are left alone')
    assert.match(renderEmbeds(sanitizeArticleHtml(editorOutput), { youtube: 'Watch on YouTube' }), /Watch on YouTube/)
  })
})

describe('countWordsInHtml (the reading time) against htmlToText', () => {
  const shared = (path: string) => readFileSync(new URL(`../../../../shared/data/${path}`, import.meta.url), 'utf8')
  const same = (html: string) => assert.equal(countWordsInHtml(html), countWords(htmlToText(html)), html.slice(0, 300))

  it('counts the words of the plain text on editor output, the seed article and every post of the WordPress test exports', () => {
    same(sanitizeArticleHtml(editorOutput))
    same(sanitizeArticleHtml(paragraphsToHtml(shared('fixtures/seed-article.txt').split('\n'))))
    let posts = 0
    for (const file of ['wxr/themeunittestdata.wordpress.xml', 'wxr/64-block-test-data.xml']) {
      for (const [, body] of shared(file).matchAll(/<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/g)) {
        same(sanitizeArticleHtml(body!))
        posts++
      }
    }
    assert.ok(posts > 100, `${posts} posts`)
  })

  it('and on random markup: inline and block tags, breaks, references, comments, joiners', () => {
    const pieces = ['كتاب', 'ب', 'جديد', '76', ' ', '، ', '\u200C', '<b>', '</b>', '<em>', '</em>', '<p>', '</p>', '<li>', '</li>', '<br>', '<h2>', '</h2>', '<a href="https://x.example/?a=1&amp;b=2">', '</a>', '<span>', '</span>', '&amp;', '&lt;', '&nbsp;', '&quot;', '&#1575;', '&#x661;', '&#8230;', '&hellip;', '<!-- ملاحظة -->', '<td>', '</td>', '<tr>', '</tr>', 'é', '𝐀', 'x']
    const random = seededRandom(11)
    for (let n = 0; n < 1500; n++) {
      let html = ''
      for (let i = Math.floor(random() * 30); i > 0; i--) html += pieces[Math.floor(random() * pieces.length)]
      same(sanitizeArticleHtml(html))
    }
  })
})
