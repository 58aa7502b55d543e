import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { Deps } from '../container.js'
import { t, type Locale, type MessageKey, type MessageVars } from '../i18n/index.js'
import type { ViewContext } from '../views/context.js'
import type { Assets } from './plugins/assets.js'

/** The absolute origin for canonical links: configured public URL, else the request's host. */
export function originOf(deps: Deps, request: FastifyRequest): string {
  return originFor(deps.config, request.host)
}

/** originOf from a Host value (the render cache's fast path has no Fastify request). */
export function originFor(config: Pick<Config, 'publicUrl' | 'host' | 'port' | 'tls'>, requestHost: string | undefined): string {
  if (config.publicUrl) return config.publicUrl
  const host = requestHost !== undefined && /^[\w.-]+(:\d+)?$/.test(requestHost) ? requestHost : `${config.host}:${config.port}`
  return `${config.tls ? 'https' : 'http'}://${host}`
}

/** Builds the per-request view context from the cached site frame. */
export function viewContext(deps: Deps, assets: Assets, request: FastifyRequest, locale: Locale): ViewContext {
  const frame = deps.frame()
  return {
    site: frame.settings,
    locale,
    t: (key: MessageKey, vars?: MessageVars) => t(key, vars, locale),
    origin: originOf(deps, request),
    path: request.url.split('?')[0] ?? '/',
    nav: frame.nav,
    footerPages: frame.footerPages,
    assets: assets.urls,
    now: deps.clock.now(),
  }
}
