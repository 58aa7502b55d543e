import { createHmac, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

export const PENDING_COOKIE = 'sahifa_pending'
export const COMMENTER_COOKIE = 'sahifa_commenter'
const MAX_PENDING = 20

function sign(secret: string, value: string): string {
  return createHmac('sha256', secret).update(`pending:${value}`).digest('base64url').slice(0, 22)
}

/**
 * The ids of the reader's own comments awaiting moderation, from a signed cookie: only their
 * author sees them (marked "بانتظار المراجعة"). A forged or tampered cookie yields none.
 */
export function readPendingIds(request: FastifyRequest, secret: string): number[] {
  const raw = request.cookies[PENDING_COOKIE]
  if (!raw || raw.length > 400) return []
  const [value = '', mac = ''] = raw.split('~')
  const expected = Buffer.from(sign(secret, value))
  const given = Buffer.from(mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return []
  return value
    .split('.')
    .filter((x) => /^\d{1,10}$/.test(x))
    .map(Number)
}

/** Adds a held comment to the reader's signed pending cookie; returns the ids it now holds. */
export function addPendingId(request: FastifyRequest, reply: FastifyReply, secret: string, id: number, secure: boolean): number[] {
  const ids = [...readPendingIds(request, secret).filter((x) => x !== id), id].slice(-MAX_PENDING)
  const value = ids.join('.')
  reply.setCookie(PENDING_COOKIE, `${value}~${sign(secret, value)}`, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 30 * 86_400 })
  return ids
}

export interface RememberedCommenter {
  name: string
  email: string
  url: string
}

/** The details a reader asked us to remember (their own, sent back only to them). */
export function readRememberedCommenter(request: FastifyRequest): RememberedCommenter | undefined {
  const raw = request.cookies[COMMENTER_COOKIE]
  if (!raw || raw.length > 2000) return undefined
  try {
    const data = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<RememberedCommenter>
    if (typeof data.name !== 'string' || typeof data.email !== 'string') return undefined
    return { name: data.name.slice(0, 100), email: data.email.slice(0, 254), url: typeof data.url === 'string' ? data.url.slice(0, 500) : '' }
  } catch {
    return undefined
  }
}

/** Remembers (with consent) or forgets the reader's details. */
export function setRememberedCommenter(reply: FastifyReply, details: RememberedCommenter | undefined, secure: boolean): void {
  if (!details) {
    reply.clearCookie(COMMENTER_COOKIE, { path: '/' })
    return
  }
  const value = Buffer.from(JSON.stringify(details)).toString('base64url')
  reply.setCookie(COMMENTER_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86_400 })
}

/** Pages shown to a reader with either cookie are personal: never served from or put in the cache. */
export function hasPersonalCookies(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && (cookieHeader.includes(`${PENDING_COOKIE}=`) || cookieHeader.includes(`${COMMENTER_COOKIE}=`))
}
