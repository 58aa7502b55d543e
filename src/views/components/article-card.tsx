import type { ArticleSummary } from '../../modules/articles/articles.repository.js'
import type { MediaImage } from '../../modules/media/media.schema.js'
import { formatNumber } from '../../text/arabic/index.js'
import type { ViewContext } from '../context.js'
import { paths } from '../paths.js'
import { contentLang, uiLang } from './content-lang.js'
import { ResponsiveImage } from './responsive-image.js'
import { DateText } from './time.js'

/**
 * One story in a list: its picture when given, section (kicker), headline (h2/h3 by context),
 * excerpt and date. `showKicker` is off where the surrounding block already names the section.
 * `imageSizes` is the `sizes` of the picture: how wide the card is at each viewport width.
 */
export function ArticleCard({
  article,
  ctx,
  level = 3,
  showExcerpt = true,
  showKicker = true,
  image,
  imageSizes,
}: {
  article: ArticleSummary
  ctx: ViewContext
  level?: 2 | 3
  showExcerpt?: boolean
  showKicker?: boolean
  image?: MediaImage
  imageSizes?: string
}) {
  const Heading = level === 2 ? 'h2' : 'h3'
  return (
    <article class="card" {...contentLang(ctx)}>
      {image ? <CardImage article={article} image={image} sizes={imageSizes} /> : null}
      {showKicker && article.category ? (
        <a class="kicker" href={paths.category(article.category.slug)}>
          {article.category.name}
        </a>
      ) : null}
      <Heading class="card-title">
        {article.isBreaking ? (
          <span class="badge" {...uiLang(ctx)}>
            {ctx.t('site.breaking')}
          </span>
        ) : null}
        <a href={paths.article(article)}>{article.title}</a>
      </Heading>
      {showExcerpt && article.excerpt ? <p class="card-excerpt">{article.excerpt}</p> : null}
      <p class="meta">
        <DateText iso={article.publishedAt} ctx={ctx} />
        <CommentCountLink article={article} ctx={ctx} />
      </p>
    </article>
  )
}

/** The featured image of a story among the images a page loaded (undefined: none, or not loaded). */
export function imageOf(article: Pick<ArticleSummary, 'featuredMediaId'>, images: ReadonlyMap<number, MediaImage> | undefined): MediaImage | undefined {
  return article.featuredMediaId === null ? undefined : images?.get(article.featuredMediaId)
}

/**
 * A story's picture in a list, lazily loaded, cropped to 16:9 by the stylesheet. It links to the
 * story like the headline does, for pointer users; keyboard and screen-reader users get the one
 * headline link (the picture link is out of the tab order and hidden, so its alt is empty).
 */
export function CardImage({ article, image, sizes, eager = false, class: className = 'card-image' }: { article: ArticleSummary; image: MediaImage; sizes?: string; eager?: boolean; class?: string }) {
  return (
    <a class={className} href={paths.article(article)} tabIndex={-1} aria-hidden="true">
      <ResponsiveImage image={{ ...image, alt: '' }} sizes={sizes} eager={eager} />
    </a>
  )
}

/** " · N تعليقات" linking to the story's comments; nothing while a story has none. */
export function CommentCountLink({ article, ctx }: { article: ArticleSummary; ctx: ViewContext }) {
  if (article.commentCount <= 0) return null
  return (
    <>
      {' · '}
      <a class="comment-link" href={`${paths.article(article)}#comments`}>
        {ctx.t('comment.count', { count: article.commentCount, countText: formatNumber(article.commentCount, ctx.site) })}
      </a>
    </>
  )
}
