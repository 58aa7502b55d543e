import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db/database.js'

/** Site settings: one schema, defaults included, stored as JSON values by key. */
export const siteSettingsSchema = z.object({
  name: z.string().min(1).max(100).default('صحيفة'),
  tagline: z.string().max(200).default('أخبار العالم العربي بدقة وسرعة'),
  /**
   * Logo image: a local path or an https URL; empty for the text masthead. Never `//host` or
   * `/\host` (browsers read the backslash as a slash: another site's image).
   */
  logoUrl: z.string().max(500).regex(/^(|\/(?![/\\])\S*|https:\/\/\S+)$/).default(''),
  /** BCP-47 Arabic locale used for dates and numbers (ar-EG, ar-MA, ar-SA …). */
  locale: z.string().regex(/^ar(-[A-Z]{2})?$/).default('ar-EG'),
  digits: z.enum(['latn', 'arab']).default('latn'),
  hijri: z.boolean().default(false),
  timeZone: z.string().min(1).default('Africa/Cairo'),
  perPage: z.number().int().min(1).max(100).default(12),
  /** Comment policy: hold every comment, the first one of an unknown email, or none. */
  commentModeration: z.enum(['all', 'first', 'none']).default('first'),
  commentMaxDepth: z.number().int().min(1).max(10).default(3),
  commentOrder: z.enum(['oldest', 'newest']).default('oldest'),
  commentsPerPage: z.number().int().min(5).max(500).default(50),
  /** Close comments this many days after publication (0: never). */
  commentCloseAfterDays: z.number().int().min(0).max(3650).default(0),
  /** Keep commenters' IP hashes this many days, then erase them. */
  commentIpRetentionDays: z.number().int().min(1).max(3650).default(30),
  /** Comments submitted faster than this after the form was shown are held. */
  commentMinFillSeconds: z.number().int().min(0).max(600).default(3),
  /** More links than this holds a comment for review. */
  commentMaxLinks: z.number().int().min(0).max(50).default(2),
  /** Words that send a comment to spam / hold it for review (matched on normalized Arabic). */
  commentBlocklist: z.array(z.string().max(100)).max(5000).default([]),
  commentWatchlist: z.array(z.string().max(100)).max(5000).default([]),
  /** The content API (/api/v1) answers anyone; off: only requests with a read-only key. */
  apiPublic: z.boolean().default(true),
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
  await db.transaction().execute((trx) => writeSiteSettings(trx, changes))
  return loadSiteSettings(db)
}

/** Writes some site settings (validated) with the caller's transaction, e.g. beside an audit line. */
export async function writeSiteSettings(db: Db, changes: Partial<SiteSettings>): Promise<void> {
  const valid = siteSettingsSchema.partial().parse(changes)
  for (const [key, value] of Object.entries(valid)) {
    if (value === undefined) continue
    await db
      .insertInto('settings')
      .values({ key: `site.${key}`, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute()
  }
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
