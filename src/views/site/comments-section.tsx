import type { ComponentChildren, JSX } from 'preact'
import type { PublicComment } from '../../modules/comments/comments.repository.js'
import { formatNumber } from '../../text/arabic/index.js'
import { CommentText } from '../components/comment-text.js'
import { contentLang } from '../components/content-lang.js'
import { Pagination } from '../components/pagination.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { paths } from '../paths.js'
import { safeUrl } from '../trusted-html.js'

export type CommentField = 'name' | 'email' | 'url' | 'body' | 'parentId'

/** What the reader typed (kept on every error) and the messages for each field. */
export interface CommentFormState {
  values: { name: string; email: string; url: string; body: string; parentId: string; remember: boolean }
  errors: Partial<Record<CommentField, string>>
  summary?: string
}

export interface CommentsData {
  comments: PublicComment[]
  /** Visible comments in total (approved, plus the reader's own pending ones). */
  total: number
  page: number
  pages: number
  open: boolean
  maxDepth: number
  form: CommentFormState
  /** Signed render time (minimum fill time) — placed in the form's hidden `_t` field. */
  formToken: string
  notice?: string
  replyTo?: { id: number; name: string }
}

export const emptyCommentForm = (): CommentFormState => ({ values: { name: '', email: '', url: '', body: '', parentId: '', remember: false }, errors: {} })

/**
 * The comments of an article, server-rendered: threads oldest first (by setting), names in
 * <bdi>, each comment `dir="auto"`, staff badged, the reader's own pending comments marked;
 * then the WordPress-style form ("اترك تعليقاً") that works without JavaScript.
 */
export function CommentsSection({ ctx, article, data }: { ctx: ViewContext; article: { id: number; slug: string }; data: CommentsData }) {
  const base = paths.article(article)
  const children = new Map<number | null, PublicComment[]>()
  const ids = new Set(data.comments.map((c) => c.id))
  for (const c of data.comments) {
    const parent = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), c])
  }
  const pageHref = (p: number) => `${base}${p > 1 ? `?cpage=${p}` : ''}#comments`

  const renderThread = (list: PublicComment[] | undefined, level: number): JSX.Element | null =>
    list && list.length > 0 ? (
      <ol class={level === 0 ? 'comment-list' : 'comment-children'}>
        {list.map((c) => (
          <CommentItem key={c.id} ctx={ctx} comment={c} base={base} permalinkBase={pageHref(data.page).replace('#comments', '')} canReply={data.open && c.depth < data.maxDepth - 1}>
            {renderThread(children.get(c.id), level + 1)}
          </CommentItem>
        ))}
      </ol>
    ) : null

  return (
    <section id="comments" class="comments" aria-labelledby="comments-title">
      <h2 id="comments-title" class="block-title">
        {ctx.t('comment.heading')} <span class="comment-count">({formatNumber(data.total, ctx.site)})</span>
      </h2>
      {data.notice ? (
        <p class="notice" role="status">
          {data.notice}
        </p>
      ) : null}
      {data.total === 0 ? <p class="empty">{data.open ? ctx.t('comment.none') : ''}</p> : null}
      <div class="comment-threads" {...contentLang(ctx)}>
        {renderThread(children.get(null), 0)}
      </div>
      <Pagination
        page={data.page}
        pages={data.pages}
        href={pageHref}
        ctx={ctx}
        labels={{ previous: ctx.t('comment.previousPage'), next: ctx.t('comment.nextPage'), nav: ctx.t('comment.pagination') }}
      />
      {data.open ? (
        <CommentForm ctx={ctx} action={`/news/${article.id}/comments`} data={data} cancelHref={`${base}#respond`} />
      ) : (
        <>
          <p class="comments-closed">{ctx.t('comment.closed')}</p>
          {data.form.values.body ? (
            // Closed while the reader was writing (a 403 answer): their text stays here to copy.
            <div class="field">
              <label for="c-body">{ctx.t('comment.body')}</label>
              <textarea id="c-body" rows={6} readOnly dir="auto">
                {data.form.values.body}
              </textarea>
            </div>
          ) : null}
        </>
      )}
    </section>
  )
}

function CommentForm({ ctx, action, data, cancelHref }: { ctx: ViewContext; action: string; data: CommentsData; cancelHref: string }) {
  const { values, errors } = data.form
  const field = (name: CommentField) => ({
    'aria-invalid': errors[name] ? ('true' as const) : undefined,
    'aria-describedby': errors[name] ? `c-${name}-error` : undefined,
  })
  const error = (name: CommentField) =>
    errors[name] ? (
      <p class="field-error" id={`c-${name}-error`}>
        {errors[name]}
      </p>
    ) : null
  return (
    <div id="respond" class="comment-respond">
      <h3 id="reply-title">
        {data.replyTo ? (
          <>
            {ctx.t('comment.replyTo', { name: '' })}
            <bdi>{data.replyTo.name}</bdi>{' '}
            <a class="cancel-reply" href={cancelHref} rel="nofollow">
              {ctx.t('comment.cancelReply')}
            </a>
          </>
        ) : (
          ctx.t('comment.leave')
        )}
      </h3>
      <form method="post" action={action} class="comment-form" novalidate data-comment-form="">
        <p class="comment-notes">{ctx.t('comment.privacy')}</p>
        {data.form.summary ? (
          <p class="form-error" role="alert" id="comment-form-error">
            {data.form.summary}
          </p>
        ) : null}
        <input type="hidden" name="_t" value={data.formToken} />
        <input type="hidden" name="parent_id" value={values.parentId} />
        <div class="field">
          <label for="c-body">
            {ctx.t('comment.body')} <span class="required" aria-hidden="true">*</span>
          </label>
          <textarea id="c-body" name="comment" rows={6} maxLength={5000} required dir="auto" {...field('body')}>
            {values.body}
          </textarea>
          {error('body')}
        </div>
        <div class="field-row">
          <div class="field">
            <label for="c-name">
              {ctx.t('comment.name')} <span class="required" aria-hidden="true">*</span>
            </label>
            <input id="c-name" name="author" type="text" maxLength={100} required autocomplete="name" dir="auto" value={values.name} {...field('name')} />
            {error('name')}
          </div>
          <div class="field">
            <label for="c-email">
              {ctx.t('comment.email')} <span class="required" aria-hidden="true">*</span>
            </label>
            <input id="c-email" name="email" type="email" maxLength={254} required autocomplete="email" dir="ltr" value={values.email} {...field('email')} />
            {error('email')}
          </div>
          <div class="field">
            <label for="c-url">{ctx.t('comment.url')}</label>
            <input id="c-url" name="url" type="url" maxLength={500} autocomplete="url" dir="ltr" placeholder="https://" value={values.url} {...field('url')} />
            {error('url')}
          </div>
        </div>
        <div class="hp-field" aria-hidden="true">
          <label for="c-hp">{ctx.t('comment.honeypot')}</label>
          <input id="c-hp" name="hp_website" type="text" tabIndex={-1} autocomplete="off" value="" />
        </div>
        {error('parentId')}
        <p class="field-check">
          <input id="c-remember" name="remember" type="checkbox" value="1" checked={values.remember} />
          <label for="c-remember">{ctx.t('comment.remember')}</label>
        </p>
        <p>
          <button type="submit" class="button">
            {ctx.t('comment.submit')}
          </button>
        </p>
      </form>
    </div>
  )
}

/** One comment (and, as children, its replies): also sent alone to the form island after posting. */
export function CommentItem({ ctx, comment: c, base, permalinkBase, canReply, children }: { ctx: ViewContext; comment: PublicComment; base: string; permalinkBase: string; canReply: boolean; children?: ComponentChildren }) {
  return (
    <li id={`comment-${c.id}`} class={`comment${c.isStaff ? ' comment-staff' : ''}${c.status === 'pending' ? ' comment-pending' : ''}`}>
      <article aria-labelledby={`comment-${c.id}-author`}>
        <header class="comment-head">
          <span class="comment-author" id={`comment-${c.id}-author`}>
            {c.authorUrl && safeUrl(c.authorUrl) !== '#' ? (
              <a href={safeUrl(c.authorUrl)} rel="nofollow ugc noopener external">
                <bdi>{c.authorName}</bdi>
              </a>
            ) : (
              <bdi>{c.authorName}</bdi>
            )}
          </span>
          {c.isStaff ? <span class="badge badge-staff">{ctx.t('comment.staff')}</span> : null}
          {c.status === 'pending' ? <span class="badge badge-pending">{ctx.t('comment.pending')}</span> : null}
          <a class="comment-permalink" href={`${permalinkBase}#comment-${c.id}`}>
            {/* The visible date stays in the link's name (WCAG 2.5.3), after what the link is. */}
            <span class="visually-hidden">{ctx.t('comment.permalink')}: </span>
            <DateText iso={c.createdAt} ctx={ctx} withTime />
          </a>
        </header>
        <div class="comment-body" dir="auto">
          <CommentText text={c.body} />
        </div>
        {canReply && c.status === 'approved' ? (
          <p class="comment-reply">
            <a href={`${base}?replytocom=${c.id}#respond`} data-reply-to={c.id} rel="nofollow">
              {ctx.t('comment.reply')}
              <span class="visually-hidden">
                {' '}
                <bdi>{c.authorName}</bdi>
              </span>
            </a>
          </p>
        ) : null}
      </article>
      {children}
    </li>
  )
}
