import type { ArticleSummary } from '../../modules/articles/articles.repository.js'
import type { MediaImage } from '../../modules/media/media.schema.js'
import type { Category } from '../../modules/taxonomy/taxonomy.repository.js'
import { ArticleCard, CardImage, CommentCountLink, imageOf } from '../components/article-card.js'
import { contentLang, uiLang } from '../components/content-lang.js'
import { publisherOf } from '../components/structured-data.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { SiteLayout } from '../layouts/site-layout.js'
import { paths } from '../paths.js'

export interface HomeData {
  lead?: ArticleSummary
  latest: ArticleSummary[]
  sections: Array<{ category: Category; articles: ArticleSummary[] }>
  /** Featured images by media id (the lead, the secondary stories and each section's first show theirs). */
  images?: ReadonlyMap<number, MediaImage>
}

/** How many of the latest stories sit under the lead (with excerpts and pictures) before the "latest" column. */
export const SECONDARY = 2

/**
 * How wide the pictures are (the `sizes` of each srcset), from the grid in site.css: the lead
 * column is 2/3 of the 76rem page from 60rem up; secondary stories sit two abreast from about
 * 36rem; sections run one to three columns of at least 20rem.
 */
const LEAD_SIZES = '(max-width: 60rem) 100vw, 48rem'
const SECONDARY_SIZES = '(max-width: 36rem) 100vw, (max-width: 60rem) 50vw, 24rem'
const SECTION_SIZES = '(max-width: 44rem) 100vw, (max-width: 66rem) 50vw, 24rem'

/**
 * The front page, laid out like a newspaper's: the lead story with two secondary stories beside
 * a column of the latest headlines, then one block per section. Headings run h1 (site name,
 * visually hidden) -> h2 (block) -> h3 (story), so screen-reader users can jump between them.
 */
export function HomePage({ ctx, data }: { ctx: ViewContext; data: HomeData }) {
  const { lead, latest, sections, images } = data
  const leadImage = lead && imageOf(lead, images)
  const secondary = lead ? latest.slice(0, SECONDARY) : []
  const headlines = lead ? latest.slice(SECONDARY) : latest
  const webSite = {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: ctx.site.name,
    url: `${ctx.origin}/`,
    inLanguage: 'ar',
    potentialAction: { '@type': 'SearchAction', target: `${ctx.origin}/search?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
  }
  return (
    <SiteLayout ctx={ctx} head={{ title: ctx.site.name, description: ctx.site.tagline, canonicalPath: '/', jsonLd: [webSite, { '@context': 'https://schema.org', ...publisherOf(ctx) }] }}>
      <h1 class="visually-hidden">{ctx.site.name}</h1>
      {lead ? (
        <div class="front">
          <section class="top-stories" aria-labelledby="top-title">
            <h2 id="top-title" class="visually-hidden">
              {ctx.t('site.lead')}
            </h2>
            <article class="lead" {...contentLang(ctx)}>
              {/* The lead's picture is the first thing on the page: loaded at once, not lazily. */}
              {leadImage ? <CardImage article={lead} image={leadImage} sizes={LEAD_SIZES} eager class="lead-image" /> : null}
              {lead.category ? (
                <a class="kicker" href={paths.category(lead.category.slug)}>
                  {lead.category.name}
                </a>
              ) : null}
              <h3 class="lead-title">
                {lead.isBreaking ? (
                  <span class="badge" {...uiLang(ctx)}>
                    {ctx.t('site.breaking')}
                  </span>
                ) : null}
                <a href={paths.article(lead)}>{lead.title}</a>
              </h3>
              {lead.excerpt ? <p class="lead-excerpt">{lead.excerpt}</p> : null}
              <p class="meta">
                <DateText iso={lead.publishedAt} ctx={ctx} withHijri />
                <CommentCountLink article={lead} ctx={ctx} />
              </p>
            </article>
            {secondary.length > 0 ? (
              <div class="secondary">
                {secondary.map((a) => (
                  <ArticleCard key={a.id} article={a} ctx={ctx} image={imageOf(a, images)} imageSizes={SECONDARY_SIZES} />
                ))}
              </div>
            ) : null}
          </section>
          {headlines.length > 0 ? <Headlines ctx={ctx} articles={headlines} /> : null}
        </div>
      ) : latest.length > 0 ? (
        <Headlines ctx={ctx} articles={headlines} />
      ) : (
        <p class="empty">{ctx.t('list.empty')}</p>
      )}
      {sections.length > 0 ? (
        <div class="section-grid">
          {sections.map(({ category, articles }) => (
            <section key={category.id} class="block" aria-labelledby={`section-${category.id}`}>
              <h2 id={`section-${category.id}`} class="block-title">
                <a href={paths.category(category.slug)}>{category.name}</a>
              </h2>
              <div class="stack">
                {articles.map((a, i) => (
                  <ArticleCard
                    key={a.id}
                    article={a}
                    ctx={ctx}
                    showExcerpt={i === 0}
                    showKicker={a.category?.id !== category.id}
                    image={i === 0 ? imageOf(a, images) : undefined}
                    imageSizes={SECTION_SIZES}
                  />
                ))}
              </div>
              <p class="more">
                <a href={paths.category(category.slug)}>{ctx.t('site.more', { section: category.name })}</a>
              </p>
            </section>
          ))}
        </div>
      ) : null}
    </SiteLayout>
  )
}

/** The "latest news" column: headlines with section and date, no excerpts. */
function Headlines({ ctx, articles }: { ctx: ViewContext; articles: ArticleSummary[] }) {
  return (
    <section class="latest" aria-labelledby="latest-title">
      <h2 id="latest-title" class="block-title">
        {ctx.t('site.latest')}
      </h2>
      <div class="stack">
        {articles.map((a) => (
          <ArticleCard key={a.id} article={a} ctx={ctx} showExcerpt={false} />
        ))}
      </div>
    </section>
  )
}
