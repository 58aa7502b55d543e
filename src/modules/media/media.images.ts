import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
// Loaded on first upload: image work is rare, and sharp (libvips) with file-type costs every
// process ~25 MB at start.
const loadSharp = async () => (await import('sharp')).default
const loadFileType = () => import('file-type')
import { acceptedTypes, variantWidths, type AcceptedMime, type MediaVariant } from './media.schema.js'

/** The accepted type of these bytes by their magic numbers, or undefined (the name and declared type are ignored). */
export async function detectImageType(bytes: Buffer): Promise<AcceptedMime | undefined> {
  const type = await (await loadFileType()).fileTypeFromBuffer(bytes)
  return type && type.mime in acceptedTypes ? (type.mime as AcceptedMime) : undefined
}

/** The widths to make for an image `width` px wide: the standard ones below it, plus its own up to the largest. */
export function widthsFor(width: number): number[] {
  const widths: number[] = variantWidths.filter((w) => w < width)
  if (width <= variantWidths[variantWidths.length - 1]!) widths.push(width)
  return widths
}

/**
 * Writes the WebP and AVIF variants of an image into `dir` (`<width>.webp`, `<width>.avif`),
 * turned upright by its EXIF orientation and without any metadata (sharp drops it unless told
 * otherwise), never upscaled. Returns the upright size and the variants written.
 * Throws when sharp cannot decode the bytes.
 */
export async function writeVariants(input: Buffer, dir: string): Promise<{ width: number; height: number; variants: MediaVariant[] }> {
  const sharp = await loadSharp()
  const meta = await sharp(input).metadata()
  const width = meta.autoOrient?.width ?? meta.width
  const height = meta.autoOrient?.height ?? meta.height
  if (!width || !height) throw new Error('image has no dimensions')
  const variants: MediaVariant[] = []
  // One width at a time: sharp already uses the cores for each encode.
  for (const w of widthsFor(width)) {
    const resized = sharp(input, { failOn: 'error' }).autoOrient().resize({ width: w, withoutEnlargement: true })
    const encoded = await Promise.all([
      resized.clone().webp({ quality: 80 }).toFile(join(dir, `${w}.webp`)).then((info) => ({ info, format: 'webp' as const })),
      resized.clone().avif({ quality: 55, effort: 2 }).toFile(join(dir, `${w}.avif`)).then((info) => ({ info, format: 'avif' as const })),
    ])
    for (const { info, format } of encoded) variants.push({ width: info.width, height: info.height, format, file: `${w}.${format}`, bytes: info.size })
  }
  return { width, height, variants }
}

/** Keeps the uploaded bytes as `original.<ext>` (for re-processing later; never served: it may carry EXIF such as GPS). */
export async function writeOriginal(input: Buffer, dir: string, mime: AcceptedMime): Promise<string> {
  const file = `original.${acceptedTypes[mime]}`
  await writeFile(join(dir, file), input)
  return file
}
