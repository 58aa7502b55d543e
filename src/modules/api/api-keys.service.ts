import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/database.js'
import { AppError, NotFoundError } from '../../lib/errors.js'
import { normalizeForDisplay } from '../../text/arabic/index.js'
import { recordAudit } from '../audit/audit.repository.js'
import { findActiveApiKeyByHash, findApiKeyById, insertApiKey, markApiKeyRevoked, touchApiKey, type ApiKeyIdentity } from './api-keys.repository.js'

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'sahifa_'
/** A key as handed out: the prefix and 40 base64url characters (240 random bits). */
const keyPattern = /^sahifa_[A-Za-z0-9_-]{40}$/
/** Characters of the key kept in clear (`prefix` column) to tell keys apart. */
const SHOWN_CHARS = API_KEY_PREFIX.length + 6
const NAME_MAX = 100
/** `last_used_at` is written at most this often per key (a write on every request would cost more than the read). */
const TOUCH_EVERY_MS = 60_000

/** SHA-256 of a key, hex: what is stored and looked up. The key is random, so no salt or slow hash is needed. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** Whether a presented string has the shape of a key (checked before any lookup). */
export function isApiKeyShaped(value: string): boolean {
  return keyPattern.test(value)
}

/** The name an admin typed: NFC, single spaces, 1–100 characters, no control characters; 422 naming the field otherwise. */
function cleanKeyName(raw: string): string {
  const name = normalizeForDisplay(raw)
  if (!name) throw new AppError('API_KEY_NAME_REQUIRED', 422, 'api.keys.error.nameRequired', {}, { name: 'api.keys.error.nameRequired' })
  if ([...name].length > NAME_MAX || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new AppError('API_KEY_NAME_INVALID', 422, 'api.keys.error.nameInvalid', { max: NAME_MAX }, { name: 'api.keys.error.nameInvalid' })
  }
  return name
}

/**
 * Makes a read-only key: random, shown to its maker once (the returned `key`), stored only as its
 * SHA-256, with an `settings.apiKey.create` audit line in the same transaction.
 */
export async function createApiKey(db: Db, input: { name: string }, actorId: number, now: Date): Promise<{ id: number; key: string; prefix: string; name: string }> {
  const name = cleanKeyName(input.name)
  const key = `${API_KEY_PREFIX}${randomBytes(30).toString('base64url')}`
  const prefix = key.slice(0, SHOWN_CHARS)
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertApiKey(trx, { name, keyHash: hashApiKey(key), prefix, createdBy: actorId }, now)
    await recordAudit(trx, { userId: actorId, action: 'settings.apiKey.create', subjectType: 'apiKey', subjectId: id, detail: `${name} (${prefix}…)` }, now)
    return id
  })
  return { id, key, prefix, name }
}

/**
 * Revokes a key for good (audited as `settings.apiKey.revoke`); requests with it answer 401 from
 * the next one on. 404 for an unknown id; revoking a revoked key changes nothing and returns false.
 */
export async function revokeApiKey(db: Db, id: number, actorId: number, now: Date): Promise<boolean> {
  const key = await findApiKeyById(db, id)
  if (!key) throw new NotFoundError('API_KEY_NOT_FOUND')
  return db.transaction().execute(async (trx) => {
    if (!(await markApiKeyRevoked(trx, id, now))) return false
    await recordAudit(trx, { userId: actorId, action: 'settings.apiKey.revoke', subjectType: 'apiKey', subjectId: id, detail: `${key.name} (${key.prefix}…)` }, now)
    return true
  })
}

/**
 * The active key a request presented, or undefined for anything else (malformed, unknown,
 * revoked). Notes the use when the last one noted is over a minute old.
 */
export async function authenticateApiKey(db: Db, presented: string, now: Date): Promise<ApiKeyIdentity | undefined> {
  if (!isApiKeyShaped(presented)) return undefined
  const key = await findActiveApiKeyByHash(db, hashApiKey(presented))
  if (!key) return undefined
  if (key.lastUsedAt === null || now.getTime() - Date.parse(key.lastUsedAt) >= TOUCH_EVERY_MS) await touchApiKey(db, key.id, now)
  return key
}
