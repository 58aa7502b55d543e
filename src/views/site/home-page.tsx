import type { ArticleSummary } from '../../modules/articles/articles.repository.js'
import type { Category } from '../../modules/taxonomy/taxonomy.repository.js'
import { ArticleCard } from '../components/article-card.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { SiteLayout } from '../layouts/site-layout.js'
import { paths } from '../paths.js'

export interface HomeData {
  lead?: ArticleSummary
  latest: ArticleSummary[]
  sections: Array<{ category: Category; articles: ArticleSummary[] }>
}

/** The front page: lead story, latest stories, then one block per section. */
export function HomePage({ ctx, data }: { ctx: ViewContext; data: HomeData }) {
  const { lead, latest, sections } = data
  const webSite = {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: ctx.site.name,
    url: `${ctx.origin}/`,
    inLanguage: 'ar',
    potentialAction: { '@type': 'SearchAction', target: `${ctx.origin}/search?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
  }
  return (
    <SiteLayout ctx={ctx} head={{ title: ctx.site.name, description: ctx.site.tagline, canonicalPath: '/', jsonLd: [webSite] }}>
      <h1 class="visually-hidden">{ctx.site.name}</h1>
      {lead ? (
        <section class="lead" aria-labelledby="lead-title">
          <p class="section-label">{ctx.t('site.lead')}</p>
          {lead.category ? (
            <a class="kicker" href={paths.category(lead.category.slug)}>
              {lead.category.name}
            </a>
          ) : null}
          <h2 id="lead-title" class="lead-title">
            {lead.isBreaking ? <span class="badge">{ctx.t('site.breaking')}</span> : null}
            <a href={paths.article(lead)}>{lead.title}</a>
          </h2>
          {lead.excerpt ? <p class="lead-excerpt">{lead.excerpt}</p> : null}
          <p class="meta">
            <DateText iso={lead.publishedAt} ctx={ctx} withHijri />
          </p>
        </section>
      ) : (
        <p class="empty">{ctx.t('list.empty')}</p>
      )}
      {latest.length > 0 ? (
        <section class="block" aria-labelledby="latest-title">
          <h2 id="latest-title" class="block-title">
            {ctx.t('site.latest')}
          </h2>
          <div class="grid">
            {latest.map((a) => (
              <ArticleCard key={a.id} article={a} ctx={ctx} />
            ))}
          </div>
        </section>
      ) : null}
      {sections.map(({ category, articles }) => (
        <section key={category.id} class="block" aria-labelledby={`section-${category.id}`}>
          <h2 id={`section-${category.id}`} class="block-title">
            <a href={paths.category(category.slug)}>{category.name}</a>
          </h2>
          <div class="grid">
            {articles.map((a) => (
              <ArticleCard key={a.id} article={a} ctx={ctx} showExcerpt={false} />
            ))}
          </div>
          <p class="more">
            <a href={paths.category(category.slug)}>{ctx.t('site.more', { section: category.name })}</a>
          </p>
        </section>
      ))}
    </SiteLayout>
  )
}
