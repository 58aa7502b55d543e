/**
 * Sitemap build times at scale: seeds a fresh SQLite database with N published articles
 * (bench/seed.ts; default 100,000, four in five with a featured image), then times each sitemap
 * on a render-cache miss (wall median and CPU per request over 15 requests, after a warm-up) and
 * one cache hit. Prints figures; not a test.
 *
 *   node --import tsx bench/sitemaps.ts            # 100,000 articles (seeding takes about a minute)
 *   BENCH_ARTICLES=10000 node --import tsx bench/sitemaps.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../src/config.js'
import { createDeps } from '../src/container.js'
import { openDatabase } from '../src/db/database.js'
import { buildApp } from '../src/http/app.js'
import { fakeClock } from '../src/lib/clock.js'
import { ARTICLES_PER_SITEMAP } from '../src/modules/sitemaps/sitemaps.service.js'
import { seedBenchDatabase } from './seed.js'

const count = Number(process.env.BENCH_ARTICLES ?? 100_000)
const now = new Date('2026-05-11T09:00:00Z')
const dir = mkdtempSync(join(tmpdir(), 'sahifa-bench-sitemaps-'))
const file = join(dir, 'bench.db')

try {
  const seeded = await seedBenchDatabase(`sqlite:${file}`, { count, now })
  // Featured images on four stories in five (the media rows only: sitemaps read the variants column).
  const handle = openDatabase({ kind: 'sqlite', file })
  const variants = JSON.stringify([320, 640, 960, 1280, 1920].map((w) => ({ width: w, height: Math.round((w * 9) / 16), format: 'webp', file: `${w}.webp`, bytes: 1000 })))
  await handle.db.transaction().execute(async (trx) => {
    for (let start = 1; start <= count; start += 500) {
      const ids = Array.from({ length: Math.min(500, count - start + 1) }, (_, i) => start + i).filter((id) => id % 5 !== 0)
      const rows = ids.map((id) => ({ id, storage_key: `bench${id}`, original_name: 'x.jpg', mime: 'image/jpeg', bytes: 1, width: 3000, height: 1688, variants, alt: 'صورة', caption: '', credit: '', uploaded_by: null, created_at: now.toISOString() }))
      if (rows.length) await trx.insertInto('media').values(rows).execute()
      for (const id of ids) await trx.updateTable('articles').set({ featured_media_id: id }).where('id', '=', id).execute()
    }
  })
  await handle.close()

  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: `sqlite:${file}`, SAHIFA_DEMO: '0', SAHIFA_PUBLIC_URL: 'https://sahifa.example', SAHIFA_RENDER_CACHE: '0', LOG_LEVEL: 'silent' })
  const deps = await createDeps(config, { clock: fakeClock(now) })
  const app = await buildApp(deps, { logger: false })
  const pages = Math.ceil(count / ARTICLES_PER_SITEMAP)
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  console.log(`Sitemaps — ${count.toLocaleString('en')} articles (seeded in ${(seeded.ms / 1000).toFixed(1)} s), SQLite, render cache off; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  for (let i = 0; i < 20; i++) await app.inject(`/sitemaps/articles-${1 + (i % pages)}.xml`)
  for (const url of ['/sitemap.xml', '/sitemaps/articles-1.xml', `/sitemaps/articles-${Math.ceil(pages / 2)}.xml`, `/sitemaps/articles-${pages}.xml`, '/sitemaps/news.xml', '/sitemaps/categories.xml', '/sitemaps/tags.xml', '/sitemaps/authors.xml']) {
    const times: number[] = []
    let res = await app.inject(url)
    const cpu = process.cpuUsage()
    for (let i = 0; i < 15; i++) {
      const started = performance.now()
      res = await app.inject(url)
      times.push(performance.now() - started)
    }
    const used = process.cpuUsage(cpu)
    const urls = (res.body.match(/<loc>/g) ?? []).length
    console.log(`${url.padEnd(28)} ${res.statusCode} ${String(urls).padStart(6)} URLs ${(res.body.length / 1024).toFixed(0).padStart(5)} KB  median ${median(times).toFixed(1).padStart(6)} ms  CPU ${((used.user + used.system) / 15000).toFixed(1).padStart(5)} ms/req`)
  }
  await app.close()
  await deps.close()

  const cachedDeps = await createDeps({ ...config, renderCache: true }, { clock: fakeClock(now) })
  const cachedApp = await buildApp(cachedDeps, { logger: false })
  const url = `/sitemaps/articles-${pages}.xml`
  await cachedApp.inject(url)
  const hits: number[] = []
  for (let i = 0; i < 200; i++) {
    const started = performance.now()
    await cachedApp.inject({ url, headers: { 'accept-encoding': 'gzip' } })
    hits.push(performance.now() - started)
  }
  const gz = await cachedApp.inject({ url, headers: { 'accept-encoding': 'gzip' } })
  console.log(`cache hit ${url} (inject, gzip ${(gz.rawPayload.length / 1024).toFixed(0)} KB): median ${median(hits).toFixed(2)} ms`)
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  await cachedApp.close()
  await cachedDeps.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
