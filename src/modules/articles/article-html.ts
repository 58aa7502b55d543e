import sanitizeHtml from 'sanitize-html'

import { escapeText, isValidEmbed } from './article-embeds.js'

/**
 * Marks set by transforms for the exclusive filter: UNWRAP drops the tag but keeps its content,
 * DROP removes the element with its content. (Renaming a tag to a disallowed one instead would
 * trip sanitize-html's closing-tag bookkeeping and corrupt the closing tags of later siblings.)
 */
const UNWRAP = 'data-sahifa-unwrap'
const DROP = 'data-sahifa-drop'
const unwrap = (tagName: string): sanitizeHtml.Tag => ({ tagName, attribs: { [UNWRAP]: '1' } })
const directions = new Set(['ltr', 'rtl', 'auto'])
const blockTags = new Set(['p', 'h2', 'h3', 'h4', 'blockquote', 'li'])

/** Image sources: our media library (`/media/...`) or https; nothing relative, nothing else. */
export function isAllowedImageSrc(src: string | undefined): boolean {
  return !!src && (/^\/media\/[^/\\]/.test(src) || /^https:\/\/[^/\\]/i.test(src)) && !/[\s"'<>]/.test(src) && !src.includes('..')
}

/** `dir` lower-cased (Word writes `dir=RTL`) and kept only as ltr, rtl or auto. */
function withDir(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  if (attribs.dir === undefined) return attribs
  const { dir, ...rest } = attribs
  const value = dir.trim().toLowerCase()
  return directions.has(value) ? { ...rest, dir: value } : rest
}

/** Bold/italic written as inline styles (Google Docs) become tags; every other span is unwrapped. */
function spanTo(attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  if (/(^|\s)credit(\s|$)/.test(attribs.class ?? '')) return { tagName: 'span', attribs: { class: 'credit' } }
  const style = (attribs.style ?? '').toLowerCase()
  if (/font-weight\s*:\s*(bold|[6-9]00)/.test(style)) return { tagName: 'strong', attribs: {} }
  if (/font-style\s*:\s*italic/.test(style)) return { tagName: 'em', attribs: {} }
  return unwrap('span')
}

/** `<figure data-media-id>` (library image) or `<figure class="embed">` with a valid provider id; other figures lose their attributes, bad embeds are dropped. */
function figureTo(attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  if (/(^|\s)embed(\s|$)/.test(attribs.class ?? '') || attribs['data-embed'] !== undefined) {
    const provider = attribs['data-embed']
    const id = attribs['data-embed-id']
    return isValidEmbed(provider, id) ? { tagName: 'figure', attribs: { class: 'embed', 'data-embed': provider, 'data-embed-id': id! } } : { tagName: 'figure', attribs: { [DROP]: '1' } }
  }
  const mediaId = attribs['data-media-id']
  return { tagName: 'figure', attribs: mediaId && /^\d{1,12}$/.test(mediaId) ? { 'data-media-id': mediaId } : {} }
}

/**
 * The allow-list for article bodies: what the newsroom editor (src/client/editor/) produces,
 * nothing that runs. Applied on the server on every save; views print the result through trustedHtml().
 * Also cleans HTML pasted from Word or Google Docs into the plain textarea: styles, classes,
 * `<o:p>`, spans and the Docs `<b id="docs-internal-guid-…">` wrapper go, empty paragraphs too.
 */
const articleBodyOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'br', 'hr', 'figure', 'figcaption', 'img', 'cite', 'q', 'abbr', 'bdi', 'bdo', 'span', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption'],
  allowedAttributes: {
    '*': ['dir', 'lang', UNWRAP],
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'width', 'height', 'loading'],
    figure: ['data-media-id', 'class', 'data-embed', 'data-embed-id', DROP],
    span: ['class'],
    abbr: ['title'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedClasses: { figure: ['embed'], span: ['credit'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: attribs.target === '_blank' ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
    // Google Docs wraps the whole clipboard in <b id="docs-internal-guid-…" style="font-weight:normal">.
    b: (tagName, attribs) => ((attribs.id ?? '').startsWith('docs-internal-guid') || /font-weight\s*:\s*(normal|400)/i.test(attribs.style ?? '') ? unwrap(tagName) : { tagName, attribs }),
    span: (_tagName, attribs) => spanTo(attribs),
    figure: (_tagName, attribs) => figureTo(attribs),
    img: (tagName, attribs) => (isAllowedImageSrc(attribs.src) ? { tagName, attribs: withNumericSize(attribs) } : unwrap(tagName)),
    '*': (tagName, attribs) => ({ tagName, attribs: blockTags.has(tagName) || tagName === 'bdo' || tagName === 'bdi' ? withDir(attribs) : withoutDir(attribs) }),
  },
  exclusiveFilter: (frame) => {
    if (UNWRAP in frame.attribs) return 'excludeTag'
    return frame.tag === 'figure' && DROP in frame.attribs
  },
}

function withNumericSize(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const out = { ...attribs }
  for (const name of ['width', 'height'] as const) if (out[name] !== undefined && !/^\d{1,5}$/.test(out[name]!)) delete out[name]
  return out
}

function withoutDir(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  if (attribs.dir === undefined) return attribs
  const { dir: _dir, ...rest } = attribs
  return rest
}

/** Cleans article HTML to the allow-list (scripts, handlers, `javascript:` URLs, iframes, unknown embeds removed). */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, articleBodyOptions).replace(emptyParagraph, '')
}

/**
 * Empty paragraphs in sanitized output (Word's `<p>&nbsp;</p>`, Docs' `<p><br></p>`). A regex on
 * the normalized output, because frame.text in the exclusive filter misses the text of unwrapped tags.
 */
const emptyParagraph = /<p(?: dir="(?:ltr|rtl|auto)")?(?: lang="[^"]*")?>(?:\s|&nbsp;|\u00a0|<br \/>)*<\/p>/g

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

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;/g, "'")
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
}
