import type { Db } from '../../db/database.js'
import { findMediaByIds, toMediaImage, type MediaImage } from '../../modules/media/media.service.js'

/** Images a public page shows, by media id (see `imagesOf`). */
export type ImagesById = ReadonlyMap<number, MediaImage>

/**
 * The images with these media ids as pages render them, by media id: one query for the whole
 * page, none when no id is given (a page without images costs nothing). Nulls are skipped, and
 * so are ids whose row is gone or has no variants (an image that cannot be shown).
 * @example const images = await imagesOf(deps.db, items.map((a) => a.featuredMediaId))
 */
export async function imagesOf(db: Db, ids: ReadonlyArray<number | null | undefined>): Promise<ImagesById> {
  const images = new Map<number, MediaImage>()
  for (const row of await findMediaByIds(db, ids)) {
    const image = toMediaImage(row)
    if (image.src) images.set(row.id, image)
  }
  return images
}
