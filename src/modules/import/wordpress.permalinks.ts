/**
 * The URLs a WordPress site gave its content, so that old links keep working: each becomes a
 * 301 in the redirects table (stored decoded and NFC, as the not-found handler looks them up).
 * Pure functions.
 */
import { percentDecode } from './wordpress.mapper.js'

/**
 * The path of a URL as our redirects table stores it: percent-decoded, NFC, runs of "/"
 * collapsed; with its query only for WordPress's id links (`/?p=12`). Undefined for what is not
 * an http(s) URL or a path.
 * @example pathOf('https://example.com/2015/03/15/%d8%ae%d8%a8%d8%b1/') // '/2015/03/15/خبر/'
 */
export function pathOf(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url.trim(), 'http://wordpress.invalid')
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined
  const path = percentDecode(parsed.pathname).replace(/\/{2,}/g, '/')
  const query = legacyQueryPath(Object.fromEntries(parsed.searchParams))
  if (query && path === '/') return query
  return parsed.search === '' ? path : undefined
}

/**
 * WordPress's own id links, which work on every WordPress site whatever its permalink setting:
 * `/?p=ID` (posts) and `/?page_id=ID` (pages). Given a request's query, the path our redirects
 * table stores for it, or undefined when the query is not one of them.
 * @example legacyQueryPath({ p: '42' }) // '/?p=42'
 */
export function legacyQueryPath(query: unknown): string | undefined {
  const q = (query ?? {}) as Record<string, unknown>
  for (const key of ['p', 'page_id'] as const) {
    const value = q[key]
    if (typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value)) return `/?${key}=${value}`
  }
  return undefined
}

/** A redirect to record: `authoritative` ones (the item's own link, its id link) replace an older redirect of the same path; guessed ones never do. */
export interface OldPath {
  path: string
  authoritative: boolean
}

/**
 * The old addresses of a published post: its `<link>` (the site's permalink structure), `/?p=ID`,
 * and the two common structures `/YYYY/MM/DD/slug/` (by the local post date, as WordPress
 * builds it) and `/slug/`, in case the link in the file is not the one readers used.
 */
export function postPaths(post: { link: string; postId: string; postDate: string | null; slug: string }): OldPath[] {
  const out: OldPath[] = []
  const link = pathOf(post.link)
  if (link && link !== '/') out.push({ path: link, authoritative: true })
  out.push({ path: `/?p=${post.postId}`, authoritative: true })
  if (post.slug) {
    const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(post.postDate ?? '')
    if (date) out.push({ path: `/${date[1]}/${date[2]}/${date[3]}/${post.slug}/`, authoritative: false })
    out.push({ path: `/${post.slug}/`, authoritative: false })
  }
  return unique(out)
}

/** The old addresses of a published page: its `<link>` (`/parent/child/`), `/?page_id=ID`, and `/slug/` for a top-level page. */
export function pagePaths(page: { link: string; postId: string; slug: string; hasParent: boolean }): OldPath[] {
  const out: OldPath[] = []
  const link = pathOf(page.link)
  if (link && link !== '/') out.push({ path: link, authoritative: true })
  out.push({ path: `/?page_id=${page.postId}`, authoritative: true })
  if (page.slug && !page.hasParent) out.push({ path: `/${page.slug}/`, authoritative: false })
  return unique(out)
}

/**
 * A category's or tag's old address (`/category/parent/child/`, `/tag/slug/`), when it differs
 * from ours: our routes ignore a trailing slash, so `/category/news/` already works when the slug
 * stayed the same.
 */
export function termPath(base: 'category' | 'tag', wpSlugs: readonly string[], ourSlug: string): string | undefined {
  const path = `/${base}/${wpSlugs.join('/')}/`
  return path === `/${base}/${ourSlug}/` ? undefined : path
}

function unique(paths: OldPath[]): OldPath[] {
  const seen = new Set<string>()
  return paths.filter((p) => !seen.has(p.path) && seen.add(p.path) && p.path.length <= 2000)
}
