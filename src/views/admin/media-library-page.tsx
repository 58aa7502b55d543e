import type { MediaImage } from '../../modules/media/media.schema.js'
import { formatNumber } from '../../text/arabic/index.js'
import { Pagination } from '../components/pagination.js'
import { ResponsiveImage } from '../components/responsive-image.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { describedBy, Field, MediaTextFields, mediaPaths, type MediaFieldErrors, type MediaTextForm } from './media-shared.js'
import { FormBanners } from './form-parts.js'

export interface MediaLibraryItem {
  image: MediaImage
  originalName: string
}

export interface MediaLibraryPageData {
  user: AdminUser
  items: MediaLibraryItem[]
  total: number
  q: string
  page: number
  pages: number
  maxMb: number
  /** The drag-and-drop enhancement (fingerprinted /assets URL). */
  scriptUrl: string
  form: MediaTextForm
  fieldErrors?: MediaFieldErrors
  notice?: string
  error?: string
}

/**
 * The newsroom's media library: the upload form (multipart, works without JavaScript;
 * media.js adds drag and drop), search by name or alt text, and the grid of images, newest first.
 */
export function MediaLibraryPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: MediaLibraryPageData }) {
  const fe = data.fieldErrors ?? {}
  const n = (x: number) => formatNumber(x, ctx.site)
  return (
    <AdminLayout ctx={ctx} title={ctx.t('media.title')} user={data.user} csrfToken={csrfToken}>
      <h1>{ctx.t('media.title')}</h1>
      <FormBanners notice={data.notice} error={data.error} />

      <section aria-labelledby="upload-title" class="mod-panel">
        <h2 id="upload-title">{ctx.t('media.upload.heading')}</h2>
        <form method="post" action={mediaPaths.library()} enctype="multipart/form-data" class="media-upload" data-media-upload novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Field id="upload-file" label={ctx.t('media.upload.file')} error={fe.file} hint={ctx.t('media.upload.hint', { max: n(data.maxMb) })}>
            <input id="upload-file" name="file" type="file" required accept="image/jpeg,image/png,image/webp,image/avif,image/gif" {...describedBy('upload-file', fe.file, true)} />
          </Field>
          <p class="media-drop" hidden data-drop-hint={ctx.t('media.upload.drop')} data-chosen={ctx.t('media.upload.chosen')} />
          <MediaTextFields prefix="upload" form={data.form} errors={fe} t={(key) => ctx.t(key)} />
          <button type="submit">{ctx.t('media.upload.submit')}</button>
        </form>
      </section>

      <form method="get" action={mediaPaths.library()} role="search" class="mod-filters">
        <Field id="media-q" label={ctx.t('media.search.label')}>
          <input id="media-q" name="q" type="search" dir="auto" maxLength={200} value={data.q} />
        </Field>
        <button type="submit">{ctx.t('media.search.submit')}</button>
      </form>

      <p>{ctx.t('media.count', { count: data.total, countText: n(data.total) })}</p>
      {data.items.length === 0 ? (
        <p>{data.q ? ctx.t('media.noMatches', { q: data.q }) : ctx.t('media.empty')}</p>
      ) : (
        <ul class="media-grid">
          {data.items.map(({ image, originalName }) => (
            <li key={image.id} class="media-item" id={`m-${image.id}`}>
              <a href={mediaPaths.item(image.id)}>
                <ResponsiveImage image={image} sizes="12rem" />
                <span class="media-name" dir="auto">
                  {originalName}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <Pagination ctx={ctx} page={data.page} pages={data.pages} href={(page) => mediaPaths.library({ q: data.q, page })} />
      <script src={data.scriptUrl} defer />
    </AdminLayout>
  )
}
