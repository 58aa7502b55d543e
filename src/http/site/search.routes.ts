import type { FastifyInstance, FastifyReply } from 'fastify'
import { h } from 'preact'
import type { Deps } from '../../container.js'
import { pickLocale, type MessageKey, type MessageVars } from '../../i18n/index.js'
import { listAuthorsOfArticles } from '../../modules/articles/article-authors.repository.js'
import { highlightTerms } from '../../modules/search/search.query.js'
import { listCreditedAuthors } from '../../modules/search/search.repository.js'
import { SUGGEST_MAX_CHARS, searchArticles, suggest } from '../../modules/search/search.service.js'
import { highlight } from '../../modules/search/search.snippet.js'
import type { Category } from '../../modules/taxonomy/taxonomy.repository.js'
import { normalizeForDisplay } from '../../text/arabic/index.js'
import type { ViewContext } from '../../views/context.js'
import { SUGGEST_PATH } from '../../views/components/search-form.js'
import { paths } from '../../views/paths.js'
import { renderDocument } from '../../views/render.js'
import { SearchPage, type SearchFormValues, type SearchPageData, type SearchPageHit } from '../../views/site/search-page.js'
import { alwaysJsonErrors, sendJsonError } from '../api/json-errors.js'
import { parseDay, parseSearchParams, resolveSearchFilters, searchInputOf, searchQueryString, type SearchInput, type SearchProblem } from '../api/search-params.js'
import type { Assets } from '../plugins/assets.js'
import { viewContext } from '../view-context.js'
import { imagesOf } from './site-images.js'

/**
 * Result pages may be kept briefly by browsers and CDNs. They are not put in the render cache:
 * every query is a new URL (an unbounded key space that would push articles out), and a search
 * costs a few indexed queries (milliseconds), so rendering each one is cheap enough.
 */
const searchCacheControl = 'public, max-age=60'
/** Type-ahead answers change only when stories are published; a minute is short enough. */
const suggestCacheControl = 'public, max-age=60'
/** Suggestions per group in the type-ahead list (stories; tags and writers, fewer). */
const SUGGEST_TITLES = 5
const SUGGEST_OTHERS = 3

/**
 * The reader's search: the /search page (form with filters, results, paging, "did you mean") and
 * /search/suggest, the type-ahead JSON public/search.js asks for. Both read only; rate limited per
 * IP (a search costs more than a cached page): 120 pages and 240 suggestion lists a minute.
 */
export async function searchRoutes(app: FastifyInstance, { deps, assets }: { deps: Deps; assets: Assets }) {
  app.get('/search', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
    const ctx = viewContext(deps, assets, request, pickLocale(request.query, undefined))
    const settings = deps.frame().settings
    const input = searchInputOf(request.query)
    // The writers for the filter are read while the search runs.
    const authors = listCreditedAuthors(deps.db)
    authors.catch(() => {}) // awaited below; never an unhandled rejection if the search fails first
    const parsed = parseSearchParams(request.query, { timeZone: settings.timeZone, perPage: settings.perPage, strictQuery: false })
    const base = { categories: categoryOptions(ctx.nav), filtered: Boolean(input.category || input.author || input.from || input.to) }
    const refuse = async (values: SearchFormValues, problem: SearchProblem, firstPageHref?: string) =>
      sendSearchPage(reply, problem.status, ctx, {
        ...base,
        authors: await authors,
        values,
        error: { field: problem.field === 'per_page' ? 'page' : problem.field, message: ctx.t(problem.key, problem.vars), firstPageHref },
        href: () => paths.search(),
        unfilteredHref: paths.search(),
      })

    if ('problem' in parsed) return refuse(formValues(input), parsed.problem)
    const wanted = parsed.request
    const values = formValues(input, wanted.q)
    const resolved = await resolveSearchFilters(deps, wanted)
    if ('problem' in resolved) return refuse(values, resolved.problem)
    const hrefFor = (changes: Partial<SearchInput>) => paths.search() + searchQueryString({ ...values, ...changes })
    const data = { ...base, values, href: (page: number) => hrefFor({ page: String(page) }), unfilteredHref: hrefFor({ category: '', author: '', from: '', to: '' }) }
    if (!wanted.q) return sendSearchPage(reply, 200, ctx, { ...data, authors: await authors })

    const { page, perPage } = wanted
    const result = await searchArticles(deps, wanted.q, { ...resolved.filters, sort: wanted.sort, limit: perPage, offset: (page - 1) * perPage, now: deps.clock.now() })
    const pages = Math.max(1, Math.ceil(result.total / perPage))
    if (page > pages) return refuse(values, outOfRange(page), data.href(1))

    const ids = result.hits.map((hit) => hit.id)
    const [credits, images] = await Promise.all([listAuthorsOfArticles(deps.db, ids), imagesOf(deps.db, result.hits.map((hit) => hit.featuredMediaId))])
    const matcher = highlightTerms(result.query)
    const hits = result.hits.map(
      (hit): SearchPageHit => ({
        ...hit,
        // The body's passage when the body matched; otherwise the editor's summary (the title matched).
        textParts: hit.snippet.some((p) => p.mark) || !hit.excerpt ? hit.snippet : highlight(hit.excerpt, matcher),
        authors: credits.get(hit.id) ?? [],
        image: hit.featuredMediaId === null ? undefined : images.get(hit.featuredMediaId),
      }),
    )
    const didYouMean = result.didYouMean && { ...result.didYouMean, href: hrefFor({ q: result.didYouMean.query, page: '' }) }
    return sendSearchPage(reply, 200, ctx, { ...data, authors: await authors, result: { total: result.total, hits, page, pages, perPage, didYouMean } })
  })

  app.get(
    SUGGEST_PATH,
    { config: { rateLimit: { max: 240, timeWindow: '1 minute' } }, errorHandler: alwaysJsonErrors(app) },
    async (request, reply) => {
      const q = (request.query as Record<string, unknown> | undefined)?.q
      const problem = suggestProblem(q)
      if (problem) return sendJsonError(request, reply, { status: 400, ...problem })
      const found = await suggest(deps, q as string, { limit: SUGGEST_TITLES, now: deps.clock.now() })
      return reply
        .header('cache-control', suggestCacheControl)
        .header('x-robots-tag', 'noindex')
        .send({
          titles: found.titles.map((a) => ({ id: a.id, title: a.title, url: paths.article(a) })),
          tags: found.tags.slice(0, SUGGEST_OTHERS).map((tag) => ({ name: tag.name, url: paths.tag(tag.slug) })),
          authors: found.authors.slice(0, SUGGEST_OTHERS).map((author) => ({ name: author.name, url: paths.author(author.slug) })),
        })
    },
  )
}

/** What is wrong with a type-ahead `q` (missing, repeated, empty or longer than SUGGEST_MAX_CHARS), or undefined. */
function suggestProblem(q: unknown): { code: string; key: MessageKey; vars?: MessageVars } | undefined {
  if (Array.isArray(q)) return { code: 'SEARCH_PARAM_REPEATED', key: 'search.error.repeated', vars: { name: 'q' } }
  if (typeof q !== 'string' || normalizeForDisplay(q) === '') return { code: 'SEARCH_QUERY_REQUIRED', key: 'search.error.queryRequired' }
  if (q.length > SUGGEST_MAX_CHARS) return { code: 'SEARCH_QUERY_TOO_LONG', key: 'search.error.queryTooLong', vars: { count: SUGGEST_MAX_CHARS } }
  return undefined
}

function outOfRange(page: number): SearchProblem {
  return { field: 'page', status: 404, code: 'PAGE_OUT_OF_RANGE', key: 'search.error.pageOutOfRange', vars: { page } }
}

/**
 * The form's values: as the reader sent them, except a valid date written another way
 * (`2026-5-1`, Arabic-Indic digits), which is shown as a date box holds it (`2026-05-01`).
 */
function formValues(input: SearchInput, q = input.q): SearchFormValues {
  const day = (value: string) => {
    const d = parseDay(value)
    return d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : value
  }
  return { q, category: input.category, author: input.author, from: day(input.from), to: day(input.to), sort: input.sort }
}

/** Sections in navigation order, each followed by its sub-sections (depth for indenting). */
function categoryOptions(nav: readonly Category[]): SearchPageData['categories'] {
  const out: SearchPageData['categories'] = []
  const walk = (parentId: number | null, depth: number) => {
    for (const c of nav) {
      if (c.parentId !== parentId || out.some((o) => o.slug === c.slug)) continue
      out.push({ slug: c.slug, name: c.name, depth })
      if (depth < 4) walk(c.id, depth + 1)
    }
  }
  walk(null, 0)
  return out
}

function sendSearchPage(reply: FastifyReply, status: number, ctx: ViewContext, data: SearchPageData) {
  return reply
    .code(status)
    .header('cache-control', status === 200 ? searchCacheControl : 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderDocument(h(SearchPage, { ctx, data })))
}
