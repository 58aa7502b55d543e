/**
 * The search request as the /search page and /api/v1/search read it from the query string:
 * `q`, `category` (a section's slug: the section and its sub-sections), `author` (a writer's
 * slug), `from` and `to` (days `YYYY-MM-DD` in the site's time zone, both included; Arabic-Indic
 * digits are read too), `sort` (`relevance` | `date`), `page` (from 1) and, for the API,
 * `per_page`. An empty value is the same as none (a GET form sends every field).
 *
 * Parsing is one zod schema; a problem names its field, an HTTP status and a whole-sentence
 * message key, so the page can show it beside what the reader typed and the API can answer
 * with it. Unknown parameters are ignored (cache busters, `lang`).
 */
import { z } from 'zod'
import type { Deps } from '../../container.js'
import type { MessageKey, MessageVars } from '../../i18n/index.js'
import { QUERY_MAX_CHARS } from '../../modules/search/search.query.js'
import { SEARCH_MAX_OFFSET } from '../../modules/search/search.service.js'
import { descendantIds } from '../../modules/taxonomy/taxonomy.repository.js'
import { findAuthorBySlug } from '../../modules/users/users.repository.js'
import { normalizeForDisplay, startOfDayIn, toLatinDigits } from '../../text/arabic/index.js'

/** The parameters, in the order problems are reported and URLs are written. */
export const SEARCH_FIELDS = ['q', 'category', 'author', 'from', 'to', 'sort', 'page', 'per_page'] as const
export type SearchField = (typeof SEARCH_FIELDS)[number]

/** The parameters as received, as strings ('' when absent): what a form shows back. */
export type SearchInput = Record<SearchField, string>

/** Why a request cannot be answered: the field at fault, the status, a stable code and the message. */
export interface SearchProblem {
  field: SearchField
  status: 400 | 404
  code: string
  key: MessageKey
  vars: MessageVars
}

/** A parsed request: filters still as slugs (see resolveSearchFilters). */
export interface SearchRequest {
  q: string
  category?: string
  author?: string
  /** Start of the `from` day in the site's time zone. */
  from?: Date
  /** Start of the day after `to` (the service's range is [from, to)). */
  to?: Date
  sort: 'relevance' | 'date'
  page: number
  perPage: number
}

/** What the search service is given for the filters. */
export interface SearchFilters {
  categoryIds?: number[]
  authorId?: number
  from?: Date
  to?: Date
}

/** How one surface reads the request. */
export interface SearchParamOptions {
  timeZone: string
  /** Results per page: fixed (the page: the site setting) or read from `per_page` up to `max` (the API). */
  perPage: number | { default: number; max: number }
  /** The API refuses an empty or over-long `q`; the page shows its prompt, and reads the first QUERY_MAX_CHARS. */
  strictQuery: boolean
}

const ECHO_CHARS = 200

/** The raw parameters as strings for echoing: a repeated one shows its first value; cut to a sane length. */
export function searchInputOf(raw: unknown): SearchInput {
  const query = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const input = {} as SearchInput
  for (const field of SEARCH_FIELDS) {
    const v = query[field]
    const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''
    input[field] = s.slice(0, field === 'q' ? QUERY_MAX_CHARS : ECHO_CHARS)
  }
  return input
}

interface ProblemParams {
  key: MessageKey
  vars: MessageVars
  code: string
  status: 400 | 404
}

function fail(ctx: z.RefinementCtx, params: ProblemParams): never {
  ctx.addIssue({ code: z.ZodIssueCode.custom, params })
  return z.NEVER
}

/** One value: absent → '', a string as it is; repeated (an array) or anything else is a problem. */
const single = (name: SearchField) =>
  z.unknown().transform((v, ctx): string => {
    if (v === undefined) return ''
    if (typeof v === 'string') return v
    return Array.isArray(v)
      ? fail(ctx, { key: 'search.error.repeated', vars: { name }, code: 'SEARCH_PARAM_REPEATED', status: 400 })
      : fail(ctx, { key: 'search.error.badValue', vars: { name }, code: 'SEARCH_PARAM_INVALID', status: 400 })
  })

interface Day {
  year: number
  month: number
  day: number
}

/** `2026-05-11` (or `٢٠٢٦-٠٥-١١`, or single-digit month/day) → a real calendar day, else undefined. */
export function parseDay(value: string): Day | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(toLatinDigits(value.trim()))
  if (!m) return undefined
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (year < 1900 || year > 2200) return undefined
  const check = new Date(Date.UTC(year, month - 1, day))
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : undefined
}

const dayNumber = (d: Day) => Date.UTC(d.year, d.month - 1, d.day)

function dayParam(name: 'from' | 'to') {
  return single(name).transform((s, ctx): Day | undefined => {
    if (s.trim() === '') return undefined
    return parseDay(s) ?? fail(ctx, { key: 'search.error.badDate', vars: { value: s.slice(0, 40) }, code: 'SEARCH_DATE_INVALID', status: 400 })
  })
}

const slugParam = (name: 'category' | 'author') => single(name).transform((s) => s.trim() || undefined)

/** The zod schema of a search request's query string, for one surface. */
export function searchParamsSchema(o: SearchParamOptions) {
  return z
    .object({
      q: single('q').transform((s, ctx) => {
        if (o.strictQuery && s.length > QUERY_MAX_CHARS) return fail(ctx, { key: 'search.error.queryTooLong', vars: { count: QUERY_MAX_CHARS }, code: 'SEARCH_QUERY_TOO_LONG', status: 400 })
        const q = normalizeForDisplay(s.slice(0, QUERY_MAX_CHARS))
        if (o.strictQuery && q === '') return fail(ctx, { key: 'search.error.queryRequired', vars: {}, code: 'SEARCH_QUERY_REQUIRED', status: 400 })
        return q
      }),
      category: slugParam('category'),
      author: slugParam('author'),
      from: dayParam('from'),
      to: dayParam('to'),
      sort: single('sort').transform((s, ctx) => {
        if (s === '' || s === 'relevance' || s === 'date') return s === 'date' ? ('date' as const) : ('relevance' as const)
        return fail(ctx, { key: 'search.error.badSort', vars: { value: s.slice(0, 40) }, code: 'SEARCH_SORT_INVALID', status: 400 })
      }),
      page: single('page').transform((s, ctx) => {
        if (s === '') return 1
        return /^[1-9]\d{0,5}$/.test(s) ? Number(s) : fail(ctx, { key: 'error.badPage', vars: {}, code: 'BAD_PAGE', status: 400 })
      }),
      per_page: single('per_page').transform((s, ctx) => {
        if (typeof o.perPage === 'number') return o.perPage
        if (s === '') return o.perPage.default
        const n = /^\d{1,3}$/.test(s) ? Number(s) : 0
        return n >= 1 && n <= o.perPage.max ? n : fail(ctx, { key: 'search.error.badPerPage', vars: { max: o.perPage.max }, code: 'SEARCH_PER_PAGE_INVALID', status: 400 })
      }),
    })
    .superRefine((v, ctx) => {
      if (v.from && v.to && dayNumber(v.from) > dayNumber(v.to)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['from'], params: { key: 'search.error.dateOrder', vars: {}, code: 'SEARCH_DATE_ORDER', status: 400 } satisfies ProblemParams })
      }
      if ((v.page - 1) * v.per_page > SEARCH_MAX_OFFSET) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['page'], params: { key: 'search.error.tooDeep', vars: { max: SEARCH_MAX_OFFSET }, code: 'SEARCH_PAGE_TOO_DEEP', status: 400 } satisfies ProblemParams })
      }
    })
    .transform(
      (v): SearchRequest => ({
        q: v.q,
        category: v.category,
        author: v.author,
        from: v.from && startOfDayIn(v.from.year, v.from.month, v.from.day, o.timeZone),
        to: v.to && nextDayStart(v.to, o.timeZone),
        sort: v.sort,
        page: v.page,
        perPage: v.per_page,
      }),
    )
}

function nextDayStart(d: Day, timeZone: string): Date {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1))
  return startOfDayIn(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone)
}

/** Parses the query string; the first problem (in SEARCH_FIELDS order) when it is not a valid request. */
export function parseSearchParams(raw: unknown, o: SearchParamOptions): { request: SearchRequest } | { problem: SearchProblem } {
  const query = raw && typeof raw === 'object' ? raw : {}
  const parsed = searchParamsSchema(o).safeParse(query)
  if (parsed.success) return { request: parsed.data }
  const issues = parsed.error.issues
  const fieldOf = (i: z.ZodIssue) => (SEARCH_FIELDS as readonly unknown[]).includes(i.path[0]) ? (i.path[0] as SearchField) : 'q'
  const first = [...issues].sort((a, b) => SEARCH_FIELDS.indexOf(fieldOf(a)) - SEARCH_FIELDS.indexOf(fieldOf(b)))[0]!
  const params = (first.code === z.ZodIssueCode.custom ? first.params : undefined) as ProblemParams | undefined
  const field = fieldOf(first)
  return { problem: params ? { field, ...params } : { field, status: 400, code: 'SEARCH_PARAM_INVALID', key: 'search.error.badValue', vars: { name: field } } }
}

/**
 * Turns the slugs into what the search service takes: a section with its sub-sections (from the
 * cached site frame), a writer's id. An unknown slug is a 400 naming it.
 */
export async function resolveSearchFilters(deps: Deps, request: SearchRequest): Promise<{ filters: SearchFilters } | { problem: SearchProblem }> {
  const filters: SearchFilters = { from: request.from, to: request.to }
  if (request.category !== undefined) {
    const nav = deps.frame().nav
    const category = nav.find((c) => c.slug === request.category)
    if (!category) return { problem: { field: 'category', status: 400, code: 'SEARCH_CATEGORY_UNKNOWN', key: 'search.error.unknownCategory', vars: { value: request.category.slice(0, 80) } } }
    filters.categoryIds = descendantIds(nav, category.id)
  }
  if (request.author !== undefined) {
    const author = request.author.length <= 200 ? await findAuthorBySlug(deps.db, request.author) : undefined
    if (!author) return { problem: { field: 'author', status: 400, code: 'SEARCH_AUTHOR_UNKNOWN', key: 'search.error.unknownAuthor', vars: { value: request.author.slice(0, 80) } } }
    filters.authorId = author.id
  }
  return { filters }
}

/**
 * A query string (with its `?`) for these parameters: the non-empty ones in SEARCH_FIELDS order,
 * leaving out the defaults (`sort=relevance`, `page=1`), percent-encoded.
 *
 * @example searchQueryString({ q: 'التحالف', sort: 'date', page: '2' }) // '?q=%D8%A7...&sort=date&page=2'
 */
export function searchQueryString(params: Partial<Record<SearchField, string | number | undefined>>): string {
  const parts: string[] = []
  for (const field of SEARCH_FIELDS) {
    const value = params[field]
    if (value === undefined || value === '' || (field === 'sort' && value === 'relevance') || (field === 'page' && String(value) === '1')) continue
    parts.push(`${field}=${encodeURIComponent(String(value))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}
