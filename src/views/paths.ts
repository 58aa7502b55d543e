import type { FeedFormat } from '../modules/feeds/feeds.schema.js'

/** `/feed`, `/feed/atom`, `/feed/json` under a scope's path (RSS is the bare URL). */
const feedPath = (scope: string, format: FeedFormat = 'rss') => `${scope}/feed${format === 'rss' ? '' : `/${format}`}`

/** URL builders: the one place that knows the public URL scheme. Slugs are percent-encoded here. */
export const paths = {
  home: () => '/',
  article: (a: { id: number; slug: string }) => `/news/${a.id}/${encodeURIComponent(a.slug)}`,
  category: (slug: string, page = 1) => `/category/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`,
  tag: (slug: string, page = 1) => `/tag/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`,
  author: (slug: string, page = 1) => `/author/${encodeURIComponent(slug)}${page > 1 ? `?page=${page}` : ''}`,
  archive: (year: number, month?: number, page = 1) =>
    `/archive/${year}${month ? `/${String(month).padStart(2, '0')}` : ''}${page > 1 ? `?page=${page}` : ''}`,
  page: (slug: string) => `/page/${encodeURIComponent(slug)}`,
  search: (q?: string) => (q ? `/search?q=${encodeURIComponent(q)}` : '/search'),
  newsroom: () => '/newsroom',
  login: () => '/newsroom/login',
  logout: () => '/newsroom/logout',
  /** The sitemap index (robots.txt names it), its article pages (from 1) and its named sitemaps. */
  sitemapIndex: () => '/sitemap.xml',
  articlesSitemap: (page: number) => `/sitemaps/articles-${page}.xml`,
  sitemap: (name: 'categories' | 'tags' | 'authors' | 'news') => `/sitemaps/${name}.xml`,
  /** The short, permanent URL of an article (301 to the canonical one): feeds' item ids. */
  articleById: (id: number) => `/news/${id}`,
  /** A comment on its page of the article's comment threads. */
  comment: (a: { id: number; slug: string }, commentId: number, page = 1): string => `${paths.article(a)}${page > 1 ? `?cpage=${page}` : ''}#comment-${commentId}`,
  /** Feeds (RSS at the bare URL, `/atom` and `/json` beside it): the site's, a section's, a tag's, an author's. */
  feed: (format?: FeedFormat) => feedPath('', format),
  categoryFeed: (slug: string, format?: FeedFormat) => feedPath(`/category/${encodeURIComponent(slug)}`, format),
  tagFeed: (slug: string, format?: FeedFormat) => feedPath(`/tag/${encodeURIComponent(slug)}`, format),
  authorFeed: (slug: string, format?: FeedFormat) => feedPath(`/author/${encodeURIComponent(slug)}`, format),
  /** Readers' comments: the site's newest, and one article's. */
  commentsFeed: (format?: FeedFormat) => feedPath('/comments', format),
  articleCommentsFeed: (a: { id: number; slug: string }, format?: FeedFormat): string => feedPath(`${paths.article(a)}/comments`, format),
}
