/**
 * `importWordpress`: a WordPress export (WXR) into Sahifa, in one transaction and two streaming
 * passes over the file (see README.md).
 */
import { rm, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Db } from '../../db/database.js'
import { recordAudit } from '../audit/audit.repository.js'
import type { MediaStore } from '../media/media.service.js'
import { loadSiteSettings } from '../settings/settings.service.js'
import { hasCopiedMedia, maxCategoryPosition } from './import.repository.js'
import { writeAttachment } from './wordpress.attachments.js'
import { writeAuthor } from './wordpress.authors.js'
import { postWriter } from './wordpress.posts.js'
import { ImportRun, type ImportOptions, type ImportSummary } from './wordpress.run.js'
import { linkCategoryParents, writeTerm } from './wordpress.terms.js'
import { readWxr } from './wxr.reader.js'
import type { WxrSite } from './wxr.schema.js'

export { WxrSyntaxError } from './wxr.reader.js'
export type { ImportOptions, ImportProgress, ImportSummary, KindCounts } from './wordpress.run.js'

export interface ImportDeps {
  db: Db
  /** Keys the IP hashes of imported comments (the same secret as the site's). */
  secret: string
  /** The media library (for --uploads). */
  media: MediaStore
}

/** Thrown inside the transaction to roll a dry run back. */
class DryRunDone extends Error {}

/**
 * Imports a WordPress export file: authors, categories (with their tree), tags, attachments,
 * posts, pages, comments and old addresses (301 redirects), and indexes the published articles
 * for search. Everything happens in one transaction: malformed XML anywhere in the file (a
 * WxrSyntaxError with its line and column), or any other failure, leaves the database as it was
 * (and removes files copied from --uploads). Running it again updates what it imported before.
 *
 * Pass 1 reads the whole file (so a broken file is found before any post is written) and writes
 * the site's authors, terms and attachments; pass 2 writes posts and pages with their comments,
 * when every attachment a post may show is known. Only one item is ever held in memory.
 *
 * @throws WxrSyntaxError for a file that is not well-formed XML or not a WordPress export.
 */
export async function importWordpress(deps: ImportDeps, file: string, options: ImportOptions = {}, now = new Date()): Promise<ImportSummary> {
  const started = performance.now()
  const totalBytes = (await stat(file)).size
  const settings = await loadSiteSettings(deps.db)
  const timeZone = options.timeZone ?? settings.timeZone
  assertTimeZone(timeZone)
  if (options.uploadsDir && !(await stat(options.uploadsDir).catch(() => undefined))?.isDirectory()) throw new Error(`--uploads: ${options.uploadsDir} is not a folder`)
  const uploads = options.uploadsDir ? { from: options.uploadsDir, store: deps.media } : undefined
  const ipCutoff = new Date(now.getTime() - settings.commentIpRetentionDays * 86_400_000)
  let run: ImportRun | undefined
  let items = 0

  try {
    await deps.db.transaction().execute(async (trx) => {
      let total = 0
      const invalid = new Map<string, string>()
      for await (const record of readWxr(file, { onBytes: (bytes) => options.onProgress?.({ phase: 'scan', bytes, totalBytes }) })) {
        if (record.type === 'site') {
          run = new ImportRun(trx, options.source ?? sourceOf(record.site, file), record.site, now, timeZone, ipCutoff)
          run.nextCategoryPosition = await maxCategoryPosition(trx)
          run.hasLocalMedia = await hasCopiedMedia(trx)
          continue
        }
        const r = run!
        if (record.type === 'author') await writeAuthor(r, record.author)
        else if (record.type === 'term') await writeTerm(r, record.term)
        else if (record.type === 'invalid') {
          // One reason per kind of record, naming the first bad one.
          if (!invalid.has(record.what)) invalid.set(record.what, `<${record.what}> records with unusable fields (the first at line ${record.line}: ${record.reason})`)
          r.skip(invalid.get(record.what)!)
        } else if (record.item.postType === 'attachment') await writeAttachment(r, record.item, uploads)
        else if (record.item.postType === 'post' || record.item.postType === 'page') total++
        else r.skip(`items of type "${record.item.postType}" (menus, templates, other plugins' types) are not imported`)
      }
      const r = run!
      await linkCategoryParents(r)

      options.onProgress?.({ phase: 'import', done: 0, total })
      const writer = postWriter(r, deps.secret, () => options.onProgress?.({ phase: 'import', done: ++items, total }))
      for await (const record of readWxr(file)) {
        if (record.type === 'item' && (record.item.postType === 'post' || record.item.postType === 'page')) await writer.add(record.item)
      }
      await writer.finish()
      if (options.dryRun) throw new DryRunDone()
      await recordAudit(trx, { userId: null, action: 'import.wordpress', subjectType: 'import', detail: auditDetail(r) }, now)
    })
  } catch (error) {
    if (run) await Promise.all(run.placedMedia.map((dir) => rm(dir, { recursive: true, force: true })))
    if (!(error instanceof DryRunDone)) throw error
  }
  return run!.summary(options.dryRun === true, items, (performance.now() - started) / 1000)
}

/** The audit line's detail: where from, and what came in ("wordpress:https://… — posts +12 ~3, comments +40 ~0 …"). */
function auditDetail(run: ImportRun): string {
  const counts = Object.entries(run.counts)
    .filter(([, c]) => c.imported + c.updated > 0)
    .map(([kind, c]) => `${kind} +${c.imported} ~${c.updated}`)
  return `${run.source} — ${counts.join(', ') || 'nothing new'}`
}

/** The import map's name for the site: `wordpress:` and its blog URL (lower-case host, no trailing slash). */
export function sourceOf(site: WxrSite, file: string): string {
  const url = site.baseBlogUrl || site.link || site.baseSiteUrl
  try {
    const parsed = new URL(url)
    return `wordpress:${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}`.slice(0, 300)
  } catch {
    return `wordpress:file:${basename(file)}`.slice(0, 300)
  }
}

function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    throw new Error(`unknown time zone "${timeZone}" (use an IANA name such as Africa/Cairo)`)
  }
}
