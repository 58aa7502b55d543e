/**
 * `sahifa export --format json`: the whole site as one JSON document, streamed (see README.md).
 */
import type { Db } from '../../db/database.js'
import { loadSiteSettings } from '../settings/settings.service.js'
import {
  listArticlesAfter,
  listAuditAfter,
  listCategoriesAfter,
  listCommentersAfter,
  listCommentsAfter,
  listImportMapAfter,
  listMediaAfter,
  listModerationAfter,
  listPagesAfter,
  listRedirectsAfter,
  listRevisionsAfter,
  listTagsAfter,
  listUsersAfter,
  countSections,
} from './export.repository.js'
import { EXCLUDED, EXPORT_FORMAT, EXPORT_VERSION, PRIVACY_NOTICE, type Section, type SectionCounts, type SectionRecord } from './export.schema.js'
import type { ExportSink } from './export.sink.js'

export interface ExportProgress {
  section: Section
  done: number
  total: number
}

export interface ExportOptions {
  /** Written as `exported_at`. */
  now: Date
  /** Written as `generator`, e.g. `sahifa 0.1.0`. */
  generator: string
  onProgress?: (progress: ExportProgress) => void
}

/** Rows per query. Articles come with their links; revisions and comments are their own sections. */
const BATCH = { articles: 100, revisions: 100, other: 500 }

/**
 * Reads one section in key order, a batch at a time. `next` is given the last record of the
 * previous batch (undefined for the first).
 */
type Pager<S extends Section> = (last: SectionRecord<S> | undefined) => Promise<Array<SectionRecord<S>>>

const byId =
  <S extends Section>(list: (db: Db, after: number, limit: number) => Promise<Array<SectionRecord<S>>>, limit = BATCH.other) =>
  (db: Db): Pager<S> =>
  (last) =>
    list(db, last ? (last as { id: number }).id : 0, limit)

/** Every section's pager, in document order. */
const pagers: { [S in Section]: (db: Db) => Pager<S> } = {
  users: byId(listUsersAfter),
  media: byId(listMediaAfter),
  categories: byId(listCategoriesAfter),
  tags: byId(listTagsAfter),
  articles: byId(listArticlesAfter, BATCH.articles),
  revisions: byId(listRevisionsAfter, BATCH.revisions),
  pages: byId(listPagesAfter),
  comments: byId(listCommentsAfter),
  commenters: (db) => (last) => listCommentersAfter(db, last?.email ?? '', BATCH.other),
  redirects: byId(listRedirectsAfter),
  audit_log: byId(listAuditAfter),
  moderation_log: byId(listModerationAfter),
  import_map: (db) => (last) => listImportMapAfter(db, last, BATCH.other),
}

/**
 * Writes the export document to `sink`: the head (format, version, time, what is left out and
 * why, counts, site settings), then each section as an array, one record per line. Reads happen
 * in one snapshot transaction (a consistent export while the site keeps running) in batches by
 * key, so memory stays flat however large the site. Returns the counts written.
 *
 * The layout (one record per line) is a courtesy to `grep` and line tools; readers need not rely
 * on it: `readJsonDocument` reads any JSON layout.
 */
export async function exportJson(db: Db, sink: ExportSink, options: ExportOptions): Promise<SectionCounts> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const counts = await countSections(trx)
      const site = await loadSiteSettings(trx)
      const head = {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exported_at: options.now.toISOString(),
        generator: options.generator,
        notice: PRIVACY_NOTICE,
        excluded: EXCLUDED,
        counts,
      }
      await sink.write(`${JSON.stringify(head).slice(0, -1)},\n"site":${JSON.stringify(site)}`)
      const written = Object.fromEntries(Object.keys(pagers).map((s) => [s, 0])) as SectionCounts
      for (const section of Object.keys(pagers) as Section[]) {
        written[section] = await writeSection(trx, sink, section, counts[section], options.onProgress)
      }
      await sink.write('\n}\n')
      return written
    })
}

async function writeSection<S extends Section>(db: Db, sink: ExportSink, section: S, total: number, onProgress: ExportOptions['onProgress']): Promise<number> {
  const next = (pagers[section] as (db: Db) => Pager<S>)(db)
  await sink.write(`,\n${JSON.stringify(section)}:[`)
  let done = 0
  onProgress?.({ section, done, total })
  for (let batch = await next(undefined); batch.length > 0; batch = await next(batch[batch.length - 1])) {
    let text = ''
    for (const record of batch) text += `${done++ === 0 ? '' : ','}\n${JSON.stringify(record)}`
    await sink.write(text)
    onProgress?.({ section, done, total: Math.max(total, done) })
  }
  await sink.write(done === 0 ? ']' : '\n]')
  return done
}
