import { z } from 'zod'
import type { MediaRow } from '../../db/schema.js'

/** Widths the variants are made at (never wider than the image itself). */
export const variantWidths = [320, 640, 960, 1280, 1920] as const

/** What an upload may be, decided by the file's first bytes (never by its name or declared type). */
export const acceptedTypes = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/avif': 'avif', 'image/gif': 'gif' } as const
export type AcceptedMime = keyof typeof acceptedTypes

/** A storage key: a random, URL-safe folder name (also the public URL segment). */
export const storageKeyPattern = /^[A-Za-z0-9_-]{8,64}$/
/** Public variant file names: `<width>.<webp|avif>`. The kept original is never served. */
export const variantFilePattern = /^\d{2,4}\.(webp|avif)$/

const variantSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.enum(['webp', 'avif']),
  file: z.string().regex(variantFilePattern),
  bytes: z.number().int().nonnegative(),
})
/** The `media.variants` JSON column, validated when read. */
export const variantsSchema = z.array(variantSchema)
export type MediaVariant = z.infer<typeof variantSchema>

/** Newsroom-editable text of an image, with the column limits. */
export const mediaTextSchema = z.object({
  alt: z.string().max(500),
  caption: z.string().max(1000),
  credit: z.string().max(300),
})
export type MediaText = z.infer<typeof mediaTextSchema>

/** An image as pages render it: ready-made srcsets for `<picture>` (see views/components/responsive-image.tsx). */
export interface MediaImage {
  id: number
  /** Fallback `<img src>`: the largest WebP variant up to 1280 px wide. */
  src: string
  srcsetWebp: string
  srcsetAvif: string
  width: number
  height: number
  alt: string
  caption: string
  credit: string
}

/** The public URL of one file of an image. @example mediaUrl('k3y', '640.webp') // '/media/k3y/640.webp' */
export function mediaUrl(storageKey: string, file: string): string {
  return `/media/${storageKey}/${file}`
}

/** The stored variants of a row (an unreadable column counts as none). */
export function variantsOf(row: Pick<MediaRow, 'variants'>): MediaVariant[] {
  try {
    const parsed = variantsSchema.safeParse(JSON.parse(row.variants))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/** A media row as the view model pages and the article editor's picker use. */
export function toMediaImage(row: MediaRow): MediaImage {
  const variants = variantsOf(row).sort((a, b) => a.width - b.width)
  const srcset = (format: MediaVariant['format']) =>
    variants
      .filter((v) => v.format === format)
      .map((v) => `${mediaUrl(row.storage_key, v.file)} ${v.width}w`)
      .join(', ')
  const webp = variants.filter((v) => v.format === 'webp')
  const fallback = webp.filter((v) => v.width <= 1280).at(-1) ?? webp[0]
  const largest = webp.at(-1)
  return {
    id: row.id,
    src: fallback ? mediaUrl(row.storage_key, fallback.file) : '',
    srcsetWebp: srcset('webp'),
    srcsetAvif: srcset('avif'),
    width: largest?.width ?? row.width,
    height: largest?.height ?? row.height,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
  }
}
