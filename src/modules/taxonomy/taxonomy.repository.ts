import type { Db } from '../../db/database.js'
import type { CategoryRow, TagRow } from '../../db/schema.js'

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

export async function insertTag(db: Db, tag: { slug: string; name: string }): Promise<number> {
  const row = await db.insertInto('tags').values(tag).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** A category and all its descendants' ids (for "the section and its sub-sections" listings). */
export function descendantIds(all: Category[], rootId: number): number[] {
  const ids = [rootId]
  for (let i = 0; i < ids.length; i++) for (const c of all) if (c.parentId === ids[i] && !ids.includes(c.id)) ids.push(c.id)
  return ids
}
