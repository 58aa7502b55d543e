import type { FastifyInstance } from 'fastify'
import { z } from 'zod/v4'
import type { Deps } from '../../container.js'
import { listAuthorsOfArticles } from '../../modules/articles/article-authors.repository.js'
import { searchArticles } from '../../modules/search/search.service.js'
import { highlightHtml } from '../../modules/search/search.snippet.js'
import { paths } from '../../views/paths.js'
import { originOf } from '../view-context.js'
import { errorResponses, notModified } from './api-routes.js'
import { API_PREFIX } from './api.plugin.js'
import { requestSchema, responseSchema } from './api-schema.js'
import { sendJsonError } from './json-errors.js'
import { parseSearchParams, resolveSearchFilters, searchQueryString, type SearchProblem } from './search-params.js'

/** Results per page: `per_page` defaults to 10, at most 50. */
export const API_SEARCH_PER_PAGE = { default: 10, max: 50 }

/**
 * The parameters as the OpenAPI document shows them. Kept as plain text here (the content API
 * validates requests with the route's schema): search-params.ts reads them, so that each problem
 * gets its own message (a bad date, an unknown section…) naming the parameter. Loose: `lang`
 * and other parameters pass through.
 */
const searchQueryDoc = z.looseObject({
  q: z.string().optional().describe('what to search for (required, up to 256 characters): words (all must match, any spelling: hamza, diacritics, attached particles), "a phrase", -word to leave out'),
  category: z.string().optional().describe('section slug: the section and its sub-sections'),
  author: z.string().optional().describe('writer slug'),
  from: z.string().optional().describe('published on or after this day, YYYY-MM-DD in the site time zone'),
  to: z.string().optional().describe('published on or before this day, YYYY-MM-DD in the site time zone'),
  sort: z.string().optional().describe('relevance (default) or date (newest first)'),
  page: z.string().optional().describe('page number, from 1'),
  per_page: z.string().optional().describe(`results per page, 1–${API_SEARCH_PER_PAGE.max} (default ${API_SEARCH_PER_PAGE.default})`),
})

const link = z.object({ slug: z.string(), name: z.string(), url: z.string().describe('absolute URL') })
const searchAnswer = z.object({
  total: z.number().int().describe('results in all'),
  page: z.number().int(),
  per_page: z.number().int(),
  items: z.array(
    z.object({
      id: z.number().int(),
      url: z.string().describe('absolute URL of the story'),
      title: z.string().describe('plain text'),
      excerpt: z.string().describe('plain text'),
      snippet: z.string().describe('HTML: the passage that matched, every character escaped, the matched words (as written, diacritics kept) in <mark>'),
      published_at: z.string().describe('ISO-8601 date-time, UTC'),
      section: link.nullable().describe('the main section'),
      authors: z.array(link),
    }),
  ),
  did_you_mean: z
    .object({ query: z.string(), total: z.number().int(), url: z.string().describe('this search with that query') })
    .nullable()
    .describe('with no result: a close spelling that has results, or null'),
})

/**
 * GET /api/v1/search (registered under the `/api/v1` prefix, where the content API will join it):
 * the same search as the /search page, as JSON.
 *
 * Query: `q` (required, ≤ 256 characters; the page's syntax: words, "phrase", -word), `category`
 * (section slug, sub-sections included), `author` (writer slug), `from`/`to` (`YYYY-MM-DD` in the
 * site's time zone, both days included), `sort` (`relevance` | `date`), `page` (from 1), `per_page`.
 *
 * Answer: `{ total, page, per_page, items, did_you_mean }`; each item is `{ id, url, title,
 * excerpt, snippet, published_at, section, authors }` where `url`s are absolute, `title` and
 * `excerpt` are plain text, and `snippet` is an HTML string: the matching passage of the story
 * with every character escaped and the matched words (as written, diacritics kept) in `<mark>`,
 * safe to insert as HTML and to strip to text. `section` is `{ slug, name, url }` or null;
 * `authors` `[{ slug, name, url }]`. `did_you_mean` is `{ query, total, url }` when there is no
 * result and a close spelling has some, else null.
 *
 * Errors: 400 for an invalid parameter, 404 for a page past the last, 429 when rate limited,
 * as `{ error: { code, message, message_ar, message_en } }`, the message naming the parameter. Rate limits, keys, ETag/304
 * and Cache-Control are the content API's (api.plugin.ts), for this route as for the others.
 */
export async function searchApiRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const schema = {
    summary: 'Search published stories',
    description: 'The search of the site’s /search page: Arabic spelling variants match, results ranked by relevance (or newest first), the matched words marked in a snippet.',
    tags: ['articles'],
    querystring: requestSchema(app, searchQueryDoc),
    response: { 200: responseSchema(app, searchAnswer, 'One page of results'), ...notModified, ...errorResponses(app) },
  }
  app.get('/search', { schema }, async (request, reply) => {
    const refuse = (problem: SearchProblem) => sendJsonError(request, reply, problem)
    const parsed = parseSearchParams(request.query, { timeZone: deps.frame().settings.timeZone, perPage: API_SEARCH_PER_PAGE, strictQuery: true })
    if ('problem' in parsed) return refuse(parsed.problem)
    const wanted = parsed.request
    const resolved = await resolveSearchFilters(deps, wanted)
    if ('problem' in resolved) return refuse(resolved.problem)

    const { page, perPage } = wanted
    const result = await searchArticles(deps, wanted.q, { ...resolved.filters, sort: wanted.sort, limit: perPage, offset: (page - 1) * perPage, now: deps.clock.now() })
    if (page > 1 && (page - 1) * perPage >= result.total) return refuse({ field: 'page', status: 404, code: 'PAGE_OUT_OF_RANGE', key: 'search.error.pageOutOfRange', vars: { page } })

    const origin = originOf(deps, request)
    const credits = await listAuthorsOfArticles(deps.db, result.hits.map((hit) => hit.id))
    const raw = (request.query ?? {}) as Record<string, string | undefined>
    const apiUrl = (q: string) => `${origin}${API_PREFIX}/search${searchQueryString({ ...raw, q, page: undefined })}`
    return reply.header('x-robots-tag', 'noindex').send({
      total: result.total,
      page,
      per_page: perPage,
      items: result.hits.map((hit) => ({
        id: hit.id,
        url: origin + paths.article(hit),
        title: hit.title,
        excerpt: hit.excerpt,
        snippet: highlightHtml(hit.snippet),
        published_at: hit.publishedAt,
        section: hit.category && { slug: hit.category.slug, name: hit.category.name, url: origin + paths.category(hit.category.slug) },
        authors: (credits.get(hit.id) ?? []).map((a) => ({ slug: a.slug, name: a.name, url: origin + paths.author(a.slug) })),
      })),
      did_you_mean: result.didYouMean ? { query: result.didYouMean.query, total: result.didYouMean.total, url: apiUrl(result.didYouMean.query) } : null,
    })
  })
}
