import type { Kysely } from 'kysely'

/**
 * Comments accepted per IP hash per minute, for the per-IP rate limit. The limit counted the
 * IP's comments in the window on every POST, which costs a step per comment (0.35 ms at 20,000
 * from one address: a newsroom behind one NAT, or limits raised by config) and grows without
 * bound; summing at most a window's worth of minutes does not. Filled here from the last day of
 * comments, so limits hold across the upgrade.
 */
export function commentIpMinutes() {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('comment_ip_minutes')
        .addColumn('ip_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('minute', 'integer', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('comment_ip_minutes_pk', ['ip_hash', 'minute'])
        .execute()
      await db.schema.createIndex('comment_ip_minutes_minute').on('comment_ip_minutes').column('minute').execute()

      const since = new Date(Date.now() - 86_400_000).toISOString()
      const recent = (await db.selectFrom('comments').select(['ip_hash', 'created_at']).where('ip_hash', 'is not', null).where('created_at', '>', since).execute()) as Array<{
        ip_hash: string
        created_at: string
      }>
      const counts = new Map<string, { ip_hash: string; minute: number; n: number }>()
      for (const r of recent) {
        const minute = Math.floor(Date.parse(r.created_at) / 60_000)
        const key = `${r.ip_hash} ${minute}`
        const entry = counts.get(key) ?? { ip_hash: r.ip_hash, minute, n: 0 }
        entry.n++
        counts.set(key, entry)
      }
      const rows = [...counts.values()]
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('comment_ip_minutes').values(rows.slice(i, i + 500)).execute()
    },
  }
}
