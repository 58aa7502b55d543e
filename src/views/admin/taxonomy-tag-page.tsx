import type { TagWithCount } from '../../modules/taxonomy/taxonomy-admin.repository.js'
import { formatNumber } from '../../text/arabic/index.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { paths } from '../paths.js'
import { Field, TaxonomyNav, taxonomyPaths } from './taxonomy-shared.js'
import { TagFields, type TagFieldErrors, type TagForm } from './taxonomy-tags-page.js'
import { FormBanners, fieldAria } from './form-parts.js'

export interface TagPageData {
  user: AdminUser
  tag: TagWithCount
  form: TagForm
  fieldErrors?: TagFieldErrors
  /** The merge target as typed (a tag slug or name) and its error. */
  merge?: { into: string; error?: string }
  notice?: string
  error?: string
}

/** One tag: rename, merge into another tag (named by its slug or name), delete. */
export function TagPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: TagPageData }) {
  const tag = data.tag
  const n = (x: number) => formatNumber(x, ctx.site)
  const title = ctx.t('taxonomy.tag.title', { name: tag.name })
  return (
    <AdminLayout ctx={ctx} title={title} user={data.user} csrfToken={csrfToken}>
      <TaxonomyNav ctx={ctx} current="other" />
      <h1>{title}</h1>
      <FormBanners notice={data.notice} error={data.error} />
      <p>
        {ctx.t('taxonomy.tag.summary', { count: tag.articleCount, countText: n(tag.articleCount) })} <a href={paths.tag(tag.slug)}>{ctx.t('taxonomy.viewPublic')}</a>
      </p>

      <section aria-labelledby="edit-title" class="mod-panel">
        <h2 id="edit-title">{ctx.t('taxonomy.tag.rename')}</h2>
        <form method="post" action={taxonomyPaths.tag(tag.id)} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <TagFields ctx={ctx} prefix="tag" form={data.form} errors={data.fieldErrors ?? {}} />
          <p class="field-hint">{ctx.t('taxonomy.tag.slugRedirect')}</p>
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('taxonomy.save')}</button> <a href={taxonomyPaths.tags()}>{ctx.t('taxonomy.back')}</a>
          </p>
        </form>
      </section>

      <section aria-labelledby="merge-title" class="mod-panel">
        <h2 id="merge-title">{ctx.t('taxonomy.merge')}</h2>
        <form method="post" action={taxonomyPaths.mergeTag(tag.id)} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Field id="merge-into" label={ctx.t('taxonomy.tag.mergeInto')} hint={ctx.t('taxonomy.tag.mergeHint')} error={data.merge?.error}>
            <input id="merge-into" name="into" type="text" dir="auto" required maxLength={200} value={data.merge?.into ?? ''} {...fieldAria('merge-into', data.merge?.error)} />
          </Field>
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('taxonomy.mergeSubmit')}</button>
          </p>
        </form>
      </section>

      <section aria-labelledby="delete-title" class="mod-panel">
        <h2 id="delete-title">{ctx.t('taxonomy.delete')}</h2>
        <form method="post" action={taxonomyPaths.deleteTag(tag.id)}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <p class="field-hint">{ctx.t('taxonomy.tag.deleteHint')}</p>
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('taxonomy.deleteSubmit')}</button>
          </p>
        </form>
      </section>
    </AdminLayout>
  )
}
