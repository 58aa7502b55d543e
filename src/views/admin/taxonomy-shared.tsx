import type { MessageKey } from '../../i18n/index.js'
import type { Category } from '../../modules/taxonomy/taxonomy.repository.js'
import type { ViewContext } from '../context.js'
import { Field } from './form-parts.js'

export { Field }

/** The done-notices a taxonomy action redirects with (`?done=`). */
export const taxonomyNotices = ['created', 'saved', 'moved', 'merged', 'deleted'] as const
export type TaxonomyNotice = (typeof taxonomyNotices)[number]

export const noticeKeys: Record<TaxonomyNotice, MessageKey> = {
  created: 'taxonomy.notice.created',
  saved: 'taxonomy.notice.saved',
  moved: 'taxonomy.notice.moved',
  merged: 'taxonomy.notice.merged',
  deleted: 'taxonomy.notice.deleted',
}

/** URLs of the taxonomy pages (the routes in http/admin/taxonomy.routes.ts). */
export const taxonomyPaths = {
  categories: (done?: TaxonomyNotice) => `/newsroom/taxonomy${done ? `?done=${done}` : ''}`,
  createCategory: () => '/newsroom/taxonomy/categories',
  category: (id: number, done?: TaxonomyNotice) => `/newsroom/taxonomy/categories/${id}${done ? `?done=${done}` : ''}`,
  moveCategory: (id: number) => `/newsroom/taxonomy/categories/${id}/move`,
  mergeCategory: (id: number) => `/newsroom/taxonomy/categories/${id}/merge`,
  deleteCategory: (id: number) => `/newsroom/taxonomy/categories/${id}/delete`,
  tags: ({ q, page, done }: { q?: string; page?: number; done?: TaxonomyNotice } = {}) => {
    const query = new URLSearchParams()
    if (q) query.set('q', q)
    if (page && page > 1) query.set('page', String(page))
    if (done) query.set('done', done)
    const s = query.toString()
    return `/newsroom/taxonomy/tags${s ? `?${s}` : ''}`
  },
  tag: (id: number, done?: TaxonomyNotice) => `/newsroom/taxonomy/tags/${id}${done ? `?done=${done}` : ''}`,
  mergeTag: (id: number) => `/newsroom/taxonomy/tags/${id}/merge`,
  deleteTag: (id: number) => `/newsroom/taxonomy/tags/${id}/delete`,
}

/** Categories in tree order (each followed by its sub-categories), with their depth. */
export function treeOrder<C extends Category>(all: C[]): Array<{ category: C; depth: number }> {
  const out: Array<{ category: C; depth: number }> = []
  const seen = new Set<number>()
  const walk = (parentId: number | null, depth: number) => {
    for (const category of all) {
      if (category.parentId !== parentId || seen.has(category.id)) continue
      seen.add(category.id)
      out.push({ category, depth })
      walk(category.id, depth + 1)
    }
  }
  walk(null, 0)
  // Anything not reached (a parent that no longer exists) is still listed, at the top level.
  for (const category of all) if (!seen.has(category.id)) out.push({ category, depth: 0 })
  return out
}

/** Categories and tags tabs. */
export function TaxonomyNav({ ctx, current }: { ctx: ViewContext; current: 'categories' | 'tags' | 'other' }) {
  return (
    <nav class="mod-tabs" aria-label={ctx.t('taxonomy.title')}>
      <a href={taxonomyPaths.categories()} aria-current={current === 'categories' ? 'page' : undefined}>
        {ctx.t('taxonomy.categories.title')}
      </a>{' '}
      <a href={taxonomyPaths.tags()} aria-current={current === 'tags' ? 'page' : undefined}>
        {ctx.t('taxonomy.tags.title')}
      </a>
    </nav>
  )
}

/** `<option>`s of categories in tree order, indented by depth; `none` adds a first empty choice. */
export function CategoryOptions({ all, selected, exclude = [], none }: { all: Category[]; selected: string; exclude?: number[]; none?: string }) {
  return (
    <>
      {none === undefined ? null : <option value="">{none}</option>}
      {treeOrder(all)
        .filter(({ category }) => !exclude.includes(category.id))
        .map(({ category, depth }) => (
          <option key={category.id} value={String(category.id)} selected={selected === String(category.id)}>
            {`${'— '.repeat(depth)}${category.name}`}
          </option>
        ))}
    </>
  )
}
