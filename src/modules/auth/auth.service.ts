import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { Db } from '../../db/database.js'
import { AppError } from '../../lib/errors.js'
import { hashPassword, verifyPassword } from '../users/password.js'
import { findUserByEmail } from '../users/users.repository.js'
import {
  clearLoginFailures,
  countLoginFailures,
  deleteLoginAttempts,
  deleteSession,
  findLiveSession,
  insertSession,
  recordLoginFailure,
  type SessionUser,
} from './sessions.repository.js'

export interface AuthPolicy {
  sessionDays: number
  maxAttempts: number
  windowMinutes: number
  secret: string
}

// A real scrypt hash of a random password: checking against it costs the same time as a real
// account, so response timing does not reveal which emails exist.
let decoyHash: Promise<string> | undefined
function timingDecoy(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'))
  return decoyHash
}

/** SHA-256 of a session token: what the database stores, so a leaked table holds no live tokens. */
export function sessionIdFor(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A keyed hash of an IP address: stable per secret, not reversible without it. */
export function hashIp(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(`ip:${ip}`).digest('base64url').slice(0, 32)
}

/**
 * Signs a staff member in. Throttles by account and by IP (failures within the window);
 * throws AppError LOGIN_THROTTLED (429), LOGIN_INVALID (401) or LOGIN_INACTIVE (403).
 * Returns the session token for the cookie and the session's CSRF token.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string },
  policy: AuthPolicy,
  now: Date,
): Promise<{ token: string; csrfToken: string; userId: number; expiresAt: Date }> {
  const accountKey = `account:${input.email.trim().toLowerCase()}`
  const ipKey = `ip:${hashIp(policy.secret, input.ip)}`
  const since = new Date(now.getTime() - policy.windowMinutes * 60_000)
  const [accountFailures, ipFailures] = await Promise.all([countLoginFailures(db, accountKey, since), countLoginFailures(db, ipKey, since)])
  // The IP limit is wider than the account limit: a newsroom often shares one office address.
  if (accountFailures >= policy.maxAttempts || ipFailures >= policy.maxAttempts * 4) {
    throw new AppError('LOGIN_THROTTLED', 429, 'login.throttled', { count: policy.windowMinutes })
  }

  // Count this attempt as a failure before checking the password, so guesses sent in parallel
  // cannot all slip under the limit; a success takes it back.
  const attemptIds = await recordLoginFailure(db, [accountKey, ipKey], now)
  const user = await findUserByEmail(db, input.email.trim())
  const ok = user ? await verifyPassword(input.password, user.password_hash) : (await verifyPassword(input.password, await timingDecoy()), false)
  if (!user || !ok) throw new AppError('LOGIN_INVALID', 401, 'login.invalid')
  await deleteLoginAttempts(db, attemptIds)
  if (user.active !== 1) throw new AppError('LOGIN_INACTIVE', 403, 'login.inactive')

  await clearLoginFailures(db, accountKey)
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = new Date(now.getTime() + policy.sessionDays * 86_400_000)
  await insertSession(db, { id: sessionIdFor(token), userId: user.id, csrfToken, now, expiresAt })
  return { token, csrfToken, userId: user.id, expiresAt }
}

/** The signed-in staff member for a cookie token, or undefined when absent/expired/deactivated. */
export async function resolveSession(db: Db, token: string | undefined, now: Date): Promise<SessionUser | undefined> {
  if (!token || token.length > 200) return undefined
  return findLiveSession(db, sessionIdFor(token), now)
}

export async function signOut(db: Db, token: string): Promise<void> {
  await deleteSession(db, sessionIdFor(token))
}
