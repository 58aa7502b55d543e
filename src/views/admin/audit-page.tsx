import type { MessageKey } from '../../i18n/index.js'
import type { AuditLine } from '../../modules/audit/audit.repository.js'
import { formatNumber } from '../../text/arabic/index.js'
import { Pagination } from '../components/pagination.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { AdminTable } from './admin-table.js'

/** The action families the log can be filtered by (`<subject>.` prefixes). */
export const auditFamilies = ['article', 'user', 'category', 'tag', 'media', 'settings', 'import'] as const
export type AuditFamily = (typeof auditFamilies)[number]

const familyKeys: Record<AuditFamily, MessageKey> = {
  article: 'audit.family.article',
  user: 'audit.family.user',
  category: 'audit.family.category',
  tag: 'audit.family.tag',
  media: 'audit.family.media',
  settings: 'audit.family.settings',
  import: 'audit.family.import',
}

export interface AuditFilter {
  family?: AuditFamily
  userId?: number
}

/** The audit page's URL for a filter and page. */
export function auditHref(filter: AuditFilter, page = 1): string {
  const query = new URLSearchParams()
  if (filter.family) query.set('action', filter.family)
  if (filter.userId) query.set('user', String(filter.userId))
  if (page > 1) query.set('page', String(page))
  const s = query.toString()
  return `/newsroom/audit${s ? `?${s}` : ''}`
}

export interface AuditPageData {
  user: AdminUser
  lines: AuditLine[]
  total: number
  filter: AuditFilter
  /** Staff members to filter by. */
  people: Array<{ id: number; name: string }>
  page: number
  pages: number
}

/** The audit log: who changed what and when, newest first, filterable by family and person. */
export function AuditPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: AuditPageData }) {
  const n = (x: number) => formatNumber(x, ctx.site)
  const { filter } = data
  return (
    <AdminLayout ctx={ctx} title={ctx.t('audit.title')} user={data.user} csrfToken={csrfToken}>
      <h1>{ctx.t('audit.title')}</h1>
      <form method="get" action="/newsroom/audit" class="mod-filter">
        <label for="audit-action">{ctx.t('audit.filter.action')}</label>{' '}
        <select id="audit-action" name="action">
          <option value="">{ctx.t('audit.filter.allActions')}</option>
          {auditFamilies.map((family) => (
            <option key={family} value={family} selected={filter.family === family}>
              {ctx.t(familyKeys[family])}
            </option>
          ))}
        </select>{' '}
        <label for="audit-user">{ctx.t('audit.filter.user')}</label>{' '}
        <select id="audit-user" name="user">
          <option value="">{ctx.t('audit.filter.allUsers')}</option>
          {data.people.map((person) => (
            <option key={person.id} value={String(person.id)} selected={filter.userId === person.id}>
              {person.name}
            </option>
          ))}
        </select>{' '}
        <button type="submit">{ctx.t('audit.filter.submit')}</button>
      </form>
      <p>{ctx.t('audit.count', { count: data.total, countText: n(data.total) })}</p>
      {data.lines.length === 0 ? (
        <p class="mod-empty">{ctx.t('audit.empty')}</p>
      ) : (
        <AdminTable class="mod-log audit-log" headings={[ctx.t('audit.when'), ctx.t('audit.who'), ctx.t('audit.action'), ctx.t('audit.subject'), ctx.t('audit.detail')]}>
          {data.lines.map((line) => (
            <tr key={line.id}>
              <td>
                <DateText iso={line.createdAt} ctx={ctx} withTime />
              </td>
              <td>{line.user ? <bdi>{line.user.name}</bdi> : ctx.t('audit.system')}</td>
              <td>
                <code dir="ltr">{line.action}</code>
              </td>
              <td>
                <bdi>{line.subjectId === null ? line.subjectType : `${line.subjectType} #${line.subjectId}`}</bdi>
              </td>
              <td>
                <bdi>{line.detail}</bdi>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <Pagination ctx={ctx} page={data.page} pages={data.pages} href={(page) => auditHref(filter, page)} />
    </AdminLayout>
  )
}
