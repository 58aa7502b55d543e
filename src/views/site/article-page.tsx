import { Fragment } from 'preact'
import type { ArticleDetail, ArticleSummary } from '../../modules/articles/articles.repository.js'
import type { MediaImage } from '../../modules/media/media.schema.js'
import { formatNumber, readingMinutesOfHtml } from '../../text/arabic/index.js'
import { ArticleCard } from '../components/article-card.js'
import { contentLang, uiLang } from '../components/content-lang.js'
import { ResponsiveImage } from '../components/responsive-image.js'
import { articleMetaOf, breadcrumbList, newsArticleLd, sectionTrail } from '../components/structured-data.js'
import { DateText } from '../components/time.js'
import type { ViewContext } from '../context.js'
import { SiteLayout } from '../layouts/site-layout.js'
import { paths } from '../paths.js'
import { JsonData, RawHtml, trustedHtml } from '../trusted-html.js'
import { CommentsSection, type CommentsData } from './comments-section.js'

export interface ArticlePageData {
  article: ArticleDetail
  related: ArticleSummary[]
  previous?: ArticleSummary
  next?: ArticleSummary
  comments?: CommentsData
  /** The featured image, shown above the body (absent: none set, or it cannot be shown). */
  featuredImage?: MediaImage
  /** Dated correction and update notes, oldest first. */
  corrections?: Array<{ kind: 'correction' | 'update'; note: string; createdAt: string }>
  /** A private preview of an unpublished article (banner, no comments). */
  preview?: boolean
}

/** The article column is at most 44rem wide, and the whole width below 48rem. */
const FEATURED_SIZES = '(max-width: 48rem) 100vw, 44rem'

/** The article page: headline block, featured image, body, tags, previous/next and related stories. */
export function ArticlePage({ ctx, data }: { ctx: ViewContext; data: ArticlePageData }) {
  const { article, related, previous, next, comments, featuredImage, corrections = [], preview = false } = data
  const canonical = paths.article(article)
  const minutes = readingMinutesOfHtml(article.bodyHtml)
  const updated = article.updatedAt > article.publishedAt && Date.parse(article.updatedAt) - Date.parse(article.publishedAt) > 60_000
  const trail = sectionTrail(ctx.nav, article.category).map((c) => ({ name: c.name, path: paths.category(c.slug) }))
  const jsonLd = [newsArticleLd(ctx, article, { image: featuredImage, corrections }), breadcrumbList(ctx, [...trail, { name: article.title }])]
  // When the byline is simply the one author's name, the name links to the author page and the
  // separate "الكاتب" line would only repeat it.
  const soleAuthor = article.authors.length === 1 && article.authors[0]!.name === article.byline ? article.authors[0] : undefined
  return (
    <SiteLayout
      ctx={ctx}
      head={{
        title: article.seoTitle || article.title,
        description: article.seoDescription || article.excerpt,
        canonicalPath: canonical,
        jsonLd,
        type: 'article',
        image: featuredImage,
        article: articleMetaOf(ctx, article),
        // Readers' comments on this story, for feed readers (a preview has none to offer).
        feeds: preview ? undefined : [{ title: ctx.t('feeds.title.articleComments', { title: article.title, site: ctx.site.name }), path: (f) => paths.articleCommentsFeed(article, f) }],
      }}
    >
      <div class="article-layout">
        <div class="article-main">
          {preview ? (
            <p class="preview-banner" role="note">
              {ctx.t('articles.preview.banner')}
            </p>
          ) : null}
          <article class="story">
            <header class="story-head">
              <nav class="breadcrumb" aria-label={ctx.t('article.breadcrumb')}>
                <ol>
                  <li>
                    <a href={paths.home()}>{ctx.t('site.home')}</a>
                  </li>
                  {article.category ? (
                    <li>
                      <a class="kicker" href={paths.category(article.category.slug)}>
                        {article.category.name}
                      </a>
                    </li>
                  ) : null}
                </ol>
              </nav>
              <h1 class="story-title" {...contentLang(ctx)}>
                {article.isBreaking ? (
                  <span class="badge" {...uiLang(ctx)}>
                    {ctx.t('site.breaking')}
                  </span>
                ) : null}
                {article.title}
              </h1>
              {article.excerpt ? (
                <p class="standfirst" {...contentLang(ctx)}>
                  {article.excerpt}
                </p>
              ) : null}
              <div class="story-meta">
                <div class="credits">
                  {article.byline ? (
                    <p class="byline">
                      <span class="label">{ctx.t('article.byline')}: </span>
                      {soleAuthor ? (
                        <a href={paths.author(soleAuthor.slug)} rel="author">
                          <bdi class="byline-name">{article.byline}</bdi>
                        </a>
                      ) : (
                        <bdi class="byline-name">{article.byline}</bdi>
                      )}
                    </p>
                  ) : null}
                  {article.sourceLine ? (
                    <p class="source-line">
                      <span class="label">{ctx.t('article.source')}: </span>
                      <bdi class="source-name">{article.sourceLine}</bdi>
                    </p>
                  ) : null}
                  {article.authors.length > 0 && !soleAuthor ? (
                    <p class="authors">
                      <span class="label">{ctx.t('article.authors')}: </span>
                      {article.authors.map((a, i) => (
                        <Fragment key={a.id}>
                          {i > 0 ? '، ' : null}
                          <a href={paths.author(a.slug)} rel="author">
                            <bdi>{a.name}</bdi>
                          </a>
                        </Fragment>
                      ))}
                    </p>
                  ) : null}
                </div>
                <div class="when">
                  <p class="dateline">
                    {article.dateline ? <bdi class="dateline-place">{article.dateline}</bdi> : null}
                    {article.dateline ? ' — ' : null}
                    <span class="visually-hidden">{ctx.t('article.published')} </span>
                    <DateText iso={article.publishedAt} ctx={ctx} withHijri />
                  </p>
                  {updated ? (
                    <p class="updated">
                      {ctx.t('article.updated')}: <DateText iso={article.updatedAt} ctx={ctx} withTime />
                    </p>
                  ) : null}
                  <p class="reading-time">
                    {ctx.t('article.readingTime', { count: minutes, countText: formatNumber(minutes, ctx.site) })}
                    {comments ? (
                      <>
                        {' · '}
                        <a href="#comments">{ctx.t('comment.count', { count: article.commentCount, countText: formatNumber(article.commentCount, ctx.site) })}</a>
                      </>
                    ) : null}
                  </p>
                </div>
              </div>
            </header>
            {featuredImage ? <FeaturedImage ctx={ctx} image={featuredImage} /> : null}
            <RawHtml html={trustedHtml(article.bodyHtml)} class="story-body" {...contentLang(ctx)} />
            {corrections.length ? (
              <aside class="corrections" aria-labelledby="corrections-title">
                <h2 id="corrections-title">{ctx.t('article.corrections')}</h2>
                <ul>
                  {corrections.map((c) => (
                    <li>
                      <strong>{ctx.t(c.kind === 'correction' ? 'article.correction' : 'article.update')}</strong> <DateText ctx={ctx} iso={c.createdAt} withTime />: <span {...contentLang(ctx)}>{c.note}</span>
                    </li>
                  ))}
                </ul>
              </aside>
            ) : null}
            {article.tags.length > 0 ? (
              <footer class="story-tags">
                <h2 class="label-heading">{ctx.t('article.tags')}</h2>
                <ul class="tags">
                  {article.tags.map((t) => (
                    <li key={t.id}>
                      <a href={paths.tag(t.slug)} rel="tag">
                        {t.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </footer>
            ) : null}
          </article>
          {comments ? <CommentsSection ctx={ctx} article={article} data={comments} /> : null}
          {comments?.open ? (
            <>
              <JsonData
                id="comment-messages"
                data={{
                  invalid: ctx.t('comment.error.invalid'),
                  nameRequired: ctx.t('comment.error.nameRequired'),
                  emailRequired: ctx.t('comment.error.emailRequired'),
                  emailInvalid: ctx.t('comment.error.emailInvalid'),
                  urlInvalid: ctx.t('comment.error.urlInvalid'),
                  bodyRequired: ctx.t('comment.error.bodyRequired'),
                }}
              />
              <script src={ctx.assets.commentsJs} defer />
            </>
          ) : null}
          {previous || next ? (
            <nav class="prev-next" aria-label={`${ctx.t('article.previous')} / ${ctx.t('article.next')}`}>
              {previous ? (
                <a class="prev" href={paths.article(previous)} rel="prev">
                  <span class="label">{ctx.t('article.previous')}</span>
                  <span class="title">{previous.title}</span>
                </a>
              ) : null}
              {next ? (
                <a class="next" href={paths.article(next)} rel="next">
                  <span class="label">{ctx.t('article.next')}</span>
                  <span class="title">{next.title}</span>
                </a>
              ) : null}
            </nav>
          ) : null}
        </div>
        {related.length > 0 ? (
          <section class="related" aria-labelledby="related-title">
            <h2 id="related-title" class="block-title">
              {ctx.t('article.related')}
            </h2>
            <div class="stack">
              {related.map((a) => (
                <ArticleCard key={a.id} article={a} ctx={ctx} showExcerpt={false} />
              ))}
            </div>
          </section>
        ) : null}
      </div>
    </SiteLayout>
  )
}

/**
 * The story's featured image: above the fold, so loaded eagerly and first; its caption (story
 * text) and its credit ("الصورة: رويترز", the name bidi-isolated) underneath.
 */
function FeaturedImage({ ctx, image }: { ctx: ViewContext; image: MediaImage }) {
  return (
    <figure class="story-figure">
      <ResponsiveImage image={image} sizes={FEATURED_SIZES} eager />
      {image.caption || image.credit ? (
        <figcaption>
          {image.caption ? (
            <span class="caption" {...contentLang(ctx)}>
              {image.caption}
            </span>
          ) : null}
          {image.caption && image.credit ? ' ' : null}
          {image.credit ? (
            <span class="credit">
              {ctx.t('siteImages.credit')} <bdi>{image.credit}</bdi>
            </span>
          ) : null}
        </figcaption>
      ) : null}
    </figure>
  )
}
