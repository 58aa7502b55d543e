import type { QueuedComment } from '../../modules/comments/moderation.repository.js'
import type { CommenterAction } from '../../modules/comments/moderation.service.js'
import { formatNumber } from '../../text/arabic/index.js'
import { Pagination } from '../components/pagination.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { BulkForm, ModerationItem } from './comments-item.js'
import { ModerationNav, moderationPaths, queueStatuses, type CommentStatus } from './comments-shared.js'
import { FormBanners } from './form-parts.js'

export interface CommenterPageData {
  user: AdminUser
  email: string
  standing: { trusted: boolean; blocked: boolean }
  counts: Record<CommentStatus, number>
  items: QueuedComment[]
  page: number
  pages: number
  notice?: string
  error?: string
  /** After a refused bulk action: what was ticked and chosen. */
  selected?: number[]
  action?: string
}

/**
 * One commenter's history (by email): every comment in any status, their standing, and
 * one-click trust/block forms (each with its undo).
 */
export function CommenterPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: CommenterPageData }) {
  const n = (x: number) => formatNumber(x, ctx.site)
  const back = moderationPaths.commenter(data.email, { page: data.page })
  const standing = data.standing.blocked ? 'moderation.commenter.blocked' : data.standing.trusted ? 'moderation.commenter.trusted' : 'moderation.commenter.normal'
  const actions: CommenterAction[] = [data.standing.trusted ? 'untrust' : 'trust', data.standing.blocked ? 'unblock' : 'block']
  return (
    <AdminLayout ctx={ctx} title={ctx.t('moderation.commenter.title')} user={data.user} csrfToken={csrfToken}>
      <ModerationNav ctx={ctx} current="other" />
      <h1>
        {ctx.t('moderation.commenter.title')}: <bdi dir="ltr">{data.email}</bdi>
      </h1>
      <FormBanners notice={data.notice} error={data.error} />
      <p class="mod-standing">
        {ctx.t('moderation.commenter.standing')} <strong>{ctx.t(standing)}</strong>
      </p>
      <form method="post" action={moderationPaths.commenterAction()} class="inline-form mod-standing-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="email" value={data.email} />
        {actions.map((action) => (
          <button key={action} type="submit" name="action" value={action} class={`mod-button mod-${action}`}>
            {ctx.t(`moderation.commenter.${action}`)}
          </button>
        ))}
      </form>
      <section aria-labelledby="commenter-counts">
        <h2 id="commenter-counts">{ctx.t('moderation.commenter.counts')}</h2>
        <ul class="mod-tabs-inline">
          {queueStatuses.map((status) => (
            <li key={status}>
              <a href={moderationPaths.queue({ status, email: data.email })}>
                {ctx.t(`moderation.status.${status}`)} <span class="mod-count">{n(data.counts[status])}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      {data.items.length > 0 ? (
        <>
          <BulkForm ctx={ctx} csrfToken={csrfToken} back={back} action={data.action} />
          <ol class="mod-list">
            {data.items.map((comment) => (
              <ModerationItem key={comment.id} ctx={ctx} comment={comment} csrfToken={csrfToken} back={back} showStatus checked={data.selected?.includes(comment.id)} />
            ))}
          </ol>
        </>
      ) : (
        <p class="mod-empty">{ctx.t('moderation.commenter.none')}</p>
      )}
      <Pagination ctx={ctx} page={data.page} pages={data.pages} href={(page) => moderationPaths.commenter(data.email, { page })} />
    </AdminLayout>
  )
}
