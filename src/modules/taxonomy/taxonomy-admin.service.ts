import type { Db } from '../../db/database.js'
import type { MessageKey, MessageVars } from '../../i18n/index.js'
import { AppError, NotFoundError } from '../../lib/errors.js'
import { normalizeForDisplay, slugify } from '../../text/arabic/index.js'
import { recordAudit } from '../audit/audit.repository.js'
import { deleteRedirect, retargetRedirects, upsertRedirect } from '../redirects/redirects.repository.js'
import {
  countCategoryArticles,
  deleteCategoryRow,
  deleteTagRow,
  findCategoryById,
  findCategoryIdBySlug,
  findTagIdBySlugOrName,
  findTagWithCount,
  moveCategoryArticles,
  moveTagArticles,
  reparentChildren,
  updateCategoryRow,
  updateTagRow,
} from './taxonomy-admin.repository.js'
import { descendantIds, insertCategory, insertTag, listCategories, type Category } from './taxonomy.repository.js'

/** The public URL scheme (views/paths.ts), passed in: modules do not import views. */
export interface TaxonomyUrls {
  home(): string
  category(slug: string): string
  tag(slug: string): string
}

/** What an editor typed for a category; `slug` empty means "make it from the name". */
export interface CategoryInput {
  name: string
  slug: string
  parentId: number | null
  description: string
}

export type CategoryMove = { direction: 'up' | 'down' } | { position: number }

const NAME_MAX = 100
const DESCRIPTION_MAX = 1000

/** A 422 naming the field in error, so the form can say which one and keep what was typed. */
function invalid(code: string, field: string, key: MessageKey, vars: MessageVars = {}): AppError {
  return new AppError(code, 422, key, vars, { [field]: key })
}

/** Trimmed, NFC display name; 422 when empty or too long. */
function cleanName(raw: string, code: string): string {
  const name = normalizeForDisplay(raw)
  if (!name) throw invalid(`${code}_NAME_REQUIRED`, 'name', 'taxonomy.error.nameRequired')
  if ([...name].length > NAME_MAX) throw invalid(`${code}_NAME_TOO_LONG`, 'name', 'taxonomy.error.nameTooLong', { max: NAME_MAX })
  return name
}

/** The slug as typed (or from the name), through slugify: NFC, no diacritics, dashes. */
function cleanSlug(raw: string, name: string, code: string): string {
  const slug = slugify(raw.trim() || name)
  if (!slug) throw invalid(`${code}_SLUG_INVALID`, 'slug', 'taxonomy.error.slugInvalid')
  return slug
}

/** The path a redirect is looked up by: decoded, as the not-found handler decodes request paths. */
const lookupPath = (url: string) => decodeURIComponent(url).normalize('NFC')

/** Old URL → new URL (301), with older redirects to the old URL pointed straight at the new one. */
async function redirectOldUrl(trx: Db, oldUrl: string, newUrl: string, now: Date): Promise<void> {
  await retargetRedirects(trx, oldUrl, newUrl, 301)
  await upsertRedirect(trx, lookupPath(oldUrl), newUrl, 301, now)
}

/** Categories in sibling order (position, then name), as navigation shows them. */
function siblingsOf(all: Category[], parentId: number | null): Category[] {
  return all.filter((c) => c.parentId === parentId).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'ar'))
}

/** Rewrites sibling positions 1..n in the given order. */
async function renumber(trx: Db, ordered: Category[]): Promise<void> {
  for (const [i, c] of ordered.entries()) if (c.position !== i + 1) await updateCategoryRow(trx, c.id, { position: i + 1 })
}

async function loadCategory(db: Db, id: number): Promise<Category> {
  const category = await findCategoryById(db, id)
  if (!category) throw new NotFoundError('CATEGORY_NOT_FOUND')
  return category
}

async function validateCategory(trx: Db, input: CategoryInput, self?: Category): Promise<{ name: string; slug: string; description: string; parentId: number | null }> {
  const name = cleanName(input.name, 'CATEGORY')
  const slug = cleanSlug(input.slug, name, 'CATEGORY')
  const description = normalizeForDisplay(input.description)
  if ([...description].length > DESCRIPTION_MAX) throw invalid('CATEGORY_DESCRIPTION_TOO_LONG', 'description', 'taxonomy.error.descriptionTooLong', { max: DESCRIPTION_MAX })
  const owner = await findCategoryIdBySlug(trx, slug)
  if (owner !== undefined && owner !== self?.id) throw invalid('CATEGORY_SLUG_TAKEN', 'slug', 'taxonomy.error.categorySlugTaken', { slug })
  if (input.parentId !== null) {
    const all = await listCategories(trx)
    if (!all.some((c) => c.id === input.parentId)) throw invalid('CATEGORY_PARENT_MISSING', 'parent', 'taxonomy.error.parentMissing')
    // A category cannot sit under itself or under one of its own descendants.
    if (self && descendantIds(all, self.id).includes(input.parentId)) throw invalid('CATEGORY_CYCLE', 'parent', 'taxonomy.error.cycle')
  }
  return { name, slug, description, parentId: input.parentId }
}

/** Creates a category at the end of its siblings; its slug is unique (422 otherwise). */
export async function createCategory(db: Db, userId: number, input: CategoryInput, urls: TaxonomyUrls, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const clean = await validateCategory(trx, input)
    const position = siblingsOf(await listCategories(trx), clean.parentId).reduce((max, c) => Math.max(max, c.position), 0) + 1
    const id = await insertCategory(trx, { ...clean, position })
    await deleteRedirect(trx, lookupPath(urls.category(clean.slug)))
    await recordAudit(trx, { userId, action: 'category.create', subjectType: 'category', subjectId: id, detail: `${clean.name} (${clean.slug})` }, now)
    return id
  })
}

/**
 * Renames and/or re-files a category. A new slug leaves a 301 from the old public URL; a new
 * parent puts it last among its new siblings (never under itself or a descendant).
 */
export async function updateCategory(db: Db, userId: number, id: number, input: CategoryInput, urls: TaxonomyUrls, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const old = await loadCategory(trx, id)
    const clean = await validateCategory(trx, input, old)
    const moved = clean.parentId !== old.parentId
    const position = moved ? siblingsOf(await listCategories(trx), clean.parentId).reduce((max, c) => Math.max(max, c.position), 0) + 1 : old.position
    await updateCategoryRow(trx, id, { ...clean, position })
    if (clean.slug !== old.slug) {
      await deleteRedirect(trx, lookupPath(urls.category(clean.slug)))
      await redirectOldUrl(trx, urls.category(old.slug), urls.category(clean.slug), now)
    }
    const renamed = clean.name !== old.name || clean.slug !== old.slug
    const detail = renamed ? `${old.name} (${old.slug}) → ${clean.name} (${clean.slug})` : clean.name
    const action = renamed ? 'category.rename' : moved ? 'category.move' : 'category.update'
    await recordAudit(trx, { userId, action, subjectType: 'category', subjectId: id, detail }, now)
  })
}

/** Moves a category one place up/down among its siblings, or to a 1-based position (clamped). */
export async function moveCategory(db: Db, userId: number, id: number, move: CategoryMove, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const category = await loadCategory(trx, id)
    const siblings = siblingsOf(await listCategories(trx), category.parentId)
    const from = siblings.findIndex((c) => c.id === id)
    const target = 'direction' in move ? from + (move.direction === 'up' ? -1 : 1) : move.position - 1
    const to = Math.min(Math.max(target, 0), siblings.length - 1)
    siblings.splice(to, 0, ...siblings.splice(from, 1))
    await renumber(trx, siblings)
    await recordAudit(trx, { userId, action: 'category.move', subjectType: 'category', subjectId: id, detail: `${category.name}: ${from + 1} → ${to + 1}` }, now)
  })
}

/**
 * Merges category `fromId` into `intoId`: its articles and sub-categories move to `intoId`, it is
 * deleted, and its public URL answers 301 to `intoId`'s. Returns how many articles moved.
 */
export async function mergeCategories(db: Db, userId: number, fromId: number, intoId: number, urls: TaxonomyUrls, now: Date): Promise<number> {
  if (fromId === intoId) throw invalid('CATEGORY_MERGE_SELF', 'into', 'taxonomy.error.mergeSelf')
  return db.transaction().execute(async (trx) => {
    const from = await loadCategory(trx, fromId)
    const into = await findCategoryById(trx, intoId)
    if (!into) throw invalid('CATEGORY_MERGE_TARGET_MISSING', 'into', 'taxonomy.error.targetMissing')
    // Merging into a descendant: lift it to `from`'s place first, so re-parenting makes no cycle.
    if (descendantIds(await listCategories(trx), from.id).includes(into.id)) await updateCategoryRow(trx, into.id, { parentId: from.parentId })
    await reparentChildren(trx, from.id, into.id)
    const moved = await moveCategoryArticles(trx, from.id, into.id)
    await deleteCategoryRow(trx, from.id)
    await redirectOldUrl(trx, urls.category(from.slug), urls.category(into.slug), now)
    await recordAudit(trx, { userId, action: 'category.merge', subjectType: 'category', subjectId: into.id, detail: `${from.name} (${from.slug}) → ${into.name} (${into.slug}), ${moved}` }, now)
    return moved
  })
}

/**
 * Deletes a category. One with articles needs `moveTo` (another category receiving them);
 * otherwise 422, so no article silently loses its section. Sub-categories move up to its parent.
 * Its public URL then answers 301 to: the category that received its articles, else its parent,
 * else the home page.
 */
export async function deleteCategory(db: Db, userId: number, id: number, moveTo: number | null, urls: TaxonomyUrls, now: Date): Promise<void> {
  if (moveTo === id) throw invalid('CATEGORY_MOVE_SELF', 'moveTo', 'taxonomy.error.moveToSelf')
  await db.transaction().execute(async (trx) => {
    const category = await loadCategory(trx, id)
    const target = moveTo === null ? undefined : await findCategoryById(trx, moveTo)
    if (moveTo !== null && !target) throw invalid('CATEGORY_MOVE_TARGET_MISSING', 'moveTo', 'taxonomy.error.targetMissing')
    let moved = 0
    if (target) moved = await moveCategoryArticles(trx, id, target.id)
    else if ((await countCategoryArticles(trx, id)) > 0) throw invalid('CATEGORY_NOT_EMPTY', 'moveTo', 'taxonomy.error.notEmpty')
    await reparentChildren(trx, id, category.parentId)
    await deleteCategoryRow(trx, id)
    const parent = category.parentId === null ? undefined : await findCategoryById(trx, category.parentId)
    const goTo = target ? urls.category(target.slug) : parent ? urls.category(parent.slug) : urls.home()
    await redirectOldUrl(trx, urls.category(category.slug), goTo, now)
    const detail = target ? `${category.name} (${category.slug}), ${moved} → ${target.name}` : `${category.name} (${category.slug})`
    await recordAudit(trx, { userId, action: 'category.delete', subjectType: 'category', subjectId: id, detail }, now)
  })
}

async function validateTag(trx: Db, input: { name: string; slug: string }, selfId?: number): Promise<{ name: string; slug: string }> {
  const name = cleanName(input.name, 'TAG')
  const slug = cleanSlug(input.slug, name, 'TAG')
  const owner = await findTagIdBySlugOrName(trx, { slug, name })
  if (owner && owner.id !== selfId) {
    throw owner.field === 'slug' ? invalid('TAG_SLUG_TAKEN', 'slug', 'taxonomy.error.tagSlugTaken', { slug }) : invalid('TAG_NAME_TAKEN', 'name', 'taxonomy.error.tagNameTaken', { name })
  }
  return { name, slug }
}

async function loadTag(db: Db, id: number) {
  const tag = await findTagWithCount(db, id)
  if (!tag) throw new NotFoundError('TAG_NOT_FOUND')
  return tag
}

/** Creates a tag; name and slug are unique (422 otherwise). */
export async function createTag(db: Db, userId: number, input: { name: string; slug: string }, urls: TaxonomyUrls, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const clean = await validateTag(trx, input)
    const id = await insertTag(trx, clean)
    await deleteRedirect(trx, lookupPath(urls.tag(clean.slug)))
    await recordAudit(trx, { userId, action: 'tag.create', subjectType: 'tag', subjectId: id, detail: `${clean.name} (${clean.slug})` }, now)
    return id
  })
}

/** Renames a tag; a new slug leaves a 301 from the old public URL. */
export async function renameTag(db: Db, userId: number, id: number, input: { name: string; slug: string }, urls: TaxonomyUrls, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const old = await loadTag(trx, id)
    const clean = await validateTag(trx, input, id)
    await updateTagRow(trx, id, clean)
    if (clean.slug !== old.slug) {
      await deleteRedirect(trx, lookupPath(urls.tag(clean.slug)))
      await redirectOldUrl(trx, urls.tag(old.slug), urls.tag(clean.slug), now)
    }
    await recordAudit(trx, { userId, action: 'tag.rename', subjectType: 'tag', subjectId: id, detail: `${old.name} (${old.slug}) → ${clean.name} (${clean.slug})` }, now)
  })
}

/** Merges tag `fromId` into `intoId`: articles move, the tag is deleted, its URL answers 301. */
export async function mergeTags(db: Db, userId: number, fromId: number, intoId: number, urls: TaxonomyUrls, now: Date): Promise<number> {
  if (fromId === intoId) throw invalid('TAG_MERGE_SELF', 'into', 'taxonomy.error.mergeSelf')
  return db.transaction().execute(async (trx) => {
    const from = await loadTag(trx, fromId)
    const into = await findTagWithCount(trx, intoId)
    if (!into) throw invalid('TAG_MERGE_TARGET_MISSING', 'into', 'taxonomy.error.targetMissing')
    const moved = await moveTagArticles(trx, from.id, into.id)
    await deleteTagRow(trx, from.id)
    await redirectOldUrl(trx, urls.tag(from.slug), urls.tag(into.slug), now)
    await recordAudit(trx, { userId, action: 'tag.merge', subjectType: 'tag', subjectId: into.id, detail: `${from.name} (${from.slug}) → ${into.name} (${into.slug}), ${moved}` }, now)
    return moved
  })
}

/** Deletes a tag (articles just lose it); its public URL, and redirects to it, answer 410 Gone. */
export async function deleteTag(db: Db, userId: number, id: number, urls: TaxonomyUrls, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tag = await loadTag(trx, id)
    await deleteTagRow(trx, id)
    const url = urls.tag(tag.slug)
    await retargetRedirects(trx, url, null, 410)
    await upsertRedirect(trx, lookupPath(url), null, 410, now)
    await recordAudit(trx, { userId, action: 'tag.delete', subjectType: 'tag', subjectId: id, detail: `${tag.name} (${tag.slug}), ${tag.articleCount}` }, now)
  })
}
