import type { Db } from '../../db/database.js'
import { normalizeForDisplay, slugify } from '../../text/arabic/index.js'
import { findTagByName, findTagBySlug, insertTag, suggestTagNames, tagMatchKey } from './taxonomy.repository.js'

/** At most this many tag suggestions per request. */
export const TAG_SUGGESTIONS = 10
/** The longest text a tag suggestion is asked for: a tag name is at most 100 characters. */
export const TAG_QUERY_MAX = 100

/**
 * Tag names for what a writer is typing in the article form, matched on Arabic spelling
 * variants (normalizeForMatch: "اسلام" finds "إسلام", "مسئول" finds "مسؤول"): names starting
 * with it first, then names where it starts a later word or follows ال; at most TAG_SUGGESTIONS.
 * Text that normalizes to nothing (spaces, tatweel) suggests nothing.
 *
 * @example await suggestTags(db, 'اسلام') // ['إسلام', 'إسلاميون', 'الإسلام السياسي']
 */
export async function suggestTags(db: Db, typed: string): Promise<string[]> {
  const key = tagMatchKey(normalizeForDisplay(typed.slice(0, TAG_QUERY_MAX)))
  if (!key) return []
  return suggestTagNames(db, key, TAG_SUGGESTIONS)
}

/**
 * Finds tags by name, creating the missing ones (slug made from the Arabic name).
 * Returns their ids in the given order, without duplicates.
 */
export async function ensureTags(db: Db, names: string[]): Promise<number[]> {
  const ids: number[] = []
  for (const raw of names) {
    const name = normalizeForDisplay(raw)
    if (!name) continue
    const existing = await findTagByName(db, name)
    let id = existing?.id
    if (id === undefined) {
      const base = slugify(name) || 'tag'
      let slug = base
      for (let n = 2; await findTagBySlug(db, slug); n++) slug = `${base}-${n}`
      id = await insertTag(db, { name, slug })
    }
    if (!ids.includes(id)) ids.push(id)
  }
  return ids
}
