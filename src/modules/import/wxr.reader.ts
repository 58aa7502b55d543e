/**
 * A streaming reader for WordPress export files (WXR): yields the export's records one at a time
 * (site details, authors, terms, items), reading the file in chunks through saxes. Only the
 * record being read is held: memory stays the same whatever the size of the file.
 */
import { createReadStream } from 'node:fs'
import { SaxesParser, type SaxesTagNS } from 'saxes'
import { parseAuthor, parseItem, parseTerm, type WxrAuthor, type WxrItem, type WxrSite, type WxrTerm } from './wxr.schema.js'

/** One element of a record being read: its name (`wp:post_id`, `content:encoded`, `title`), attributes, text and children. */
export interface XmlNode {
  name: string
  attrs: Record<string, string>
  text: string
  children: XmlNode[]
  /** Line of its start tag (for messages about a record). */
  line: number
}

export type WxrRecord =
  | { type: 'site'; site: WxrSite }
  | { type: 'author'; author: WxrAuthor; line: number }
  | { type: 'term'; term: WxrTerm; line: number }
  | { type: 'item'; item: WxrItem; line: number }
  /** A record whose fields are unusable (e.g. a post id that is not a number): skipped, with why. */
  | { type: 'invalid'; what: string; reason: string; line: number }

/** The file is not well-formed XML, or not a WordPress export: where and why. */
export class WxrSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`)
    this.name = 'WxrSyntaxError'
  }
}

/** Short names for the namespaces WXR uses (any version of the wp: namespace is accepted). */
function prefixOf(uri: string, prefix: string): string {
  if (uri === '') return ''
  if (/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/?$/.test(uri)) return 'excerpt'
  if (/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/?$/.test(uri)) return 'wp'
  if (uri === 'http://purl.org/rss/1.0/modules/content/') return 'content'
  if (uri === 'http://purl.org/dc/elements/1.1/') return 'dc'
  return prefix || uri
}

const nameOf = (tag: SaxesTagNS) => {
  const prefix = prefixOf(tag.uri, tag.prefix)
  return prefix ? `${prefix}:${tag.local}` : tag.local
}

/** Channel children read as records; every other channel child is a site detail (text). */
const recordElements = new Set(['item', 'wp:author', 'wp:category', 'wp:tag', 'wp:term'])
const siteFields: Record<string, keyof WxrSite> = {
  title: 'title',
  link: 'link',
  language: 'language',
  'wp:wxr_version': 'wxrVersion',
  'wp:base_site_url': 'baseSiteUrl',
  'wp:base_blog_url': 'baseBlogUrl',
}

export interface ReadOptions {
  /** Called with the bytes read so far, after each chunk. */
  onBytes?: (bytes: number) => void
  /** Characters per chunk (default 256 KiB). */
  chunkSize?: number
}

/**
 * Reads a WXR file record by record. The site details come first (once, before any other
 * record); then authors, terms and items in file order. Throws WxrSyntaxError at the first
 * malformed byte (with its line and column), or when the document is not an RSS export.
 *
 * @example for await (const r of readWxr('export.xml')) if (r.type === 'item') console.log(r.item.postId)
 */
export async function* readWxr(file: string, { onBytes, chunkSize = 256 * 1024 }: ReadOptions = {}): AsyncGenerator<WxrRecord> {
  const parser = new SaxesParser({ xmlns: true, position: true })
  const queue: WxrRecord[] = []
  const site: WxrSite = { title: '', link: '', language: '', wxrVersion: '', baseSiteUrl: '', baseBlogUrl: '' }
  let siteSent = false
  const sendSite = () => {
    if (!siteSent) queue.push({ type: 'site', site: { ...site } })
    siteSent = true
  }
  const fail = (reason: string): never => {
    throw new WxrSyntaxError(parser.line, parser.column, reason)
  }

  // Open elements from the root; `open[n]` is the node being built for a record (below depth 2), else null.
  const path: string[] = []
  const open: Array<XmlNode | null> = []
  let siteText: string | undefined

  parser.on('error', (error) => {
    const reason = error.message.replace(/^\d+:\d+: /, '')
    fail(reason.startsWith('unclosed tag') ? `${reason}: the file ends before it is closed (is it cut short?)` : reason)
  })
  parser.on('opentag', (tag) => {
    const name = nameOf(tag as SaxesTagNS)
    const depth = path.length
    path.push(name)
    if (depth === 0 && name !== 'rss') fail(`not a WordPress export: the document is <${name}>, not <rss>`)
    if (depth === 1 && name !== 'channel') fail(`not a WordPress export: <rss> holds <${name}>, not <channel>`)
    const parent = open[open.length - 1]
    if (parent || (depth === 2 && recordElements.has(name))) {
      const attrs: Record<string, string> = {}
      for (const attribute of Object.values((tag as SaxesTagNS).attributes)) attrs[attribute.local] = attribute.value
      const node: XmlNode = { name, attrs, text: '', children: [], line: parser.line }
      parent?.children.push(node)
      open.push(node)
    } else {
      open.push(null)
      siteText = depth === 2 && name in siteFields ? '' : undefined
    }
  })
  const onText = (text: string) => {
    const node = open[open.length - 1]
    if (node) node.text += text
    else if (siteText !== undefined) siteText += text
  }
  parser.on('text', onText)
  parser.on('cdata', onText)
  parser.on('closetag', () => {
    const name = path.pop()!
    const node = open.pop()
    if (path.length === 2) {
      if (node) {
        sendSite()
        queue.push(recordOf(node))
      } else if (siteText !== undefined) {
        site[siteFields[name]!] = siteText.trim()
        siteText = undefined
      }
    }
  })

  let bytes = 0
  // Bytes are decoded here rather than by the stream: TextDecoder is several times faster than
  // the stream's StringDecoder on Arabic text, and the byte count comes for free. The decoder
  // drops a UTF-8 byte order mark and keeps a character split between two chunks for the next.
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const stream = createReadStream(file, { highWaterMark: chunkSize })
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(decode(decoder, chunk, parser))
      bytes += chunk.length
      onBytes?.(bytes)
      while (queue.length > 0) yield queue.shift()!
    }
    parser.write(decode(decoder, undefined, parser))
    const end = { line: parser.line, column: parser.column }
    parser.close()
    // A well-formed RSS feed without any wp: element is not an export.
    if (!siteSent && site.wxrVersion === '' && site.baseSiteUrl === '' && site.baseBlogUrl === '') {
      throw new WxrSyntaxError(end.line, end.column, 'not a WordPress export: no wp:wxr_version, wp:base_site_url or items')
    }
  } finally {
    stream.destroy()
  }
  sendSite()
  while (queue.length > 0) yield queue.shift()!
}

/** Decodes a chunk of UTF-8 (the rest, without a chunk); bytes that are not UTF-8 fail with their line and column. */
function decode(decoder: TextDecoder, chunk: Buffer | undefined, parser: SaxesParser): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode()
  } catch {
    // Where: the text before the first undecodable byte, counted from where the parser is.
    const text = chunk ? new TextDecoder('utf-8').decode(chunk) : ''
    const before = text.slice(0, Math.max(0, text.indexOf('\ufffd')))
    const lines = before.split('\n')
    const line = parser.line + lines.length - 1
    const column = (lines.length === 1 ? parser.column : 0) + lines[lines.length - 1]!.length + 1
    throw new WxrSyntaxError(line, column, 'bytes that are not UTF-8 text (an export is always UTF-8)')
  }
}

/** The record an element read whole stands for. */
function recordOf(node: XmlNode): WxrRecord {
  try {
    if (node.name === 'item') return { type: 'item', item: parseItem(node), line: node.line }
    if (node.name === 'wp:author') return { type: 'author', author: parseAuthor(node), line: node.line }
    const taxonomy = node.name === 'wp:category' ? 'category' : node.name === 'wp:tag' ? 'post_tag' : undefined
    return { type: 'term', term: parseTerm(node, taxonomy), line: node.line }
  } catch (error) {
    const reason = (error as { issues?: Array<{ path: Array<string | number>; message: string }> }).issues?.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    return { type: 'invalid', what: node.name, reason: reason ?? (error as Error).message, line: node.line }
  }
}
