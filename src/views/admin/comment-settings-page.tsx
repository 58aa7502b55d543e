import type { ViewContext } from '../context.js'
import { FormBanners } from './form-parts.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'

export interface CommentSettingsValues {
  commentModeration: string
  commentMaxDepth: string
  commentOrder: string
  commentsPerPage: string
  commentCloseAfterDays: string
  commentIpRetentionDays: string
  commentMinFillSeconds: string
  commentMaxLinks: string
  commentBlocklist: string
  commentWatchlist: string
}

export type CommentSettingsField = keyof CommentSettingsValues

/** The comment policy form: moderation mode, threads, closing, spam defences and word lists. */
export function CommentSettingsPage({
  ctx,
  csrfToken,
  user,
  values,
  errors,
  notice,
}: {
  ctx: ViewContext
  csrfToken: string
  user: AdminUser
  values: CommentSettingsValues
  errors: Partial<Record<CommentSettingsField, string>>
  notice?: string
}) {
  const described = (name: CommentSettingsField) => (errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {})
  const error = (name: CommentSettingsField) =>
    errors[name] ? (
      <p class="field-error" id={`${name}-error`}>
        {errors[name]}
      </p>
    ) : null
  const number = (name: CommentSettingsField, label: string, min: number, max: number) => (
    <div class="field">
      <label for={name}>{label}</label>
      <input id={name} name={name} type="number" inputMode="numeric" min={min} max={max} required value={values[name]} dir="ltr" {...described(name)} />
      {error(name)}
    </div>
  )
  return (
    <AdminLayout ctx={ctx} title={ctx.t('commentSettings.title')} user={user} csrfToken={csrfToken}>
      <h1>{ctx.t('commentSettings.title')}</h1>
      <FormBanners notice={notice} error={Object.keys(errors).length > 0 ? ctx.t('commentSettings.invalid') : undefined} />
      <form method="post" action="/newsroom/comments/settings" class="settings-form" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <fieldset>
          <legend>{ctx.t('commentSettings.moderation')}</legend>
          {(['all', 'first', 'none'] as const).map((mode) => (
            <p class="field-check" key={mode}>
              <input id={`mode-${mode}`} type="radio" name="commentModeration" value={mode} checked={values.commentModeration === mode} />
              <label for={`mode-${mode}`}>{ctx.t(`commentSettings.mode.${mode}`)}</label>
            </p>
          ))}
          {error('commentModeration')}
        </fieldset>
        <fieldset>
          <legend>{ctx.t('commentSettings.threads')}</legend>
          {number('commentMaxDepth', ctx.t('commentSettings.maxDepth'), 1, 10)}
          <div class="field">
            <label for="commentOrder">{ctx.t('commentSettings.order')}</label>
            <select id="commentOrder" name="commentOrder" {...described('commentOrder')}>
              <option value="oldest" selected={values.commentOrder === 'oldest'}>
                {ctx.t('commentSettings.order.oldest')}
              </option>
              <option value="newest" selected={values.commentOrder === 'newest'}>
                {ctx.t('commentSettings.order.newest')}
              </option>
            </select>
            {error('commentOrder')}
          </div>
          {number('commentsPerPage', ctx.t('commentSettings.perPage'), 5, 500)}
          {number('commentCloseAfterDays', ctx.t('commentSettings.closeAfter'), 0, 3650)}
        </fieldset>
        <fieldset>
          <legend>{ctx.t('commentSettings.spam')}</legend>
          {number('commentMinFillSeconds', ctx.t('commentSettings.minFill'), 0, 600)}
          {number('commentMaxLinks', ctx.t('commentSettings.maxLinks'), 0, 50)}
          {number('commentIpRetentionDays', ctx.t('commentSettings.ipRetention'), 1, 3650)}
          <div class="field">
            <label for="commentBlocklist">{ctx.t('commentSettings.blocklist')}</label>
            <textarea id="commentBlocklist" name="commentBlocklist" rows={6} dir="auto" {...described('commentBlocklist')}>
              {values.commentBlocklist}
            </textarea>
            {error('commentBlocklist')}
          </div>
          <div class="field">
            <label for="commentWatchlist">{ctx.t('commentSettings.watchlist')}</label>
            <textarea id="commentWatchlist" name="commentWatchlist" rows={6} dir="auto" {...described('commentWatchlist')}>
              {values.commentWatchlist}
            </textarea>
            {error('commentWatchlist')}
          </div>
          <p class="hint">{ctx.t('commentSettings.listsHint')}</p>
        </fieldset>
        <p>
          <button type="submit" class="button">
            {ctx.t('commentSettings.save')}
          </button>
        </p>
      </form>
    </AdminLayout>
  )
}
