import { formatDateline, formatDateTime } from '../../text/arabic/index.js'
import type { ViewContext } from '../context.js'
import { contentLang } from './content-lang.js'

/**
 * A date as readers expect it in the site locale, with the machine value in `datetime`. The
 * optional Hijri date is a second `<time>` with the same instant, so every date on the page is
 * machine-readable. Dates are written in the site's Arabic locale, so under another interface
 * language they carry `lang="ar" dir="rtl"` (see contentLang).
 */
export function DateText({ iso, ctx, withTime = false, withHijri = false }: { iso: string; ctx: ViewContext; withTime?: boolean; withHijri?: boolean }) {
  const date = new Date(iso)
  const line = formatDateline(date, ctx.site)
  return (
    <>
      <time datetime={line.iso} {...contentLang(ctx)}>
        {withTime ? formatDateTime(date, ctx.site) : line.gregorian}
      </time>
      {withHijri && line.hijri ? (
        <span class="hijri">
          {' · '}
          <time datetime={line.iso} {...contentLang(ctx)}>
            {line.hijri}
          </time>
        </span>
      ) : null}
    </>
  )
}
