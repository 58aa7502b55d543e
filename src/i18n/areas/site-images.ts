import type { Translation } from './translation.js'

/** Public-site messages around images (spread into ../ar.ts and ../en.ts). */
export const ar = {
  /** Before the photographer or agency under a featured image: "الصورة: رويترز". */
  'siteImages.credit': 'الصورة:',
} as const

export const en: Translation<typeof ar> = {
  'siteImages.credit': 'Photo:',
}
