import type { ViewContext } from '../context.js'

/**
 * The site search box (a GET form: works without JavaScript). Only one search form per page is
 * a `search` landmark (the masthead's); a second one, such as the 404 page's, passes
 * `landmark={false}` so landmarks stay unique.
 */
export function SearchForm({ ctx, q = '', id = 'q', landmark = true }: { ctx: ViewContext; q?: string; id?: string; landmark?: boolean }) {
  return (
    <form class="search-form" role={landmark ? 'search' : undefined} action="/search" method="get">
      <label for={id} class="visually-hidden">
        {ctx.t('site.searchLabel')}
      </label>
      <input id={id} type="search" name="q" value={q} placeholder={ctx.t('site.searchPlaceholder')} maxLength={200} dir="auto" />
      <button type="submit">{ctx.t('site.search')}</button>
    </form>
  )
}
