import type { FastifyRequest } from 'fastify'
import type { Deps } from '../container.js'
import { t, type Locale, type MessageKey, type MessageVars } from '../i18n/index.js'
import type { ViewContext } from '../views/context.js'
import type { Assets } from './plugins/assets.js'

/** The absolute origin for canonical links: configured public URL, else the request's host. */
export function originOf(deps: Deps, request: FastifyRequest): string {
  if (deps.config.publicUrl) return deps.config.publicUrl
  const host = /^[\w.-]+(:\d+)?$/.test(request.host) ? request.host : `${deps.config.host}:${deps.config.port}`
  return `${deps.config.tls ? 'https' : 'http'}://${host}`
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
  }
}
