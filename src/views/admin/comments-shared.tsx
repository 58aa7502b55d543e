import type { MessageKey } from '../../i18n/index.js'
import type { QueuedComment } from '../../modules/comments/moderation.repository.js'
import type { BulkAction, CommenterAction } from '../../modules/comments/moderation.service.js'
import type { ViewContext } from '../context.js'

export type CommentStatus = QueuedComment['status']

/** The queues in tab order (pending first: it is where the work is). */
export const queueStatuses: readonly CommentStatus[] = ['pending', 'approved', 'spam', 'trash']

/** Bulk and per-row actions, in menu order. */
export const moderationActions: readonly BulkAction[] = ['approve', 'spam', 'trash', 'restore']

/** What each action moves a comment to: a row offers only the actions that would change it. */
export const actionTarget: Record<BulkAction, CommentStatus> = { approve: 'approved', spam: 'spam', trash: 'trash', restore: 'pending' }

/** A queue's filters as they appear in its URL. */
export interface QueueParams {
  status?: CommentStatus
  articleId?: number
  q?: string
  email?: string
  page?: number
}

/** The confirmation shown after a redirect (`?done=approve&n=3`). */
export type NoticeKind = BulkAction | CommenterAction | 'edit' | 'reply'
export interface Notice {
  done: NoticeKind
  n?: number
}

function withQuery(path: string, params: Array<[string, string | number | undefined]>): string {
  const query = new URLSearchParams()
  for (const [key, value] of params) if (value !== undefined && value !== '') query.append(key, String(value))
  const text = query.toString()
  return text ? `${path}?${text}` : path
}

const noticeParams = (notice?: Notice): Array<[string, string | number | undefined]> => [
  ['done', notice?.done],
  ['n', notice?.n],
]

/**
 * The moderation URLs: the one place that knows them. Query values are percent-encoded, so
 * every URL is plain ASCII (fit for a Location header).
 */
export const moderationPaths = {
  queue: (p: QueueParams = {}, notice?: Notice) =>
    withQuery('/newsroom/comments', [
      ['status', p.status && p.status !== 'pending' ? p.status : undefined],
      ['article', p.articleId],
      ['q', p.q],
      ['email', p.email],
      ['page', p.page && p.page > 1 ? p.page : undefined],
      ...noticeParams(notice),
    ]),
  bulk: () => '/newsroom/comments/bulk',
  /** The comment's page (edit form and reply form); `back` is the list to return to. */
  edit: (id: number, back?: string) => withQuery(`/newsroom/comments/${id}/edit`, [['back', back]]),
  save: (id: number) => `/newsroom/comments/${id}`,
  reply: (id: number) => `/newsroom/comments/${id}/reply`,
  commenter: (email: string, { page, notice }: { page?: number; notice?: Notice } = {}) =>
    withQuery('/newsroom/comments/commenter', [['email', email], ['page', page && page > 1 ? page : undefined], ...noticeParams(notice)]),
  commenterAction: () => '/newsroom/comments/commenter',
  log: (page = 1) => withQuery('/newsroom/comments/log', [['page', page > 1 ? page : undefined]]),
}

/** The public URL of a comment: its article's canonical page, anchored at the comment. */
export function publicCommentHref(c: { id: number; articleId: number; articleSlug: string }): string {
  return `/news/${c.articleId}/${encodeURIComponent(c.articleSlug)}#comment-${c.id}`
}

/** The sentence confirming what just happened, with the count in the site's digits. */
export function noticeText(ctx: ViewContext, notice: Notice, formatCount: (n: number) => string): string {
  const n = notice.n ?? 0
  return ctx.t(`moderation.done.${notice.done}`, { count: n, countText: formatCount(n) })
}

/** Moderation sub-navigation: the queues and the log. */
export function ModerationNav({ ctx, current }: { ctx: ViewContext; current: 'queue' | 'log' | 'other' }) {
  return (
    <nav class="mod-nav" aria-label={ctx.t('moderation.nav.label')}>
      <a href={moderationPaths.queue()} aria-current={current === 'queue' ? 'page' : undefined}>
        {ctx.t('moderation.nav.queue')}
      </a>
      <a href={moderationPaths.log()} aria-current={current === 'log' ? 'page' : undefined}>
        {ctx.t('moderation.nav.log')}
      </a>
    </nav>
  )
}

const reasonKeys: Record<string, MessageKey> = {
  honeypot: 'moderation.reason.honeypot',
  'blocked commenter': 'moderation.reason.blocked',
  links: 'moderation.reason.links',
  'filled too fast': 'moderation.reason.fast',
  'recently rejected': 'moderation.reason.rejected',
  'policy: hold all': 'moderation.reason.holdAll',
  'policy: first comment': 'moderation.reason.first',
}

/**
 * Why the policy put a comment where it is, in the moderator's language; undefined when there
 * is nothing worth saying (approved as usual, trusted, staff). Unknown reasons show as stored.
 */
export function holdReasonText(ctx: ViewContext, reason: string): string | undefined {
  if (!reason || reason === 'trusted' || reason === 'staff') return undefined
  const known = reasonKeys[reason]
  if (known) return ctx.t(known)
  const listed = /^(blocklist|watchlist): (.*)$/s.exec(reason)
  if (listed) return ctx.t(listed[1] === 'blocklist' ? 'moderation.reason.blocklist' : 'moderation.reason.watchlist', { words: listed[2]! })
  return reason
}

/** A commenter's (private) email, left-to-right, with a link to their history. */
export function CommenterEmail({ ctx, email }: { ctx: ViewContext; email: string }) {
  return (
    <>
      <bdi dir="ltr">{email}</bdi> · <a href={moderationPaths.commenter(email)}>{ctx.t('moderation.history')}</a>
    </>
  )
}
