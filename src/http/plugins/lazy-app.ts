import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import fp from 'fastify-plugin'

/** Every method a browser or API client may send: the lazy app answers, or refuses, each itself. */
const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

export interface LazyAppOptions {
  /** Path prefixes the lazy app serves: each prefix itself and everything under it. */
  prefixes: readonly string[]
  /** Makes the app (routes registered, not yet ready); called on the first request for a prefix. */
  build: () => Promise<FastifyInstance>
}

/**
 * Serves `prefixes` from a second Fastify app made on the first request for one of them, then
 * kept (and closed with this one). The request goes to it untouched: forwarded from an onRequest
 * hook, before this app parses a body, so the lazy app runs its whole lifecycle (hooks, body
 * limits, validation, errors) on the raw request as if it had received it itself; `inject` works
 * the same way. `app.lazyApp()` resolves to it (tests list its routes).
 * Why: the newsroom and the content API are most of the code and of the routes, and no reader's
 * page needs them; building them at start cost ~80 ms of every cold start.
 */
export const lazyApp = fp(async (app: FastifyInstance, { prefixes, build }: LazyAppOptions) => {
  let pending: Promise<FastifyInstance> | undefined
  const instance = () =>
    (pending ??= build()
      .then(async (sub) => {
        await sub.ready()
        return sub
      })
      .catch((error: unknown) => {
        // A later request tries again (the error page answers this one).
        pending = undefined
        throw error
      }))
  app.decorate('lazyApp', instance)
  app.addHook('onClose', async () => {
    const sub = await pending?.catch(() => undefined)
    await sub?.close()
  })
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const sub = await instance()
    reply.hijack()
    sub.routing(request.raw, reply.raw)
  }
  const unreachable = async () => {
    throw new Error('a forwarded request reached its placeholder handler')
  }
  for (const prefix of prefixes) {
    for (const url of [prefix, `${prefix}/*`]) {
      // The lazy app logs the request; this one stays quiet about it.
      app.route({ method: METHODS, url, logLevel: 'silent', onRequest: forward, handler: unreachable })
    }
  }
})

declare module 'fastify' {
  interface FastifyInstance {
    /** The app behind the forwarded prefixes (plugins/lazy-app.ts), made on first use. */
    lazyApp(): Promise<FastifyInstance>
  }
}
