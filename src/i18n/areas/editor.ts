import type { Translation } from './translation.js'

/** Newsroom messages of this area, Arabic first (spread into ../ar.ts and ../en.ts). */
export const ar = {
} as const

export const en: Translation<typeof ar> = {
}
