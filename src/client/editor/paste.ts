/** Attributes kept on pasted elements; everything else (class, style, id, lang, align, mso-*) goes. */
const keptAttributes = new Set(['href', 'src', 'alt', 'width', 'height', 'dir', 'colspan', 'rowspan', 'data-media-id', 'data-embed', 'data-embed-id'])

function unwrap(element: Element): void {
  element.replaceWith(...Array.from(element.childNodes))
}

/**
 * Cleans HTML pasted from Word or Google Docs before the editor schema parses it: drops Word's
 * conditional comments, `<style>`, `<o:p>` and list-marker spans, unwraps the Docs
 * `<b id="docs-internal-guid-…">` wrapper and every span (inline bold/italic styles become
 * strong/em), strips class/style/id attributes and removes empty paragraphs.
 */
export function cleanPastedHtml(html: string): string {
  // Parsed documents inherit the page's CSP: style elements and attributes would each log a
  // violation, so styles are removed or renamed before parsing (spans still need them read).
  const inert = html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/(<[^>]*?\s)style(\s*=)/gi, '$1data-paste-style$2')
  const doc = new DOMParser().parseFromString(inert, 'text/html')
  const body = doc.body
  const comments = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT)
  const dead: Node[] = []
  while (comments.nextNode()) dead.push(comments.currentNode)
  for (const node of dead) node.parentNode?.removeChild(node)
  body.querySelectorAll('style, script, meta, link, title, xml, iframe, object, embed').forEach((el) => el.remove())
  body.querySelectorAll('*').forEach((el) => {
    if (el.localName === 'o:p' || /mso-list\s*:\s*ignore/i.test(el.getAttribute('data-paste-style') ?? '')) el.remove()
  })
  body.querySelectorAll('b[id^="docs-internal-guid"]').forEach(unwrap)
  body.querySelectorAll('span, font').forEach((span) => {
    if (span.classList.contains('credit') && span.closest('figcaption')) return
    const style = (span.getAttribute('data-paste-style') ?? '').toLowerCase()
    const bold = /font-weight\s*:\s*(bold|[6-9]00)/.test(style)
    const italic = /font-style\s*:\s*italic/.test(style)
    if (!bold && !italic) return unwrap(span)
    let inner: Element = doc.createElement(bold ? 'strong' : 'em')
    const outer = inner
    if (bold && italic) inner = inner.appendChild(doc.createElement('em'))
    inner.append(...Array.from(span.childNodes))
    span.replaceWith(outer)
  })
  body.querySelectorAll('*').forEach((el) => {
    for (const { name } of Array.from(el.attributes)) {
      if (!keptAttributes.has(name) && !(name === 'class' && el.closest('figure'))) el.removeAttribute(name)
    }
    const dir = el.getAttribute('dir')
    if (dir !== null) el.setAttribute('dir', dir.toLowerCase())
  })
  body.querySelectorAll('p').forEach((p) => {
    if ((p.textContent ?? '').trim() === '' && !p.querySelector('img')) p.remove()
  })
  return body.innerHTML
}
