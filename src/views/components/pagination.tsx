import { formatNumber } from '../../text/arabic/index.js'
import type { ViewContext } from '../context.js'

/** Newer/older links and "page N of M"; renders nothing for a single page. */
export function Pagination({ page, pages, href, ctx }: { page: number; pages: number; href: (page: number) => string; ctx: ViewContext }) {
  if (pages <= 1) return null
  const n = (x: number) => formatNumber(x, ctx.site)
  return (
    <nav class="pagination" aria-label={ctx.t('pagination.label')}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {ctx.t('pagination.newer')}
        </a>
      ) : null}
      <span aria-current="page">{ctx.t('pagination.pageOf', { page: n(page), pages: n(pages) })}</span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          {ctx.t('pagination.older')}
        </a>
      ) : null}
    </nav>
  )
}
