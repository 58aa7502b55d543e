import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h, type VNode } from 'preact'
import type { Deps } from '../../container.js'
import { pickLocale } from '../../i18n/index.js'
import { AppError, NotFoundError } from '../../lib/errors.js'
import { formToken } from '../../modules/comments/comments.service.js'
import { emptyCommentForm } from '../../views/site/comments-section.js'
import { buildArticlePage, FORM_TOKEN_SLOT, parseArticleQuery } from './article-view.js'
import { hasPersonalCookies, readPendingIds, readRememberedCommenter } from './comment-cookies.js'
import * as articles from '../../modules/articles/articles.repository.js'
import { legacyQueryPath } from '../../modules/import/wordpress.permalinks.js'
import { findPublishedPage } from '../../modules/pages/pages.repository.js'
import { findRedirect } from '../../modules/redirects/redirects.repository.js'
import { descendantIds, findCategoryBySlug, findTagBySlug } from '../../modules/taxonomy/taxonomy.repository.js'
import { findAuthorBySlug } from '../../modules/users/users.repository.js'
import { formatMonthYear, formatNumber, startOfDayIn } from '../../text/arabic/index.js'
import type { ViewContext } from '../../views/context.js'
import { paths } from '../../views/paths.js'
import { renderDocument } from '../../views/render.js'
import { HomePage, SECONDARY } from '../../views/site/home-page.js'
import { ListingPage, type ListingData } from '../../views/site/listing-page.js'
import { StaticPage } from '../../views/site/static-page.js'
import type { Assets } from '../plugins/assets.js'
import type { RenderCache } from '../render-cache.js'
import { originOf, viewContext } from '../view-context.js'
import { cacheKey, publicCacheControl, sendPage, servePagesFromCache } from './page-cache.js'
import { imagesOf, type ImagesById } from './site-images.js'


/**
 * The public site: server-rendered, cacheable, no session writes. Every page goes through the
 * render cache; handlers only read.
 */
export async function siteRoutes(app: FastifyInstance, { deps, assets, cache }: { deps: Deps; assets: Assets; cache: RenderCache }) {
  servePagesFromCache(app, cache, (request) => originOf(deps, request))
  const perPage = () => deps.frame().settings.perPage

  /** Renders a page for this request, stores it in the cache and sends it. */
  async function respond(request: FastifyRequest, reply: FastifyReply, build: (ctx: ViewContext) => Promise<VNode<any>> | VNode<any>, lastModified = new Date()) {
    const ctx = viewContext(deps, assets, request, pickLocale(request.query, undefined))
    const html = renderDocument(await build(ctx))
    const entry = cache.store(cacheKey(ctx.origin, request.url), { status: 200, html, lastModified, cacheControl: publicCacheControl }, request.renderGeneration)
    return sendPage(request, reply, entry)
  }

  /** `?page=N`: absent is 1; anything but one whole number from 1 is a 400 (never quietly page 1). */
  function pageOf(request: FastifyRequest): number {
    const raw = (request.query as Record<string, unknown> | undefined)?.page
    if (raw === undefined) return 1
    if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw)) throw new AppError('BAD_PAGE', 400, 'error.badPage')
    return Number(raw)
  }

  /** One page of a listing with its stories' featured images (one query for the page, none without images). */
  async function listingResult(result: Promise<articles.Page<articles.ArticleSummary>>): Promise<articles.Page<articles.ArticleSummary> & { images: ImagesById }> {
    const page = await result
    return { ...page, images: await imagesOf(deps.db, page.items.map((a) => a.featuredMediaId)) }
  }

  function listing(ctx: ViewContext, page: number, result: articles.Page<articles.ArticleSummary> & { images?: ImagesById }, rest: Omit<ListingData, 'items' | 'page' | 'pages' | 'images'>) {
    const pages = Math.max(1, Math.ceil(result.total / perPage()))
    if (page > pages && page > 1) throw new NotFoundError('PAGE_OUT_OF_RANGE')
    return h(ListingPage, { ctx, data: { ...rest, items: result.items, images: result.images, page, pages } })
  }

  app.get('/', async (request, reply) => {
    // WordPress's id links (/?p=12, /?page_id=7) of an imported site: 301 from the redirects table.
    const legacy = legacyQueryPath(request.query)
    const redirect = legacy ? await findRedirect(deps.db, legacy) : undefined
    if (redirect?.toPath) return reply.header('cache-control', publicCacheControl).redirect(encodeURI(redirect.toPath), 301)
    return respond(request, reply, async (ctx) => {
      const lead = await articles.findLeadArticle(deps.db)
      const latest = await articles.listLatestPublished(deps.db, { limit: 6, excludeIds: lead ? [lead.id] : [] })
      const shown = new Set([lead?.id, ...latest.map((a) => a.id)])
      const topLevel = ctx.nav.filter((c) => c.parentId === null)
      const latestBySection = await articles.listLatestInCategoryGroups(
        deps.db,
        topLevel.map((category) => descendantIds(ctx.nav, category.id)),
        4,
      )
      const sections = []
      for (const [i, category] of topLevel.entries()) {
        const fresh = latestBySection[i]!.filter((a) => !shown.has(a.id)).slice(0, 3)
        if (fresh.length > 0) sections.push({ category, articles: fresh })
      }
      // The stories that show a picture (the lead, the secondary ones, each section's first); the
      // headlines column does not. One query for all of them, none when none has an image.
      const pictured = [lead, ...(lead ? latest.slice(0, SECONDARY) : []), ...sections.map((s) => s.articles[0])]
      const images = await imagesOf(deps.db, pictured.map((a) => a?.featuredMediaId))
      return h(HomePage, { ctx, data: { lead, latest, sections, images } })
    })
  })

  // A private preview of an unpublished article: whoever holds the token (made in the newsroom).
  app.get<{ Params: { token: string } }>('/preview/:token', async (request, reply) => {
    const token = request.params.token
    const row = /^[\w-]{20,64}$/.test(token) ? await deps.db.selectFrom('articles').selectAll().where('preview_token', '=', token).where('status', '!=', 'trashed').executeTakeFirst() : undefined
    if (!row) throw new NotFoundError('PREVIEW_NOT_FOUND')
    const article = await articles.loadArticleDetail(deps.db, row)
    const ctx = viewContext(deps, assets, request, pickLocale(request.query, undefined))
    const page = await buildArticlePage(deps, ctx, article, { cpage: 1, preview: true })
    return reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex, nofollow').type('text/html; charset=utf-8').send(renderDocument(page!))
  })

  app.get<{ Params: { id: string; slug?: string } }>('/news/:id/:slug?', async (request, reply) => {
    const id = parseId(request.params.id)
    const article = id === undefined ? undefined : await articles.findPublishedArticle(deps.db, id)
    if (!article) throw new NotFoundError('ARTICLE_NOT_FOUND')
    const canonical = paths.article(article)
    if (request.params.slug !== article.slug || request.params.id !== String(article.id)) {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
      return reply.header('cache-control', publicCacheControl).redirect(canonical + query, 301)
    }
    const query = parseArticleQuery(request.query)
    if (!query) throw new AppError('BAD_QUERY', 400, 'error.badRequest.body')

    // A reader with their own pending comments or remembered details gets a personal page.
    if (hasPersonalCookies(request.headers.cookie)) {
      const ctx = viewContext(deps, assets, request, pickLocale(request.query, undefined))
      const remembered = readRememberedCommenter(request)
      const form = emptyCommentForm()
      if (remembered) Object.assign(form.values, { name: remembered.name, email: remembered.email, url: remembered.url, remember: true })
      const page = await buildArticlePage(deps, ctx, article, { ...query, pendingIds: readPendingIds(request, deps.secret), form, formToken: formToken(deps.secret, deps.clock.now()) })
      if (!page) throw new NotFoundError('COMMENT_PAGE_NOT_FOUND')
      return reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(renderDocument(page))
    }

    const ctx = viewContext(deps, assets, request, pickLocale(request.query, undefined))
    const page = await buildArticlePage(deps, ctx, article, query)
    if (!page) throw new NotFoundError('COMMENT_PAGE_NOT_FOUND')
    const template = renderDocument(page)
    const fill = () => template.replace(FORM_TOKEN_SLOT, formToken(deps.secret, deps.clock.now()))
    const entry = cache.store(
      cacheKey(ctx.origin, request.url),
      { status: 200, html: fill(), lastModified: new Date(article.updatedAt), cacheControl: publicCacheControl },
      request.renderGeneration,
      template.includes(FORM_TOKEN_SLOT) ? { everyMs: 2000, render: fill, template } : undefined,
    )
    return sendPage(request, reply, entry)
  })

  app.get<{ Params: { slug: string } }>('/category/:slug', async (request, reply) => {
    const page = pageOf(request)
    const nav = deps.frame().nav
    const category = nav.find((c) => c.slug === request.params.slug) ?? (await findCategoryBySlug(deps.db, request.params.slug))
    // Renamed, merged or deleted sections answer from the redirects table (301/410).
    if (!category) return reply.callNotFound()
    const result = await listingResult(articles.listPublishedInCategories(deps.db, descendantIds(nav, category.id), { limit: perPage(), offset: (page - 1) * perPage() }))
    return respond(request, reply, (ctx) =>
      listing(ctx, page, result, {
        heading: category.name,
        description: category.description || undefined,
        href: (p) => paths.category(category.slug, p),
        section: category,
        feeds: [{ title: ctx.t('feeds.title.category', { name: category.name, site: ctx.site.name }), path: (f) => paths.categoryFeed(category.slug, f) }],
      }),
    )
  })

  app.get<{ Params: { slug: string } }>('/tag/:slug', async (request, reply) => {
    const page = pageOf(request)
    const tag = await findTagBySlug(deps.db, request.params.slug)
    if (!tag) return reply.callNotFound()
    const result = await listingResult(articles.listPublishedWithTag(deps.db, tag.id, { limit: perPage(), offset: (page - 1) * perPage() }))
    return respond(request, reply, (ctx) =>
      listing(ctx, page, result, {
        heading: ctx.t('list.tag', { name: tag.name }),
        href: (p) => paths.tag(tag.slug, p),
        feeds: [{ title: ctx.t('feeds.title.tag', { name: tag.name, site: ctx.site.name }), path: (f) => paths.tagFeed(tag.slug, f) }],
      }),
    )
  })

  app.get<{ Params: { slug: string } }>('/author/:slug', async (request, reply) => {
    const page = pageOf(request)
    const author = await findAuthorBySlug(deps.db, request.params.slug)
    if (!author) throw new NotFoundError('AUTHOR_NOT_FOUND')
    // The photo comes with the stories' pictures: one media query for the page.
    const list = await articles.listPublishedByAuthor(deps.db, author.id, { limit: perPage(), offset: (page - 1) * perPage() })
    const images = await imagesOf(deps.db, [author.photoMediaId, ...list.items.map((a) => a.featuredMediaId)])
    const photo = author.photoMediaId === null ? undefined : images.get(author.photoMediaId)
    return respond(request, reply, (ctx) =>
      listing(ctx, page, { ...list, images }, {
        heading: author.name,
        author: { name: author.name, bio: author.bio, photo },
        href: (p) => paths.author(author.slug, p),
        feeds: [{ title: ctx.t('feeds.title.author', { name: author.name, site: ctx.site.name }), path: (f) => paths.authorFeed(author.slug, f) }],
      }),
    )
  })

  app.get<{ Params: { year: string; month?: string } }>('/archive/:year/:month?', async (request, reply) => {
    const year = /^\d{4}$/.test(request.params.year) ? Number(request.params.year) : NaN
    const month = request.params.month === undefined ? undefined : /^\d{1,2}$/.test(request.params.month) ? Number(request.params.month) : NaN
    if (!(year >= 1900 && year <= 2200) || (month !== undefined && !(month >= 1 && month <= 12))) throw new NotFoundError('ARCHIVE_NOT_FOUND')
    const page = pageOf(request)
    // Months and years as the newsroom's readers live them (the site time zone), not UTC.
    const zone = deps.frame().settings.timeZone
    const from = startOfDayIn(year, month ?? 1, 1, zone)
    const to = month === undefined ? startOfDayIn(year + 1, 1, 1, zone) : month === 12 ? startOfDayIn(year + 1, 1, 1, zone) : startOfDayIn(year, month + 1, 1, zone)
    const result = await listingResult(articles.listPublishedBetween(deps.db, from, to, { limit: perPage(), offset: (page - 1) * perPage() }))
    return respond(request, reply, (ctx) => {
      const period = month === undefined ? formatNumber(year, ctx.site).replace(/[^\d\u0660-\u0669]/g, '') : formatMonthYear(new Date(Date.UTC(year, month - 1, 15)), ctx.site)
      return listing(ctx, page, result, { heading: ctx.t('list.archive', { period }), href: (p) => paths.archive(year, month, p) })
    })
  })

  app.get<{ Params: { slug: string } }>('/page/:slug', async (request, reply) => {
    const page = await findPublishedPage(deps.db, request.params.slug)
    if (!page) throw new NotFoundError('PAGE_NOT_FOUND')
    return respond(request, reply, (ctx) => h(StaticPage, { ctx, page }), new Date(page.updatedAt))
  })

  // /search and /search/suggest: search.routes.ts.

  // The Sitemap line must be an absolute URL (robots.txt has no base to resolve against).
  app.get('/robots.txt', async (request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(`User-agent: *\nDisallow: /newsroom\nDisallow: /search\n\nSitemap: ${originOf(deps, request)}${paths.sitemapIndex()}\n`),
  )
}

/** A positive integer id from a path segment, or undefined (so "abc" is a 404, never a 500). */
function parseId(raw: string): number | undefined {
  if (!/^\d{1,10}$/.test(raw)) return undefined
  const id = Number(raw)
  return id > 0 && id <= 2_147_483_647 ? id : undefined
}
