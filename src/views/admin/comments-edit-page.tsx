import type { ComponentChildren } from 'preact'
import type { QueuedComment } from '../../modules/comments/moderation.repository.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { ModerationNav, moderationPaths, publicCommentHref, CommenterEmail } from './comments-shared.js'
import { FormBanners } from './form-parts.js'

/** What the moderator typed (or the stored values on first load). */
export interface CommentEditForm {
  name: string
  url: string
  body: string
}

export interface CommentEditPageData {
  user: AdminUser
  comment: QueuedComment
  form: CommentEditForm
  fieldErrors?: Partial<Record<keyof CommentEditForm, string>>
  /** A reply that was refused: its text and the message, kept so nothing is retyped. */
  reply?: { body: string; error?: string }
  /** The list to return to (a moderation URL). */
  back: string
  error?: string
}

/** HTML drops a newline right after <textarea>: one is added so the text round-trips exactly. */
const leadingNewline = (text: string) => `\n${text}`

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

/**
 * A comment's own page in the newsroom: the edit form (name, website, text — the email is
 * shown, never edited) and the form to reply as the newsroom. On a refused save it comes back
 * with a message on each field in error and everything the moderator typed.
 */
export function CommentEditPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: CommentEditPageData }) {
  const { comment: c, form } = data
  const fe = data.fieldErrors ?? {}
  const invalid = (field: keyof CommentEditForm) => (fe[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `edit-${field}-error` } : {})
  return (
    <AdminLayout ctx={ctx} title={ctx.t('moderation.edit.title', { id: c.id })} user={data.user} csrfToken={csrfToken}>
      <ModerationNav ctx={ctx} current="other" />
      <h1>{ctx.t('moderation.edit.title', { id: c.id })}</h1>
      <FormBanners error={data.error} />
      <dl class="mod-meta">
        <div>
          <dt>{ctx.t('moderation.edit.status')}</dt>
          <dd>
            {ctx.t(`moderation.status.${c.status}`)} · <DateText iso={c.createdAt} ctx={ctx} withTime />
          </dd>
        </div>
        <div>
          <dt>{ctx.t('moderation.email')}</dt>
          <dd>
            <CommenterEmail ctx={ctx} email={c.authorEmail} />
          </dd>
        </div>
        <div>
          <dt>{ctx.t('moderation.on')}</dt>
          <dd>
            <a href={publicCommentHref(c)}>{c.articleTitle}</a>
          </dd>
        </div>
      </dl>

      <section aria-labelledby="edit-title" class="mod-panel">
        <h2 id="edit-title">{ctx.t('moderation.edit.heading')}</h2>
        <form method="post" action={moderationPaths.save(c.id)} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="back" value={data.back} />
          <Field id="edit-name" label={ctx.t('comment.name')} error={fe.name}>
            <input id="edit-name" name="name" type="text" dir="auto" required maxLength={100} value={form.name} {...invalid('name')} />
          </Field>
          <Field id="edit-url" label={ctx.t('comment.url')} error={fe.url}>
            <input id="edit-url" name="url" type="url" dir="ltr" maxLength={500} value={form.url} {...invalid('url')} />
          </Field>
          <Field id="edit-body" label={ctx.t('comment.body')} error={fe.body}>
            <textarea id="edit-body" name="body" dir="auto" rows={8} required maxLength={5000} {...invalid('body')}>
              {leadingNewline(form.body)}
            </textarea>
          </Field>
          <p class="mod-form-actions">
            <button type="submit">{ctx.t('moderation.edit.submit')}</button> <a href={data.back}>{ctx.t('moderation.edit.back')}</a>
          </p>
        </form>
      </section>

      {(c.status === 'spam' || c.status === 'trash') && !data.reply ? null : (
        <section aria-labelledby="reply-title" class="mod-panel">
          <h2 id="reply-title">{ctx.t('moderation.reply.summary')}</h2>
          <form method="post" action={moderationPaths.reply(c.id)} novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <input type="hidden" name="back" value={data.back} />
            <Field id="reply-body" label={ctx.t('moderation.reply.label')} error={data.reply?.error}>
              <textarea
                id="reply-body"
                name="body"
                dir="auto"
                rows={4}
                required
                maxLength={5000}
                aria-invalid={data.reply?.error ? 'true' : undefined}
                aria-describedby={data.reply?.error ? 'reply-body-error' : 'reply-body-hint'}
              >
                {leadingNewline(data.reply?.body ?? '')}
              </textarea>
            </Field>
            <p class="field-hint" id="reply-body-hint">
              {ctx.t('moderation.reply.hint')}
            </p>
            <button type="submit">{ctx.t('moderation.reply.submit')}</button>
          </form>
        </section>
      )}
    </AdminLayout>
  )
}
