import type { QueuedComment } from '../../modules/comments/moderation.repository.js'
import { formatNumber } from '../../text/arabic/index.js'
import { Pagination } from '../components/pagination.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { BulkForm, ModerationItem } from './comments-item.js'
import { ModerationNav, moderationPaths, queueStatuses, type CommentStatus, type QueueParams } from './comments-shared.js'
import { FormBanners } from './form-parts.js'

export interface QueuePageData {
  user: AdminUser
  filter: QueueParams & { status: CommentStatus; page: number }
  counts: Record<CommentStatus, number>
  items: QueuedComment[]
  total: number
  pages: number
  /** The filtered article; null when the filter names an article that does not exist. */
  article?: { id: number; title: string; slug: string } | null
  notice?: string
  error?: string
  /** After a refused bulk action: what was ticked and chosen, so nothing has to be redone. */
  selected?: number[]
  action?: string
}

/**
 * A moderation queue: status tabs with counts, the filter form, the bulk-action form and one
 * page of comments. Everything works without JavaScript.
 */
export function CommentQueuePage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: QueuePageData }) {
  const { filter } = data
  const n = (x: number) => formatNumber(x, ctx.site)
  const filters = { articleId: filter.articleId, q: filter.q, email: filter.email }
  const back = moderationPaths.queue(filter)
  const selected = new Set(data.selected ?? [])
  return (
    <AdminLayout ctx={ctx} title={`${ctx.t(`moderation.status.${filter.status}`)} — ${ctx.t('moderation.title')}`} user={data.user} csrfToken={csrfToken}>
      <ModerationNav ctx={ctx} current="queue" />
      <h1>{ctx.t('moderation.title')}</h1>
      <FormBanners notice={data.notice} error={data.error} />

      <nav class="mod-tabs" aria-label={ctx.t('moderation.tabs.label')}>
        <ul>
          {queueStatuses.map((status) => (
            <li key={status}>
              <a href={moderationPaths.queue({ ...filters, status })} aria-current={status === filter.status ? 'page' : undefined}>
                {ctx.t(`moderation.status.${status}`)} <span class="mod-count">{n(data.counts[status])}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <form method="get" action={moderationPaths.queue()} class="mod-filters" role="search" aria-label={ctx.t('moderation.filter.label')}>
        {filter.status !== 'pending' ? <input type="hidden" name="status" value={filter.status} /> : null}
        {filter.email ? <input type="hidden" name="email" value={filter.email} /> : null}
        <div class="field">
          <label for="mod-q">{ctx.t('moderation.filter.q')}</label>
          <input id="mod-q" name="q" type="search" dir="auto" maxLength={200} value={filter.q ?? ''} />
        </div>
        <div class="field mod-field-short">
          <label for="mod-article">{ctx.t('moderation.filter.article')}</label>
          <input id="mod-article" name="article" inputMode="numeric" pattern="[0-9]*" dir="ltr" maxLength={10} value={filter.articleId ? String(filter.articleId) : ''} />
        </div>
        <button type="submit">{ctx.t('moderation.filter.submit')}</button>
        {filter.articleId || filter.q || filter.email ? <a href={moderationPaths.queue({ status: filter.status })}>{ctx.t('moderation.filter.clear')}</a> : null}
      </form>

      {data.article ? (
        <p class="mod-chip">
          {ctx.t('moderation.filter.article.active')} <a href={`/news/${data.article.id}/${encodeURIComponent(data.article.slug)}`}>{data.article.title}</a>
        </p>
      ) : data.article === null && filter.articleId ? (
        <p class="mod-chip">{ctx.t('moderation.filter.article.missing', { id: filter.articleId })}</p>
      ) : null}
      {filter.email ? (
        <p class="mod-chip">
          {ctx.t('moderation.filter.email.active')} <bdi dir="ltr">{filter.email}</bdi> · <a href={moderationPaths.commenter(filter.email)}>{ctx.t('moderation.history')}</a>
        </p>
      ) : null}

      <p class="mod-total">{ctx.t('comment.count', { count: data.total, countText: n(data.total) })}</p>

      {data.items.length > 0 ? (
        <>
          <BulkForm ctx={ctx} csrfToken={csrfToken} back={back} action={data.action} />
          <ol class="mod-list">
            {data.items.map((comment) => (
              <ModerationItem key={comment.id} ctx={ctx} comment={comment} csrfToken={csrfToken} back={back} checked={selected.has(comment.id)} />
            ))}
          </ol>
        </>
      ) : (
        <p class="mod-empty">{ctx.t('moderation.empty')}</p>
      )}
      <Pagination ctx={ctx} page={filter.page} pages={data.pages} href={(page) => moderationPaths.queue({ ...filter, page })} />
    </AdminLayout>
  )
}
