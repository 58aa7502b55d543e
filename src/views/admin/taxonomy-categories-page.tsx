import type { CategoryWithCount } from '../../modules/taxonomy/taxonomy-admin.repository.js'
import { formatNumber } from '../../text/arabic/index.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { paths } from '../paths.js'
import { CategoryOptions, Field, TaxonomyNav, taxonomyPaths, treeOrder } from './taxonomy-shared.js'
import { FormBanners, fieldAria } from './form-parts.js'
import { AdminTable } from './admin-table.js'

/** A category form as typed (strings, so a refused form comes back exactly). */
export interface CategoryForm {
  name: string
  slug: string
  parent: string
  description: string
}

export type CategoryFieldErrors = Partial<Record<keyof CategoryForm, string>>

export const emptyCategoryForm: CategoryForm = { name: '', slug: '', parent: '', description: '' }

export interface CategoriesPageData {
  user: AdminUser
  categories: CategoryWithCount[]
  form: CategoryForm
  fieldErrors?: CategoryFieldErrors
  notice?: string
  error?: string
}

/** The fields shared by the create and edit forms. */
export function CategoryFields({ ctx, prefix, form, errors, all, exclude }: { ctx: ViewContext; prefix: string; form: CategoryForm; errors: CategoryFieldErrors; all: CategoryWithCount[]; exclude?: number[] }) {
  const id = (name: string) => `${prefix}-${name}`
  return (
    <>
      <Field id={id('name')} label={ctx.t('taxonomy.field.name')} error={errors.name}>
        <input id={id('name')} name="name" type="text" dir="auto" required maxLength={100} value={form.name} {...fieldAria(id('name'), errors.name)} />
      </Field>
      <Field id={id('slug')} label={ctx.t('taxonomy.field.slug')} hint={ctx.t('taxonomy.field.slugHint')} error={errors.slug}>
        <input id={id('slug')} name="slug" type="text" dir="auto" maxLength={200} value={form.slug} {...fieldAria(id('slug'), errors.slug)} />
      </Field>
      <Field id={id('parent')} label={ctx.t('taxonomy.field.parent')} error={errors.parent}>
        <select id={id('parent')} name="parent" {...fieldAria(id('parent'), errors.parent)}>
          <CategoryOptions all={all} selected={form.parent} exclude={exclude} none={ctx.t('taxonomy.field.noParent')} />
        </select>
      </Field>
      <Field id={id('description')} label={ctx.t('taxonomy.field.description')} error={errors.description}>
        <textarea id={id('description')} name="description" dir="auto" rows={2} maxLength={1000} {...fieldAria(id('description'), errors.description)}>
          {`\n${form.description}`}
        </textarea>
      </Field>
    </>
  )
}

/** The category tree (with counts and ordering buttons) and the form to add a category. */
export function CategoriesPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: CategoriesPageData }) {
  const n = (x: number) => formatNumber(x, ctx.site)
  const rows = treeOrder(data.categories)
  const siblingsOf = (parentId: number | null) => rows.filter((r) => r.category.parentId === parentId)
  return (
    <AdminLayout ctx={ctx} title={ctx.t('taxonomy.categories.title')} user={data.user} csrfToken={csrfToken}>
      <TaxonomyNav ctx={ctx} current="categories" />
      <h1>{ctx.t('taxonomy.categories.title')}</h1>
      <FormBanners notice={data.notice} error={data.error} />
      {rows.length === 0 ? (
        <p class="mod-empty">{ctx.t('taxonomy.categories.empty')}</p>
      ) : (
        <AdminTable class="taxonomy-table" headings={[ctx.t('taxonomy.field.name'), ctx.t('taxonomy.field.slug'), ctx.t('taxonomy.articles'), ctx.t('taxonomy.categories.order')]}>
          {rows.map(({ category: c, depth }) => {
            const siblings = siblingsOf(c.parentId)
            const index = siblings.findIndex((s) => s.category.id === c.id)
            return (
              <tr key={c.id} id={`category-${c.id}`} data-depth={depth}>
                <th scope="row">
                  {depth > 0 ? <span aria-hidden="true">{'— '.repeat(depth)}</span> : null}
                  <a href={taxonomyPaths.category(c.id)}>{c.name}</a>
                </th>
                <td>
                  <a href={paths.category(c.slug)} dir="auto">
                    {c.slug}
                  </a>
                </td>
                <td>{n(c.articleCount)}</td>
                <td>
                  <form method="post" action={taxonomyPaths.moveCategory(c.id)} class="inline-form">
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <button type="submit" name="direction" value="up" disabled={index === 0} aria-label={ctx.t('taxonomy.categories.moveUpLabel', { name: c.name })}>
                      {ctx.t('taxonomy.categories.moveUp')}
                    </button>{' '}
                    <button
                      type="submit"
                      name="direction"
                      value="down"
                      disabled={index === siblings.length - 1}
                      aria-label={ctx.t('taxonomy.categories.moveDownLabel', { name: c.name })}
                    >
                      {ctx.t('taxonomy.categories.moveDown')}
                    </button>
                  </form>
                </td>
              </tr>
            )
          })}
        </AdminTable>
      )}
      <section aria-labelledby="create-title" class="mod-panel">
        <h2 id="create-title">{ctx.t('taxonomy.categories.create')}</h2>
        <form method="post" action={taxonomyPaths.createCategory()} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <CategoryFields ctx={ctx} prefix="new-category" form={data.form} errors={data.fieldErrors ?? {}} all={data.categories} />
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('taxonomy.categories.createSubmit')}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  )
}
