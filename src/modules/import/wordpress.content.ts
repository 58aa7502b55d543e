/**
 * WordPress post content → Sahifa article HTML, before our sanitizer (sanitizeArticleHtml)
 * has the last word. Pure functions.
 *
 * - Classic-editor content is stored without paragraphs (WordPress adds them when it shows a
 *   post: `wpautop`); `autop` does the same. Block-editor content (`<!-- wp:… -->`) already has them.
 * - Block comments: embeds become our embed figures (YouTube, X, Facebook) or links; every other
 *   block comment goes with the sanitizer, which keeps the block's HTML it allows.
 * - Shortcodes: `[caption]` → figure with figcaption; `[gallery]` → one figure per image;
 *   `[embed]`, `[youtube]`, bare video URLs on their own line → embed figures or links;
 *   `[video]`, `[audio]` → a link to the file; other shortcodes are removed, their enclosed
 *   text kept; `[[name]]` (an escaped shortcode) stays as the text `[name]`.
 * - `<video>`, `<audio>`, `<iframe>` (never allowed in a body) → embed figures or links.
 * - Image sources: `http:` becomes `https:` (our pages allow only https images); images of
 *   attachments copied into the media library point to our copy (`imageSrc`).
 */
import { embedUrl, parseEmbedUrl } from '../articles/article-embeds.js'

/** An attachment as a gallery shows it. */
export interface GalleryImage {
  id: string
  src: string
  alt: string
  caption: string
}

export interface ContentContext {
  /** Attachments by WordPress id (for `[gallery ids=…]`). */
  attachments: ReadonlyMap<string, GalleryImage>
  /** The post's own attachments, in upload order (for `[gallery]` without ids). */
  children: readonly GalleryImage[]
  /** Our URL for an image URL of the old site, when its file was copied; undefined keeps it. */
  imageSrc?: (src: string) => string | undefined
}

/** Elements wpautop treats as blocks (never wrapped in a paragraph). */
const blocks =
  'table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary'

/** True when the content was written in the block editor (it carries block comments). */
export function isBlockContent(content: string): boolean {
  return content.includes('<!-- wp:')
}

/**
 * WordPress's `wpautop`, simplified: blank lines separate paragraphs, single line breaks
 * inside one become `<br />`, and block elements are never wrapped.
 * @example autop('سطر أول\nسطر ثان\n\nفقرة ثانية') // '<p>سطر أول<br />\nسطر ثان</p>\n<p>فقرة ثانية</p>'
 */
export function autop(text: string): string {
  let pee = text.replace(/\r\n?/g, '\n')
  if (pee.trim() === '') return ''
  // Line breaks inside a tag are not text.
  pee = `${pee}\n`.replace(/<[^>]*>/g, (tag) => tag.replace(/\s*\n\s*/g, ' ')).replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n')
  pee = pee.replace(new RegExp(`(<(?:${blocks})[\\s/>])`, 'gi'), '\n\n$1').replace(new RegExp(`(</(?:${blocks})>)`, 'gi'), '$1\n\n')
  pee = pee.replace(/\n\n+/g, '\n\n')
  let out = pee
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${p.trim()}</p>\n`)
    .join('')
  const open = `</?(?:${blocks})[^>]*>`
  out = out
    .replace(/<p>\s*<\/p>/g, '')
    .replace(new RegExp(`<p>\\s*(${open})\\s*</p>`, 'gi'), '$1')
    .replace(/<p>(<li.+?)<\/p>/gi, '$1')
    .replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>')
    .replace(/<\/blockquote><\/p>/gi, '</p></blockquote>')
    .replace(new RegExp(`<p>\\s*(${open})`, 'gi'), '$1')
    .replace(new RegExp(`(${open})\\s*</p>`, 'gi'), '$1')
    .replace(/(?<!<br \/>)\s*\n(?!$)/g, '<br />\n')
    .replace(new RegExp(`(${open})\\s*<br />`, 'gi'), '$1')
    .replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi, '$1')
  return out.trim()
}

/** The `[name …]…[/name]` pattern of WordPress (get_shortcode_regex) for these names. */
function shortcodePattern(names: string): RegExp {
  return new RegExp(
    `\\[(\\[?)(${names})(?![\\w-])([^\\]/]*(?:/(?!\\])[^\\]/]*)*?)(?:(/)\\]|\\](?:([^\\[]*(?:\\[(?!/\\2\\])[^\\[]*)*)\\[/\\2\\])?)(\\]?)`,
    'g',
  )
}

/** Shortcode attributes (WordPress's shortcode_parse_atts): named ones by lower-case name, positional ones as "0", "1"… */
export function shortcodeAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const pattern = /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)/g
  let position = 0
  for (const m of text.replace(/[\u00a0\u200b]/g, ' ').matchAll(pattern)) {
    if (m[1] !== undefined) out[m[1].toLowerCase()] = m[2]!
    else if (m[3] !== undefined) out[m[3].toLowerCase()] = m[4]!
    else if (m[5] !== undefined) out[m[5].toLowerCase()] = m[6]!
    else out[String(position++)] = m[7] ?? m[8] ?? m[9]!
  }
  return out
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** An allow-listed embed as our editor stores it, else a plain link; nothing for what is not a web URL. */
export function embedOrLink(url: string): string {
  const clean = url.trim().replace(/&amp;/g, '&')
  if (!/^https?:\/\/\S+$/i.test(clean)) return ''
  const ref = parseEmbedUrl(clean)
  if (ref) {
    const canonical = embedUrl(ref)
    return `<figure class="embed" data-embed="${ref.provider}" data-embed-id="${ref.id}"><a href="${escapeHtml(canonical)}">${escapeHtml(canonical)}</a></figure>`
  }
  return `<p><a href="${escapeHtml(clean)}">${escapeHtml(clean)}</a></p>`
}

function figure(image: GalleryImage): string {
  const caption = image.caption.trim() ? `<figcaption>${escapeHtml(image.caption.trim())}</figcaption>` : ''
  return `<figure><img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}" />${caption}</figure>`
}

/** `[caption]<img …> text[/caption]` → a figure: the image (or linked image) first, the rest as its caption. */
function caption(attrs: Record<string, string>, content: string): string {
  const m = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(content)
  if (!m) return content
  const text = (attrs.caption ?? m[2]!).trim()
  return `<figure>${m[1]}${text ? `<figcaption>${text}</figcaption>` : ''}</figure>`
}

function gallery(attrs: Record<string, string>, context: ContentContext): string {
  const list = attrs.ids ?? attrs.include
  const excluded = new Set((attrs.exclude ?? '').split(',').map((s) => s.trim()))
  const images = list
    ? list
        .split(',')
        .map((s) => context.attachments.get(s.trim()))
        .filter((i): i is GalleryImage => i !== undefined)
    : context.children.filter((i) => !excluded.has(i.id))
  return images.map(figure).join('\n')
}

/** A media link for `[video]` / `[audio]`: the first file URL among its attributes. */
function mediaLink(attrs: Record<string, string>): string {
  for (const key of ['src', 'mp4', 'm4v', 'webm', 'ogv', 'mp3', 'ogg', 'm4a', 'wav', 'flv', '0']) {
    const url = attrs[key]
    if (url && /^https?:\/\//i.test(url)) return embedOrLink(url)
  }
  return ''
}

const handledNames = 'caption|wp_caption|gallery|embed|youtube|vimeo|video|audio|playlist|tweet|twitter|facebook'
const handled = shortcodePattern(handledNames)

/** Shortcodes we turn into HTML, then the removal of every other one (their enclosed text stays). */
export function expandShortcodes(content: string, context: ContentContext): string {
  const expanded = content.replace(handled, (whole, open: string, name: string, rawAttrs: string, _slash, inner: string | undefined, close: string) => {
    if (open === '[' && close === ']') return whole.slice(1, -1)
    const attrs = shortcodeAttributes(rawAttrs.replace(/^=/, ' '))
    const body = inner ?? ''
    switch (name) {
      case 'caption':
      case 'wp_caption':
        return caption(attrs, expandShortcodes(body, context))
      case 'gallery':
        return `\n\n${gallery(attrs, context)}\n\n`
      case 'embed':
        return `\n\n${embedOrLink(body)}\n\n`
      case 'video':
      case 'audio':
        return `\n\n${mediaLink(attrs)}\n\n`
      case 'playlist':
        return ''
      default:
        // Jetpack-style [youtube URL] / [youtube=URL] / [tweet URL]
        return `\n\n${embedOrLink(body || attrs.url || attrs['0'] || '')}\n\n`
    }
  })
  return removeShortcodes(expanded)
}

/**
 * Removes the shortcodes nothing here understands (plugins' forms, sliders, columns…), keeping
 * the text they enclose. A bracketed word is taken for a shortcode only when it has attributes,
 * a closing `[/name]`, or a dash or underscore in its name: "[sic]" in a quote stays.
 */
export function removeShortcodes(content: string): string {
  const closed = new Set([...content.matchAll(/\[\/([a-z][\w-]*)\]/gi)].map((m) => m[1]!.toLowerCase()))
  return content
    .replace(/\[(\[?)(\/?)([a-z][\w-]*)(\s[^\]]*)?\](\]?)/gi, (whole, open: string, slash: string, name: string, attrs: string | undefined, close: string) => {
      if (open === '[' && close === ']') return whole.slice(1, -1)
      const isShortcode = slash === '/' || attrs !== undefined || closed.has(name.toLowerCase()) || /[-_]/.test(name)
      return isShortcode ? '' : whole
    })
}

/** Block embeds (`<!-- wp:embed {"url":…} -->…<!-- /wp:embed -->`, and the older `core-embed/*`) → embed figures or links. */
export function convertBlockEmbeds(content: string): string {
  return content.replace(/<!--\s+wp:(?:core-)?embed(?:\/[\w-]+)?\s+(\{[\s\S]*?\})\s+\/?-->(?:([\s\S]*?)<!--\s+\/wp:(?:core-)?embed(?:\/[\w-]+)?\s+-->)?/g, (_whole, json: string, inner: string | undefined) => {
    let url: string | undefined
    try {
      url = (JSON.parse(json) as { url?: unknown }).url as string | undefined
    } catch {
      url = /"url"\s*:\s*"([^"]+)"/.exec(json)?.[1]
    }
    url ??= /https?:\/\/[^\s<"]+/.exec(inner ?? '')?.[0]
    return typeof url === 'string' ? `\n${embedOrLink(url.replace(/\\\//g, '/'))}\n` : ''
  })
}

/** `<iframe>`, `<video>`, `<audio>` (the sanitizer would drop them) → embed figures or links to their source. */
export function convertMediaElements(content: string): string {
  return content.replace(/<(iframe|video|audio)\b([^>]*)>([\s\S]*?)<\/\1\s*>|<(iframe|video|audio)\b([^>]*?)\/>/gi, (_whole, _n, attrs: string | undefined, inner: string | undefined, _n2, selfAttrs: string | undefined) => {
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attrs ?? selfAttrs ?? '')?.[1] ?? /<source\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/i.exec(inner ?? '')?.[1]
    return src ? `\n${embedOrLink(src.startsWith('//') ? `https:${src}` : src)}\n` : ''
  })
}

/** A video URL alone on its line (WordPress embeds it when showing the post) → an embed figure. */
function convertBareEmbedLines(content: string): string {
  return content.replace(/^[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*$/gim, (line, url: string) => (parseEmbedUrl(url) ? `\n${embedOrLink(url)}\n` : line))
}

/** Image sources: ours for copied attachments, else the original upgraded to https. */
function rewriteImageSources(html: string, imageSrc: ContentContext['imageSrc']): string {
  return html.replace(/(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"']*)\2/gi, (_whole, head: string, quote: string, src: string) => {
    const url = src.trim().replace(/&amp;/g, '&')
    const local = imageSrc?.(url)
    const next = local ?? (url.startsWith('//') ? `https:${url}` : url.replace(/^http:\/\//i, 'https://'))
    return `${head}${quote}${escapeHtml(next)}${quote}`
  })
}

/** The image URLs a content refers to (so the caller can look up copied attachments first). */
export function imageSourcesOf(content: string): string[] {
  return [...content.matchAll(/<img\b[^>]*?\bsrc\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!.trim().replace(/&amp;/g, '&'))
}

/** What a content's galleries need: listed attachment ids, and whether one shows the post's own attachments. */
export function galleryNeeds(content: string): { ids: string[]; children: boolean } {
  const ids: string[] = []
  let children = false
  for (const m of content.matchAll(shortcodePattern('gallery'))) {
    if (m[1] === '[') continue
    const attrs = shortcodeAttributes(m[3] ?? '')
    const list = attrs.ids ?? attrs.include
    if (list) ids.push(...list.split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)))
    else children = true
  }
  return { ids, children }
}

/** The part before `<!--more-->` when the post has one (WordPress's teaser), else undefined. */
export function teaserOf(content: string): string | undefined {
  const at = content.search(/<!--more(.*?)?-->/)
  return at > 0 ? content.slice(0, at) : undefined
}

/**
 * A WordPress post's content as HTML for the sanitizer: paragraphs (classic content), embeds,
 * shortcodes and media elements converted, image sources rewritten.
 */
export function wordpressToHtml(content: string, context: ContentContext): string {
  let html = content.replace(/\r\n?/g, '\n')
  const block = isBlockContent(html)
  html = convertBlockEmbeds(html)
  html = convertMediaElements(html)
  html = convertBareEmbedLines(html)
  // WordPress's order: paragraphs first, then shortcodes, whose figures must not be split into paragraphs.
  if (!block) html = unwrapShortcodeParagraphs(autop(html))
  html = expandShortcodes(html, context)
  return rewriteImageSources(html, context.imageSrc)
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** A paragraph holding nothing but a shortcode we expand into blocks loses its `<p>` (WordPress's shortcode_unautop). */
function unwrapShortcodeParagraphs(html: string): string {
  return html.replace(/<p>([\s\S]*?)<\/p>/g, (whole, inner: string) => (new RegExp(`^\\[(?:${handledNames})\\b[\\s\\S]*\\]$`).test(inner.trim()) ? inner.trim() : whole))
}
