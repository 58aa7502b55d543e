import type { ArticleSummary } from '../../modules/articles/articles.repository.js'
import type { MediaImage } from '../../modules/media/media.schema.js'
import type { HighlightPart } from '../../modules/search/search.snippet.js'
import { formatNumber } from '../../text/arabic/index.js'
import { CardImage } from '../components/article-card.js'
import { contentLang } from '../components/content-lang.js'
import { Pagination } from '../components/pagination.js'
import { suggestAttributes } from '../components/search-form.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { SiteLayout } from '../layouts/site-layout.js'
import { paths } from '../paths.js'

/** The form's fields as the reader sent them (strings; '' when empty): shown back as typed. */
export interface SearchFormValues {
  q: string
  category: string
  author: string
  from: string
  to: string
  sort: string
}

/** One result: the story, its title and text with the matched words marked, its writers and picture. */
export interface SearchPageHit extends ArticleSummary {
  titleParts: HighlightPart[]
  /** The passage of the body that matched, or the excerpt when only the title did. */
  textParts: HighlightPart[]
  authors: Array<{ slug: string; name: string }>
  image?: MediaImage
}

/** Everything the search page shows; the route builds it (see src/http/site/search.routes.ts). */
export interface SearchPageData {
  values: SearchFormValues
  /** Sections for the filter, in navigation order; `depth` indents sub-sections. */
  categories: Array<{ slug: string; name: string; depth: number }>
  authors: Array<{ slug: string; name: string }>
  /** Absent when nothing was searched for (an empty query) or the request was refused. */
  result?: {
    total: number
    hits: SearchPageHit[]
    page: number
    pages: number
    perPage: number
    didYouMean?: { query: string; total: number; href: string }
  }
  /** A refused request: the field at fault and the message (the page answers 400/404 with it). */
  error?: { field: keyof SearchFormValues | 'page'; message: string; firstPageHref?: string }
  /** Whether a section, writer or date narrows the search. */
  filtered: boolean
  /** The same search on another page, filters kept. */
  href: (page: number) => string
  /** The same words without the filters. */
  unfilteredHref: string
}

/** Result pictures are a small column beside the text on wide screens, full width on phones (site.css). */
const HIT_IMAGE_SIZES = '(max-width: 40rem) 100vw, 12rem'

/** Text with its matched words in `<mark>`; every part is text (escaped by the renderer), never HTML. */
function Marked({ parts }: { parts: readonly HighlightPart[] }) {
  return <>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : p.text))}</>
}

/** Writers' names joined as the language joins a list ("أ وب", "A and B"), each bidi-isolated. */
function Names({ ctx, authors }: { ctx: ViewContext; authors: SearchPageHit['authors'] }) {
  const parts = new Intl.ListFormat(ctx.locale === 'ar' ? 'ar' : 'en', { type: 'conjunction' }).formatToParts(authors.map((a) => a.name))
  let n = 0
  return (
    <>
      {parts.map((p, i) => {
        if (p.type === 'literal') return p.value
        const author = authors[n++]!
        return (
          <a key={i} href={paths.author(author.slug)}>
            <bdi>{author.name}</bdi>
          </a>
        )
      })}
    </>
  )
}

/**
 * The search page: a GET form (words, section, writer, dates, order) that works without
 * JavaScript, the number of results, the results with the matched words marked, paging that
 * keeps the filters, and for no results "did you mean" and tips. Never indexed by search engines.
 */
export function SearchPage({ ctx, data }: { ctx: ViewContext; data: SearchPageData }) {
  const { values, result, error } = data
  const q = values.q
  const heading = q && !error ? ctx.t('search.resultsFor', { q }) : ctx.t('search.title')
  const title = result && result.page > 1 ? `${heading} — ${ctx.t('list.page', { page: result.page })}` : heading
  const byDate = values.sort === 'date'
  return (
    <SiteLayout ctx={ctx} head={{ title, description: ctx.t('search.prompt'), canonicalPath: q ? undefined : paths.search(), noindex: true }}>
      <header class="listing-head search-head">
        <h1 id="search-heading">{heading}</h1>
        {!q && !error ? <p class="listing-description">{ctx.t('search.prompt')}</p> : null}
      </header>
      <SearchFilters ctx={ctx} data={data} />
      {result ? (
        <section class="search-results" aria-labelledby="search-heading">
          <p class="search-count" role="status">
            {ctx.t('search.count', { count: result.total, countText: formatNumber(result.total, ctx.site) })}
          </p>
          {result.hits.length > 0 ? (
            <ol class="search-hits" start={(result.page - 1) * result.perPage + 1}>
              {result.hits.map((hit) => (
                <SearchHitItem key={hit.id} ctx={ctx} hit={hit} />
              ))}
            </ol>
          ) : (
            <NoResults ctx={ctx} data={data} />
          )}
          <Pagination
            page={result.page}
            pages={result.pages}
            href={data.href}
            ctx={ctx}
            labels={byDate ? undefined : { previous: ctx.t('search.previousPage'), next: ctx.t('search.nextPage') }}
          />
        </section>
      ) : null}
    </SiteLayout>
  )
}

/**
 * True for a value a date box keeps (`YYYY-MM-DD`, a real day); browsers empty a date box given
 * anything else, so such a value is shown in a text box instead and the reader can correct it.
 */
function isDateValue(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** The form: words and a button first, then the filters; a refused value is marked and explained. */
function SearchFilters({ ctx, data }: { ctx: ViewContext; data: SearchPageData }) {
  const { values, error } = data
  const invalid = (field: string) => (error?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': 'search-error' } : {})
  const dateBox = (value: string) => (value === '' || isDateValue(value) ? { type: 'date' } : { type: 'text', placeholder: ctx.t('search.dateHint') })
  return (
    <form class="search-page-form" role="search" aria-label={ctx.t('search.formLabel')} action={paths.search()} method="get">
      {error ? (
        <p class="form-error" id="search-error" role="alert">
          {error.message}
          {error.firstPageHref ? (
            <>
              {' '}
              <a href={error.firstPageHref}>{ctx.t('search.firstPage')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <div class="search-query">
        <label for="q">{ctx.t('search.queryLabel')}</label>
        <div class="search-box">
          <input id="q" type="search" name="q" value={values.q} maxLength={256} dir="auto" {...suggestAttributes(ctx)} {...invalid('q')} />
          <button type="submit">{ctx.t('search.submit')}</button>
        </div>
      </div>
      <fieldset class="search-filters">
        <legend>{ctx.t('search.filters')}</legend>
        <div class="field">
          <label for="search-category">{ctx.t('search.category')}</label>
          <select id="search-category" name="category" {...invalid('category')}>
            <option value="">{ctx.t('search.category.all')}</option>
            {data.categories.map((c) => (
              <option key={c.slug} value={c.slug} selected={c.slug === values.category}>
                {`${'\u00a0\u00a0'.repeat(c.depth)}${c.name}`}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="search-author">{ctx.t('search.author')}</label>
          <select id="search-author" name="author" {...invalid('author')}>
            <option value="">{ctx.t('search.author.all')}</option>
            {data.authors.map((a) => (
              <option key={a.slug} value={a.slug} selected={a.slug === values.author}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="search-from">{ctx.t('search.from')}</label>
          <input id="search-from" name="from" value={values.from} dir="ltr" {...dateBox(values.from)} {...invalid('from')} />
        </div>
        <div class="field">
          <label for="search-to">{ctx.t('search.to')}</label>
          <input id="search-to" name="to" value={values.to} dir="ltr" {...dateBox(values.to)} {...invalid('to')} />
        </div>
        <div class="field">
          <label for="search-sort">{ctx.t('search.sort')}</label>
          <select id="search-sort" name="sort" {...invalid('sort')}>
            <option value="relevance" selected={values.sort !== 'date'}>
              {ctx.t('search.sort.relevance')}
            </option>
            <option value="date" selected={values.sort === 'date'}>
              {ctx.t('search.sort.date')}
            </option>
          </select>
        </div>
      </fieldset>
    </form>
  )
}

/** One result: picture (when the story has one), section, marked headline and text, date and writers. */
function SearchHitItem({ ctx, hit }: { ctx: ViewContext; hit: SearchPageHit }) {
  return (
    <li class={hit.image ? 'search-hit has-image' : 'search-hit'} {...contentLang(ctx)}>
      {hit.image ? <CardImage article={hit} image={hit.image} sizes={HIT_IMAGE_SIZES} class="search-hit-image" /> : null}
      <div class="search-hit-text">
        {hit.category ? (
          <a class="kicker" href={paths.category(hit.category.slug)}>
            {hit.category.name}
          </a>
        ) : null}
        <h2 class="search-hit-title">
          <a href={paths.article(hit)}>
            <Marked parts={hit.titleParts} />
          </a>
        </h2>
        {hit.textParts.length > 0 ? (
          <p class="search-hit-snippet">
            <Marked parts={hit.textParts} />
          </p>
        ) : null}
        <p class="meta">
          <DateText iso={hit.publishedAt} ctx={ctx} />
          {hit.authors.length > 0 ? (
            <>
              {' · '}
              {ctx.t('search.by')} <Names ctx={ctx} authors={hit.authors} />
            </>
          ) : null}
        </p>
      </div>
    </li>
  )
}

/** No results: what was not found, "did you mean" when a close spelling has results, and tips. */
function NoResults({ ctx, data }: { ctx: ViewContext; data: SearchPageData }) {
  const q = data.values.q
  const suggestion = data.result?.didYouMean
  // The sentence with its placeholder left in, cut around it so the suggestion can be a link.
  const [before = '', after = ''] = ctx.t('search.didYouMean').split('{query}')
  return (
    <div class="search-none">
      <p>{data.filtered ? ctx.t('search.noneFiltered', { q }) : ctx.t('search.none', { q })}</p>
      {suggestion ? (
        <p class="did-you-mean">
          {before}
          <a href={suggestion.href}>
            <bdi>{suggestion.query}</bdi>
          </a>
          {after} <span class="meta">({ctx.t('search.count', { count: suggestion.total, countText: formatNumber(suggestion.total, ctx.site) })})</span>
        </p>
      ) : null}
      <p class="search-tips-title">{ctx.t('search.tips')}</p>
      <ul class="search-tips">
        <li>{ctx.t('search.tip.spelling')}</li>
        <li>{ctx.t('search.tip.fewer')}</li>
        <li>{ctx.t('search.tip.syntax')}</li>
        {data.filtered ? (
          <li>
            <a href={data.unfilteredHref}>{ctx.t('search.tip.clearFilters')}</a>
          </li>
        ) : null}
      </ul>
    </div>
  )
}
