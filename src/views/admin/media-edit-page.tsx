import type { MediaImage } from '../../modules/media/media.schema.js'
import { formatNumber } from '../../text/arabic/index.js'
import { ResponsiveImage } from '../components/responsive-image.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { MediaTextFields, mediaPaths, type MediaFieldErrors, type MediaTextForm } from './media-shared.js'
import { FormBanners } from './form-parts.js'

export interface MediaEditPageData {
  user: AdminUser
  image: MediaImage
  originalName: string
  /** The upright original's size in pixels and bytes. */
  width: number
  height: number
  bytes: number
  createdAt: string
  /** Whether this user may change or delete the image (admins, editors, the uploader). */
  canManage: boolean
  form: MediaTextForm
  fieldErrors?: MediaFieldErrors
  notice?: string
  error?: string
}

/** One image: a preview, its alt text, caption and credit to edit, and deletion. */
export function MediaEditPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: MediaEditPageData }) {
  const { image } = data
  const n = (x: number) => formatNumber(x, ctx.site)
  const size = data.bytes >= 1024 * 1024 ? `${n(Math.round((data.bytes / 1024 / 1024) * 10) / 10)} MB` : `${n(Math.ceil(data.bytes / 1024))} KB`
  return (
    <AdminLayout ctx={ctx} title={ctx.t('media.edit.title')} user={data.user} csrfToken={csrfToken}>
      <p>
        <a href={mediaPaths.library()}>{ctx.t('media.edit.back')}</a>
      </p>
      <h1 dir="auto">{data.originalName}</h1>
      <FormBanners notice={data.notice} error={data.error} />
      <ResponsiveImage image={image} sizes="(max-width: 48rem) 100vw, 45rem" eager figure class="media-preview" />
      <p>
        {ctx.t('media.edit.details', { width: n(data.width), height: n(data.height), size })} · {ctx.t('media.edit.uploaded')} <DateText iso={data.createdAt} ctx={ctx} />
      </p>

      {data.canManage ? (
        <>
          <section aria-labelledby="edit-title" class="mod-panel">
            <h2 id="edit-title">{ctx.t('media.edit.title')}</h2>
            <form method="post" action={mediaPaths.item(image.id)} novalidate>
              <input type="hidden" name="_csrf" value={csrfToken} />
              <MediaTextFields prefix="edit" form={data.form} errors={data.fieldErrors ?? {}} t={(key) => ctx.t(key)} />
              <button type="submit">{ctx.t('media.edit.submit')}</button>
            </form>
          </section>
          <section aria-labelledby="delete-title" class="mod-panel">
            <h2 id="delete-title">{ctx.t('media.delete.heading')}</h2>
            <p>{ctx.t('media.delete.hint')}</p>
            <form method="post" action={mediaPaths.remove(image.id)}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit" class="danger">
                {ctx.t('media.delete.submit')}
              </button>
            </form>
          </section>
        </>
      ) : (
        <p>{ctx.t('media.edit.readOnly')}</p>
      )}
    </AdminLayout>
  )
}
