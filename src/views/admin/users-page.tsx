import type { Role, StaffListing } from '../../modules/users/users.repository.js'
import { FormBanners } from './form-parts.js'
import type { ViewContext } from '../context.js'
import { AdminLayout, type AdminUser } from '../layouts/admin-layout.js'
import { AdminTable } from './admin-table.js'

export interface InviteValues {
  email: string
  name: string
  role: string
}

export type InviteField = keyof InviteValues

export interface UsersPageProps {
  ctx: ViewContext
  csrfToken: string
  user: AdminUser
  meId: number
  users: StaffListing[]
  /** The roles an admin may give, in menu order. */
  roles: readonly Role[]
  invite: InviteValues
  inviteErrors?: Partial<Record<InviteField, string>>
  notice?: string
  error?: string
  /** A freshly made one-time link (invite or reset), shown once. */
  link?: { text: string; path: string }
}

/** The staff list with per-user actions, and the invite form. */
export function UsersPage({ ctx, csrfToken, user, meId, users, roles, invite, inviteErrors = {}, notice, error, link }: UsersPageProps) {
  const roleOptions = (selected: string) =>
    roles.map((role) => (
      <option key={role} value={role} selected={selected === role}>
        {ctx.t(`role.${role}`)}
      </option>
    ))
  const fieldError = (name: InviteField) =>
    inviteErrors[name] ? (
      <p class="field-error" id={`invite-${name}-error`}>
        {inviteErrors[name]}
      </p>
    ) : null
  const described = (name: InviteField) => (inviteErrors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `invite-${name}-error` } : {})
  const action = (id: number, verb: string, label: string) => (
    <form method="post" action={`/newsroom/users/${id}/${verb}`} class="inline-form">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit">{label}</button>
    </form>
  )
  return (
    <AdminLayout ctx={ctx} title={ctx.t('users.title')} user={user} csrfToken={csrfToken}>
      <h1>{ctx.t('users.title')}</h1>
      <FormBanners notice={notice} error={error} />
      {link ? (
        <div class="notice one-time-link" role="status">
          <p>{link.text}</p>
          <p>
            <input type="text" readOnly dir="ltr" class="copy-field" value={`${ctx.origin}${link.path}`} aria-label={link.text} />
          </p>
        </div>
      ) : null}
      <AdminTable class="data-table" headings={[ctx.t('users.col.name'), ctx.t('users.col.email'), ctx.t('users.col.role'), ctx.t('users.col.status'), ctx.t('users.col.twoFactor'), ctx.t('users.col.actions')]}>
        {users.map((u) => (
          <tr key={u.id} id={`user-${u.id}`}>
            <td>
              <bdi>{u.name}</bdi> {u.id === meId ? ctx.t('users.you') : null}
            </td>
            <td dir="ltr">{u.email}</td>
            <td>
              <form method="post" action={`/newsroom/users/${u.id}/role`} class="inline-form">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <select name="role" aria-label={ctx.t('users.roleFor', { name: u.name })}>
                  {roleOptions(u.role)}
                </select>{' '}
                <button type="submit">{ctx.t('users.changeRole')}</button>
              </form>
            </td>
            <td>{u.active ? ctx.t('users.active') : ctx.t('users.inactive')}</td>
            <td>{u.twoFactor ? ctx.t('users.twoFactorOn') : ctx.t('users.twoFactorOff')}</td>
            <td>
              {u.active ? action(u.id, 'deactivate', ctx.t('users.deactivate')) : action(u.id, 'activate', ctx.t('users.activate'))}
              {u.active ? action(u.id, 'reset', ctx.t('users.reset')) : null}
            </td>
          </tr>
        ))}
      </AdminTable>
      <section aria-labelledby="invite-title">
        <h2 id="invite-title">{ctx.t('users.invite.title')}</h2>
        {Object.keys(inviteErrors).length > 0 ? (
          <p class="form-error" role="alert">
            {ctx.t('users.invalid')}
          </p>
        ) : null}
        <form method="post" action="/newsroom/users" class="settings-form" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <div class="field">
            <label for="invite-email">{ctx.t('users.invite.email')}</label>
            <input id="invite-email" name="email" type="email" dir="ltr" required maxLength={254} value={invite.email} {...described('email')} />
            {fieldError('email')}
          </div>
          <div class="field">
            <label for="invite-name">{ctx.t('users.invite.name')}</label>
            <input id="invite-name" name="name" type="text" dir="auto" required maxLength={200} value={invite.name} {...described('name')} />
            {fieldError('name')}
          </div>
          <div class="field">
            <label for="invite-role">{ctx.t('users.invite.role')}</label>
            <select id="invite-role" name="role" {...described('role')}>
              {roleOptions(invite.role)}
            </select>
            {fieldError('role')}
          </div>
          <p>
            <button type="submit" class="button">
              {ctx.t('users.invite.submit')}
            </button>
          </p>
        </form>
      </section>
    </AdminLayout>
  )
}
