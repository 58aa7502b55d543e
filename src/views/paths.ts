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
}
