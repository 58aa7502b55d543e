import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Deps } from '../container.js'
import { newsroomRoutes } from './admin/newsroom.routes.js'
import { assetRoutes, loadAssets } from './plugins/assets.js'
import { errorHandling, sendError } from './plugins/errors.js'
import { securityHeadersPlugin } from './plugins/security-headers.js'
import { RenderCache } from './render-cache.js'
import { siteRoutes } from './site/site.routes.js'

export interface BuildOptions {
  /** Logger on/off (tests keep it off). */
  logger?: boolean
}

/**
 * Builds the whole HTTP application on its dependencies, without listening: the server and
 * every route test use the same app.
 */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const assets = loadAssets()
  const cache = new RenderCache(deps.config.renderCache)
  deps.events.on('changed', () => cache.clear())

  const app = Fastify({
    logger: options.logger === false || deps.config.logLevel === 'silent' ? false : { level: deps.config.logLevel },
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: false, maxParamLength: 500 },
    return503OnClosing: true,
    // Malformed percent-encoding and similar router failures become a clear Arabic 400.
    frameworkErrors: (error, request, reply) => {
      void sendError(deps, assets, request, reply, 400, error.code === 'FST_ERR_BAD_URL' ? 'error.badEncoding' : 'error.badRequest.body', error.code ?? 'BAD_REQUEST')
    },
  })
  app.decorate('renderCache', cache)

  await app.register(securityHeadersPlugin, { tls: deps.config.tls })
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: 256 * 1024 })
  await app.register(rateLimit, { global: false, errorResponseBuilder: (_req, ctx) => Object.assign(new Error('rate limited'), { statusCode: ctx.statusCode }) })
  await app.register(errorHandling, { deps, assets })
  await app.register(assetRoutes, { assets })
  await app.register(siteRoutes, { deps, assets, cache })
  await app.register(newsroomRoutes, { deps, assets })
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    renderCache: RenderCache
  }
}
