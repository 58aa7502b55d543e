import type { MessageKey } from '../../i18n/index.js'
import type { ModerationLogEntry } from '../../modules/comments/moderation.repository.js'
import { Pagination } from '../components/pagination.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { ModerationNav, moderationPaths } from './comments-shared.js'
import { AdminTable } from './admin-table.js'

export interface ModerationLogPageData {
  user: AdminUser
  entries: ModerationLogEntry[]
  page: number
  pages: number
}

const actionKeys: Record<string, MessageKey> = {
  approve: 'moderation.log.action.approve',
  spam: 'moderation.log.action.spam',
  trash: 'moderation.log.action.trash',
  restore: 'moderation.log.action.restore',
  edit: 'moderation.log.action.edit',
  reply: 'moderation.log.action.reply',
  trust: 'moderation.log.action.trust',
  untrust: 'moderation.log.action.untrust',
  block: 'moderation.log.action.block',
  unblock: 'moderation.log.action.unblock',
}
const commenterActions = new Set(['trust', 'untrust', 'block', 'unblock'])

/** An entry's detail: commenter actions link to the commenter's history; replies name their parent. */
function Detail({ ctx, entry }: { ctx: ViewContext; entry: ModerationLogEntry }) {
  if (commenterActions.has(entry.action) && entry.detail) {
    return (
      <a href={moderationPaths.commenter(entry.detail)}>
        <bdi dir="ltr">{entry.detail}</bdi>
      </a>
    )
  }
  const reply = /^reply to #(\d+)$/.exec(entry.detail)
  if (reply) return <a href={moderationPaths.edit(Number(reply[1]))}>{ctx.t('moderation.log.replyTo', { id: reply[1]! })}</a>
  return <>{entry.detail}</>
}

/** The moderation log: who did what, to which comment or commenter, and when; newest first. */
export function ModerationLogPage({ ctx, csrfToken, data }: { ctx: ViewContext; csrfToken: string; data: ModerationLogPageData }) {
  return (
    <AdminLayout ctx={ctx} title={ctx.t('moderation.log.title')} user={data.user} csrfToken={csrfToken}>
      <ModerationNav ctx={ctx} current="log" />
      <h1>{ctx.t('moderation.log.title')}</h1>
      {data.entries.length === 0 ? (
        <p class="mod-empty">{ctx.t('moderation.log.empty')}</p>
      ) : (
        <AdminTable class="mod-log" headings={[ctx.t('moderation.log.when'), ctx.t('moderation.log.who'), ctx.t('moderation.log.what'), ctx.t('moderation.log.comment'), ctx.t('moderation.log.detail')]}>
          {data.entries.map((entry) => {
            const action = actionKeys[entry.action]
            return (
              <tr key={entry.id}>
                <td>
                  <DateText iso={entry.createdAt} ctx={ctx} withTime />
                </td>
                <td>{entry.userName === null ? ctx.t('moderation.log.unknownUser') : <bdi>{entry.userName}</bdi>}</td>
                <td data-action={entry.action}>{action ? ctx.t(action) : entry.action}</td>
                <td>{entry.commentId === null ? '—' : <a href={moderationPaths.edit(entry.commentId)}>{`#${entry.commentId}`}</a>}</td>
                <td>
                  <Detail ctx={ctx} entry={entry} />
                </td>
              </tr>
            )
          })}
        </AdminTable>
      )}
      <Pagination ctx={ctx} page={data.page} pages={data.pages} href={(page) => moderationPaths.log(page)} />
    </AdminLayout>
  )
}
