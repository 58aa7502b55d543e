import { timingSafeEqual } from 'node:crypto'

/** Constant-time comparison of a submitted CSRF token with the expected one (false if either is missing). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
