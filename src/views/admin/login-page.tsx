import type { ViewContext } from '../context.js'
import { AdminLayout } from '../layouts/admin-layout.js'
import { paths } from '../paths.js'

export interface LoginForm {
  email: string
  error?: string
  fieldErrors?: { email?: string; password?: string }
  notice?: string
  next?: string
}

/** The newsroom sign-in form; keeps the typed email on error, never the password. */
export function LoginPage({ ctx, csrfToken, form }: { ctx: ViewContext; csrfToken: string; form: LoginForm }) {
  const fe = form.fieldErrors ?? {}
  return (
    <AdminLayout ctx={ctx} title={ctx.t('login.title')}>
      <section class="login card-panel">
        <h1>{ctx.t('login.title')}</h1>
        {form.notice ? (
          <p class="notice" role="status">
            {form.notice}
          </p>
        ) : null}
        {form.error ? (
          <p class="form-error" role="alert" id="login-error">
            {form.error}
          </p>
        ) : null}
        <form method="post" action={paths.login()} novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          {form.next ? <input type="hidden" name="next" value={form.next} /> : null}
          <div class="field">
            <label for="email">{ctx.t('login.email')}</label>
            <input
              id="email"
              name="email"
              type="email"
              dir="ltr"
              autocomplete="username"
              required
              maxLength={254}
              value={form.email}
              aria-invalid={fe.email ? 'true' : undefined}
              aria-describedby={fe.email ? 'email-error' : undefined}
            />
            {fe.email ? (
              <p class="field-error" id="email-error">
                {fe.email}
              </p>
            ) : null}
          </div>
          <div class="field">
            <label for="password">{ctx.t('login.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              dir="ltr"
              autocomplete="current-password"
              required
              maxLength={500}
              aria-invalid={fe.password ? 'true' : undefined}
              aria-describedby={fe.password ? 'password-error' : undefined}
            />
            {fe.password ? (
              <p class="field-error" id="password-error">
                {fe.password}
              </p>
            ) : null}
          </div>
          <button type="submit" class="button">
            {ctx.t('login.submit')}
          </button>
        </form>
      </section>
    </AdminLayout>
  )
}
