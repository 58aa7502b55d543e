/**
 * A small streaming XML writer: elements are written as they come (nothing is kept but the open
 * element names), text always escaped, CDATA always split safely. No library writes XML with
 * backpressure and correct CDATA here, and WXR needs little: elements, attributes, text, CDATA.
 */

/**
 * Characters XML 1.0 cannot carry at all, not even as character references: C0 controls other
 * than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF. They are dropped.
 */
const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Removes what XML 1.0 cannot carry (see `notXml`). */
export function xmlSafe(text: string): string {
  return text.replace(notXml, '')
}

/**
 * Text content, escaped: `&`, `<`, `>`, and carriage returns as `&#13;` (a parser would turn a
 * raw CR LF into LF).
 * @example escapeXmlText('a < b & c') // 'a &lt; b &amp; c'
 */
export function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

/**
 * An attribute value for double quotes: also `"` and the white space a parser would normalize
 * to spaces (tab, newline, carriage return) as character references.
 * @example escapeXmlAttribute('say "hi"\n') // 'say &quot;hi&quot;&#10;'
 */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;')
}

/**
 * A CDATA section holding `text` exactly: `]]>` inside is split across two sections
 * (`]]` + `>`), and each carriage return goes between sections as `&#13;`.
 * @example cdata('a]]>b') // '<![CDATA[a]]]]><![CDATA[>b]]>'
 */
export function cdata(text: string): string {
  const body = xmlSafe(text).replace(/]]>/g, ']]]]><![CDATA[>').replace(/\r/g, ']]>&#13;<![CDATA[')
  return `<![CDATA[${body}]]>`
}

const namePattern = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/

/** Attributes as written in a start tag (names checked, values escaped). */
function attributes(attrs: Record<string, string | number> | undefined): string {
  if (!attrs) return ''
  let out = ''
  for (const [name, value] of Object.entries(attrs)) {
    if (!namePattern.test(name)) throw new Error(`not an XML attribute name: ${name}`)
    out += ` ${name}="${escapeXmlAttribute(String(value))}"`
  }
  return out
}

/**
 * Writes XML into a text sink in pieces. Methods append to a buffer; `flush()` hands what is
 * buffered to the sink (await it between records so memory stays flat).
 *
 * @example
 * const xml = new XmlWriter((chunk) => sink.write(chunk))
 * xml.open('rss', { version: '2.0' }).text('title', 'أخبار & آراء').cdata('content:encoded', '<p>x</p>').close()
 * await xml.end()
 */
export class XmlWriter {
  private buffer = ''
  private readonly stack: string[] = []

  constructor(private readonly sink: (chunk: string) => Promise<void>) {
    this.buffer = '<?xml version="1.0" encoding="UTF-8"?>\n'
  }

  /** A comment (`--` inside is broken up, as XML forbids it there). */
  comment(text: string): this {
    this.buffer += `${this.indent()}<!-- ${xmlSafe(text).replace(/-(?=-)/g, '- ')} -->\n`
    return this
  }

  /** Opens an element; `close()` ends it. */
  open(name: string, attrs?: Record<string, string | number>): this {
    this.assertName(name)
    this.buffer += `${this.indent()}<${name}${attributes(attrs)}>\n`
    this.stack.push(name)
    return this
  }

  /** Closes the innermost open element. */
  close(): this {
    const name = this.stack.pop()
    if (name === undefined) throw new Error('no open element to close')
    this.buffer += `${this.indent()}</${name}>\n`
    return this
  }

  /** `<name attrs>escaped text</name>` */
  text(name: string, value: string | number, attrs?: Record<string, string | number>): this {
    this.assertName(name)
    this.buffer += `${this.indent()}<${name}${attributes(attrs)}>${escapeXmlText(String(value))}</${name}>\n`
    return this
  }

  /** `<name attrs><![CDATA[text]]></name>` (text kept exactly; see `cdata`). */
  cdata(name: string, value: string, attrs?: Record<string, string | number>): this {
    this.assertName(name)
    this.buffer += `${this.indent()}<${name}${attributes(attrs)}>${cdata(value)}</${name}>\n`
    return this
  }

  /** Hands the buffered text to the sink. */
  async flush(): Promise<void> {
    if (this.buffer === '') return
    const chunk = this.buffer
    this.buffer = ''
    await this.sink(chunk)
  }

  /** Closes every open element and flushes. */
  async end(): Promise<void> {
    while (this.stack.length > 0) this.close()
    await this.flush()
  }

  private indent(): string {
    return '\t'.repeat(this.stack.length)
  }

  private assertName(name: string): void {
    if (!namePattern.test(name)) throw new Error(`not an XML element name: ${name}`)
  }
}
