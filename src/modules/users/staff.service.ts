import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db/database.js'
import { roles, type Role, type UserRow } from '../../db/schema.js'
import { AppError, NotFoundError } from '../../lib/errors.js'
import { recordAudit } from '../audit/audit.repository.js'
import { deleteUserSessions } from '../auth/sessions.repository.js'
import { hashPassword } from './password.js'
import { findUserToken, insertUserToken, retireUserTokens, useUserToken, type TokenPurpose } from './user-tokens.repository.js'
import { countActiveAdmins, findUserById, updatePasswordHash, updateUserActive, updateUserRole } from './users.repository.js'
import { createUser } from './users.service.js'

/** How long one-time links stay valid. */
export const linkLifetimeMs: Record<TokenPurpose, number> = { invite: 7 * 86_400_000, reset: 24 * 3_600_000 }

export const MIN_PASSWORD_LENGTH = 10

/** What an admin types to invite a colleague. */
export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(roles as [Role, ...Role[]]),
})

export type InviteInput = z.infer<typeof inviteSchema>

/** SHA-256 of a link token: what user_tokens stores. */
function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

async function issueLink(db: Db, userId: number, purpose: TokenPurpose, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await retireUserTokens(db, userId, purpose, now)
  await insertUserToken(db, { id: tokenId(token), userId, purpose, now, expiresAt: new Date(now.getTime() + linkLifetimeMs[purpose]) })
  return token
}

async function existingUser(db: Db, userId: number): Promise<UserRow> {
  const user = await findUserById(db, userId)
  if (!user) throw new NotFoundError('USER_NOT_FOUND')
  return user
}

/**
 * Creates an account (with an unusable random password) and a 7-day invite link token, shown
 * once to the admin. Throws USER_EXISTS (409) for a taken email.
 */
export async function inviteUser(db: Db, input: InviteInput, actorId: number, now: Date): Promise<{ userId: number; token: string }> {
  return db.transaction().execute(async (trx) => {
    const { id } = await createUser(trx, input, now)
    const token = await issueLink(trx, id, 'invite', now)
    await recordAudit(trx, { userId: actorId, action: 'user.create', subjectType: 'user', subjectId: id, detail: `${input.email} (${input.role})` }, now)
    return { userId: id, token }
  })
}

/** Refuses to leave the site without an active admin (409 USER_LAST_ADMIN). */
async function assertNotLastAdmin(db: Db, user: UserRow): Promise<void> {
  if (user.role === 'admin' && user.active === 1 && (await countActiveAdmins(db, { except: user.id })) === 0) {
    throw new AppError('USER_LAST_ADMIN', 409, 'users.error.lastAdmin')
  }
}

/** Changes a user's role (audited as "editor → admin"); a no-op when it is already that role. */
export async function changeUserRole(db: Db, userId: number, role: Role, actorId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await existingUser(trx, userId)
    if (user.role === role) return
    if (role !== 'admin') await assertNotLastAdmin(trx, user)
    await updateUserRole(trx, userId, role, now)
    await recordAudit(trx, { userId: actorId, action: 'user.role', subjectType: 'user', subjectId: userId, detail: `${user.role} → ${role}` }, now)
  })
}

/** Deactivates (ending every session) or reactivates an account. */
export async function setUserActive(db: Db, userId: number, active: boolean, actorId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await existingUser(trx, userId)
    if ((user.active === 1) === active) return
    if (!active) await assertNotLastAdmin(trx, user)
    await updateUserActive(trx, userId, active, now)
    if (!active) await deleteUserSessions(trx, userId)
    await recordAudit(trx, { userId: actorId, action: active ? 'user.activate' : 'user.deactivate', subjectType: 'user', subjectId: userId, detail: user.email }, now)
  })
}

/** A 24-hour password reset link token for a user (replaces any earlier one), shown once to the admin. */
export async function issuePasswordReset(db: Db, userId: number, actorId: number, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const user = await existingUser(trx, userId)
    const token = await issueLink(trx, userId, 'reset', now)
    await recordAudit(trx, { userId: actorId, action: 'user.reset', subjectType: 'user', subjectId: userId, detail: user.email }, now)
    return token
  })
}

/**
 * The account a one-time link opens. Throws LINK_NOT_FOUND (404) for an unknown token and
 * LINK_USED / LINK_EXPIRED (410) for a spent one; a deactivated account's links are spent too.
 */
export async function openLink(db: Db, purpose: TokenPurpose, token: string, now: Date): Promise<UserRow> {
  const row = token.length <= 100 ? await findUserToken(db, tokenId(token), purpose) : undefined
  if (!row) throw new AppError('LINK_NOT_FOUND', 404, 'users.link.notFound')
  if (row.used_at) throw new AppError('LINK_USED', 410, 'users.link.used')
  if (row.expires_at <= now.toISOString()) throw new AppError('LINK_EXPIRED', 410, 'users.link.expired')
  const user = await existingUser(db, row.user_id)
  if (user.active !== 1) throw new AppError('LINK_USED', 410, 'users.link.used')
  return user
}

/**
 * Sets the password through a one-time link and spends the link (once, even under a race);
 * ends the account's other sessions. Throws PASSWORD_TOO_SHORT (422) and the openLink errors.
 */
export async function setPasswordWithLink(db: Db, purpose: TokenPurpose, token: string, password: string, now: Date): Promise<UserRow> {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 500) throw new AppError('PASSWORD_TOO_SHORT', 422, 'users.error.passwordLength', { min: MIN_PASSWORD_LENGTH })
  const passwordHash = await hashPassword(password)
  return db.transaction().execute(async (trx) => {
    const user = await openLink(trx, purpose, token, now)
    if (!(await useUserToken(trx, tokenId(token), now))) throw new AppError('LINK_USED', 410, 'users.link.used')
    await updatePasswordHash(trx, user.id, passwordHash, now)
    await deleteUserSessions(trx, user.id)
    return user
  })
}
