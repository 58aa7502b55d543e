/**
 * SQL of the importer: the import map (what each imported thing became) and the writes of
 * imported rows that the owning modules have no function for (theirs open their own
 * transactions, index one article at a time, or do not exist yet). Every function takes the
 * import's transaction.
 */
import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ArticleUpdate, CommentRow, ImportMapTable, MediaRow, NewArticle } from '../../db/schema.js'

export type ImportKind = ImportMapTable['kind']

export interface MappedTarget {
  targetId: number
  sourceParent: string | null
  stamp: string | null
}

/** The targets already recorded for these source ids (one query); unknown ids are absent. */
export async function findTargets(db: Db, source: string, kind: ImportKind, sourceIds: readonly string[]): Promise<Map<string, MappedTarget>> {
  const out = new Map<string, MappedTarget>()
  for (let i = 0; i < sourceIds.length; i += 500) {
    const rows = await db
      .selectFrom('import_map')
      .select(['source_id', 'target_id', 'source_parent', 'target_stamp'])
      .where('source', '=', source)
      .where('kind', '=', kind)
      .where('source_id', 'in', sourceIds.slice(i, i + 500))
      .execute()
    for (const r of rows) out.set(r.source_id, { targetId: r.target_id, sourceParent: r.source_parent, stamp: r.target_stamp })
  }
  return out
}

/** One line of the import map to write. */
export interface TargetRow {
  kind: ImportKind
  sourceId: string
  targetId: number
  sourceParent?: string | null
  stamp?: string | null
}

/** Records (or re-records) what these source ids became (any kinds; one statement per 200). */
export async function saveTargets(db: Db, source: string, rows: readonly TargetRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('import_map')
      .values(rows.slice(i, i + 200).map((r) => ({ source, kind: r.kind, source_id: r.sourceId, target_id: r.targetId, source_parent: r.sourceParent ?? null, target_stamp: r.stamp ?? null })))
      .onConflict((oc) =>
        oc.columns(['source', 'kind', 'source_id']).doUpdateSet((eb) => ({
          target_id: eb.ref('excluded.target_id'),
          source_parent: eb.ref('excluded.source_parent'),
          target_stamp: eb.ref('excluded.target_stamp'),
        })),
      )
      .execute()
  }
}

/** A tag by id (the taxonomy module finds them by slug and name only). */
export async function findTagById(db: Db, id: number): Promise<{ id: number; slug: string } | undefined> {
  return db.selectFrom('tags').select(['id', 'slug']).where('id', '=', id).executeTakeFirst()
}

/** An imported attachment with its media row, by WordPress id. */
export type ImportedMedia = Pick<MediaRow, 'id' | 'storage_key' | 'source_url' | 'alt' | 'caption' | 'variants'> & { wpId: string }

const mediaColumns = ['media.id', 'media.storage_key', 'media.source_url', 'media.alt', 'media.caption', 'media.variants', 'import_map.source_id as wpId'] as const

/** Imported attachments by their WordPress ids. */
export async function findImportedMedia(db: Db, source: string, wpIds: readonly string[]): Promise<ImportedMedia[]> {
  if (wpIds.length === 0) return []
  return db
    .selectFrom('import_map')
    .innerJoin('media', 'media.id', 'import_map.target_id')
    .select([...mediaColumns])
    .where('import_map.source', '=', source)
    .where('import_map.kind', '=', 'attachment')
    .where('import_map.source_id', 'in', [...new Set(wpIds)].slice(0, 500))
    .execute()
}

/** The attachments uploaded to one post, in WordPress id order (a `[gallery]` without ids shows them). */
export async function findChildMedia(db: Db, source: string, wpParentId: string): Promise<ImportedMedia[]> {
  const rows = await db
    .selectFrom('import_map')
    .innerJoin('media', 'media.id', 'import_map.target_id')
    .select([...mediaColumns])
    .where('import_map.source', '=', source)
    .where('import_map.kind', '=', 'attachment')
    .where('import_map.source_parent', '=', wpParentId)
    .limit(200)
    .execute()
  return rows.sort((a, b) => Number(a.wpId) - Number(b.wpId))
}

/** Media rows recorded with these source URLs (images of the old site a body refers to). */
export async function findMediaBySourceUrls(db: Db, urls: readonly string[]): Promise<Array<Pick<MediaRow, 'id' | 'storage_key' | 'source_url' | 'variants'>>> {
  if (urls.length === 0) return []
  return db.selectFrom('media').select(['id', 'storage_key', 'source_url', 'variants']).where('source_url', 'in', [...new Set(urls)].slice(0, 500)).execute()
}

/** Updates an imported attachment's row (text, URL, and the file's details once copied). */
export async function updateImportedMedia(db: Db, id: number, fields: Partial<Pick<MediaRow, 'original_name' | 'mime' | 'bytes' | 'width' | 'height' | 'variants' | 'alt' | 'caption' | 'credit' | 'storage_key' | 'source_url'>>): Promise<void> {
  await db.updateTable('media').set(fields).where('id', '=', id).execute()
}

/** Inserts an imported article (links and search index are written separately, in batches). */
export async function insertImportedArticle(db: Db, article: NewArticle): Promise<number> {
  const { id } = await db.insertInto('articles').values(article).returning('id').executeTakeFirstOrThrow()
  return id
}

/** The versions these articles have now (deleted ones are absent). */
export async function findArticleVersions(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('articles').select(['id', 'version']).where('id', 'in', [...ids]).execute()
  return new Map(rows.map((r) => [r.id, r.version]))
}

/** Overwrites an imported article's fields with the export's and bumps its version; returns the new version. */
export async function updateImportedArticle(db: Db, id: number, fields: ArticleUpdate): Promise<number> {
  const row = await db
    .updateTable('articles')
    .set({ ...fields, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow()
  return row.version
}

/** Article links to write: authors (position = order), categories (position 0 = primary), tags. */
export interface ArticleLinkRows {
  authors: Array<{ article_id: number; user_id: number; position: number }>
  categories: Array<{ article_id: number; category_id: number; position: number }>
  tags: Array<{ article_id: number; tag_id: number }>
}

/** Removes these articles' author, category and tag links (before writing them anew). */
export async function deleteArticleLinks(db: Db, articleIds: readonly number[]): Promise<void> {
  for (let i = 0; i < articleIds.length; i += 500) {
    const ids = articleIds.slice(i, i + 500)
    await db.deleteFrom('article_authors').where('article_id', 'in', ids).execute()
    await db.deleteFrom('article_categories').where('article_id', 'in', ids).execute()
    await db.deleteFrom('article_tags').where('article_id', 'in', ids).execute()
  }
}

/** Inserts article links, many per statement. */
export async function insertArticleLinks(db: Db, rows: ArticleLinkRows): Promise<void> {
  for (let i = 0; i < rows.authors.length; i += 300) await db.insertInto('article_authors').values(rows.authors.slice(i, i + 300)).execute()
  for (let i = 0; i < rows.categories.length; i += 300) await db.insertInto('article_categories').values(rows.categories.slice(i, i + 300)).execute()
  for (let i = 0; i < rows.tags.length; i += 300) await db.insertInto('article_tags').values(rows.tags.slice(i, i + 300)).execute()
}

/**
 * Replaces the media library images these articles use (the media module's `article_media`,
 * which its own replaceArticleMedia keeps one article at a time).
 */
export async function replaceArticleMediaRows(db: Db, articleIds: readonly number[], rows: ReadonlyArray<{ article_id: number; media_id: number }>): Promise<void> {
  for (let i = 0; i < articleIds.length; i += 500) await db.deleteFrom('article_media').where('article_id', 'in', articleIds.slice(i, i + 500)).execute()
  for (let i = 0; i < rows.length; i += 300) await db.insertInto('article_media').values(rows.slice(i, i + 300)).execute()
}

/** Sets these articles' comment counts to their approved comments (kept by the comments module for every other write). */
export async function refreshCommentCounts(db: Db, articleIds: readonly number[]): Promise<void> {
  for (let i = 0; i < articleIds.length; i += 500) {
    await db
      .updateTable('articles')
      .set({ comment_count: (eb) => eb.selectFrom('comments').select((c) => c.fn.countAll<number>().as('n')).whereRef('comments.article_id', '=', 'articles.id').where('comments.status', '=', 'approved') })
      .where('id', 'in', articleIds.slice(i, i + 500))
      .execute()
  }
}

/** `updated_at` of these comments as they are now (a moderated one differs from the import's stamp). */
export async function findCommentStamps(db: Db, ids: readonly number[]): Promise<Map<number, { updatedAt: string; articleId: number }>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('comments').select(['id', 'updated_at', 'article_id']).where('id', 'in', [...ids]).execute()
  return new Map(rows.map((r) => [r.id, { updatedAt: r.updated_at, articleId: r.article_id }]))
}

export async function insertImportedComment(db: Db, comment: Omit<CommentRow, 'id'>): Promise<number> {
  const { id } = await db.insertInto('comments').values(comment).returning('id').executeTakeFirstOrThrow()
  return id
}

export async function updateImportedComment(db: Db, id: number, comment: Omit<CommentRow, 'id'>): Promise<void> {
  await db.updateTable('comments').set(comment).where('id', '=', id).execute()
}

/** A page's `updated_at` as it is now, or undefined when it was deleted. */
export async function findPageStamp(db: Db, id: number): Promise<string | undefined> {
  return (await db.selectFrom('pages').select('updated_at').where('id', '=', id).executeTakeFirst())?.updated_at
}

/** Whether another page already has this slug. */
export async function isPageSlugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('pages').select('id').where('slug', '=', slug)
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export async function updateImportedPage(db: Db, id: number, page: { slug: string; title: string; bodyHtml: string; status: 'draft' | 'published'; createdAt: string; updatedAt: string }): Promise<void> {
  await db
    .updateTable('pages')
    .set({ slug: page.slug, title: page.title, body_html: page.bodyHtml, status: page.status, created_at: page.createdAt, updated_at: page.updatedAt })
    .where('id', '=', id)
    .execute()
}

/**
 * Records old paths as 301 redirects (the redirects module's table). An authoritative path (the
 * item's own link) replaces a redirect of the same path; a guessed one never does, so the first
 * item to claim `/slug/` keeps it. Each path at most once in `redirects`.
 */
export async function saveRedirects(db: Db, redirects: ReadonlyArray<{ from: string; to: string; authoritative: boolean }>, now: Date): Promise<void> {
  const created_at = now.toISOString()
  const rows = (authoritative: boolean) => redirects.filter((r) => r.authoritative === authoritative).map((r) => ({ from_path: r.from, to_path: r.to, status_code: 301, created_at }))
  const replacing = rows(true)
  const guessed = rows(false)
  for (let i = 0; i < replacing.length; i += 200) {
    await db
      .insertInto('redirects')
      .values(replacing.slice(i, i + 200))
      .onConflict((oc) => oc.column('from_path').doUpdateSet((eb) => ({ to_path: eb.ref('excluded.to_path'), status_code: 301 })))
      .execute()
  }
  for (let i = 0; i < guessed.length; i += 200) await db.insertInto('redirects').values(guessed.slice(i, i + 200)).onConflict((oc) => oc.column('from_path').doNothing()).execute()
}

/** Forgets the redirects from these old paths that lead to `toPrefix…` (content that is no longer public). */
export async function deleteRedirectsTo(db: Db, fromPaths: readonly string[], toPrefix: string): Promise<void> {
  if (fromPaths.length === 0) return
  await db
    .deleteFrom('redirects')
    .where('from_path', 'in', [...fromPaths])
    .where('to_path', 'like', `${toPrefix.replace(/[\\%_]/g, '')}%`)
    .execute()
}

/** The highest navigation position of the categories (new ones go after it). */
export async function maxCategoryPosition(db: Db): Promise<number> {
  const row = await db.selectFrom('categories').select((eb) => eb.fn.max<number | null>('position').as('n')).executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Whether any imported attachment's file was copied into the media library (bodies may then point to the copies). */
export async function hasCopiedMedia(db: Db): Promise<boolean> {
  return (await db.selectFrom('media').select('id').where('source_url', 'is not', null).where('variants', '!=', '[]').limit(1).executeTakeFirst()) !== undefined
}
