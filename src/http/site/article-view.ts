import { h, type VNode } from 'preact'
import type { Deps } from '../../container.js'
import * as articles from '../../modules/articles/articles.repository.js'
import { renderEmbeds } from '../../modules/articles/article-embed-cards.js'
import { listCorrections } from '../../modules/articles/editorial.repository.js'
import { findComment, listArticleThreads } from '../../modules/comments/comments.repository.js'
import { areCommentsOpen } from '../../modules/comments/comments.service.js'
import type { ViewContext } from '../../views/context.js'
import { ArticlePage } from '../../views/site/article-page.js'
import { emptyCommentForm, type CommentFormState } from '../../views/site/comments-section.js'
import { imagesOf } from './site-images.js'

/** Stands in for the form's time token in cached HTML; each cached copy is re-filled every few seconds. */
export const FORM_TOKEN_SLOT = '__sahifa_form_token__'

export interface ArticleViewOptions {
  /** Comment page (1-based); out of range → undefined result (404). */
  cpage: number
  replyTo?: number
  pendingIds?: number[]
  form?: CommentFormState
  notice?: string
  formToken?: string
  /** A private preview: no comments, a banner. */
  preview?: boolean
}

/** `?cpage=N` and `?replytocom=ID` of an article URL; undefined when malformed. */
export function parseArticleQuery(query: unknown): { cpage: number; replyTo?: number } | undefined {
  const q = (query ?? {}) as Record<string, unknown>
  const cpage = q.cpage === undefined ? '1' : q.cpage
  const reply = q.replytocom
  if (typeof cpage !== 'string' || !/^\d{1,5}$/.test(cpage) || Number(cpage) < 1) return undefined
  if (reply !== undefined && (typeof reply !== 'string' || !/^\d{1,10}$/.test(reply))) return undefined
  return { cpage: Number(cpage), replyTo: reply === undefined ? undefined : Number(reply) }
}

/**
 * The article page with its featured image, neighbours and one page of comment threads;
 * undefined when the comment page is out of range. The form's time token is
 * `options.formToken` (or the slot). The published page and the preview both come through
 * here, so they look the same. The featured image costs one query, run beside the others, and
 * none for an article without one.
 */
export async function buildArticlePage(deps: Deps, ctx: ViewContext, article: articles.ArticleDetail, options: ArticleViewOptions): Promise<VNode<any> | undefined> {
  const settings = ctx.site
  const perPage = settings.commentsPerPage
  const [around, threads, replyTo, corrections, images] = await Promise.all([
    articles.findArticleNeighbours(deps.db, { id: article.id, publishedAt: article.publishedAt, tagIds: article.tags.map((t) => t.id), categoryId: article.category?.id }, 4),
    listArticleThreads(deps.db, article.id, { order: settings.commentOrder, limit: perPage, offset: (options.cpage - 1) * perPage, pendingIds: options.pendingIds }),
    options.replyTo ? findComment(deps.db, options.replyTo) : Promise.resolve(undefined),
    listCorrections(deps.db, article.id),
    imagesOf(deps.db, [article.featuredMediaId]),
  ])
  const pages = Math.max(1, Math.ceil(threads.threads / perPage))
  if (options.cpage > pages) return undefined
  const open = areCommentsOpen({ commentStatus: article.commentStatus, publishedAt: article.publishedAt }, settings, deps.clock.now())
  const validReply = replyTo && replyTo.article_id === article.id && replyTo.status === 'approved' ? replyTo : undefined
  const form = options.form ?? emptyCommentForm()
  if (validReply && !form.values.parentId) form.values.parentId = String(validReply.id)
  return h(ArticlePage, {
    ctx,
    data: {
      // Embeds reach readers as plain link cards: no third-party code on the page.
      article: article.bodyHtml.includes('data-embed') ? { ...article, bodyHtml: renderEmbeds(article.bodyHtml) } : article,
      ...around,
      featuredImage: article.featuredMediaId === null ? undefined : images.get(article.featuredMediaId),
      corrections,
      preview: options.preview,
      comments: options.preview ? undefined : {
        comments: threads.comments,
        total: threads.total,
        page: options.cpage,
        pages,
        open,
        maxDepth: settings.commentMaxDepth,
        form,
        formToken: options.formToken ?? FORM_TOKEN_SLOT,
        notice: options.notice,
        replyTo: validReply ? { id: validReply.id, name: validReply.author_name } : undefined,
      },
    },
  })
}
