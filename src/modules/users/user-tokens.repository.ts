import type { Db } from '../../db/database.js'

export type TokenPurpose = 'invite' | 'reset'

/** Stores a one-time link token by its SHA-256 (the token itself only travels in the link). */
export async function insertUserToken(db: Db, token: { id: string; userId: number; purpose: TokenPurpose; now: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('user_tokens')
    .values({ id: token.id, user_id: token.userId, purpose: token.purpose, expires_at: token.expiresAt.toISOString(), used_at: null, created_at: token.now.toISOString() })
    .execute()
}

/** A link token by hash and purpose, used or not (the caller tells "used" from "expired"). */
export async function findUserToken(db: Db, id: string, purpose: TokenPurpose) {
  return db.selectFrom('user_tokens').selectAll().where('id', '=', id).where('purpose', '=', purpose).executeTakeFirst()
}

/**
 * Marks a token used unless it already was: one conditional UPDATE, so two requests racing
 * with the same link cannot both win. Returns whether this call used it.
 */
export async function useUserToken(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('user_tokens').set({ used_at: now.toISOString() }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Retires a user's unused links of one purpose (a new invite or reset replaces the old one). */
export async function retireUserTokens(db: Db, userId: number, purpose: TokenPurpose, now: Date): Promise<void> {
  await db.updateTable('user_tokens').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute()
}
