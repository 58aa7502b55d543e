import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../../container.js'
import type { Assets } from '../plugins/assets.js'

/** What the newsroom's session-less pages (sign-in steps, invite and reset links) share. */
export interface PublicFormOptions {
  deps: Deps
  assets: Assets
  cookies: { session: string; loginCsrf: string }
  /** Only local newsroom paths are valid destinations after signing in. */
  safeNext: (next: string | undefined) => string
}

/** The cookie that carries a pending two-factor sign-in (the password was right; the code is next). */
export const TWO_FACTOR_COOKIE = 'sahifa_2fa'

export const cookieBaseFor = (deps: Deps) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.tls })

/**
 * The CSRF token of a form shown without a session: the one bound to the sign-in cookie, set
 * when missing (same scheme as the sign-in form, so one cookie serves all these forms).
 */
export function publicCsrfToken(request: FastifyRequest, reply: FastifyReply, { deps, cookies }: PublicFormOptions): string {
  let token = request.cookies[cookies.loginCsrf]
  if (!token || token.length !== 32) {
    token = randomBytes(24).toString('base64url')
    reply.setCookie(cookies.loginCsrf, token, { ...cookieBaseFor(deps), path: '/newsroom', maxAge: 3600 * 4 })
  }
  return token
}

/** Sets the pending two-factor cookie (5 minutes, HttpOnly, only sent to the sign-in pages). */
export function setPendingCookie(reply: FastifyReply, deps: Deps, pending: { pending: string; expiresAt: Date }): void {
  reply.setCookie(TWO_FACTOR_COOKIE, pending.pending, { ...cookieBaseFor(deps), path: '/newsroom/login', expires: pending.expiresAt })
}
