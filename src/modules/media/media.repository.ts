import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.js'
import { containsText, type Engine } from '../../db/dialect/index.js'
import type { MediaRow, MediaTable } from '../../db/schema.js'
import type { MediaText } from './media.schema.js'

/** Where an image is used (each list empty when it is not). */
export interface MediaUsage {
  articles: Array<{ id: number; title: string }>
  users: Array<{ id: number; name: string }>
}

/** Inserts an image row; returns its id. */
export async function insertMedia(db: Db, media: Insertable<MediaTable>): Promise<number> {
  const row = await db.insertInto('media').values(media).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function findMediaById(db: Db, id: number): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The rows of these ids that exist (any order; unknown ids and empty slots are skipped; no query when none is left). */
export async function findMediaByIds(db: Db, ids: ReadonlyArray<number | null | undefined>): Promise<MediaRow[]> {
  const unique = [...new Set(ids)].filter((id): id is number => Number.isSafeInteger(id))
  if (unique.length === 0) return []
  return db.selectFrom('media').selectAll().where('id', 'in', unique).execute()
}

/** Ids of the images stored under these keys (unknown keys are skipped). */
export async function findMediaIdsByKeys(db: Db, keys: readonly string[]): Promise<number[]> {
  if (keys.length === 0) return []
  const rows = await db.selectFrom('media').select('id').where('storage_key', 'in', [...new Set(keys)]).execute()
  return rows.map((r) => r.id)
}

/** Newest first, optionally only those whose file name or alt text contains `q`. */
export async function listMedia(db: Db, engine: Engine, { q, limit, offset }: { q?: string; limit: number; offset: number }): Promise<{ items: MediaRow[]; total: number }> {
  let query = db.selectFrom('media')
  if (q) query = query.where((eb) => eb.or([containsText(engine, 'media.original_name', q), containsText(engine, 'media.alt', q)]))
  const [items, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items, total: Number(count.n) }
}

export async function updateMediaText(db: Db, id: number, text: MediaText): Promise<void> {
  await db.updateTable('media').set({ alt: text.alt, caption: text.caption, credit: text.credit }).where('id', '=', id).execute()
}

export async function deleteMediaRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('media').where('id', '=', id).execute()
}

/**
 * Every place an image is used: articles through article_media or as featured image, and
 * users' profile photos.
 */
export async function findMediaUsage(db: Db, id: number): Promise<MediaUsage> {
  const [linked, featured, users] = await Promise.all([
    db.selectFrom('article_media').innerJoin('articles', 'articles.id', 'article_media.article_id').select(['articles.id', 'articles.title']).where('article_media.media_id', '=', id).execute(),
    db.selectFrom('articles').select(['id', 'title']).where('featured_media_id', '=', id).execute(),
    db.selectFrom('users').select(['id', 'name']).where('photo_media_id', '=', id).execute(),
  ])
  const articles = new Map([...linked, ...featured].map((a) => [a.id, a]))
  return { articles: [...articles.values()].sort((a, b) => a.id - b.id), users }
}

/** Replaces the article's article_media rows with these media ids. */
export async function replaceArticleMedia(db: Db, articleId: number, mediaIds: readonly number[]): Promise<void> {
  await db.deleteFrom('article_media').where('article_id', '=', articleId).execute()
  const unique = [...new Set(mediaIds)]
  if (unique.length > 0) await db.insertInto('article_media').values(unique.map((media_id) => ({ article_id: articleId, media_id }))).execute()
}
