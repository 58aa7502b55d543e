import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { Db } from '../../db/database.js'
import type { Role } from '../../db/schema.js'
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { recordAudit } from '../audit/audit.repository.js'
import { detectImageType, writeOriginal, writeVariants } from './media.images.js'
import { canManageMedia, canUploadMedia, canUploadProfilePhoto } from './media.policy.js'
import { deleteMediaRow, findMediaById, findMediaIdsByKeys, findMediaUsage, insertMedia, replaceArticleMedia, updateMediaText, type MediaUsage } from './media.repository.js'
import { mediaTextSchema, type MediaText } from './media.schema.js'

export { findMediaByIds } from './media.repository.js'
export { toMediaImage, type MediaImage } from './media.schema.js'

/** Where files live and how large an upload may be (from Config.media). */
export interface MediaStore {
  dir: string
  uploadMaxBytes: number
}

export interface Actor {
  id: number
  role: Role
}

export interface UploadInput extends MediaText {
  bytes: Buffer
  /** The name the file had on the uploader's machine (shown in the library, searched). */
  originalName: string
}

/** 409: the image is still used; `usage` says where (the route lists it). */
export class MediaInUseError extends AppError {
  constructor(readonly usage: MediaUsage) {
    super('MEDIA_IN_USE', 409, 'media.error.inUse')
  }
}

/** 413 with the limit in the message. */
export function tooLargeError(store: MediaStore): AppError {
  return new AppError('MEDIA_TOO_LARGE', 413, 'media.error.tooLarge', { max: Math.round(store.uploadMaxBytes / 1024 / 1024) }, { file: 'media.error.tooLarge' })
}

/** Trimmed text fields; 422 naming each field in error (alt text is required). */
export function validateMediaText(input: MediaText): MediaText {
  const text = { alt: input.alt.trim(), caption: input.caption.trim(), credit: input.credit.trim() }
  const fields: Record<string, 'media.error.altRequired' | 'media.error.altTooLong' | 'media.error.captionTooLong' | 'media.error.creditTooLong'> = {}
  if (!text.alt) fields.alt = 'media.error.altRequired'
  const parsed = mediaTextSchema.safeParse(text)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path[0]
      if (name === 'alt') fields.alt = 'media.error.altTooLong'
      if (name === 'caption') fields.caption = 'media.error.captionTooLong'
      if (name === 'credit') fields.credit = 'media.error.creditTooLong'
    }
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields, 'MEDIA_TEXT_INVALID')
  return text
}

/** A file name fit for display: no folders, no control characters, NFC, at most 300 characters. */
function cleanName(name: string): string {
  const clean = basename(name.replace(/\\/g, '/'))
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
  return (clean || 'image').slice(0, 300)
}

/**
 * What an upload is for: the library (the writing roles) or the uploader's own profile photo
 * (every staff role; see canUploadProfilePhoto). Both are stored and checked the same way.
 */
export type UploadPurpose = 'library' | 'profilePhoto'

/**
 * Stores an uploaded image: checks size (413), type by magic bytes (415) and text (422), makes
 * the variants in a temporary folder, renames it into place under a new random storage key, then
 * inserts the row with its audit line. If anything fails after the files exist, they are
 * removed: there is never a folder without a row or a row without its files.
 */
export async function uploadMedia(
  db: Db,
  store: MediaStore,
  actor: Actor,
  input: UploadInput,
  now: Date,
  { purpose = 'library' }: { purpose?: UploadPurpose } = {},
): Promise<{ id: number; storageKey: string }> {
  if (!(purpose === 'profilePhoto' ? canUploadProfilePhoto(actor.role) : canUploadMedia(actor.role))) throw new ForbiddenError('MEDIA_FORBIDDEN')
  if (input.bytes.length === 0) throw new AppError('MEDIA_FILE_REQUIRED', 422, 'media.error.fileRequired', {}, { file: 'media.error.fileRequired' })
  if (input.bytes.length > store.uploadMaxBytes) throw tooLargeError(store)
  const mime = await detectImageType(input.bytes)
  if (!mime) throw new AppError('MEDIA_TYPE_UNSUPPORTED', 415, 'media.error.type', {}, { file: 'media.error.type' })
  const text = validateMediaText(input)

  const root = resolve(store.dir)
  await mkdir(root, { recursive: true })
  // Same filesystem as the final folder, so the rename is atomic; a dot name is never served.
  const temp = await mkdtemp(join(root, '.upload-'))
  const storageKey = randomBytes(16).toString('base64url')
  const final = join(root, storageKey)
  let placed = false
  try {
    let image
    try {
      image = await writeVariants(input.bytes, temp)
    } catch {
      throw new AppError('MEDIA_UNREADABLE', 422, 'media.error.unreadable', {}, { file: 'media.error.unreadable' })
    }
    await writeOriginal(input.bytes, temp, mime)
    await rename(temp, final)
    placed = true
    const originalName = cleanName(input.originalName)
    const id = await db.transaction().execute(async (trx) => {
      const id = await insertMedia(trx, {
        storage_key: storageKey,
        original_name: originalName,
        mime,
        bytes: input.bytes.length,
        width: image.width,
        height: image.height,
        variants: JSON.stringify(image.variants),
        ...text,
        uploaded_by: actor.id,
        created_at: now.toISOString(),
      })
      await recordAudit(trx, { userId: actor.id, action: 'media.upload', subjectType: 'media', subjectId: id, detail: originalName }, now)
      return id
    })
    return { id, storageKey }
  } catch (error) {
    await rm(placed ? final : temp, { recursive: true, force: true })
    throw error
  }
}

/** Loads an image the actor may manage: 404 when missing, 403 when not theirs to change. */
async function manageable(db: Db, actor: Actor, id: number) {
  const row = await findMediaById(db, id)
  if (!row) throw new NotFoundError('MEDIA_NOT_FOUND')
  if (!canManageMedia(actor.role, actor.id, row.uploaded_by)) throw new ForbiddenError('MEDIA_FORBIDDEN')
  return row
}

/** Saves alt text, caption and credit (422 as for uploads). */
export async function editMediaText(db: Db, actor: Actor, id: number, input: MediaText): Promise<void> {
  await manageable(db, actor, id)
  await updateMediaText(db, id, validateMediaText(input))
}

/**
 * Deletes an unused image: 409 (MediaInUseError, with where) while any article or profile uses
 * it. The row goes first (with its audit line), then the folder.
 */
export async function deleteMedia(db: Db, store: MediaStore, actor: Actor, id: number, now: Date): Promise<void> {
  const row = await manageable(db, actor, id)
  const usage = await findMediaUsage(db, id)
  if (usage.articles.length > 0 || usage.users.length > 0) throw new MediaInUseError(usage)
  try {
    await db.transaction().execute(async (trx) => {
      await deleteMediaRow(trx, id)
      await recordAudit(trx, { userId: actor.id, action: 'media.delete', subjectType: 'media', subjectId: id, detail: row.original_name }, now)
    })
  } catch (error) {
    // Linked between the check and the delete (article_media restricts deletion).
    const again = await findMediaUsage(db, id)
    if (again.articles.length > 0 || again.users.length > 0) throw new MediaInUseError(again)
    throw error
  }
  await rm(join(resolve(store.dir), row.storage_key), { recursive: true, force: true })
}

/** Storage keys referenced as `/media/{key}/` in HTML (attribute values or text). */
export function referencedKeys(html: string): string[] {
  return [...new Set([...html.matchAll(/\/media\/([A-Za-z0-9_-]{8,64})\//g)].map((m) => m[1]!))]
}

/**
 * Rewrites the article's article_media rows: the featured image plus every image the body
 * references by its public URL. Unknown ids and keys are ignored. Pass a transaction to make
 * it part of the article's save.
 */
export async function syncArticleMedia(db: Db, articleId: number, refs: { featuredMediaId: number | null; bodyHtml: string }): Promise<void> {
  const ids = await findMediaIdsByKeys(db, referencedKeys(refs.bodyHtml))
  if (refs.featuredMediaId !== null && !ids.includes(refs.featuredMediaId)) {
    const featured = await findMediaById(db, refs.featuredMediaId)
    if (featured) ids.push(featured.id)
  }
  await replaceArticleMedia(db, articleId, ids)
}
