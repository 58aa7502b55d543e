import { sanitizeArticleHtml } from '../articles/article-html.js'
import { mediaUrl, variantsOf } from '../media/media.schema.js'
import { findChildMedia, findImportedMedia, findMediaBySourceUrls, type ImportedMedia } from './import.repository.js'
import { galleryNeeds, imageSourcesOf, wordpressToHtml, type GalleryImage } from './wordpress.content.js'
import { cleanUrl } from './wordpress.mapper.js'
import type { ImportRun } from './wordpress.run.js'
import type { WxrItem } from './wxr.schema.js'

/** A post's body, sanitized, and the media library images it shows (for article_media). */
export interface PreparedContent {
  html: string
  mediaIds: number[]
}

/**
 * Converts an item's content (wordpressToHtml) and sanitizes it (sanitizeArticleHtml), after
 * looking up what it refers to: the attachments its `[gallery]` shortcodes show, and — when this
 * run has copied files into the media library — our copies of the images it shows.
 */
export async function prepareContent(run: ImportRun, item: WxrItem): Promise<PreparedContent> {
  const needs = galleryNeeds(item.content)
  const mediaIds = new Set<number>()
  const image = (m: ImportedMedia): GalleryImage => {
    const local = localSrc(m)
    if (local) mediaIds.add(m.id)
    return { id: m.wpId, src: local ?? m.source_url ?? '', alt: m.alt, caption: m.caption }
  }
  const listed = needs.ids.length ? await findImportedMedia(run.db, run.source, needs.ids) : []
  const children = needs.children ? await findChildMedia(run.db, run.source, item.postId) : []

  const copies = new Map<string, { id: number; src: string }>()
  if (run.hasLocalMedia) {
    const sources = imageSourcesOf(item.content)
    const candidates = new Map(sources.flatMap((src) => sourceCandidates(cleanUrl(src) || src).map((c) => [c, src] as const)))
    for (const row of await findMediaBySourceUrls(run.db, [...candidates.keys()])) {
      const src = localSrc(row)
      const original = row.source_url && candidates.get(row.source_url)
      if (src && original && !copies.has(original)) copies.set(original, { id: row.id, src })
    }
  }
  const html = sanitizeArticleHtml(
    wordpressToHtml(item.content, {
      attachments: new Map(listed.map((m) => [m.wpId, image(m)])),
      children: children.map(image),
      imageSrc: (src) => {
        const copy = copies.get(src)
        if (copy) mediaIds.add(copy.id)
        return copy?.src
      },
    }),
  )
  return { html, mediaIds: [...mediaIds] }
}

/** The URL of our copy's fallback size (WebP up to 1280 px), or undefined when the file was not copied. */
function localSrc(row: { storage_key: string; variants: string }): string | undefined {
  const webp = variantsOf(row)
    .filter((v) => v.format === 'webp')
    .sort((a, b) => a.width - b.width)
  const pick = webp.filter((v) => v.width <= 1280).at(-1) ?? webp[0]
  return pick && mediaUrl(row.storage_key, pick.file)
}

/**
 * The attachment URLs an image URL in a body may stand for: itself, the original of a resized
 * copy (`photo-300x200.jpg` → `photo.jpg`, or WordPress 5.3's `photo-scaled.jpg`), each over http
 * and https.
 */
export function sourceCandidates(src: string): string[] {
  const bare = src.replace(/[?#].*$/, '')
  const original = bare.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1')
  const forms = new Set([bare, original, original.replace(/(\.[a-z0-9]+)$/i, '-scaled$1')])
  return [...forms].flatMap((u) => [u.replace(/^https?:/i, 'http:'), u.replace(/^https?:/i, 'https:')])
}
