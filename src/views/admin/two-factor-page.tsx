import type { ViewContext } from '../context.js'
import { AdminLayout } from '../layouts/admin-layout.js'
import { paths } from '../paths.js'

/** The second sign-in step: a 6-digit code from the authenticator app (or, once the step timed out, the way back). */
export function TwoFactorPage({ ctx, csrfToken, error, next, expired }: { ctx: ViewContext; csrfToken: string; error?: string; next?: string; expired: boolean }) {
  return (
    <AdminLayout ctx={ctx} title={ctx.t('twofa.loginTitle')}>
      <section class="login card-panel">
        <h1>{ctx.t('twofa.loginTitle')}</h1>
        <p>{ctx.t('twofa.loginIntro')}</p>
        {error ? (
          <p class="form-error" role="alert" id="code-error">
            {error}
          </p>
        ) : null}
        {expired ? (
          <p>
            <a class="button" href={paths.login()}>
              {ctx.t('login.title')}
            </a>
          </p>
        ) : (
        <form method="post" action="/newsroom/login/2fa" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <div class="field">
            <label for="code">{ctx.t('twofa.code')}</label>
            <input
              id="code"
              name="code"
              type="text"
              inputMode="numeric"
              pattern="[0-9]{6}"
              autocomplete="one-time-code"
              dir="ltr"
              required
              maxLength={10}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'code-error' : undefined}
            />
          </div>
          <button type="submit" class="button">
            {ctx.t('twofa.submit')}
          </button>
        </form>
        )}
      </section>
    </AdminLayout>
  )
}
