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

/** Whether `code` is the 6-digit TOTP for `secret` at `now` (± one step); malformed input is just false. */
export async function isValidTotp(secret: string, code: string, now: Date): Promise<boolean> {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return false
  try {
    const result = await (await otplib()).verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: toleranceSeconds })
    return result.valid
  } catch {
    return false
  }
}
