import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db/database.js'

/** Site settings: one schema, defaults included, stored as JSON values by key. */
export const siteSettingsSchema = z.object({
  name: z.string().min(1).max(100).default('صحيفة'),
  tagline: z.string().max(200).default('أخبار العالم العربي بدقة وسرعة'),
  /** BCP-47 Arabic locale used for dates and numbers (ar-EG, ar-MA, ar-SA …). */
  locale: z.string().regex(/^ar(-[A-Z]{2})?$/).default('ar-EG'),
  digits: z.enum(['latn', 'arab']).default('latn'),
  hijri: z.boolean().default(false),
  timeZone: z.string().min(1).default('Africa/Cairo'),
  perPage: z.number().int().min(1).max(100).default(12),
})

export type SiteSettings = z.infer<typeof siteSettingsSchema>

/** Reads every site setting, filling gaps with defaults; an invalid stored value falls back too. */
export async function loadSiteSettings(db: Db): Promise<SiteSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'site.%').execute()
  const raw: Record<string, unknown> = {}
  for (const row of rows) {
    try {
      raw[row.key.slice('site.'.length)] = JSON.parse(row.value)
    } catch {
      // a hand-edited row that is not JSON: ignore it, the default stands
    }
  }
  const parsed = siteSettingsSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  const clean: Record<string, unknown> = { ...raw }
  for (const issue of parsed.error.issues) delete clean[String(issue.path[0])]
  return siteSettingsSchema.parse(clean)
}

/** Saves some site settings (validated); returns the full, updated settings. */
export async function saveSiteSettings(db: Db, changes: Partial<SiteSettings>): Promise<SiteSettings> {
  const valid = siteSettingsSchema.partial().parse(changes)
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(valid)) {
      if (value === undefined) continue
      await trx
        .insertInto('settings')
        .values({ key: `site.${key}`, value: JSON.stringify(value) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
        .execute()
    }
  })
  return loadSiteSettings(db)
}

/**
 * The secret that keys cookie signatures and IP hashes: from config when given, otherwise
 * generated once and kept in the database so every instance and restart agrees.
 */
export async function ensureSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured
  const fresh = randomBytes(32).toString('base64url')
  await db.insertInto('settings').values({ key: 'secret', value: JSON.stringify(fresh) }).onConflict((oc) => oc.column('key').doNothing()).execute()
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow()
  return JSON.parse(row.value) as string
}
