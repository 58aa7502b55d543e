import type { MessageKey } from '../../i18n/index.js'
import { SearchForm } from '../components/search-form.js'
import type { ViewContext } from '../context.js'
import { SiteLayout } from '../layouts/site-layout.js'
import { paths } from '../paths.js'

const copy: Record<number, { title: MessageKey; body: MessageKey }> = {
  400: { title: 'error.badRequest.title', body: 'error.badRequest.body' },
  403: { title: 'error.forbidden.title', body: 'error.forbidden.body' },
  404: { title: 'error.notFound.title', body: 'error.notFound.body' },
  410: { title: 'error.gone.title', body: 'error.gone.body' },
  500: { title: 'error.server.title', body: 'error.server.body' },
}

/** Error pages in Arabic with a search box and a way home (404, 410, 400, 403, 500…). */
export function ErrorPage({ ctx, status, message }: { ctx: ViewContext; status: number; message?: string }) {
  const text = copy[status] ?? (status >= 500 ? copy[500]! : copy[400]!)
  return (
    <SiteLayout ctx={ctx} head={{ title: ctx.t(text.title), noindex: true }}>
      <section class="error-page">
        <p class="error-code" aria-hidden="true">
          {status}
        </p>
        <h1>{ctx.t(text.title)}</h1>
        <p>{message ?? ctx.t(text.body)}</p>
        <SearchForm ctx={ctx} id="error-q" landmark={false} />
        <p>
          <a class="button" href={paths.home()}>
            {ctx.t('error.backHome')}
          </a>
        </p>
      </section>
    </SiteLayout>
  )
}
