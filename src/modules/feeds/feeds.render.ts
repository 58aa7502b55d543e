import { Feed, type Item } from 'feed'
import type { FeedChannel, FeedEntry, FeedFormat } from './feeds.schema.js'

/**
 * Writes a feed in one format with the `feed` package. The package leaves a few things to its
 * caller, handled here so that every feed is well-formed whatever the newsroom or a commenter
 * typed:
 * - characters XML 1.0 forbids (C0 controls, lone surrogates) are dropped from every string;
 * - it escapes only `&` and `"` in attributes (Atom categories): a `<` there becomes `＜`;
 * - its text escaping turns a literal `&amp;` into `&`: such text is pre-escaped once more;
 * - it splits only the first `]]>` of a CDATA section: HTML fields get `]]&gt;` (the same HTML);
 * - Atom titles and summaries are `type="html"`: plain text is HTML-escaped for them, and so are
 *   RSS descriptions (HTML by convention);
 * - RSS `<author>` must be an email, which feeds never carry: names go in `dc:creator`;
 * - Atom has no language option: `xml:lang="ar"` is added to the root element;
 * - its JSON is JSON Feed 1.0 with the first author only: upgraded here to 1.1 (`authors`,
 *   `language`).
 * @example renderFeed('rss', channel, entries) // '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" …'
 */
export function renderFeed(format: FeedFormat, channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const text = format === 'json' ? clean : xmlText
  const feed = new Feed({
    id: channel.self.atom,
    title: text(channel.title),
    description: text(channel.description || channel.title),
    link: channel.link,
    language: 'ar',
    updated: channel.updated,
    generator: 'Sahifa',
    feedLinks: { ...channel.self },
    author: { name: text(channel.site.name), link: channel.site.url },
    image: channel.logo,
  })
  for (const entry of entries) feed.addItem(itemOf(format, entry))
  if (format === 'rss') return feed.rss2()
  if (format === 'atom') return feed.atom1().replace(atomRoot, atomRoot.replace('>', ' xml:lang="ar">'))
  return jsonFeed11(feed.json1(), channel, entries)
}

/** The Atom root element as the package writes it (first in the document); the language is added to it. */
const atomRoot = '<feed xmlns="http://www.w3.org/2005/Atom">'

function itemOf(format: FeedFormat, entry: FeedEntry): Item {
  const item: Item = {
    id: entry.id,
    link: entry.link,
    title: format === 'rss' ? clean(entry.title).replace(/]]>/g, ']]&gt;') : format === 'atom' ? escapeHtml(clean(entry.title)) : clean(entry.title),
    date: entry.updated,
    published: entry.published,
    content: htmlField(entry.contentHtml),
    image: entry.image,
  }
  if (entry.summary) item.description = format === 'json' ? clean(entry.summary) : escapeHtml(clean(entry.summary))
  if (format === 'rss') {
    item.category = entry.categories.map((c) => ({ name: xmlText(c.name) }))
    if (entry.authors.length > 0) item.extensions = [{ name: 'dc:creator', objects: entry.authors.map((a) => ({ _text: xmlText(a.name) })) as unknown as Record<string, unknown> }]
  } else if (format === 'atom') {
    item.category = entry.categories.map((c) => ({ term: attributeText(c.name) }))
    item.author = entry.authors.map((a) => ({ name: xmlText(a.name), link: a.link }))
  } else {
    item.category = entry.categories.map((c) => ({ name: clean(c.name) }))
  }
  return item
}

/** The package's JSON Feed 1.0 as JSON Feed 1.1: version, language, and `authors` lists (feed and items). */
function jsonFeed11(json: string, channel: FeedChannel, entries: readonly FeedEntry[]): string {
  const { author: _author, items, ...feed } = JSON.parse(json) as { author?: unknown; items: Array<Record<string, unknown>> }
  const out = {
    ...feed,
    version: 'https://jsonfeed.org/version/1.1',
    language: 'ar',
    authors: [{ name: clean(channel.site.name), url: channel.site.url }],
    items: items.map(({ author: _a, ...item }, i) => {
      const authors = entries[i]!.authors.map((a) => (a.link ? { name: clean(a.name), url: a.link } : { name: clean(a.name) }))
      return authors.length > 0 ? { ...item, authors } : item
    }),
  }
  return JSON.stringify(out)
}

/** Characters XML 1.0 does not allow (C0 controls but tab and newlines, U+FFFE/U+FFFF, lone surrogates). */
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** A string with what XML forbids removed. @example clean('a\u0001b') // 'ab' */
export function clean(s: string): string {
  return s.replace(notXml, '')
}

/** Text for an element the package escapes itself (it first reads `&amp;` back as `&`). */
function xmlText(s: string): string {
  return clean(s).replace(/&amp;/g, '&amp;amp;')
}

/** Text for an attribute the package writes with `&` and `"` escaped only. */
function attributeText(s: string): string {
  return clean(s).replace(/</g, '\uFF1C')
}

/** HTML for a CDATA section: the same HTML, with no `]]>` in it. */
function htmlField(html: string): string {
  return clean(html).replace(/]]>/g, ']]&gt;')
}

/** Plain text as HTML. @example escapeHtml('a < b') // 'a &lt; b' */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
