import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const params = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions
const keyLength = 32

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, opts, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

/**
 * Hashes a password with scrypt (N=2^15, r=8, p=1) and a random salt; the result carries its
 * parameters so they can be raised later without breaking stored hashes.
 * @example await hashPassword('s3cret') // 'scrypt$32768$8$1$<salt>$<hash>'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Checks a password against a stored hash in constant time; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p), maxmem: params.maxmem })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A readable random password for generated accounts (about 100 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url').replace(/[-_]/g, 'x')
}
