import type { Db } from '../../db/database.js'
import type { NewUser, Role, UserRow } from '../../db/schema.js'

export type { Role }

/** The public face of a user: what pages may show (never the email or password hash). */
export interface Author {
  id: number
  name: string
  slug: string
  bio: string
}

export interface StaffUser extends Author {
  email: string
  role: Role
  active: boolean
}

export function toStaffUser(row: UserRow): StaffUser {
  return { id: row.id, name: row.name, slug: row.slug, bio: row.bio, email: row.email, role: row.role, active: row.active === 1 }
}

/** Inserts a user; returns its id. Emails are stored lower-cased. */
export async function insertUser(db: Db, user: NewUser): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ ...user, email: user.email.toLowerCase() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The full row for sign-in (includes the password hash); email compared lower-cased. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** What an author page shows: the public face plus the profile photo (a media id, or null). */
export interface AuthorProfile extends Author {
  photoMediaId: number | null
}

/** An author's public profile by URL slug. */
export async function findAuthorBySlug(db: Db, slug: string): Promise<AuthorProfile | undefined> {
  const row = await db.selectFrom('users').select(['id', 'name', 'slug', 'bio', 'photo_media_id']).where('slug', '=', slug).executeTakeFirst()
  return row && { id: row.id, name: row.name, slug: row.slug, bio: row.bio, photoMediaId: row.photo_media_id }
}

export async function isUserSlugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined
}

export async function updatePasswordHash(db: Db, userId: number, passwordHash: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: now.toISOString() }).where('id', '=', userId).execute()
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A staff member as the users page lists them (never the password hash or TOTP secret). */
export interface StaffListing extends StaffUser {
  twoFactor: boolean
}

/** Every staff account, by name. */
export async function listStaff(db: Db): Promise<StaffListing[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute()
  return rows.map((row) => ({ ...toStaffUser(row), twoFactor: row.totp_enabled === 1 }))
}

/** Active admins, optionally leaving one out (the last-admin rule asks "who else is there?"). */
export async function countActiveAdmins(db: Db, { except }: { except?: number } = {}): Promise<number> {
  let query = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('active', '=', 1)
  if (except !== undefined) query = query.where('id', '!=', except)
  return Number((await query.executeTakeFirstOrThrow()).n)
}

export async function updateUserRole(db: Db, userId: number, role: Role, now: Date): Promise<void> {
  await db.updateTable('users').set({ role, updated_at: now.toISOString() }).where('id', '=', userId).execute()
}

export async function updateUserActive(db: Db, userId: number, active: boolean, now: Date): Promise<void> {
  await db.updateTable('users').set({ active: active ? 1 : 0, updated_at: now.toISOString() }).where('id', '=', userId).execute()
}

/** Name and bio: what the public author page shows. */
export async function updateUserProfile(db: Db, userId: number, profile: { name: string; bio: string }, now: Date): Promise<void> {
  await db.updateTable('users').set({ name: profile.name, bio: profile.bio, updated_at: now.toISOString() }).where('id', '=', userId).execute()
}

/** The profile photo (a media id), or null for none; the author page shows it. */
export async function updateUserPhoto(db: Db, userId: number, photoMediaId: number | null, now: Date): Promise<void> {
  await db.updateTable('users').set({ photo_media_id: photoMediaId, updated_at: now.toISOString() }).where('id', '=', userId).execute()
}

/** Stores the TOTP secret and whether it is in force (a secret with `enabled` false is a setup in progress). */
export async function updateUserTotp(db: Db, userId: number, totp: { secret: string | null; enabled: boolean }, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: totp.secret, totp_enabled: totp.enabled ? 1 : 0, updated_at: now.toISOString() })
    .where('id', '=', userId)
    .execute()
}
