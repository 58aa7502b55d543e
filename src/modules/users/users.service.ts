import { z } from 'zod'
import type { Db } from '../../db/database.js'
import { isUniqueViolation } from '../../db/dialect/index.js'
import { roles, type Role } from '../../db/schema.js'
import { AppError } from '../../lib/errors.js'
import { deleteUserSessions } from '../auth/sessions.repository.js'
import { normalizeForDisplay, slugify } from '../../text/arabic/index.js'
import { generatePassword, hashPassword } from './password.js'
import { findUserByEmail, insertUser, isUserSlugTaken, updatePasswordHash } from './users.repository.js'

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(roles as [Role, ...Role[]]),
  password: z.string().min(10, 'password must be at least 10 characters').max(500).optional(),
  bio: z.string().max(2000).default(''),
  slug: z.string().max(200).optional(),
})

export type NewUserInput = z.input<typeof newUserSchema>

/**
 * Creates a staff user. Without a password one is generated and returned (shown once).
 * Throws AppError USER_EXISTS for a taken email.
 */
export async function createUser(db: Db, input: NewUserInput, now: Date): Promise<{ id: number; password: string; generated: boolean }> {
  const data = newUserSchema.parse(input)
  const password = data.password ?? generatePassword()
  const slug = await uniqueUserSlug(db, data.slug || slugify(data.name) || data.email.split('@')[0]!)
  try {
    const id = await insertUser(db, {
      email: data.email,
      name: normalizeForDisplay(data.name),
      slug,
      role: data.role,
      bio: data.bio,
      password_hash: await hashPassword(password),
      active: 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    return { id, password, generated: data.password === undefined }
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('USER_EXISTS', 409, 'error.validation')
    throw error
  }
}

/**
 * Sets a new password for the account with this email; generates one when none is given.
 * Ends the account's sessions: a reset after a leak must lock out whoever held the old one.
 */
export async function setUserPassword(db: Db, email: string, password: string | undefined, now: Date): Promise<string> {
  const user = await findUserByEmail(db, email)
  if (!user) throw new AppError('USER_NOT_FOUND', 404, 'error.notFound.title')
  const next = password ?? generatePassword()
  if (next.length < 10) throw new AppError('PASSWORD_TOO_SHORT', 422, 'error.validation')
  await updatePasswordHash(db, user.id, await hashPassword(next), now)
  await deleteUserSessions(db, user.id)
  return next
}

async function uniqueUserSlug(db: Db, base: string): Promise<string> {
  let candidate = base
  for (let n = 2; await isUserSlugTaken(db, candidate); n++) candidate = `${base}-${n}`
  return candidate
}
