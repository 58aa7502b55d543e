import type { Db } from '../../db/database.js'
import { normalizeForDisplay, slugify } from '../../text/arabic/index.js'
import { findTagByName, findTagBySlug, insertTag } from './taxonomy.repository.js'

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
