import type { ViewContext } from '../context.js'

/** Where public/search.js asks for type-ahead suggestions (src/http/site/search.routes.ts). */
export const SUGGEST_PATH = '/search/suggest'

/**
 * Attributes that make a search box a type-ahead combobox once public/search.js runs: where to
 * ask, and the words the list shows and announces (in the page's language, from the catalogue).
 */
export function suggestAttributes(ctx: ViewContext): Record<string, string> {
  // The same for every page in a language: made once per language, not at each render.
  let attributes = attributesByLocale.get(ctx.locale)
  if (!attributes) attributesByLocale.set(ctx.locale, (attributes = makeSuggestAttributes(ctx)))
  return attributes
}

const attributesByLocale = new Map<string, Readonly<Record<string, string>>>()

function makeSuggestAttributes(ctx: ViewContext): Readonly<Record<string, string>> {
  const rules = new Intl.PluralRules(ctx.locale)
  const count = (n: number) => ctx.t('search.suggest.count', { count: n, countText: '{count}' })
  const text = {
    label: ctx.t('search.suggest.label'),
    titles: ctx.t('search.suggest.titles'),
    tags: ctx.t('search.suggest.tags'),
    authors: ctx.t('search.suggest.authors'),
    // One sample count per plural form; the script picks with Intl.PluralRules and fills {count}.
    count: Object.fromEntries([0, 1, 2, 3, 11, 100].map((n) => [rules.select(n), count(n)])),
  }
  return Object.freeze({ 'data-suggest': SUGGEST_PATH, 'data-suggest-text': JSON.stringify(text) })
}

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
      <input id={id} type="search" name="q" value={q} placeholder={ctx.t('site.searchPlaceholder')} maxLength={200} dir="auto" {...suggestAttributes(ctx)} />
      <button type="submit">{ctx.t('site.search')}</button>
    </form>
  )
}
