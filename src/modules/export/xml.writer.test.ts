import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SaxesParser } from 'saxes'
import { cdata, escapeXmlAttribute, escapeXmlText, XmlWriter } from './xml.writer.js'

/** Parses a document with saxes and returns the text of each element and the attributes seen (throws on any error). */
function parse(xml: string): { texts: Record<string, string>; attrs: Record<string, string> } {
  const parser = new SaxesParser({ xmlns: false })
  const texts: Record<string, string> = {}
  const attrs: Record<string, string> = {}
  const open: string[] = []
  let failure: Error | undefined
  parser.on('error', (e) => {
    failure ??= e
  })
  parser.on('opentag', (tag) => {
    open.push(tag.name)
    for (const [k, v] of Object.entries(tag.attributes)) attrs[`${tag.name}@${k}`] = String(v)
  })
  parser.on('closetag', () => void open.pop())
  const onText = (t: string) => {
    const name = open.at(-1)
    if (name) texts[name] = (texts[name] ?? '') + t
  }
  parser.on('text', onText)
  parser.on('cdata', onText)
  parser.write(xml).close()
  if (failure) throw failure
  return { texts, attrs }
}

async function written(build: (xml: XmlWriter) => void): Promise<string> {
  let out = ''
  const xml = new XmlWriter(async (chunk) => void (out += chunk))
  build(xml)
  await xml.end()
  return out
}

describe('xml writer', () => {
  const hostile = 'a ]]> b ]]]]> <script>alert("x")</script> & &amp; \'q\' \r\n end'

  it('escapes text and attributes, and a parser reads back exactly what was written', async () => {
    const out = await written((xml) => xml.open('root', { note: hostile }).text('t', hostile).cdata('c', hostile).close())
    const { texts, attrs } = parse(out)
    assert.equal(texts.t, hostile)
    assert.equal(texts.c, hostile)
    assert.equal(attrs['root@note'], hostile)
  })

  it('splits "]]>" across CDATA sections and keeps carriage returns as references', () => {
    assert.equal(cdata('a]]>b'), '<![CDATA[a]]]]><![CDATA[>b]]>')
    assert.equal(cdata('a\r\nb'), '<![CDATA[a]]>&#13;<![CDATA[\nb]]>')
    assert.equal(escapeXmlText('<&>\r'), '&lt;&amp;&gt;&#13;')
    assert.equal(escapeXmlAttribute('"\t\n'), '&quot;&#9;&#10;')
  })

  it('drops characters XML 1.0 cannot carry (control characters, lone surrogates) and keeps the rest, emoji included', async () => {
    const text = `a\u0000b\u0008c\u000bd\u001fe\ud800f\udc00g 😀 عربي\u200f`
    const out = await written((xml) => xml.open('r').text('t', text).cdata('c', text).close())
    const { texts } = parse(out)
    assert.equal(texts.t, 'abcdefg 😀 عربي\u200f')
    assert.equal(texts.c, 'abcdefg 😀 عربي\u200f')
  })

  it('keeps comments well-formed whatever their text, and refuses names that are not XML names', async () => {
    parse(await written((xml) => xml.comment('a -- b --- c -').open('r').close()))
    await assert.rejects(written((xml) => xml.open('a b')), /not an XML element name/)
    await assert.rejects(written((xml) => xml.open('r', { 'x"y': '1' })), /not an XML attribute name/)
  })

  it('closes what is open at the end and writes only when flushed', async () => {
    const chunks: string[] = []
    const xml = new XmlWriter(async (chunk) => void chunks.push(chunk))
    xml.open('rss').open('channel').text('title', 'صحيفة')
    assert.equal(chunks.length, 0)
    await xml.flush()
    assert.equal(chunks.length, 1)
    await xml.end()
    assert.match(chunks.join(''), /<\/channel>\n<\/rss>\n$/)
    parse(chunks.join(''))
  })
})
