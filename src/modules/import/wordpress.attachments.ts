import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { insertMedia } from '../media/media.repository.js'
import { loginKey } from './wordpress.authors.js'
import { detectImageType, writeOriginal, writeVariants } from '../media/media.images.js'
import type { MediaStore } from '../media/media.service.js'
import { findImportedMedia, findTargets, saveTargets, updateImportedMedia } from './import.repository.js'
import { cleanUrl, fileNameOf, mimeFromUrl, plainText, wordpressInstant } from './wordpress.mapper.js'
import type { ImportRun } from './wordpress.run.js'
import type { WxrItem } from './wxr.schema.js'

/** Where uploads are copied from, and where our media library keeps files. */
export interface UploadsCopy {
  from: string
  store: MediaStore
}

/**
 * An attachment as a media row, recorded by its URL on the old site (`media.source_url`).
 * With a copy of `wp-content/uploads`, its file is copied into the library like an upload
 * (type by magic bytes, WebP/AVIF variants, size limit), so pages can show it; files that are
 * not images, too large or missing stay recorded by URL only. A re-run updates the text and
 * copies files it could not copy before. The credit line comes from Sahifa's `_sahifa_credit` meta.
 */
export async function writeAttachment(run: ImportRun, item: WxrItem, uploads: UploadsCopy | undefined): Promise<void> {
  const url = cleanUrl(item.attachmentUrl || item.guid)
  if (!url) {
    run.skip('attachments without a usable URL')
    return
  }
  const db = run.db
  const mapped = (await findTargets(db, run.source, 'attachment', [item.postId])).get(item.postId)
  const existing = mapped ? (await findImportedMedia(db, run.source, [item.postId]))[0] : undefined
  const text = {
    original_name: fileNameOf(url),
    mime: mimeFromUrl(url).slice(0, 50),
    alt: plainText(item.meta._wp_attachment_image_alt ?? '', 500),
    caption: plainText(item.excerpt, 1000),
    source_url: url,
    // Only Sahifa's export has a credit line: without one, a re-run leaves the credit as it is.
    ...(item.meta._sahifa_credit === undefined ? {} : { credit: Array.from(item.meta._sahifa_credit.trim()).slice(0, 300).join('').trim() }),
  }
  const copied = uploads && (!existing || existing.variants === '[]') ? await copyUpload(run, item, url, uploads) : undefined
  let mediaId: number
  if (existing) {
    await updateImportedMedia(db, existing.id, { ...text, ...copied })
    mediaId = existing.id
    run.counts.attachments.updated++
  } else {
    const created = wordpressInstant(item.postDateGmt, item.postDate, run.timeZone) ?? run.now
    mediaId = await insertMedia(db, {
      storage_key: randomBytes(16).toString('base64url'),
      bytes: 0,
      width: 0,
      height: 0,
      variants: '[]',
      credit: '',
      uploaded_by: item.creator ? (run.authors.get(loginKey(item.creator)) ?? null) : null,
      created_at: created.toISOString(),
      ...text,
      ...copied,
    })
    run.counts.attachments.imported++
  }
  await saveTargets(db, run.source, [{ kind: 'attachment', sourceId: item.postId, targetId: mediaId, sourceParent: item.postParent }])
}

/** The file's path under `wp-content/uploads`: `_wp_attached_file`, else read from the URL. */
function uploadsPath(item: WxrItem, url: string): string | undefined {
  const attached = item.meta._wp_attached_file?.trim()
  if (attached) return attached
  const path = decodeURIComponent(new URL(url).pathname)
  const inUploads = /\/wp-content\/uploads\/(.+)$/.exec(path)?.[1]
  // WordPress.com serves uploads from files.wordpress.com/YYYY/MM/name.
  return inUploads ?? /^\/(\d{4}\/\d{2}\/.+)$/.exec(path)?.[1]
}

/**
 * Copies an attachment's file into the media library; returns the media fields of the copy, or
 * undefined (with a reason counted) when there is nothing to copy. The folder is recorded in
 * the run, which removes it if the import is rolled back.
 */
async function copyUpload(run: ImportRun, item: WxrItem, url: string, uploads: UploadsCopy) {
  let relative: string | undefined
  try {
    relative = uploadsPath(item, url)
  } catch {
    relative = undefined
  }
  const root = resolve(uploads.from)
  const file = relative && resolve(root, relative)
  if (!file || !file.startsWith(root + sep)) {
    run.skip('attachment files not found under --uploads (recorded by URL)')
    return undefined
  }
  const info = await stat(file).catch(() => undefined)
  if (!info?.isFile()) {
    run.skip('attachment files not found under --uploads (recorded by URL)')
    return undefined
  }
  if (info.size > uploads.store.uploadMaxBytes) {
    run.skip('attachment files larger than the upload limit (recorded by URL)')
    return undefined
  }
  const bytes = await readFile(file)
  const mime = await detectImageType(bytes)
  if (!mime) {
    run.skip('attachment files that are not images (recorded by URL)')
    return undefined
  }
  const mediaRoot = resolve(uploads.store.dir)
  await mkdir(mediaRoot, { recursive: true })
  const temp = await mkdtemp(join(mediaRoot, '.import-'))
  const storageKey = randomBytes(16).toString('base64url')
  try {
    const image = await writeVariants(bytes, temp)
    await writeOriginal(bytes, temp, mime)
    await rename(temp, join(mediaRoot, storageKey))
    run.placedMedia.push(join(mediaRoot, storageKey))
    run.hasLocalMedia = true
    return { storage_key: storageKey, mime, bytes: bytes.length, width: image.width, height: image.height, variants: JSON.stringify(image.variants) }
  } catch {
    await rm(temp, { recursive: true, force: true })
    run.skip('attachment files that could not be read as images (recorded by URL)')
    return undefined
  }
}
