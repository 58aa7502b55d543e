import type { ViewContext } from '../context.js'
import { AdminLayout } from '../layouts/admin-layout.js'

export interface AccountLinkForm {
  purpose: 'invite' | 'reset'
  email: string
  action: string
  error?: string
  fieldErrors?: { password?: string; confirm?: string }
}

/** Choosing a password through a one-time invite or reset link (no session yet). */
export function AccountLinkPage({ ctx, csrfToken, form }: { ctx: ViewContext; csrfToken: string; form: AccountLinkForm }) {
  const fe = form.fieldErrors ?? {}
  const title = ctx.t(form.purpose === 'invite' ? 'users.link.inviteTitle' : 'users.link.resetTitle')
  return (
    <AdminLayout ctx={ctx} title={title}>
      <section class="login card-panel">
        <h1>{title}</h1>
        <p>{ctx.t(form.purpose === 'invite' ? 'users.link.inviteIntro' : 'users.link.resetIntro', { email: form.email })}</p>
        {form.error ? (
          <p class="form-error" role="alert">
            {form.error}
          </p>
        ) : null}
        <form method="post" action={form.action} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="text" name="username" value={form.email} autocomplete="username" hidden readOnly />
          <div class="field">
            <label for="password">{ctx.t('users.link.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              dir="ltr"
              autocomplete="new-password"
              required
              minLength={10}
              maxLength={500}
              aria-invalid={fe.password ? 'true' : undefined}
              aria-describedby={fe.password ? 'password-error' : 'password-hint'}
            />
            <p class="hint" id="password-hint">
              {ctx.t('users.link.passwordHint')}
            </p>
            {fe.password ? (
              <p class="field-error" id="password-error">
                {fe.password}
              </p>
            ) : null}
          </div>
          <div class="field">
            <label for="confirm">{ctx.t('users.link.confirm')}</label>
            <input
              id="confirm"
              name="confirm"
              type="password"
              dir="ltr"
              autocomplete="new-password"
              required
              maxLength={500}
              aria-invalid={fe.confirm ? 'true' : undefined}
              aria-describedby={fe.confirm ? 'confirm-error' : undefined}
            />
            {fe.confirm ? (
              <p class="field-error" id="confirm-error">
                {fe.confirm}
              </p>
            ) : null}
          </div>
          <button type="submit" class="button">
            {ctx.t('users.link.submit')}
          </button>
        </form>
      </section>
    </AdminLayout>
  )
}

/** A one-time link that is spent, expired or unknown: says which, and what to do. */
export function AccountLinkGonePage({ ctx, message }: { ctx: ViewContext; message: string }) {
  return (
    <AdminLayout ctx={ctx} title={ctx.t('users.link.goneTitle')}>
      <section class="login card-panel">
        <h1>{ctx.t('users.link.goneTitle')}</h1>
        <p role="alert">{message}</p>
      </section>
    </AdminLayout>
  )
}
