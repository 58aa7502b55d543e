import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { highlightTerms, parseQuery } from './search.query.js'
import { highlight, highlightHtml, snippet, SNIPPET_CHARS, type HighlightPart } from './search.snippet.js'

const matcher = (q: string, prefix = false) => highlightTerms(parseQuery(q, { prefix }))
const marked = (parts: HighlightPart[]) => parts.filter((p) => p.mark).map((p) => p.text)
const plain = (parts: HighlightPart[]) => parts.map((p) => p.text).join('')

describe('search snippets', () => {
  it('marks every form of a word in the original spelling, diacritics kept', () => {
    const title = 'دعمٌ للتحالفِ العربيّ، والتحالف يردّ'
    const parts = highlight(title, matcher('تحالف'))
    assert.deepEqual(marked(parts), ['للتحالفِ', 'والتحالف'])
    assert.equal(plain(parts), title, 'the text is kept whole')
    assert.deepEqual(marked(highlight('قمة الاتحاد الأفريقي', matcher('الاتحاد الافريقي'))), ['الاتحاد', 'الأفريقي'])
  })

  it('marks numbers written in Arabic-Indic digits', () => {
    assert.deepEqual(marked(highlight('موازنة عام ٢٠٢٦ وعام 2026', matcher('2026'))), ['٢٠٢٦', '2026'])
    assert.deepEqual(marked(snippet('موازنة عام ٢٠٢٦ وعام 2026', matcher('٢٠٢٦'))), ['٢٠٢٦', '2026'])
  })

  it('marks words starting with a typed prefix', () => {
    assert.deepEqual(marked(highlight('قمة الاتحاد الأفريقي في أديس أبابا', matcher('الاتح', true))), ['الاتحاد'])
  })

  it('picks the passage with the most different matched words and cuts at words with "…"', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `كلمة${i}`).join(' ')
    const body = `${filler(80)} التحالف وحده هنا. ${filler(80)} أعلن التحالف أن الاتحاد الأفريقي وافق. ${filler(80)}`
    const parts = snippet(body, matcher('التحالف الاتحاد'))
    assert.deepEqual(marked(parts), ['التحالف', 'الاتحاد'])
    assert.ok(parts[0]!.text.startsWith('… '), 'cut at the start')
    assert.ok(parts[parts.length - 1]!.text.endsWith(' …'), 'cut at the end')
    const text = plain(parts).replace(/^… | …$/g, '')
    assert.ok(text.length <= SNIPPET_CHARS + 20)
    assert.ok(body.includes(text), 'a passage of the original text')
    assert.match(text, /^\S/)
    assert.ok(!/كلمة\d*$/.test(text) || body.includes(`${text} `), 'ends at a word boundary')
  })

  it('shows the beginning when nothing matches, and a short text whole', () => {
    assert.deepEqual(snippet('نص قصير.', matcher('تحالف')), [{ text: 'نص قصير.', mark: false }])
    const long = 'بداية '.repeat(100)
    const parts = snippet(long, matcher('تحالف'))
    assert.equal(parts.length, 1)
    assert.ok(parts[0]!.text.startsWith('بداية') && parts[0]!.text.endsWith(' …'))
    assert.deepEqual(snippet('', matcher('تحالف')), [])
  })

  it('keeps markup in the text as text: highlightHtml escapes everything but its own <mark>', () => {
    const body = 'قال <script>alert("التحالف")</script> & <b>التحالف</b> \'هنا\''
    const parts = snippet(body, matcher('التحالف'))
    assert.deepEqual(marked(parts), ['التحالف', 'التحالف'])
    const html = highlightHtml(parts)
    assert.equal(html, 'قال &lt;script&gt;alert(&quot;<mark>التحالف</mark>&quot;)&lt;/script&gt; &amp; &lt;b&gt;<mark>التحالف</mark>&lt;/b&gt; &#39;هنا&#39;')
    assert.doesNotMatch(html.replace(/<\/?mark>/g, ''), /[<>]/)
  })
})
