import { z } from 'zod'
import type { Db } from '../../db/database.js'
import type { UserRow } from '../../db/schema.js'
import { AppError, NotFoundError } from '../../lib/errors.js'
import { recordAudit } from '../audit/audit.repository.js'
import { deleteOtherSessions } from '../auth/sessions.repository.js'
import { newTotpSecret } from '../auth/totp.js'
import { acceptTotpCode } from '../auth/totp.repository.js'
import { canChooseLibraryPhoto } from '../media/media.policy.js'
import { findMediaByIds, uploadMedia, type Actor, type MediaStore } from '../media/media.service.js'
import { normalizeForDisplay } from '../../text/arabic/index.js'
import { hashPassword, verifyPassword } from './password.js'
import { MIN_PASSWORD_LENGTH } from './staff.service.js'
import { findUserByEmail, findUserById, updatePasswordHash, updateUserPhoto, updateUserProfile, updateUserTotp } from './users.repository.js'

/** What a staff member may change about themselves; the bio is plain text (escaped wherever shown). */
// Control characters are refused (PostgreSQL cannot store NUL; none belongs in a name or bio).
const noControls = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)
export const profileSchema = z.object({
  name: z.string().trim().min(1).max(200).refine(noControls),
  bio: z.string().max(2000).refine(noControls),
})

async function userOf(db: Db, userId: number): Promise<UserRow> {
  const user = await findUserById(db, userId)
  if (!user) throw new NotFoundError('USER_NOT_FOUND')
  return user
}

export async function updateOwnProfile(db: Db, userId: number, profile: z.infer<typeof profileSchema>, now: Date): Promise<void> {
  await updateUserProfile(db, userId, { name: normalizeForDisplay(profile.name), bio: profile.bio.replace(/\r\n/g, '\n').trim() }, now)
}

/**
 * The photo part of the profile form: keep it, remove it, upload a new image, or choose a
 * library image by id. An upload's `alt` may be empty: the user's name is used instead.
 */
export type PhotoChange =
  | { kind: 'keep' }
  | { kind: 'remove' }
  | { kind: 'choose'; mediaId: number }
  | { kind: 'upload'; bytes: Buffer; originalName: string; alt: string }

/**
 * The media id the photo becomes (null: none), or undefined to keep it. Uploads go through
 * uploadMedia as 'profilePhoto' (every role; 413/415/422 with the field `file`, or `alt`);
 * choosing needs the library (403 PHOTO_CHOOSE_FORBIDDEN) and an image that exists (422
 * PHOTO_NOT_FOUND), both on the field `photoMediaId`.
 */
async function settlePhoto(db: Db, store: MediaStore, actor: Actor, change: PhotoChange, name: string, now: Date): Promise<number | null | undefined> {
  switch (change.kind) {
    case 'keep':
      return undefined
    case 'remove':
      return null
    case 'choose': {
      if (!canChooseLibraryPhoto(actor.role)) throw new AppError('PHOTO_CHOOSE_FORBIDDEN', 403, 'profile.photo.error.chooseForbidden', {}, { photoMediaId: 'profile.photo.error.chooseForbidden' })
      const [found] = await findMediaByIds(db, [change.mediaId])
      if (!found) throw new AppError('PHOTO_NOT_FOUND', 422, 'profile.photo.error.notFound', { id: change.mediaId }, { photoMediaId: 'profile.photo.error.notFound' })
      return found.id
    }
    case 'upload': {
      const input = { bytes: change.bytes, originalName: change.originalName, alt: change.alt.trim() || name, caption: '', credit: '' }
      const { id } = await uploadMedia(db, store, actor, input, now, { purpose: 'profilePhoto' })
      return id
    }
  }
}

/**
 * Saves one's own name, bio and photo (see PhotoChange) together. The photo is settled first,
 * so a refused photo leaves the whole profile as it was; an uploaded image stays in the
 * library (audited as `media.upload`) even if the save after it failed.
 */
export async function saveOwnProfile(
  db: Db,
  store: MediaStore,
  actor: Actor,
  input: { profile: z.infer<typeof profileSchema>; photo: PhotoChange },
  now: Date,
): Promise<void> {
  const photoMediaId = await settlePhoto(db, store, actor, input.photo, normalizeForDisplay(input.profile.name), now)
  await db.transaction().execute(async (trx) => {
    await updateOwnProfile(trx, actor.id, input.profile, now)
    if (photoMediaId !== undefined) await updateUserPhoto(trx, actor.id, photoMediaId, now)
  })
}

/**
 * Changes one's own password after checking the current one; other sessions end, this one stays.
 * Throws PASSWORD_WRONG (422) or PASSWORD_TOO_SHORT (422).
 */
export async function changeOwnPassword(db: Db, userId: number, input: { current: string; next: string; keepSessionId: string }, now: Date): Promise<void> {
  const user = await userOf(db, userId)
  if (!(await verifyPassword(input.current, user.password_hash))) throw new AppError('PASSWORD_WRONG', 422, 'profile.error.currentPassword')
  if (input.next.length < MIN_PASSWORD_LENGTH || input.next.length > 500) throw new AppError('PASSWORD_TOO_SHORT', 422, 'users.error.passwordLength', { min: MIN_PASSWORD_LENGTH })
  await updatePasswordHash(db, userId, await hashPassword(input.next), now)
  await deleteOtherSessions(db, userId, input.keepSessionId)
}

/** Starts (or restarts) two-factor setup: a new secret, stored but not in force until confirmed. */
export async function beginTotpSetup(db: Db, userId: number, now: Date): Promise<string> {
  const user = await userOf(db, userId)
  if (user.totp_enabled === 1) throw new AppError('TWOFA_ALREADY_ON', 409, 'twofa.alreadyOn')
  const secret = await newTotpSecret()
  await updateUserTotp(db, userId, { secret, enabled: false }, now)
  return secret
}

/** A current two-step code, not one already used (to sign in, say): else a 422 saying which. */
async function assertFreshCode(db: Db, userId: number, secret: string, code: string, now: Date): Promise<void> {
  const verdict = await acceptTotpCode(db, userId, secret, code, now)
  if (verdict === 'invalid') throw new AppError('TWOFA_CODE_INVALID', 422, 'twofa.codeInvalid')
  if (verdict === 'reused') throw new AppError('TWOFA_CODE_REUSED', 422, 'twofa.codeReused')
}

/** Turns two-factor sign-in on once the user proves their app produces the right code. */
export async function confirmTotpSetup(db: Db, userId: number, code: string, now: Date): Promise<void> {
  const user = await userOf(db, userId)
  if (user.totp_enabled === 1) throw new AppError('TWOFA_ALREADY_ON', 409, 'twofa.alreadyOn')
  if (!user.totp_secret) throw new AppError('TWOFA_NOT_STARTED', 409, 'twofa.notStarted')
  await assertFreshCode(db, userId, user.totp_secret, code, now)
  await db.transaction().execute(async (trx) => {
    await updateUserTotp(trx, userId, { secret: user.totp_secret, enabled: true }, now)
    await recordAudit(trx, { userId, action: 'user.2fa.enable', subjectType: 'user', subjectId: userId }, now)
  })
}

/** Turns two-factor sign-in off; needs a current code so a left-open session cannot do it alone. */
export async function disableTotp(db: Db, userId: number, code: string, now: Date): Promise<void> {
  const user = await userOf(db, userId)
  if (user.totp_enabled !== 1 || !user.totp_secret) throw new AppError('TWOFA_NOT_ON', 409, 'twofa.notOn')
  await assertFreshCode(db, userId, user.totp_secret, code, now)
  await db.transaction().execute(async (trx) => {
    await updateUserTotp(trx, userId, { secret: null, enabled: false }, now)
    await recordAudit(trx, { userId, action: 'user.2fa.disable', subjectType: 'user', subjectId: userId }, now)
  })
}

/** For the CLI: switches two-factor sign-in off for a locked-out account (audited as the system). */
export async function disableTotpByEmail(db: Db, email: string, now: Date): Promise<boolean> {
  const user = await findUserByEmail(db, email)
  if (!user) throw new AppError('USER_NOT_FOUND', 404, 'error.notFound.title')
  if (user.totp_enabled !== 1 && !user.totp_secret) return false
  await db.transaction().execute(async (trx) => {
    await updateUserTotp(trx, user.id, { secret: null, enabled: false }, now)
    await recordAudit(trx, { userId: null, action: 'user.2fa.disable', subjectType: 'user', subjectId: user.id, detail: 'cli' }, now)
  })
  return true
}
