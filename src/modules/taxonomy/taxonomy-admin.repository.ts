import type { Db } from '../../db/database.js'
import { tagMatchKey, type Category } from './taxonomy.repository.js'

/** A category as the newsroom lists it: with the number of articles filed under it. */
export interface CategoryWithCount extends Category {
  articleCount: number
}

export interface TagWithCount {
  id: number
  slug: string
  name: string
  articleCount: number
}

/** All categories in navigation order, each with its article count (any status). */
export async function listCategoriesWithCounts(db: Db): Promise<CategoryWithCount[]> {
  const rows = await db
    .selectFrom('categories')
    .leftJoin('article_categories', 'article_categories.category_id', 'categories.id')
    .select(['categories.id', 'categories.parent_id', 'categories.slug', 'categories.name', 'categories.description', 'categories.position'])
    .select((eb) => eb.fn.count<number>('article_categories.article_id').as('n'))
    .groupBy(['categories.id', 'categories.parent_id', 'categories.slug', 'categories.name', 'categories.description', 'categories.position'])
    .orderBy('categories.position')
    .orderBy('categories.name')
    .execute()
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, slug: r.slug, name: r.name, description: r.description, position: r.position, articleCount: Number(r.n) }))
}

export async function findCategoryById(db: Db, id: number): Promise<Category | undefined> {
  const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst()
  return row && { id: row.id, parentId: row.parent_id, slug: row.slug, name: row.name, description: row.description, position: row.position }
}

/** The id of the category using `slug`, if any. */
export async function findCategoryIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('categories').select('id').where('slug', '=', slug).executeTakeFirst()
  return row?.id
}

export async function updateCategoryRow(db: Db, id: number, fields: Partial<Pick<Category, 'parentId' | 'slug' | 'name' | 'description' | 'position'>>): Promise<void> {
  await db
    .updateTable('categories')
    .set({ parent_id: fields.parentId, slug: fields.slug, name: fields.name, description: fields.description, position: fields.position })
    .where('id', '=', id)
    .execute()
}

/** Children of `from` move under `to` (null: top level). */
export async function reparentChildren(db: Db, from: number, to: number | null): Promise<void> {
  await db.updateTable('categories').set({ parent_id: to }).where('parent_id', '=', from).execute()
}

export async function countCategoryArticles(db: Db, id: number): Promise<number> {
  const row = await db.selectFrom('article_categories').select((eb) => eb.fn.countAll<number>().as('n')).where('category_id', '=', id).executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Moves every article link of category `from` to `to`. An article filed under both keeps one
 * link, primary (position 0) if either was; returns how many articles were filed under `from`.
 */
export async function moveCategoryArticles(db: Db, from: number, to: number): Promise<number> {
  const moved = await countCategoryArticles(db, from)
  await db
    .updateTable('article_categories')
    .set({ position: 0 })
    .where('category_id', '=', to)
    .where('article_id', 'in', (eb) => eb.selectFrom('article_categories as a').select('a.article_id').where('a.category_id', '=', from).where('a.position', '=', 0))
    .execute()
  await db
    .deleteFrom('article_categories')
    .where('category_id', '=', from)
    .where('article_id', 'in', (eb) => eb.selectFrom('article_categories as b').select('b.article_id').where('b.category_id', '=', to))
    .execute()
  await db.updateTable('article_categories').set({ category_id: to }).where('category_id', '=', from).execute()
  return moved
}

export async function deleteCategoryRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('categories').where('id', '=', id).execute()
}

/** Tags whose name or slug contains `q` (all without), most used first, with the total. */
export async function listTagsWithCounts(db: Db, { q, limit, offset }: { q?: string; limit: number; offset: number }): Promise<{ tags: TagWithCount[]; total: number }> {
  let query = db.selectFrom('tags')
  if (q) {
    const like = `%${q.replace(/[%_\\]/g, '')}%`
    query = query.where((eb) => eb.or([eb('tags.name', 'like', like), eb('tags.slug', 'like', like)]))
  }
  const [rows, count] = await Promise.all([
    query
      .leftJoin('article_tags', 'article_tags.tag_id', 'tags.id')
      .select(['tags.id', 'tags.slug', 'tags.name'])
      .select((eb) => eb.fn.count<number>('article_tags.article_id').as('n'))
      .groupBy(['tags.id', 'tags.slug', 'tags.name'])
      .orderBy('n', 'desc')
      .orderBy('tags.name')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { total: Number(count.n), tags: rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, articleCount: Number(r.n) })) }
}

export async function findTagWithCount(db: Db, id: number): Promise<TagWithCount | undefined> {
  const row = await db
    .selectFrom('tags')
    .leftJoin('article_tags', 'article_tags.tag_id', 'tags.id')
    .select(['tags.id', 'tags.slug', 'tags.name'])
    .select((eb) => eb.fn.count<number>('article_tags.article_id').as('n'))
    .where('tags.id', '=', id)
    .groupBy(['tags.id', 'tags.slug', 'tags.name'])
    .executeTakeFirst()
  return row && { id: row.id, slug: row.slug, name: row.name, articleCount: Number(row.n) }
}

/** The id of the tag using `slug` or `name`, if any. */
export async function findTagIdBySlugOrName(db: Db, { slug, name }: { slug: string; name: string }): Promise<{ id: number; field: 'slug' | 'name' } | undefined> {
  const row = await db.selectFrom('tags').select(['id', 'slug']).where((eb) => eb.or([eb('slug', '=', slug), eb('name', '=', name)])).executeTakeFirst()
  return row && { id: row.id, field: row.slug === slug ? 'slug' : 'name' }
}

/** Renames a tag (name and slug); its matching key for suggestions follows the name. */
export async function updateTagRow(db: Db, id: number, fields: { slug: string; name: string }): Promise<void> {
  await db
    .updateTable('tags')
    .set({ ...fields, name_match: tagMatchKey(fields.name) })
    .where('id', '=', id)
    .execute()
}

/** Moves every article link of tag `from` to `to` (an article with both keeps one); returns how many articles had `from`. */
export async function moveTagArticles(db: Db, from: number, to: number): Promise<number> {
  const row = await db.selectFrom('article_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('tag_id', '=', from).executeTakeFirstOrThrow()
  await db
    .deleteFrom('article_tags')
    .where('tag_id', '=', from)
    .where('article_id', 'in', (eb) => eb.selectFrom('article_tags as b').select('b.article_id').where('b.tag_id', '=', to))
    .execute()
  await db.updateTable('article_tags').set({ tag_id: to }).where('tag_id', '=', from).execute()
  return Number(row.n)
}

/** Deletes a tag; its article links go with it (foreign key cascade, and explicitly for safety). */
export async function deleteTagRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('article_tags').where('tag_id', '=', id).execute()
  await db.deleteFrom('tags').where('id', '=', id).execute()
}
