import { findCategoryById, updateCategoryRow } from '../taxonomy/taxonomy-admin.repository.js'
import { findCategoryBySlug, findTagBySlug, insertCategory, insertTag } from '../taxonomy/taxonomy.repository.js'
import { findTagById, findTargets, saveRedirects, saveTargets } from './import.repository.js'
import { percentDecode, plainText, toSlug } from './wordpress.mapper.js'
import { termPath } from './wordpress.permalinks.js'
import type { ImportRun } from './wordpress.run.js'
import type { WxrTerm } from './wxr.schema.js'

/**
 * A category or tag of the export, found or made: one made by an earlier run, or a section or
 * tag with the same slug, is used as it is (the newsroom may have renamed it since); otherwise
 * a new one. Slugs are decoded to Arabic (`toSlug`). Categories' parents are linked once all are
 * read (`linkCategoryParents`). Terms of other taxonomies (menus, post formats) are not imported.
 * Returns the id, or undefined for a term that is not imported.
 */
export async function writeTerm(run: ImportRun, term: Pick<WxrTerm, 'id' | 'taxonomy' | 'slug' | 'parent' | 'name' | 'description'>): Promise<number | undefined> {
  const isCategory = term.taxonomy === 'category'
  if (!isCategory && term.taxonomy !== 'post_tag') {
    const key = `${term.taxonomy}:${term.id || term.slug}`
    if (!run.seenTerms.has(key)) run.skip(`terms of the taxonomy "${term.taxonomy}" (menus, formats…) are not imported`)
    run.seenTerms.add(key)
    return undefined
  }
  const wpSlug = percentDecode(term.slug)
  const known = isCategory ? run.categories.get(wpSlug) : run.tags.get(wpSlug)
  if (known !== undefined) return known.id
  run.seenTerms.add(`${term.taxonomy}:${term.id || term.slug}`)

  const db = run.db
  const kind = isCategory ? 'category' : 'tag'
  const sourceId = (term.id || `slug:${wpSlug}`).slice(0, 200)
  const slug = toSlug(term.slug) || `${kind}-${term.id || run.seenTerms.size}`
  const name = plainText(term.name, 200) || wpSlug.slice(0, 200)
  const mapped = (await findTargets(db, run.source, kind, [sourceId])).get(sourceId)
  let found: { id: number; slug: string } | undefined
  if (isCategory) {
    found = (mapped && (await findCategoryById(db, mapped.targetId))) || (await findCategoryBySlug(db, slug))
    if (found) {
      run.counts.categories.kept++
    } else {
      found = { id: await insertCategory(db, { parentId: null, slug, name, description: plainText(term.description, 5000), position: ++run.nextCategoryPosition }), slug }
      run.newCategories.add(found.id)
      run.counts.categories.imported++
    }
    run.categories.set(wpSlug, { id: found.id, slug: found.slug, wpSlug, parentWpSlug: percentDecode(term.parent) })
  } else {
    found = (mapped && (await findTagById(db, mapped.targetId))) || (await findTagBySlug(db, slug))
    if (found) {
      run.counts.tags.kept++
    } else {
      found = { id: await insertTag(db, { slug, name }), slug }
      run.counts.tags.imported++
    }
    run.tags.set(wpSlug, { id: found.id, slug: found.slug })
  }
  const id = found.id
  await saveTargets(db, run.source, [{ kind, sourceId, targetId: id }])
  return id
}

/**
 * Once every category is read: links the new ones to their parents (WordPress names a parent
 * by slug, and may list it after the child), and records the old addresses of categories
 * and tags whose path changes (`/category/parent/child/` → `/category/child`).
 */
export async function linkCategoryParents(run: ImportRun): Promise<void> {
  const redirects: Array<{ from: string; to: string; authoritative: boolean }> = []
  for (const node of run.categories.values()) {
    const parent = node.parentWpSlug ? run.categories.get(node.parentWpSlug) : undefined
    if (run.newCategories.has(node.id) && parent && parent.id !== node.id) await updateCategoryRow(run.db, node.id, { parentId: parent.id })
    const from = termPath('category', ancestry(run, node), node.slug)
    if (from) redirects.push({ from, to: `/category/${node.slug}`, authoritative: true })
  }
  for (const [wpSlug, tag] of run.tags) {
    const from = termPath('tag', [wpSlug], tag.slug)
    if (from) redirects.push({ from, to: `/tag/${tag.slug}`, authoritative: true })
  }
  for (let i = 0; i < redirects.length; i += 200) await saveRedirects(run.db, redirects.slice(i, i + 200), run.now)
  run.redirects += redirects.length
}

/** A category's WordPress slugs from the top (`['news', 'world']`); a loop in the parents stops the walk. */
function ancestry(run: ImportRun, node: { wpSlug: string; parentWpSlug: string }): string[] {
  const chain = [node.wpSlug]
  const seen = new Set(chain)
  for (let parent = run.categories.get(node.parentWpSlug); parent && !seen.has(parent.wpSlug); parent = run.categories.get(parent.parentWpSlug)) {
    chain.unshift(parent.wpSlug)
    seen.add(parent.wpSlug)
  }
  return chain
}
