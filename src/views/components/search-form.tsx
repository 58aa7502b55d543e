import type { ViewContext } from '../context.js'

/** The site search box (a GET form: works without JavaScript). */
export function SearchForm({ ctx, q = '', id = 'q' }: { ctx: ViewContext; q?: string; id?: string }) {
  return (
    <form class="search-form" role="search" action="/search" method="get">
      <label for={id} class="visually-hidden">
        {ctx.t('site.searchLabel')}
      </label>
      <input id={id} type="search" name="q" value={q} placeholder={ctx.t('site.searchPlaceholder')} maxLength={200} dir="auto" />
      <button type="submit">{ctx.t('site.search')}</button>
    </form>
  )
}
