import type { StaticPage as StaticPageData } from '../../modules/pages/pages.repository.js'
import type { ViewContext } from '../context.js'
import { contentLang } from '../components/content-lang.js'
import { SiteLayout } from '../layouts/site-layout.js'
import { paths } from '../paths.js'
import { RawHtml, trustedHtml } from '../trusted-html.js'

/** A static page such as "من نحن". */
export function StaticPage({ ctx, page }: { ctx: ViewContext; page: StaticPageData }) {
  return (
    <SiteLayout ctx={ctx} head={{ title: page.title, canonicalPath: paths.page(page.slug) }}>
      <article class="story static" {...contentLang(ctx)}>
        <h1 class="story-title">{page.title}</h1>
        <RawHtml html={trustedHtml(page.bodyHtml)} class="story-body" />
      </article>
    </SiteLayout>
  )
}
