import type { Db } from '../../db/database.js'
import { totpStepOf } from './totp.js'

/**
 * Records that the user's two-step code of time step `step` has been used, if no code of that
 * step or a later one was accepted before; returns false otherwise (a replayed or older code).
 * One conditional UPDATE (`… where totp_last_step is null or totp_last_step < step`): of two
 * sign-ins racing with the same code, the database lets exactly one change the row.
 */
export async function claimTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Checks a two-step code and claims its time step, so each code works once wherever it is asked
 * for: signing in, turning two-step sign-in on, turning it off. `invalid` for a wrong or malformed
 * code, `reused` for one already accepted (or older than one accepted).
 */
export async function acceptTotpCode(db: Db, userId: number, secret: string, code: string, now: Date): Promise<'accepted' | 'invalid' | 'reused'> {
  const step = await totpStepOf(secret, code, now)
  if (step === undefined) return 'invalid'
  return (await claimTotpStep(db, userId, step)) ? 'accepted' : 'reused'
}
