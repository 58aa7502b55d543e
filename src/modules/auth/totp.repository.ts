import type { Db } from '../../db/database.js'

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
