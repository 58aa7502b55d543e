import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db } from '../../db/database.js'
import { AppError } from '../../lib/errors.js'
import { acceptTotpCode } from './totp.repository.js'
import { hashPassword, verifyPassword } from '../users/password.js'
import { findUserByEmail, findUserById } from '../users/users.repository.js'
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

/** How long the code step of a two-factor sign-in waits after the password was right. */
export const PENDING_SIGN_IN_MINUTES = 5

/** A new session for the cookie, or (for accounts with two-factor sign-in) the code step. */
export type SignInResult =
  | { kind: 'session'; token: string; csrfToken: string; userId: number; expiresAt: Date }
  | { kind: 'twoFactor'; pending: string; userId: number; expiresAt: Date }

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
 * With two-factor sign-in on, the right password only earns a pending token for the code step.
 */
export async function signIn(db: Db, input: { email: string; password: string; ip: string }, policy: AuthPolicy, now: Date): Promise<SignInResult> {
  const keys = throttleKeys(policy, input.email, input.ip)
  await assertNotThrottled(db, keys, policy, now)

  // Count this attempt as a failure before checking the password, so guesses sent in parallel
  // cannot all slip under the limit; a success takes it back.
  const attemptIds = await recordLoginFailure(db, [keys.account, keys.ip], now)
  const user = await findUserByEmail(db, input.email.trim())
  const ok = user ? await verifyPassword(input.password, user.password_hash) : (await verifyPassword(input.password, await timingDecoy()), false)
  if (!user || !ok) throw new AppError('LOGIN_INVALID', 401, 'login.invalid')
  await deleteLoginAttempts(db, attemptIds)
  if (user.active !== 1) throw new AppError('LOGIN_INACTIVE', 403, 'login.inactive')

  if (user.totp_enabled === 1 && user.totp_secret) return { kind: 'twoFactor', userId: user.id, ...createPendingSignIn(policy.secret, user.id, now) }
  await clearLoginFailures(db, keys.account)
  return { kind: 'session', ...(await startSession(db, user.id, policy, now)) }
}

/**
 * The code step of a two-factor sign-in: checks the pending token (from the cookie) and the
 * 6-digit code. A code is accepted once: its time step must be later than the last one accepted
 * for the user (claimed atomically, so two sign-ins racing with one code cannot both pass).
 * Wrong and reused codes count as failed sign-ins (same throttle as passwords). Throws
 * LOGIN_PENDING_EXPIRED (401), LOGIN_THROTTLED (429), LOGIN_CODE_INVALID (401),
 * LOGIN_CODE_REUSED (401) or LOGIN_INACTIVE (403).
 */
export async function completeTwoFactorSignIn(
  db: Db,
  input: { pending: string | undefined; code: string; ip: string },
  policy: AuthPolicy,
  now: Date,
): Promise<{ token: string; csrfToken: string; userId: number; expiresAt: Date }> {
  const userId = readPendingSignIn(policy.secret, input.pending, now)
  const user = userId === undefined ? undefined : await findUserById(db, userId)
  if (!user || user.totp_enabled !== 1 || !user.totp_secret) throw new AppError('LOGIN_PENDING_EXPIRED', 401, 'twofa.pendingExpired')
  const keys = throttleKeys(policy, user.email, input.ip)
  await assertNotThrottled(db, keys, policy, now)
  const attemptIds = await recordLoginFailure(db, [keys.account, keys.ip], now)
  const verdict = await acceptTotpCode(db, user.id, user.totp_secret, input.code, now)
  if (verdict === 'invalid') throw new AppError('LOGIN_CODE_INVALID', 401, 'twofa.codeInvalid')
  if (verdict === 'reused') throw new AppError('LOGIN_CODE_REUSED', 401, 'twofa.codeReused')
  await deleteLoginAttempts(db, attemptIds)
  if (user.active !== 1) throw new AppError('LOGIN_INACTIVE', 403, 'login.inactive')
  await clearLoginFailures(db, keys.account)
  return startSession(db, user.id, policy, now)
}

/** Opens a session for a user whose identity is already proven (sign-in, an accepted invite). */
export async function startSession(db: Db, userId: number, policy: Pick<AuthPolicy, 'sessionDays'>, now: Date): Promise<{ token: string; csrfToken: string; userId: number; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = new Date(now.getTime() + policy.sessionDays * 86_400_000)
  await insertSession(db, { id: sessionIdFor(token), userId, csrfToken, now, expiresAt })
  return { token, csrfToken, userId, expiresAt }
}

/**
 * A signed, short-lived token saying "this user got the password right": `<id>.<expires ms>.<nonce>.<mac>`.
 * Stateless (keyed by the app secret); it only unlocks the code step, never a session.
 */
export function createPendingSignIn(secret: string, userId: number, now: Date): { pending: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MINUTES * 60_000)
  const body = `${userId}.${expiresAt.getTime()}.${randomBytes(9).toString('base64url')}`
  return { pending: `${body}.${pendingMac(secret, body)}`, expiresAt }
}

/** The user id of a valid, unexpired pending token; undefined otherwise. */
export function readPendingSignIn(secret: string, pending: string | undefined, now: Date): number | undefined {
  const parts = pending && pending.length <= 200 ? pending.split('.') : []
  if (parts.length !== 4) return undefined
  const [id, expires, nonce, mac] = parts as [string, string, string, string]
  const expected = Buffer.from(pendingMac(secret, `${id}.${expires}.${nonce}`))
  const given = Buffer.from(mac)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  if (!(Number(expires) > now.getTime()) || !/^\d+$/.test(id)) return undefined
  return Number(id)
}

function pendingMac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`pending-sign-in:${body}`).digest('base64url')
}

function throttleKeys(policy: AuthPolicy, email: string, ip: string) {
  return { account: `account:${email.trim().toLowerCase()}`, ip: `ip:${hashIp(policy.secret, ip)}` }
}

async function assertNotThrottled(db: Db, keys: { account: string; ip: string }, policy: AuthPolicy, now: Date): Promise<void> {
  const since = new Date(now.getTime() - policy.windowMinutes * 60_000)
  const [accountFailures, ipFailures] = await Promise.all([countLoginFailures(db, keys.account, since), countLoginFailures(db, keys.ip, since)])
  // The IP limit is wider than the account limit: a newsroom often shares one office address.
  if (accountFailures >= policy.maxAttempts || ipFailures >= policy.maxAttempts * 4) {
    throw new AppError('LOGIN_THROTTLED', 429, 'login.throttled', { count: policy.windowMinutes })
  }
}

/** The signed-in staff member for a cookie token, or undefined when absent/expired/deactivated. */
export async function resolveSession(db: Db, token: string | undefined, now: Date): Promise<SessionUser | undefined> {
  if (!token || token.length > 200) return undefined
  return findLiveSession(db, sessionIdFor(token), now)
}

export async function signOut(db: Db, token: string): Promise<void> {
  await deleteSession(db, sessionIdFor(token))
}
