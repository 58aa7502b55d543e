import sanitizeHtml from 'sanitize-html'

/**
 * The allow-list for article bodies: what an editor can produce, nothing that runs.
 * Applied on the server on every save; views print the result through trustedHtml().
 */
const articleBodyOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'br', 'hr', 'figure', 'figcaption', 'img', 'cite', 'q', 'abbr', 'bdi', 'bdo', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption'],
  allowedAttributes: {
    '*': ['dir', 'lang'],
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading'],
    abbr: ['title'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: attribs.target === '_blank' ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
  },
}

/** Cleans article HTML to the allow-list (scripts, handlers, `javascript:` URLs removed). */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, articleBodyOptions)
}

/** Plain text of article HTML: paragraphs separated by blank lines, entities decoded. */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<\/(p|h[1-6]|li|blockquote|figcaption|tr)>/gi, '$&\n\n').replace(/<br\s*\/?>/gi, '\n')
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} })
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** Builds safe paragraph HTML from plain-text paragraphs (each one escaped). */
export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs.map((p) => `<p>${escapeText(p.trim())}</p>`).join('\n')
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;/g, "'")
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
}
