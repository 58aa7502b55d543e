import type { TagWithCount } from '../../modules/taxonomy/taxonomy-admin.repository.js'
import { formatNumber } from '../../text/arabic/index.js'
import { Pagination } from '../components/pagination.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { paths } from '../paths.js'
import { Field, TaxonomyNav, taxonomyPaths } from './taxonomy-shared.js'
import { FormBanners, fieldAria } from './form-parts.js'
import { AdminTable } from './admin-table.js'

/** A tag form as typed. */
export interface TagForm {
  name: string
  slug: string
}

export type TagFieldErrors = Partial<Record<keyof TagForm, string>>

export interface TagsPageData {
  user: AdminUser
  tags: TagWithCount[]
  total: number
  q: string
  page: number
  pages: number
  form: TagForm
  fieldErrors?: TagFieldErrors
  notice?: string
  error?: string
}

/** Name and slug fields of the create and rename forms. */
export function TagFields({ ctx, prefix, form, errors }: { ctx: ViewContext; prefix: string; form: TagForm; errors: TagFieldErrors }) {
  return (
    <>
      <Field id={`${prefix}-name`} label={ctx.t('taxonomy.field.name')} error={errors.name}>
        <input id={`${prefix}-name`} name="name" type="text" dir="auto" required maxLength={100} value={form.name} {...fieldAria(`${prefix}-name`, errors.name)} />
      </Field>
      <Field id={`${prefix}-slug`} label={ctx.t('taxonomy.field.slug')} hint={ctx.t('taxonomy.field.slugHint')} error={errors.slug}>
        <input id={`${prefix}-slug`} name="slug" type="text" dir="auto" maxLength={200} value={form.slug} {...fieldAria(`${prefix}-slug`, errors.slug)} />
      </Field>
    </>
  )
}

/** Tags, most used first, with search and the form to add one. */
export function TagsPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: TagsPageData }) {
  const n = (x: number) => formatNumber(x, ctx.site)
  return (
    <AdminLayout ctx={ctx} title={ctx.t('taxonomy.tags.title')} user={data.user} csrfToken={csrfToken}>
      <TaxonomyNav ctx={ctx} current="tags" />
      <h1>{ctx.t('taxonomy.tags.title')}</h1>
      <FormBanners notice={data.notice} error={data.error} />
      <form method="get" action={taxonomyPaths.tags()} role="search" class="mod-filter">
        <label for="tag-q">{ctx.t('taxonomy.tags.search')}</label> <input id="tag-q" name="q" type="search" dir="auto" maxLength={200} value={data.q} />{' '}
        <button type="submit">{ctx.t('taxonomy.tags.searchSubmit')}</button>
      </form>
      <p>{ctx.t('taxonomy.tags.count', { count: data.total, countText: n(data.total) })}</p>
      {data.tags.length === 0 ? (
        <p class="mod-empty">{data.q ? ctx.t('taxonomy.tags.noMatch') : ctx.t('taxonomy.tags.empty')}</p>
      ) : (
        <AdminTable class="taxonomy-table" headings={[ctx.t('taxonomy.field.name'), ctx.t('taxonomy.field.slug'), ctx.t('taxonomy.articles')]}>
          {data.tags.map((tag) => (
            <tr key={tag.id} id={`tag-${tag.id}`}>
              <th scope="row">
                <a href={taxonomyPaths.tag(tag.id)}>{tag.name}</a>
              </th>
              <td>
                <a href={paths.tag(tag.slug)} dir="auto">
                  {tag.slug}
                </a>
              </td>
              <td>{n(tag.articleCount)}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <Pagination
        ctx={ctx}
        page={data.page}
        pages={data.pages}
        href={(page) => taxonomyPaths.tags({ q: data.q, page })}
        labels={{ previous: ctx.t('taxonomy.previous'), next: ctx.t('taxonomy.next') }}
      />
      <section aria-labelledby="create-title" class="mod-panel">
        <h2 id="create-title">{ctx.t('taxonomy.tags.create')}</h2>
        <form method="post" action={taxonomyPaths.tags()} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <TagFields ctx={ctx} prefix="new-tag" form={data.form} errors={data.fieldErrors ?? {}} />
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('taxonomy.tags.createSubmit')}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  )
}
