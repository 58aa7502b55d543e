import { randomBytes } from 'node:crypto'
import { slugify } from '../../text/arabic/index.js'
import { hashPassword } from '../users/password.js'
import { findUserByEmail, findUserById, insertUser, isUserSlugTaken } from '../users/users.repository.js'
import { findTargets, saveTargets } from './import.repository.js'
import { cleanEmail, plainText } from './wordpress.mapper.js'
import type { ImportRun } from './wordpress.run.js'
import type { WxrAuthor } from './wxr.schema.js'

/**
 * An export's author as a Sahifa user, found or made:
 * - made by an earlier run, or an account with the same email: used as it is (never changed);
 * - otherwise a new account with the role `author` and a password nobody knows (a scrypt hash of
 *   random bytes, shared by the run's new accounts): signing in is impossible until an admin sends
 *   a reset link, and the account answers sign-in attempts exactly like any other (a real hash, so
 *   the same time). An export without a usable email gets `<slug>@wordpress-import.invalid`
 *   (a reserved domain: never delivered).
 * Returns the user id (undefined for a login with nothing left in it).
 */
export async function writeAuthor(run: ImportRun, author: Pick<WxrAuthor, 'login' | 'email' | 'displayName' | 'firstName' | 'lastName' | 'id'>): Promise<number | undefined> {
  const login = loginKey(author.login)
  if (!login) return undefined
  const known = run.authors.get(login)
  if (known !== undefined) return known
  const db = run.db
  const mapped = (await findTargets(db, run.source, 'author', [login])).get(login)
  let userId = mapped && (await findUserById(db, mapped.targetId)) ? mapped.targetId : undefined
  const email = cleanEmail(author.email)
  if (userId === undefined && email) userId = (await findUserByEmail(db, email))?.id
  if (userId !== undefined) {
    run.counts.authors.kept++
  } else {
    const name = plainText(author.displayName || `${author.firstName} ${author.lastName}`.trim() || login, 200) || login
    const slug = await uniqueUserSlug(run, slugify(name) || slugify(login) || 'author')
    const now = run.now.toISOString()
    userId = await insertUser(db, {
      email: email || `${slug}@wordpress-import.invalid`,
      name,
      slug,
      role: 'author',
      password_hash: await unusablePasswordHash(run),
      bio: '',
      active: 1,
      created_at: now,
      updated_at: now,
    })
    run.counts.authors.imported++
  }
  await saveTargets(db, run.source, [{ kind: 'author', sourceId: login, targetId: userId }])
  run.authors.set(login, userId)
  if (author.id) run.authorsById.set(author.id, userId)
  return userId
}

/**
 * A login as the import map keys it: without the characters WordPress never allows in one
 * (exports carry stray ones: `<dc:creator>themereviewteam></dc:creator>`), at most 200 characters.
 */
export function loginKey(login: string): string {
  return login.replace(/[<>"'&]/g, '').trim().slice(0, 200)
}

/**
 * A real scrypt hash of 32 random bytes nobody ever sees, made once per run (scrypt is slow on
 * purpose): no password matches it, and checking one against it takes as long as for any account.
 */
function unusablePasswordHash(run: ImportRun): Promise<string> {
  run.passwordHash ??= hashPassword(randomBytes(32).toString('base64url'))
  return run.passwordHash
}

async function uniqueUserSlug(run: ImportRun, base: string): Promise<string> {
  let slug = base
  for (let n = 2; await isUserSlugTaken(run.db, slug); n++) slug = `${base}-${n}`
  return slug
}
