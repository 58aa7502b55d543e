import type { QueuedComment } from '../../modules/comments/moderation.repository.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { safeUrl } from '../trusted-html.js'
import { actionTarget, holdReasonText, moderationActions, moderationPaths, publicCommentHref, CommenterEmail } from './comments-shared.js'

export const BULK_FORM_ID = 'mod-bulk'

/**
 * One comment in a moderation list. Everything the commenter typed (name, email, website,
 * text) is printed as text: preact escapes it, the website goes through safeUrl, the name sits
 * in <bdi> and the text carries dir="auto". Its checkbox belongs to the bulk form through the
 * `form` attribute, so the row can hold its own quick-action form (forms cannot nest) and the
 * page works without JavaScript.
 */
export function ModerationItem({
  ctx,
  comment: c,
  csrfToken,
  back,
  showStatus = false,
  checked = false,
}: {
  ctx: ViewContext
  comment: QueuedComment
  csrfToken: string
  /** The list's own URL, posted back so actions return to it (filters and page kept). */
  back: string
  showStatus?: boolean
  checked?: boolean
}) {
  const who = `c-${c.id}-who`
  const reason = holdReasonText(ctx, c.holdReason)
  const website = c.authorUrl ? safeUrl(c.authorUrl) : undefined
  return (
    <li class="mod-item" id={`c-${c.id}`}>
      <div class="mod-head">
        <input type="checkbox" name="ids" value={String(c.id)} form={BULK_FORM_ID} id={`sel-${c.id}`} checked={checked} />
        <label for={`sel-${c.id}`} class="visually-hidden">
          {ctx.t('moderation.select', { id: c.id })}
        </label>
        <strong class="mod-name" id={who}>
          <bdi>{c.authorName}</bdi>
        </strong>
        {c.isStaff ? <span class="badge">{ctx.t('comment.staff')}</span> : null}
        {showStatus ? <span class={`mod-status mod-status-${c.status}`}>{ctx.t(`moderation.status.${c.status}`)}</span> : null}
        <DateText iso={c.createdAt} ctx={ctx} withTime />
      </div>
      <dl class="mod-meta">
        <div>
          <dt>{ctx.t('moderation.email')}</dt>
          <dd>
            <CommenterEmail ctx={ctx} email={c.authorEmail} />
          </dd>
        </div>
        {website ? (
          <div>
            <dt>{ctx.t('moderation.website')}</dt>
            <dd>
              {website === '#' ? (
                <bdi dir="ltr">{c.authorUrl}</bdi>
              ) : (
                <a href={website} rel="nofollow ugc noopener noreferrer" dir="ltr">
                  {c.authorUrl}
                </a>
              )}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{ctx.t('moderation.on')}</dt>
          <dd>
            <a href={publicCommentHref(c)}>{c.articleTitle}</a> · <a href={moderationPaths.queue({ status: c.status, articleId: c.articleId })}>{ctx.t('moderation.filter.article.only')}</a>
          </dd>
        </div>
        {reason ? (
          <div>
            <dt>{ctx.t(c.status === 'pending' ? 'moderation.reason.pending' : 'moderation.reason.other')}</dt>
            <dd>{reason}</dd>
          </div>
        ) : null}
      </dl>
      <div class="mod-text" dir="auto">
        {c.body}
      </div>
      <div class="mod-actions">
        <form method="post" action={moderationPaths.bulk()} class="inline-form">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="back" value={back} />
          <input type="hidden" name="ids" value={String(c.id)} />
          {moderationActions
            .filter((action) => actionTarget[action] !== c.status)
            .map((action) => (
              <button key={action} type="submit" name="action" value={action} class={`mod-button mod-${action}`} aria-describedby={who}>
                {ctx.t(`moderation.action.${action}`)}
              </button>
            ))}
        </form>
        <a href={moderationPaths.edit(c.id, back)} aria-describedby={who}>
          {ctx.t('moderation.edit')}
        </a>
      </div>
      {c.status === 'spam' || c.status === 'trash' ? null : (
        <details class="mod-reply">
          <summary>{ctx.t('moderation.reply.summary')}</summary>
          <form method="post" action={moderationPaths.reply(c.id)}>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <input type="hidden" name="back" value={back} />
            <div class="field">
              <label for={`reply-${c.id}`}>{ctx.t('moderation.reply.label')}</label>
              <textarea id={`reply-${c.id}`} name="body" dir="auto" rows={3} maxLength={5000} required aria-describedby={`reply-${c.id}-hint`} />
              <p class="field-hint" id={`reply-${c.id}-hint`}>
                {ctx.t('moderation.reply.hint')}
              </p>
            </div>
            <button type="submit">{ctx.t('moderation.reply.submit')}</button>
          </form>
        </details>
      )}
    </li>
  )
}

/**
 * The bulk-action form: an action menu and a button. The rows' checkboxes join it through
 * their `form` attribute. `action` re-selects what was chosen when the server refused it.
 */
export function BulkForm({ ctx, csrfToken, back, action }: { ctx: ViewContext; csrfToken: string; back: string; action?: string }) {
  return (
    <form method="post" action={moderationPaths.bulk()} id={BULK_FORM_ID} class="mod-bulk">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="back" value={back} />
      <label for="mod-action">{ctx.t('moderation.bulk.label')}</label>
      <select id="mod-action" name="action" aria-describedby="mod-bulk-hint">
        <option value="">{ctx.t('moderation.bulk.choose')}</option>
        {moderationActions.map((a) => (
          <option key={a} value={a} selected={action === a}>
            {ctx.t(`moderation.action.${a}`)}
          </option>
        ))}
      </select>
      <button type="submit">{ctx.t('moderation.bulk.apply')}</button>
      <span class="field-hint" id="mod-bulk-hint">
        {ctx.t('moderation.bulk.hint')}
      </span>
    </form>
  )
}
