/**
 * `sahifa import sahifa FILE.json`: a Sahifa export into an empty database (see README.md).
 */
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Db } from '../../db/database.js'
import type { Engine } from '../../db/dialect/index.js'
import { sanitizeArticleHtml } from '../articles/article-html.js'
import { markSearchIndexBuilt, rebuildSearchIndex } from '../search/search.index.js'
import { writeSiteSettings } from '../settings/settings.service.js'
import { hashPassword } from '../users/password.js'
import { EXPORT_FORMAT, EXPORT_VERSION, sectionSchemas, sections, type Section, type SectionCounts, type SectionRecord } from './export.schema.js'
import { JsonDocumentError, readJsonDocument } from './json.reader.js'
import {
  continueIdSequences,
  countExistingContent,
  insertArticles,
  insertAuditLines,
  insertCategories,
  insertCommenters,
  insertComments,
  insertImportMap,
  insertMediaRows,
  insertModerationLines,
  insertPages,
  insertRedirects,
  insertRevisions,
  insertTags,
  insertUsers,
  linkCategoryParents,
  linkCommentParents,
  refreshCommentCounts,
} from './restore.repository.js'

/** Why an export file cannot be imported (or the database cannot take it): a message for people. */
export class ExportImportError extends Error {
  override name = 'ExportImportError'
}

export type RestoreProgress = { phase: 'import'; section: Section; done: number; total: number } | { phase: 'index'; done: number; total: number }

export interface RestoreSummary {
  /** Records imported per section. */
  counts: SectionCounts
  exportedAt: string
  generator: string
  /** Published articles made searchable. */
  indexed: number
  seconds: number
}

/** Records per insert statement, by section (articles carry links and long bodies). */
const batchSize = (section: Section) => (section === 'articles' || section === 'revisions' ? 100 : 500)

type Writer<S extends Section> = (db: Db, records: Array<SectionRecord<S>>, state: RestoreState) => Promise<void>

interface RestoreState {
  passwordHash: string
  /** Links written once every row of the table is in (a parent may come after its child). */
  categoryParents: Array<{ id: number; parentId: number }>
  commentParents: Array<{ id: number; parentId: number }>
}

/** How each section is written. Bodies go through the article sanitizer again: a file is input like any other. */
const writers: { [S in Section]: Writer<S> } = {
  users: (db, rows, state) => insertUsers(db, rows, state.passwordHash),
  media: (db, rows) => insertMediaRows(db, rows),
  categories: (db, rows, state) => {
    for (const c of rows) if (c.parent_id !== null) state.categoryParents.push({ id: c.id, parentId: c.parent_id })
    return insertCategories(db, rows)
  },
  tags: (db, rows) => insertTags(db, rows),
  articles: (db, rows) => insertArticles(db, rows.map((a) => ({ ...a, body_html: sanitizeArticleHtml(a.body_html) }))),
  revisions: (db, rows) => insertRevisions(db, rows.map((r) => ({ ...r, body_html: sanitizeArticleHtml(r.body_html) }))),
  pages: (db, rows) => insertPages(db, rows.map((p) => ({ ...p, body_html: sanitizeArticleHtml(p.body_html) }))),
  comments: (db, rows, state) => {
    const later = rows.filter((c) => c.parent_id !== null && c.parent_id >= c.id)
    for (const c of later) state.commentParents.push({ id: c.id, parentId: c.parent_id! })
    return insertComments(db, later.length ? rows.map((c) => (c.parent_id !== null && c.parent_id >= c.id ? { ...c, parent_id: null } : c)) : rows)
  },
  commenters: (db, rows) => insertCommenters(db, rows),
  redirects: (db, rows) => insertRedirects(db, rows),
  audit_log: (db, rows) => insertAuditLines(db, rows),
  moderation_log: (db, rows) => insertModerationLines(db, rows),
  import_map: (db, rows) => insertImportMap(db, rows),
}

/**
 * Imports a Sahifa export (`exportJson`) into an empty database, keeping every id: one
 * transaction, streamed record by record (memory stays flat), each record validated by its
 * schema (a bad one stops the import, naming the section, the record and the field; nothing is
 * written). Accounts come without passwords (exports hold none): each needs `sahifa user
 * set-password` or a reset link. Afterwards the search index is rebuilt from the articles.
 *
 * @throws ExportImportError when the database already has content, or the file is not a
 *   complete Sahifa export of a version this code reads.
 */
export async function importSahifaExport(deps: { db: Db; engine: Engine }, file: string, options: { onProgress?: (p: RestoreProgress) => void } = {}): Promise<RestoreSummary> {
  const started = performance.now()
  const counts = Object.fromEntries(sections.map((s) => [s, 0])) as SectionCounts
  const head: Record<string, unknown> = {}

  await deps.db.transaction().execute(async (trx) => {
    const existing = await countExistingContent(trx)
    if (Object.keys(existing).length > 0) {
      const what = Object.entries(existing).map(([table, n]) => `${n} ${table}`).join(', ')
      throw new ExportImportError(`the database is not empty (${what}): a Sahifa export is imported only into an empty database (a new DATABASE_URL; \`sahifa migrate\` creates it)`)
    }
    const state: RestoreState = { passwordHash: await hashPassword(randomBytes(32).toString('base64url')), categoryParents: [], commentParents: [] }
    let section: Section | undefined
    let batch: unknown[] = []
    const flush = async () => {
      if (!section || batch.length === 0) return
      await (writers[section] as Writer<Section>)(trx, batch as Array<SectionRecord<Section>>, state)
      counts[section] += batch.length
      batch = []
      options.onProgress?.({ phase: 'import', section, done: counts[section], total: Math.max(counts[section], Number((head.counts as Record<string, number> | undefined)?.[section] ?? 0)) })
    }
    try {
      for await (const event of readJsonDocument(textChunks(file), isSection)) {
        if (event.type === 'member') {
          if (section) throw new ExportImportError(`"${event.key}" after the sections is not part of a version ${EXPORT_VERSION} export (made by a newer Sahifa?)`)
          if (event.key === 'format' && event.value !== EXPORT_FORMAT) throw new ExportImportError(`not a Sahifa export (format ${JSON.stringify(event.value)})`)
          head[event.key] = event.value
        } else if (event.type === 'section') {
          await flush()
          if (!section) await applyHead(trx, head)
          section = nextSection(section, event.key)
        } else {
          const parsed = sectionSchemas[section!].safeParse(event.value)
          if (!parsed.success) {
            const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ')
            throw new ExportImportError(`${section} record ${event.index + 1}: ${problem}`)
          }
          batch.push(parsed.data)
          if (batch.length >= batchSize(section!)) await flush()
        }
      }
    } catch (error) {
      if (error instanceof JsonDocumentError) throw new ExportImportError(`${file}: ${error.message}`)
      throw error
    }
    await flush()
    if (!section) await applyHead(trx, head)
    await linkCategoryParents(trx, state.categoryParents)
    await linkCommentParents(trx, state.commentParents)
    await refreshCommentCounts(trx)
    await continueIdSequences(trx, deps.engine)
  })

  const { indexed } = await rebuildSearchIndex(deps.db, deps.engine, { onProgress: ({ done, total }) => options.onProgress?.({ phase: 'index', done, total }) })
  await markSearchIndexBuilt(deps.db)
  return { counts, exportedAt: String(head.exported_at ?? ''), generator: String(head.generator ?? ''), indexed, seconds: (performance.now() - started) / 1000 }
}

/** Checks the head (format, version) and writes the site settings it carries. */
async function applyHead(db: Db, head: Record<string, unknown>): Promise<void> {
  if (head.format !== EXPORT_FORMAT) throw new ExportImportError('not a Sahifa export (no "format": "sahifa-export" before the sections)')
  if (head.version !== EXPORT_VERSION) {
    throw new ExportImportError(
      typeof head.version === 'number' && head.version > EXPORT_VERSION
        ? `this export is version ${head.version}, made by a newer Sahifa; this one reads version ${EXPORT_VERSION}: upgrade first`
        : `unsupported export version ${JSON.stringify(head.version)}`,
    )
  }
  if (head.site !== undefined) {
    if (!head.site || typeof head.site !== 'object') throw new ExportImportError('"site" must be an object of site settings')
    try {
      await writeSiteSettings(db, head.site as Record<string, unknown>)
    } catch (error) {
      const issues = (error as { issues?: Array<{ path: unknown[]; message: string }> }).issues
      if (!issues) throw error
      throw new ExportImportError(`site settings: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    }
  }
}

const isSection = (key: string) => (sections as string[]).includes(key)

/** The section after `current`, checked: not repeated, in document order (each refers only to those before it). */
function nextSection(current: Section | undefined, key: string): Section {
  const at = sections.indexOf(key as Section)
  if (current !== undefined && at <= sections.indexOf(current)) throw new ExportImportError(`section "${key}" comes after "${current}": the sections must be in the order ${sections.join(', ')}`)
  return key as Section
}

/** The file as UTF-8 text in chunks (bytes that are not UTF-8 stop the import). */
async function* textChunks(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 })
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield decode(decoder, chunk)
    yield decode(decoder, undefined)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ExportImportError(`${file}: no such file`)
    throw error
  } finally {
    stream.destroy()
  }
}

function decode(decoder: TextDecoder, chunk: Buffer | undefined): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode()
  } catch {
    throw new ExportImportError('the file is not UTF-8 text (an export always is)')
  }
}
