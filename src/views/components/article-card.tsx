import type { ArticleSummary } from '../../modules/articles/articles.repository.js'
import { formatNumber } from '../../text/arabic/index.js'
import type { ViewContext } from '../context.js'
import { paths } from '../paths.js'
import { contentLang, uiLang } from './content-lang.js'
import { DateText } from './time.js'

/**
 * One story in a list: section (kicker), headline (h2/h3 by context), excerpt and date.
 * `showKicker` is off where the surrounding block already names the section.
 */
export function ArticleCard({
  article,
  ctx,
  level = 3,
  showExcerpt = true,
  showKicker = true,
}: {
  article: ArticleSummary
  ctx: ViewContext
  level?: 2 | 3
  showExcerpt?: boolean
  showKicker?: boolean
}) {
  const Heading = level === 2 ? 'h2' : 'h3'
  return (
    <article class="card" {...contentLang(ctx)}>
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
