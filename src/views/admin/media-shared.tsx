import { Field, fieldAria as describedBy } from './form-parts.js'

/** The media library's URLs. */
export const mediaPaths = {
  library: ({ q, page, done }: { q?: string; page?: number; done?: MediaNotice } = {}) => {
    const params = new URLSearchParams()
    if (q) params.set('q', q)
    if (page && page > 1) params.set('page', String(page))
    if (done) params.set('done', done)
    const query = params.toString()
    return `/newsroom/media${query ? `?${query}` : ''}`
  },
  item: (id: number, done?: MediaNotice) => `/newsroom/media/${id}${done ? `?done=${done}` : ''}`,
  remove: (id: number) => `/newsroom/media/${id}/delete`,
}

export type MediaNotice = 'uploaded' | 'saved' | 'deleted'

/** What the newsroom typed into an image's text fields (kept on a refused submit). */
export interface MediaTextForm {
  alt: string
  caption: string
  credit: string
}

export type MediaFieldErrors = Partial<Record<keyof MediaTextForm | 'file', string>>

/** HTML drops a newline right after <textarea>: one is added so the text round-trips exactly. */
export const leadingNewline = (text: string) => `\n${text}`


export { Field, describedBy }

/** Alt text, caption and credit inputs, shared by the upload and edit forms. */
export function MediaTextFields({ prefix, form, errors, t }: { prefix: string; form: MediaTextForm; errors: MediaFieldErrors; t: (key: 'media.field.alt' | 'media.field.altHint' | 'media.field.caption' | 'media.field.credit') => string }) {
  return (
    <>
      <Field id={`${prefix}-alt`} label={t('media.field.alt')} error={errors.alt} hint={t('media.field.altHint')}>
        <input id={`${prefix}-alt`} name="alt" type="text" dir="auto" required maxLength={500} value={form.alt} {...describedBy(`${prefix}-alt`, errors.alt, true)} />
      </Field>
      <Field id={`${prefix}-caption`} label={t('media.field.caption')} error={errors.caption}>
        <textarea id={`${prefix}-caption`} name="caption" dir="auto" rows={2} maxLength={1000} {...describedBy(`${prefix}-caption`, errors.caption)}>
          {leadingNewline(form.caption)}
        </textarea>
      </Field>
      <Field id={`${prefix}-credit`} label={t('media.field.credit')} error={errors.credit}>
        <input id={`${prefix}-credit`} name="credit" type="text" dir="auto" maxLength={300} value={form.credit} {...describedBy(`${prefix}-credit`, errors.credit)} />
      </Field>
    </>
  )
}
