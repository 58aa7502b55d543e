import { formatNumber } from '../../text/arabic/index.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'

export interface DashboardData {
  user: AdminUser
  counts: Record<string, number>
  recent: Array<{ id: number; title: string; status: string; updatedAt: string }>
}

/** The newsroom's first page after sign-in: who you are, a few counts, recent stories. */
export function DashboardPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: DashboardData }) {
  const n = (x: number | undefined) => formatNumber(x ?? 0, ctx.site)
  return (
    <AdminLayout ctx={ctx} title={ctx.t('newsroom.title')} user={data.user} csrfToken={csrfToken}>
      <h1>
        {ctx.t('newsroom.welcome', { name: '' })}
        <bdi>{data.user.name}</bdi>
      </h1>
      <p>{ctx.t('newsroom.role', { role: ctx.t(`role.${data.user.role}`) })}</p>
      <section aria-labelledby="stats-title">
        <h2 id="stats-title">{ctx.t('newsroom.stats')}</h2>
        <dl class="stats">
          <div>
            <dt>{ctx.t('newsroom.published')}</dt>
            <dd>{n(data.counts.published)}</dd>
          </div>
          <div>
            <dt>{ctx.t('newsroom.drafts')}</dt>
            <dd>{n(data.counts.draft)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{ctx.t('newsroom.recent')}</h2>
        <ul class="recent">
          {data.recent.map((a) => (
            <li key={a.id}>
              <span>{a.title}</span> — <DateText iso={a.updatedAt} ctx={ctx} withTime />
            </li>
          ))}
        </ul>
      </section>
    </AdminLayout>
  )
}
