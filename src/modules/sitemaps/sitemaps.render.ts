import { Readable } from 'node:stream'
import { ErrorLevel, SitemapIndexStream, SitemapStream, streamToPromise, type SitemapItemLoose } from 'sitemap'

/** One `<url>` of a sitemap: absolute URLs only (the `sitemap` package escapes and encodes). */
export interface SitemapEntry {
  url: string
  /** ISO 8601. */
  lastmod?: string
  /** Absolute image URLs (`<image:image><image:loc>`). */
  images?: string[]
  /** Google News: the article's title and first publication time (ISO 8601). */
  news?: { publication: { name: string; language: string }; publicationDate: string; title: string }
}

/** One `<sitemap>` of the index. */
export interface SitemapIndexEntry {
  url: string
  lastmod?: string
}

/**
 * A `<urlset>` with no `<url>`: well-formed, and what a crawler should get when, say, nothing was
 * published in the news window. (The sitemaps.org schema wants at least one `<url>`, so the
 * index never lists a sitemap that would be empty.) The package refuses to write one.
 */
const EMPTY_URLSET = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'

/**
 * A `<urlset>` document from entries, through the `sitemap` package (escaping, URL encoding,
 * the namespaces asked for and no others). Data the package finds invalid is a bug here, so it
 * rejects instead of logging.
 * @example await renderUrlset([{ url: 'https://x.test/news/1/a', lastmod: '2026-05-11T08:00:00.000Z' }])
 */
export async function renderUrlset(entries: readonly SitemapEntry[]): Promise<string> {
  if (entries.length === 0) return EMPTY_URLSET
  const errors: Error[] = []
  const stream = new SitemapStream({
    xmlns: { news: entries.some((e) => e.news), image: entries.some((e) => e.images?.length), xhtml: false, video: false },
    level: ErrorLevel.WARN,
    errorHandler: (error) => void errors.push(error),
  })
  const items = entries.map(
    (e): SitemapItemLoose => ({
      url: e.url,
      lastmod: e.lastmod,
      img: e.images?.map((url) => ({ url })),
      news: e.news && { publication: e.news.publication, publication_date: e.news.publicationDate, title: e.news.title },
    }),
  )
  const xml = await streamToPromise(Readable.from(items).pipe(stream))
  if (errors.length > 0) throw new Error(`invalid sitemap data: ${errors.map((e) => e.message).join('; ')}`)
  return xml.toString('utf8')
}

/** A `<sitemapindex>` document, through the `sitemap` package. */
export async function renderSitemapIndex(entries: readonly SitemapIndexEntry[]): Promise<string> {
  const stream = new SitemapIndexStream({ level: ErrorLevel.THROW })
  const xml = await streamToPromise(Readable.from(entries.map((e) => ({ url: e.url, lastmod: e.lastmod }))).pipe(stream))
  return xml.toString('utf8')
}
