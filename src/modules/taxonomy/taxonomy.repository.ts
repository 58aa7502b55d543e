import { sql, type Expression, type SqlBool } from 'kysely'
import type { Db } from '../../db/database.js'
import type { CategoryRow, TagRow } from '../../db/schema.js'
import { normalizeForMatch, withPlainArticle } from '../../text/arabic/index.js'

export interface Category {
  id: number
  parentId: number | null
  slug: string
  name: string
  description: string
  position: number
}

function toCategory(row: CategoryRow): Category {
  return { id: row.id, parentId: row.parent_id, slug: row.slug, name: row.name, description: row.description, position: row.position }
}

/** All categories, ordered by position then name (the navigation order). */
export async function listCategories(db: Db): Promise<Category[]> {
  const rows = await db.selectFrom('categories').selectAll().orderBy('position').orderBy('name').execute()
  return rows.map(toCategory)
}

export async function findCategoryBySlug(db: Db, slug: string): Promise<Category | undefined> {
  const row = await db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst()
  return row && toCategory(row)
}

export async function insertCategory(db: Db, category: Omit<Category, 'id'>): Promise<number> {
  const row = await db
    .insertInto('categories')
    .values({ parent_id: category.parentId, slug: category.slug, name: category.name, description: category.description, position: category.position })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function findTagBySlug(db: Db, slug: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function findTagByName(db: Db, name: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirst()
}

/** Adds a tag; its matching key (`name_match`, for suggestions) is made from the name here. */
export async function insertTag(db: Db, tag: { slug: string; name: string }): Promise<number> {
  const row = await db
    .insertInto('tags')
    .values({ ...tag, name_match: tagMatchKey(tag.name) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** What `tags.name_match` holds for a name: its Arabic matching key, cut to the column's size. */
export function tagMatchKey(name: string): string {
  return normalizeForMatch(name).slice(0, 200)
}

/**
 * Up to `limit` tag names for what a writer is typing; `key` is already a matching key
 * (normalizeForMatch). First the names whose key starts with it (shortest first: the exact
 * tag before longer ones; this query uses the tags_name_match index), then, when that leaves
 * room, names where it starts a later word or follows the article ال ("سعوديه" finds
 * "السعودية", "الرياض" finds "أمطار الرياض"), or where it does once its conjunction and article
 * are written as ال ("للتح" and "والتحالف" find "التحالف العربي"): a scan of short names, at
 * most once per request.
 */
export async function suggestTagNames(db: Db, key: string, limit: number): Promise<string[]> {
  const escaped = key.replace(/[\\%_]/g, (c) => `\\${c}`)
  const like = (pattern: string): Expression<SqlBool> => sql<SqlBool>`name_match like ${pattern} escape '\\'`
  const query = (where: Expression<SqlBool>, max: number, except: number[]) =>
    db
      .selectFrom('tags')
      .select(['id', 'name'])
      .where(where)
      .$if(except.length > 0, (q) => q.where('id', 'not in', except))
      .orderBy(sql`length(name_match)`)
      .orderBy('name_match')
      .orderBy('id')
      .limit(max)
      .execute()
  const first = await query(like(`${escaped}%`), limit, [])
  if (first.length >= limit) return first.map((r) => r.name)
  // "للتح", "والرياض": the word as names write it, with the plain article.
  const plain = withPlainArticle(key)?.replace(/[\\%_]/g, (c) => `\\${c}`)
  const patterns = [`% ${escaped}%`, `ال${escaped}%`, `% ال${escaped}%`, ...(plain ? [`${plain}%`, `% ${plain}%`] : [])]
  const later = await query(sql<SqlBool>`(${sql.join(patterns.map(like), sql` or `)})`, limit - first.length, first.map((r) => r.id))
  return [...first, ...later].map((r) => r.name)
}

/** A category and all its descendants' ids (for "the section and its sub-sections" listings). */
export function descendantIds(all: Category[], rootId: number): number[] {
  const ids = [rootId]
  for (let i = 0; i < ids.length; i++) for (const c of all) if (c.parentId === ids[i] && !ids.includes(c.id)) ids.push(c.id)
  return ids
}
