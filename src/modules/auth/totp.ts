/** otplib, loaded on first use: two-step sign-in is rare, and the library costs every process ~10 MB. */
const otplib = () => import('otplib')

/** How far a code's time step may be from the server's: one 30-second step either side (clock drift). */
const toleranceSeconds = 30

/** A fresh Base32 TOTP secret (20 random bytes, what authenticator apps expect). */
export async function newTotpSecret(): Promise<string> {
  return (await otplib()).generateSecret()
}

/**
 * The otpauth:// URI an authenticator app scans.
 * @example totpUri('صحيفة', 'editor@example.com', secret) // 'otpauth://totp/…?secret=…&issuer=…'
 */
export async function totpUri(issuer: string, account: string, secret: string): Promise<string> {
  return (await otplib()).generateURI({ issuer, label: account, secret })
}

/**
 * The RFC 6238 time step (unix seconds / 30) at which `code` is the 6-digit TOTP for `secret`,
 * looking one step either side of `now`; undefined for a wrong or malformed code. Sign-in
 * remembers the step it accepted so the same code cannot be used again (claimTotpStep).
 * @example await totpStepOf(secret, '123 456', now) // 59_187_200 (or undefined)
 */
export async function totpStepOf(secret: string, code: string, now: Date): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return undefined
  try {
    const result = await (await otplib()).verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: toleranceSeconds })
    // The TOTP strategy's result carries the step; the union type also covers HOTP's, which does not.
    return result.valid && 'timeStep' in result ? result.timeStep : undefined
  } catch {
    return undefined
  }
}

