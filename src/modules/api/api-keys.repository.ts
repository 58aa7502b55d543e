import type { Db } from '../../db/database.js'

/** An API key as the newsroom lists it (never the key or its hash). */
export interface ApiKeyListing {
  id: number
  name: string
  /** The key's first characters, e.g. `sahifa_Ab12Cd`. */
  prefix: string
  createdAt: string
  createdBy: { id: number; name: string } | null
  lastUsedAt: string | null
  revokedAt: string | null
}

/** What a request authenticated with a key knows about it. */
export interface ApiKeyIdentity {
  id: number
  name: string
  lastUsedAt: string | null
}

/** Inserts a key by its hash; returns its id. */
export async function insertApiKey(db: Db, key: { name: string; keyHash: string; prefix: string; createdBy: number | null }, now: Date): Promise<number> {
  const row = await db
    .insertInto('api_keys')
    .values({ name: key.name, key_hash: key.keyHash, prefix: key.prefix, created_by: key.createdBy, created_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The key with this SHA-256, unless revoked (one indexed lookup: `key_hash` is unique). */
export async function findActiveApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyIdentity | undefined> {
  const row = await db.selectFrom('api_keys').select(['id', 'name', 'last_used_at']).where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst()
  return row && { id: row.id, name: row.name, lastUsedAt: row.last_used_at }
}

export async function findApiKeyById(db: Db, id: number): Promise<{ id: number; name: string; prefix: string; revokedAt: string | null } | undefined> {
  const row = await db.selectFrom('api_keys').select(['id', 'name', 'prefix', 'revoked_at']).where('id', '=', id).executeTakeFirst()
  return row && { id: row.id, name: row.name, prefix: row.prefix, revokedAt: row.revoked_at }
}

/** Every key, active ones first, newest first within each group, with who made it. */
export async function listApiKeys(db: Db): Promise<ApiKeyListing[]> {
  const rows = await db
    .selectFrom('api_keys')
    .leftJoin('users', 'users.id', 'api_keys.created_by')
    .select(['api_keys.id', 'api_keys.name', 'api_keys.prefix', 'api_keys.created_at', 'api_keys.last_used_at', 'api_keys.revoked_at', 'users.id as uid', 'users.name as uname'])
    .orderBy((eb) => eb.case().when('api_keys.revoked_at', 'is', null).then(0).else(1).end())
    .orderBy('api_keys.created_at', 'desc')
    .orderBy('api_keys.id', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    createdBy: r.uid === null || r.uid === undefined ? null : { id: r.uid, name: r.uname ?? '' },
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }))
}

/** Marks a key revoked; false when it was unknown or already revoked (nothing changed). */
export async function markApiKeyRevoked(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Records a key's use. */
export async function touchApiKey(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now.toISOString() }).where('id', '=', id).execute()
}
