import type { CategoryWithCount } from '../../modules/taxonomy/taxonomy-admin.repository.js'
import { formatNumber } from '../../text/arabic/index.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { paths } from '../paths.js'
import { CategoryFields, type CategoryFieldErrors, type CategoryForm } from './taxonomy-categories-page.js'
import { CategoryOptions, Field, TaxonomyNav, taxonomyPaths } from './taxonomy-shared.js'
import { FormBanners, fieldAria } from './form-parts.js'

export interface CategoryPageData {
  user: AdminUser
  category: CategoryWithCount
  categories: CategoryWithCount[]
  /** The category and its descendants: not valid as its parent. */
  descendants: number[]
  form: CategoryForm
  fieldErrors?: CategoryFieldErrors
  /** Typed choices and errors of the merge, position and delete forms. */
  position?: { value: string; error?: string }
  merge?: { into: string; error?: string }
  remove?: { moveTo: string; error?: string }
  notice?: string
  error?: string
}

/** One category: edit (name, slug, parent, description), position, merge into another, delete. */
export function CategoryPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: CategoryPageData }) {
  const c = data.category
  const others = data.categories.filter((o) => o.id !== c.id)
  const n = (x: number) => formatNumber(x, ctx.site)
  const title = ctx.t('taxonomy.category.title', { name: c.name })
  return (
    <AdminLayout ctx={ctx} title={title} user={data.user} csrfToken={csrfToken}>
      <TaxonomyNav ctx={ctx} current="other" />
      <h1>{title}</h1>
      <FormBanners notice={data.notice} error={data.error} />
      <p>
        {ctx.t('taxonomy.category.summary', { count: c.articleCount, countText: n(c.articleCount) })}{' '}
        <a href={paths.category(c.slug)}>{ctx.t('taxonomy.viewPublic')}</a>
      </p>

      <section aria-labelledby="edit-title" class="mod-panel">
        <h2 id="edit-title">{ctx.t('taxonomy.category.edit')}</h2>
        <form method="post" action={taxonomyPaths.category(c.id)} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <CategoryFields ctx={ctx} prefix="category" form={data.form} errors={data.fieldErrors ?? {}} all={data.categories} exclude={data.descendants} />
          <p class="field-hint">{ctx.t('taxonomy.category.slugRedirect')}</p>
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('taxonomy.save')}</button> <a href={taxonomyPaths.categories()}>{ctx.t('taxonomy.back')}</a>
          </p>
        </form>
      </section>

      <section aria-labelledby="position-title" class="mod-panel">
        <h2 id="position-title">{ctx.t('taxonomy.category.position')}</h2>
        <form method="post" action={taxonomyPaths.moveCategory(c.id)} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Field id="position" label={ctx.t('taxonomy.category.positionLabel')} error={data.position?.error}>
            <input id="position" name="position" type="number" min={1} inputMode="numeric" dir="ltr" value={data.position?.value ?? ''} {...fieldAria('position', data.position?.error)} />
          </Field>
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('taxonomy.category.positionSubmit')}</button>
          </p>
        </form>
      </section>

      {others.length === 0 ? null : (
        <section aria-labelledby="merge-title" class="mod-panel">
          <h2 id="merge-title">{ctx.t('taxonomy.merge')}</h2>
          <form method="post" action={taxonomyPaths.mergeCategory(c.id)} novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <Field id="merge-into" label={ctx.t('taxonomy.mergeInto')} hint={ctx.t('taxonomy.category.mergeHint')} error={data.merge?.error}>
              <select id="merge-into" name="into" required {...fieldAria('merge-into', data.merge?.error)}>
                <CategoryOptions all={others} selected={data.merge?.into ?? ''} none={ctx.t('taxonomy.choose')} />
              </select>
            </Field>
            <p class="mod-form-actions">
              <button type="submit">{ctx.t('taxonomy.mergeSubmit')}</button>
            </p>
          </form>
        </section>
      )}

      <section aria-labelledby="delete-title" class="mod-panel">
        <h2 id="delete-title">{ctx.t('taxonomy.delete')}</h2>
        <form method="post" action={taxonomyPaths.deleteCategory(c.id)} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          {c.articleCount > 0 ? (
            <Field id="move-to" label={ctx.t('taxonomy.category.moveTo')} hint={ctx.t('taxonomy.category.deleteHint')} error={data.remove?.error}>
              <select id="move-to" name="moveTo" {...fieldAria('move-to', data.remove?.error)}>
                <CategoryOptions all={others} selected={data.remove?.moveTo ?? ''} none={ctx.t('taxonomy.choose')} />
              </select>
            </Field>
          ) : (
            <p class="field-hint">{ctx.t('taxonomy.category.deleteEmptyHint')}</p>
          )}
          {data.remove?.error && c.articleCount === 0 ? (
            <p class="field-error" role="alert">
              {data.remove.error}
            </p>
          ) : null}
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('taxonomy.deleteSubmit')}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  )
}
