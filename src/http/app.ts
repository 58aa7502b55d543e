import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler'
import Fastify, { type FastifyInstance, type FastifyServerFactoryHandler, type FastifyServerOptions } from 'fastify'
import type { Deps } from '../container.js'
import { t } from '../i18n/index.js'
import { paths } from '../views/paths.js'
import { API_PREFIX } from './api/api-prefix.js'
import { assetRoutes, loadAssets, type Assets } from './plugins/assets.js'
import { errorHandling, sendError } from './plugins/errors.js'
import { formsPlugin } from './plugins/forms.js'
import { lazyApp } from './plugins/lazy-app.js'
import { securityHeaders, securityHeadersPlugin } from './plugins/security-headers.js'
import { RenderCache } from './render-cache.js'
import { cacheFastPath } from './site/page-cache.js'
import { commentRoutes } from './site/comments.routes.js'
import { feedRoutes } from './site/feeds.routes.js'
import { mediaFileRoutes } from './site/media-files.routes.js'
import { searchRoutes } from './site/search.routes.js'
import { sitemapRoutes } from './site/sitemaps.routes.js'
import { siteRoutes } from './site/site.routes.js'
import { originFor } from './view-context.js'

export interface BuildOptions {
  /** Logger on/off (tests keep it off). */
  logger?: boolean
}

/**
 * Builds the whole HTTP application on its dependencies, without listening: the server and
 * every route test use the same app. The reader's site is built here; the newsroom and the
 * content API (the back office) on the first request for one of their paths (plugins/lazy-app.ts).
 */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const assets = loadAssets()
  const cache = new RenderCache({ enabled: deps.config.renderCache, headers: securityHeaders(deps.config.tls) })
  // Cleared on every change, and again once the site frame (settings, sections) has reloaded,
  // so that no page rendered with the old frame in between is kept.
  deps.events.on('changed', () => cache.clear())
  deps.events.on('pagesChanged', () => cache.clear())
  deps.events.on('frameRefreshed', () => cache.clear())
  const fastPath = cacheFastPathEnabled(deps.config) ? cacheFastPath(cache, (host) => originFor(deps.config, host)) : undefined
  let closing = false
  // One sequence of request ids for the site and the back office, and a forwarded request keeps
  // its id: ids in the log stay unique.
  let requests = 0
  const ids = new WeakMap<IncomingMessage, string>()
  const genReqId = (req: IncomingMessage) => {
    let id = ids.get(req)
    if (id === undefined) ids.set(req, (id = `req-${(++requests).toString(36)}`))
    return id
  }
  const shared = { ...appOptions(deps, assets, options), genReqId }

  const app: FastifyInstance = Fastify({
    ...shared,
    // Requests Node's HTTP parser rejects (control bytes in headers, garbage request lines)
    // still get a plain Arabic 400 with the security headers, then the socket closes.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return
      const body = `${t('error.badRequest.title')} — ${t('error.badRequest.body')}\n`
      const status = (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'
      const headers = Object.entries(securityHeaders(deps.config.tls)).map(([k, v]) => `${k}: ${v}\r\n`).join('')
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${headers}\r\n${body}`)
    },
    serverFactory: fastPath && ((handler, opts) => createServerWithFastPath(handler, opts, (req, res) => !closing && fastPath(req, res))),
  })
  app.decorate('renderCache', cache)
  // Once closing, every request goes to Fastify, which answers 503 and closes the connection.
  app.addHook('preClose', async () => {
    closing = true
  })

  await registerCommon(app, deps, assets)
  await app.register(assetRoutes, { assets })
  await app.register(siteRoutes, { deps, assets, cache })
  await app.register(searchRoutes, { deps, assets })
  await app.register(feedRoutes, { deps, cache })
  await app.register(sitemapRoutes, { deps, cache })
  await app.register(commentRoutes, { deps, assets })
  await app.register(mediaFileRoutes, { mediaDir: deps.config.media.dir })
  await app.register(lazyApp, { prefixes: [paths.newsroom(), API_PREFIX], build: () => buildBackOffice(deps, assets, app, shared) })
  return app
}

/** The newsroom and the content API: a second app, with the site's options and common plugins, logging through the site's logger. */
async function buildBackOffice(deps: Deps, assets: Assets, site: FastifyInstance, shared: ReturnType<typeof appOptions> & { genReqId: (req: IncomingMessage) => string }): Promise<FastifyInstance> {
  const [{ newsroomRoutes }, { apiPlugin }, { searchApiRoutes }] = await Promise.all([
    import('./admin/newsroom.routes.js'),
    import('./api/api.plugin.js'),
    import('./api/search.routes.js'),
  ])
  const { logger, ...rest } = shared
  const app: FastifyInstance = Fastify(logger ? { ...rest, loggerInstance: site.log } : { ...rest, logger: false })
  await registerCommon(app, deps, assets)
  await app.register(apiPlugin, { prefix: API_PREFIX, deps, routes: [searchApiRoutes] })
  await app.register(newsroomRoutes, { deps, assets })
  return app
}

/** Fastify options both apps share. */
function appOptions(deps: Deps, assets: Assets, options: BuildOptions) {
  return {
    logger: options.logger === false || deps.config.logLevel === 'silent' ? false : { level: deps.config.logLevel },
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: false, maxParamLength: 500 },
    return503OnClosing: true,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers(SerializerSelector()) } },
    // Malformed percent-encoding and similar router failures become a clear Arabic 400.
    frameworkErrors: (error, request, reply) => {
      void sendError(deps, assets, request, reply, 400, error.code === 'FST_ERR_BAD_URL' ? 'error.badEncoding' : 'error.badRequest.body', error.code ?? 'BAD_REQUEST')
    },
  } satisfies FastifyServerOptions
}

/** Headers, cookies, form bodies, rate limits and error pages: what every route of either app stands on. */
async function registerCommon(app: FastifyInstance, deps: Deps, assets: Assets) {
  await app.register(securityHeadersPlugin, { tls: deps.config.tls })
  await app.register(cookie)
  await app.register(formsPlugin, { bodyLimit: 256 * 1024 })
  await app.register(rateLimit, { global: false, errorResponseBuilder: (_req, ctx) => Object.assign(new Error('rate limited'), { statusCode: ctx.statusCode }) })
  await app.register(errorHandling, { deps, assets })
}

/**
 * Cache hits are answered before Fastify (see cacheFastPath) when nothing Fastify would add is
 * lost: request logging is off at the configured level (warn and above: production), and the
 * origin a page is keyed by can be read from the Host header (a public URL is set, or no proxy
 * is trusted to rewrite the host).
 */
export function cacheFastPathEnabled(config: Pick<Deps['config'], 'renderCache' | 'logLevel' | 'publicUrl' | 'trustProxy'>): boolean {
  return config.renderCache && !['info', 'debug', 'trace'].includes(config.logLevel) && (config.publicUrl !== undefined || !config.trustProxy)
}

/**
 * Fastify's response serializers (fast-json-stringify), each compiled on its first response
 * instead of at start: the content API declares a schema per route and status (for its OpenAPI
 * document), ~100 serializers with the HEAD routes, most of which a server never uses; compiling
 * them all took ~0.1 s of every start.
 */
function lazySerializers(build: SerializerFactory): SerializerFactory {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options)
    return (route) => {
      let serialize: ((doc: unknown) => string) | undefined
      return (doc) => (serialize ??= compile(route))(doc)
    }
  }
}

/** The HTTP server Fastify would create, with `first` given each request before Fastify's handler. */
function createServerWithFastPath(
  handler: FastifyServerFactoryHandler,
  options: Record<string, any>,
  first: (req: IncomingMessage, res: ServerResponse) => boolean,
): Server {
  const server = createServer(options.http ?? {}, (req, res) => {
    if (!first(req, res)) handler(req, res)
  })
  server.keepAliveTimeout = options.keepAliveTimeout
  server.requestTimeout = options.requestTimeout
  server.setTimeout(options.connectionTimeout)
  if (options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket
  return server
}

declare module 'fastify' {
  interface FastifyInstance {
    renderCache: RenderCache
  }
}
