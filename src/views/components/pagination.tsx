import { formatNumber } from '../../text/arabic/index.js'
import type { ViewContext } from '../context.js'

/**
 * Previous/next page links and "page N of M"; renders nothing for a single page. The link words
 * default to newer/older (story lists run newest first); lists in another order name their own.
 */
export function Pagination({ page, pages, href, ctx, labels }: { page: number; pages: number; href: (page: number) => string; ctx: ViewContext; labels?: { previous: string; next: string; nav?: string } }) {
  if (pages <= 1) return null
  const n = (x: number) => formatNumber(x, ctx.site)
  return (
    <nav class="pagination" aria-label={labels?.nav ?? ctx.t('pagination.label')}>
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {labels?.previous ?? ctx.t('pagination.newer')}
        </a>
      ) : null}
      <span aria-current="page">{ctx.t('pagination.pageOf', { page: n(page), pages: n(pages) })}</span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          {labels?.next ?? ctx.t('pagination.older')}
        </a>
      ) : null}
    </nav>
  )
}
