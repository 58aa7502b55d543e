import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SaxesParser } from 'saxes'
import { renderFeed } from './feeds.render.js'
import type { FeedChannel, FeedEntry } from './feeds.schema.js'
import { absoluteHtml, enclosureOf } from './feeds.service.js'

/** Parses XML strictly (saxes throws on anything not well-formed); returns the text of each element by name. */
function parseXml(xml: string): { texts: Map<string, string[]>; attributes: Array<{ name: string; attributes: Record<string, string> }> } {
  const parser = new SaxesParser({ xmlns: false })
  const texts = new Map<string, string[]>()
  const attributes: Array<{ name: string; attributes: Record<string, string> }> = []
  const stack: Array<{ name: string; text: string }> = []
  parser.on('opentag', (tag) => {
    stack.push({ name: tag.name, text: '' })
    attributes.push({ name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) } })
  })
  parser.on('text', (text) => {
    if (stack.length) stack[stack.length - 1]!.text += text
  })
  parser.on('cdata', (text) => {
    if (stack.length) stack[stack.length - 1]!.text += text
  })
  parser.on('closetag', () => {
    const top = stack.pop()!
    texts.set(top.name, [...(texts.get(top.name) ?? []), top.text])
  })
  parser.write(xml).close()
  return { texts, attributes }
}

const channel: FeedChannel = {
  title: 'صحيفة & <شركاه>',
  description: 'أخبار &amp; تحليلات',
  link: 'https://news.test/',
  self: { rss: 'https://news.test/feed', atom: 'https://news.test/feed/atom', json: 'https://news.test/feed/json' },
  site: { name: 'صحيفة & <شركاه>', url: 'https://news.test/' },
  logo: 'https://news.test/logo.png',
  updated: new Date('2026-05-11T09:00:00Z'),
}

/** Everything a newsroom or an import could put in a story that XML or the package trips on. */
const hostile: FeedEntry = {
  id: 'https://news.test/news/1',
  link: 'https://news.test/news/1/%D8%AE%D8%A8%D8%B1',
  title: 'عنوان <b>غامق</b> & ]]> ثم ]]> مرة\u0001 أخرى &amp;',
  summary: 'ملخص ]]> و]]> < > & "',
  contentHtml: '<p>نص ]]&gt; و<a href="https://x.test/?a=1&amp;b=2">رابط</a></p>\u0008]]>]]>',
  published: new Date('2026-05-10T07:30:00Z'),
  updated: new Date('2026-05-10T10:15:00Z'),
  authors: [{ name: 'أشرف & <كمال>', link: 'https://news.test/author/ashraf' }, { name: 'هدى "علي"' }],
  categories: [{ name: 'وسم <خطر> & "اقتباس"', link: 'https://news.test/tag/x' }],
  image: { url: 'https://news.test/media/key12345/640.webp', type: 'image/webp', length: 12345 },
}

describe('renderFeed', () => {
  it('writes well-formed RSS whatever the text holds, with the text intact', () => {
    const xml = renderFeed('rss', channel, [hostile])
    const { texts, attributes } = parseXml(xml)
    // The channel's, its logo's, the item's.
    assert.deepEqual(texts.get('title'), ['صحيفة & <شركاه>', 'صحيفة & <شركاه>', 'عنوان <b>غامق</b> & ]]&gt; ثم ]]&gt; مرة أخرى &amp;'])
    assert.equal(texts.get('description')![1], 'ملخص ]]&gt; و]]&gt; &lt; &gt; &amp; &quot;')
    assert.equal(texts.get('content:encoded')![0], '<p>نص ]]&gt; و<a href="https://x.test/?a=1&amp;b=2">رابط</a></p>]]&gt;]]&gt;')
    assert.deepEqual(texts.get('dc:creator'), ['أشرف & <كمال>', 'هدى "علي"'])
    assert.deepEqual(texts.get('category'), ['وسم <خطر> & "اقتباس"'])
    assert.equal(texts.get('language')![0], 'ar')
    assert.match(texts.get('pubDate')![0]!, /^Sun, 10 May 2026 07:30:00 GMT$/)
    assert.deepEqual(attributes.find((a) => a.name === 'enclosure')!.attributes, { length: '12345', type: 'image/webp', url: 'https://news.test/media/key12345/640.webp' })
    assert.equal(texts.get('author'), undefined, 'RSS <author> is for emails: never written')
  })

  it('writes well-formed Atom: html-typed title and summary, categories without a raw "<", xml:lang', () => {
    const xml = renderFeed('atom', channel, [hostile])
    const { texts, attributes } = parseXml(xml)
    assert.equal(attributes[0]!.attributes['xml:lang'], 'ar')
    assert.equal(texts.get('title')![1], 'عنوان &lt;b&gt;غامق&lt;/b&gt; &amp; ]]&gt; ثم ]]&gt; مرة أخرى &amp;amp;')
    assert.equal(texts.get('summary')![0], 'ملخص ]]&gt; و]]&gt; &lt; &gt; &amp; &quot;')
    assert.deepEqual(texts.get('name'), ['صحيفة & <شركاه>', 'أشرف & <كمال>', 'هدى "علي"'])
    assert.equal(attributes.find((a) => a.name === 'category')!.attributes.term, 'وسم ＜خطر> & "اقتباس"')
    assert.deepEqual(texts.get('updated'), ['2026-05-11T09:00:00.000Z', '2026-05-10T10:15:00.000Z'])
    assert.deepEqual(texts.get('published'), ['2026-05-10T07:30:00.000Z'])
    const enclosure = attributes.find((a) => a.name === 'link' && a.attributes.rel === 'enclosure')!
    assert.equal(enclosure.attributes.href, hostile.image!.url)
    assert.equal(enclosure.attributes.length, '12345')
  })

  it('writes JSON Feed 1.1 with every author and the plain text as typed', () => {
    const doc = JSON.parse(renderFeed('json', channel, [hostile]))
    assert.equal(doc.version, 'https://jsonfeed.org/version/1.1')
    assert.equal(doc.language, 'ar')
    assert.deepEqual(doc.authors, [{ name: 'صحيفة & <شركاه>', url: 'https://news.test/' }])
    assert.equal(doc.author, undefined)
    const [item] = doc.items
    assert.equal(item.title, 'عنوان <b>غامق</b> & ]]> ثم ]]> مرة أخرى &amp;')
    assert.equal(item.summary, 'ملخص ]]> و]]> < > & "')
    assert.deepEqual(item.authors, [{ name: 'أشرف & <كمال>', url: 'https://news.test/author/ashraf' }, { name: 'هدى "علي"' }])
    assert.equal(item.author, undefined)
    assert.equal(item.image, hostile.image!.url)
    assert.deepEqual(item.tags, ['وسم <خطر> & "اقتباس"'])
    assert.equal(item.date_published, '2026-05-10T07:30:00.000Z')
  })

  it('an empty feed is still a valid feed', () => {
    for (const format of ['rss', 'atom'] as const) assert.doesNotThrow(() => parseXml(renderFeed(format, channel, [])))
    assert.deepEqual(JSON.parse(renderFeed('json', channel, [])).items, [])
  })
})

describe('absoluteHtml', () => {
  it('makes relative link and image URLs absolute and changes nothing else', () => {
    const html = '<p dir="rtl">نص <a href="/category/%D8%B3">قسم</a> و<a href="#x">هنا</a> و<a href="mailto:a@b.test">بريد</a></p><figure data-media-id="3"><img src="/media/key12345/640.webp" alt="صورة &amp; &quot;سد&quot;" width="640" /></figure>'
    assert.equal(
      absoluteHtml(html, 'https://news.test/news/1/%D8%AE'),
      '<p dir="rtl">نص <a href="https://news.test/category/%D8%B3">قسم</a> و<a href="https://news.test/news/1/%D8%AE#x">هنا</a> و<a href="mailto:a@b.test">بريد</a></p><figure data-media-id="3"><img src="https://news.test/media/key12345/640.webp" alt="صورة &amp; &quot;سد&quot;" width="640" /></figure>',
    )
  })

  it('drops elements no stored body may hold, should one get in', () => {
    assert.equal(absoluteHtml('<p>a</p><script>alert(1)</script><iframe src="https://x.test"></iframe>', 'https://news.test/'), '<p>a</p>')
  })
})

describe('enclosureOf', () => {
  it('is the WebP variant pages show (largest up to 1280 px) with its size', () => {
    const variants = [1920, 1280, 640].flatMap((width) => ['webp', 'avif'].map((format) => ({ width, height: width / 2, format, file: `${width}.${format}`, bytes: width * 10 + (format === 'avif' ? 1 : 0) })))
    const row = { id: 1, storage_key: 'key12345', variants: JSON.stringify(variants) } as Parameters<typeof enclosureOf>[0]
    assert.deepEqual(enclosureOf(row, 'https://news.test'), { url: 'https://news.test/media/key12345/1280.webp', type: 'image/webp', length: 12800 })
    assert.equal(enclosureOf({ ...row, variants: '[]' }, 'https://news.test'), undefined)
  })
})
