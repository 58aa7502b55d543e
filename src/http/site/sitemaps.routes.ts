import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../../container.js'
import { NotFoundError } from '../../lib/errors.js'
import {
  articlesSitemapXml,
  authorsSitemapXml,
  categoriesSitemapXml,
  newsSitemapXml,
  sitemapIndexXml,
  tagsSitemapXml,
  type SitemapContext,
} from '../../modules/sitemaps/sitemaps.service.js'
import { paths } from '../../views/paths.js'
import { CachedPage, type RenderCache } from '../render-cache.js'
import { originOf } from '../view-context.js'
import { cacheKey, publicCacheControl, sendPage, servePagesFromCache } from './page-cache.js'

const XML = 'application/xml; charset=utf-8'

/** What a sitemap builder gives: the document, and its newest change when it knows one. */
type Built = { xml: string; lastModified?: Date } | string

/**
 * The sitemaps: `/sitemap.xml` (the index robots.txt names), `/sitemaps/articles-{n}.xml`,
 * `/sitemaps/{categories,tags,authors,news}.xml`. Absolute URLs from the site's origin (the
 * configured public URL, else the request's host). Answers carry ETag/Last-Modified and get
 * 304s like pages; article, section, tag and author sitemaps are kept in the render cache,
 * emptied on every content change.
 */
export async function sitemapRoutes(app: FastifyInstance, { deps, cache }: { deps: Deps; cache: RenderCache }) {
  servePagesFromCache(app, cache, (request) => originOf(deps, request))

  /**
   * Builds the document for this request's origin and sends it with its validators (304 when
   * the client has it). `keep`: stored in the render cache until the next content change. The
   * index and the news sitemap are not kept: they change with the clock too (the 48-hour news
   * window), which content events do not see; they cost one or two indexed queries.
   */
  async function respond(request: FastifyRequest, reply: FastifyReply, build: (context: SitemapContext) => Promise<Built | undefined>, { keep = true } = {}) {
    const origin = originOf(deps, request)
    const built = await build({ db: deps.db, origin, paths })
    if (built === undefined) throw new NotFoundError('SITEMAP_NOT_FOUND')
    const { xml, lastModified = deps.clock.now() } = typeof built === 'string' ? { xml: built } : built
    const page = { status: 200, html: xml, lastModified, cacheControl: publicCacheControl, contentType: XML }
    const entry = keep
      ? cache.store(cacheKey(origin, request.url), page, request.renderGeneration)
      : new CachedPage(page.status, Buffer.from(xml), lastModified, publicCacheControl, {}, undefined, XML)
    return sendPage(request, reply, entry)
  }

  app.get(paths.sitemapIndex(), (request, reply) => respond(request, reply, (context) => sitemapIndexXml(context, deps.clock.now()), { keep: false }))

  app.get<{ Params: { page: string } }>('/sitemaps/articles-:page.xml', (request, reply) => {
    // One spelling per page: "01" or "+1" would be a second URL for the same document.
    const raw = request.params.page
    const page = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : 0
    return respond(request, reply, (context) => (page > 0 ? articlesSitemapXml(context, page) : Promise.resolve(undefined)))
  })

  app.get(paths.sitemap('news'), (request, reply) =>
    respond(request, reply, (context) => newsSitemapXml(context, { name: deps.frame().settings.name }, deps.clock.now()), { keep: false }),
  )
  app.get(paths.sitemap('categories'), (request, reply) => respond(request, reply, (context) => categoriesSitemapXml(context, deps.frame().nav)))
  app.get(paths.sitemap('tags'), (request, reply) => respond(request, reply, tagsSitemapXml))
  app.get(paths.sitemap('authors'), (request, reply) => respond(request, reply, authorsSitemapXml))
}
