import type { ArticleSummary } from '../../modules/articles/articles.repository.js'
import type { ComponentChildren } from 'preact'
import { ArticleCard } from '../components/article-card.js'
import { Pagination } from '../components/pagination.js'
import type { ViewContext } from '../context.js'
import { SiteLayout } from '../layouts/site-layout.js'

export interface ListingData {
  heading: string
  description?: string
  items: ArticleSummary[]
  page: number
  pages: number
  href: (page: number) => string
  /** Extra block shown above the list (an author's bio, a search form). */
  intro?: ComponentChildren
}

/** A paged list of stories: category, tag, author, date archive and search results share it. */
export function ListingPage({ ctx, data }: { ctx: ViewContext; data: ListingData }) {
  const title = data.page > 1 ? `${data.heading} — ${ctx.t('list.page', { page: data.page })}` : data.heading
  return (
    <SiteLayout ctx={ctx} head={{ title, description: data.description, canonicalPath: data.href(data.page) }}>
      <header class="listing-head">
        <h1>{data.heading}</h1>
        {data.description ? <p class="listing-description">{data.description}</p> : null}
        {data.intro}
      </header>
      {data.items.length === 0 ? (
        <p class="empty">{ctx.t('list.empty')}</p>
      ) : (
        <div class="list">
          {data.items.map((a) => (
            <ArticleCard key={a.id} article={a} ctx={ctx} level={2} />
          ))}
        </div>
      )}
      <Pagination page={data.page} pages={data.pages} href={data.href} ctx={ctx} />
    </SiteLayout>
  )
}
