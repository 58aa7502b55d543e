import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { Deps } from '../../container.js'
import { t } from '../../i18n/index.js'
import { GoneError, NotFoundError } from '../../lib/errors.js'
import { findPublishedArticle } from '../../modules/articles/articles.repository.js'
import type { FeedArticleScope } from '../../modules/feeds/feeds.repository.js'
import { feedContentTypes, feedFormats, type FeedFormat } from '../../modules/feeds/feeds.schema.js'
import { findRedirect } from '../../modules/redirects/redirects.repository.js'
import { descendantIds, findCategoryBySlug, findTagBySlug } from '../../modules/taxonomy/taxonomy.repository.js'
import { findAuthorBySlug } from '../../modules/users/users.repository.js'
import { CommentText } from '../../views/components/comment-text.js'
import { paths } from '../../views/paths.js'
import type { RenderCache } from '../render-cache.js'
import { originOf } from '../view-context.js'
import { cacheKey, publicCacheControl, sendPage, servePagesFromCache } from './page-cache.js'

/** What a feed says about itself besides its entries: site paths, Arabic text. */
interface FeedMeta {
  title: string
  description: string
  page: string
  path: (format: FeedFormat) => string
}

/**
 * The site's feeds, each in RSS 2.0 (the bare URL), Atom (`/atom`) and JSON Feed 1.1 (`/json`):
 * the newest stories of the site (`/feed`), a section with its sub-sections, a tag and an author
 * (`/category/{slug}/feed` …), and readers' approved comments, the site's (`/comments/feed`)
 * and one article's (`/news/{id}/{slug}/comments/feed`). Feeds go through the render cache like
 * pages (ETag, Last-Modified, 304, cleared on every content change). Feeds are in Arabic.
 */
/**
 * The feed service and writer, loaded on the first feed request: they bring an HTML sanitizer
 * and the feed library, which no page needs (a server starts without them).
 */
const feedModules = () =>
  (feedModulesLoaded ??= Promise.all([import('../../modules/feeds/feeds.service.js'), import('../../modules/feeds/feeds.render.js')]).then(([service, render]) => ({ ...service, ...render })))
let feedModulesLoaded: Promise<typeof import('../../modules/feeds/feeds.service.js') & typeof import('../../modules/feeds/feeds.render.js')> | undefined

export async function feedRoutes(app: FastifyInstance, { deps, cache }: { deps: Deps; cache: RenderCache }) {
  servePagesFromCache(app, cache, (request) => originOf(deps, request))
  const settings = () => deps.frame().settings

  /** Builds the feed for this request's origin, stores it in the cache and sends it. */
  async function respond(request: FastifyRequest, reply: FastifyReply, format: FeedFormat, build: (origin: string) => Promise<string>) {
    const origin = originOf(deps, request)
    const body = await build(origin)
    const page = { status: 200, html: body, lastModified: deps.clock.now(), cacheControl: publicCacheControl, contentType: feedContentTypes[format] }
    return sendPage(request, reply, cache.store(cacheKey(origin, request.url), page, request.renderGeneration))
  }

  async function articlesFeed(origin: string, format: FeedFormat, scope: FeedArticleScope, meta: FeedMeta): Promise<string> {
    const { articleFeedEntries, feedChannel, renderFeed } = await feedModules()
    const entries = await articleFeedEntries(deps.db, scope, origin, paths)
    return renderFeed(format, feedChannel(origin, settings(), meta, entries, deps.clock.now()), entries)
  }

  async function commentsFeed(origin: string, format: FeedFormat, articleId: number | undefined, meta: FeedMeta): Promise<string> {
    const { commentOrder, commentsPerPage } = settings()
    const { commentFeedEntries, feedChannel, renderFeed } = await feedModules()
    const entries = await commentFeedEntries(deps.db, { articleId }, {
      origin,
      paths,
      order: commentOrder,
      perPage: commentsPerPage,
      html: (text) => renderToString(h(CommentText, { text })),
      title: (c) => t('feeds.comment.title', { name: c.authorName, title: c.article.title }),
    })
    return renderFeed(format, feedChannel(origin, settings(), meta, entries, deps.clock.now()), entries)
  }

  /**
   * An unknown section, tag or author: when its page was renamed or removed (the redirects
   * table), the feed follows (301 to the new page's feed, 410); otherwise the site's 404.
   */
  async function notFound(request: FastifyRequest, reply: FastifyReply, listingPath: string, format: FeedFormat) {
    const redirect = listingPath.length <= 2000 ? await findRedirect(deps.db, listingPath.normalize('NFC')) : undefined
    if (redirect?.statusCode === 410) throw new GoneError('FEED_GONE')
    if (redirect?.toPath) {
      const target = redirect.toPath.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run)).replace(/\/+$/, '')
      return reply.code(301).header('cache-control', 'public, max-age=3600').redirect(target + paths.feed(format), 301)
    }
    return reply.callNotFound()
  }

  for (const format of feedFormats) {
    const feed = paths.feed(format)

    app.get(feed, (request, reply) =>
      respond(request, reply, format, (origin) => {
        const site = settings()
        return articlesFeed(origin, format, { kind: 'site' }, { title: site.name, description: site.tagline, page: paths.home(), path: paths.feed })
      }),
    )

    app.get<{ Params: { slug: string } }>(`/category/:slug${feed}`, async (request, reply) => {
      const nav = deps.frame().nav
      const category = nav.find((c) => c.slug === request.params.slug) ?? (await findCategoryBySlug(deps.db, request.params.slug))
      if (!category) return notFound(request, reply, `/category/${request.params.slug}`, format)
      return respond(request, reply, format, (origin) => {
        const vars = { name: category.name, site: settings().name }
        return articlesFeed(origin, format, { kind: 'categories', ids: descendantIds(nav, category.id) }, {
          title: t('feeds.title.category', vars),
          description: category.description || t('feeds.description.category', vars),
          page: paths.category(category.slug),
          path: (f) => paths.categoryFeed(category.slug, f),
        })
      })
    })

    app.get<{ Params: { slug: string } }>(`/tag/:slug${feed}`, async (request, reply) => {
      const tag = await findTagBySlug(deps.db, request.params.slug)
      if (!tag) return notFound(request, reply, `/tag/${request.params.slug}`, format)
      return respond(request, reply, format, (origin) => {
        const vars = { name: tag.name, site: settings().name }
        return articlesFeed(origin, format, { kind: 'tag', id: tag.id }, {
          title: t('feeds.title.tag', vars),
          description: t('feeds.description.tag', vars),
          page: paths.tag(tag.slug),
          path: (f) => paths.tagFeed(tag.slug, f),
        })
      })
    })

    app.get<{ Params: { slug: string } }>(`/author/:slug${feed}`, async (request, reply) => {
      const author = await findAuthorBySlug(deps.db, request.params.slug)
      if (!author) return notFound(request, reply, `/author/${request.params.slug}`, format)
      return respond(request, reply, format, (origin) => {
        const vars = { name: author.name, site: settings().name }
        return articlesFeed(origin, format, { kind: 'author', id: author.id }, {
          title: t('feeds.title.author', vars),
          description: t('feeds.description.author', vars),
          page: paths.author(author.slug),
          path: (f) => paths.authorFeed(author.slug, f),
        })
      })
    })

    app.get(paths.commentsFeed(format), (request, reply) =>
      respond(request, reply, format, (origin) => {
        const site = settings().name
        return commentsFeed(origin, format, undefined, {
          title: t('feeds.title.comments', { site }),
          description: t('feeds.description.comments', { site }),
          page: paths.home(),
          path: paths.commentsFeed,
        })
      }),
    )

    // An article's comments; a wrong or old slug answers 301 to the canonical feed URL, as the article does.
    app.get<{ Params: { id: string; slug: string } }>(`/news/:id/:slug/comments${feed}`, async (request, reply) => {
      const id = parseId(request.params.id)
      const article = id === undefined ? undefined : await findPublishedArticle(deps.db, id)
      if (!article) throw new NotFoundError('ARTICLE_NOT_FOUND')
      if (request.params.slug !== article.slug || request.params.id !== String(article.id)) {
        return reply.header('cache-control', publicCacheControl).redirect(paths.articleCommentsFeed(article, format), 301)
      }
      return respond(request, reply, format, (origin) => {
        const vars = { title: article.title, site: settings().name }
        return commentsFeed(origin, format, article.id, {
          title: t('feeds.title.articleComments', vars),
          description: t('feeds.description.articleComments', vars),
          page: `${paths.article(article)}#comments`,
          path: (f) => paths.articleCommentsFeed(article, f),
        })
      })
    })
  }
}

/** A positive integer id from a path segment, or undefined (so "abc" is a 404, never a 500). */
function parseId(raw: string): number | undefined {
  if (!/^\d{1,10}$/.test(raw)) return undefined
  const id = Number(raw)
  return id > 0 && id <= 2_147_483_647 ? id : undefined
}
