// `npm run bench:comments`: reader comments posted to the real server, on a fresh SQLite database.
//
// Seeds 50 articles (bench/seed.ts), gives one of them 2,000 approved comments (threads with
// replies, inserted in one transaction), sets the comment policy to "hold none" with a 61-word
// blocklist and a 61-word watchlist, then starts the real server as a child process
// (`node bin/sahifa.js serve`, NODE_ENV=production, no demo, see bench/server-process.ts). The
// per-IP and per-email rate limits are raised by config to 1,000,000 (the config's maximum; still
// counted on every POST); every other check stays on: validation, duplicate detection, the word
// filters, the link limit, the honeypot and the signed minimum fill time. Some posts are meant
// to trip them (a watchlisted word, a blocklisted word, three links): the statuses stored are
// checked against that.
//
// 1. Sequential: 300 comment POSTs one after another on one keep-alive connection (after 300 not
//    timed), as the no-JavaScript form (303) and as the island (JSON 201): median and p99.
// 2. Concurrent: 32 clients, each with one request in flight, post distinct comments for 10 s
//    after a 2 s warm-up: comments/s, p50/p99, errors; then the run's comments in the database
//    are counted and must equal its accepted answers (PASS/FAIL; exit code 1 on FAIL).
// 3. Render: the article with 2,000 comments (its first comment page) on a server with the render
//    cache off: p50/p99 of 50 GETs after 5 not timed.
//
// The load generator is this process (node:http, keep-alive agent): it shares the machine's cores
// with the server; its CPU time, the server's and other processes' are printed, and a CPU speed
// check before and after (this machine is shared: figures move with its neighbours' load).
//
// Environment: BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_CONNECTIONS (32), BENCH_SEQUENTIAL (300),
// BENCH_WORKERS (comma list of SAHIFA_WORKERS values for the concurrent phase, e.g. "1,2";
// default: the server's default), BENCH_CONCURRENT_AS (json | form), BENCH_KEEP_DB=1 (keep the
// database and print its path). BENCH_SERVER_NODE_ARGS: see bench/server-process.ts (profiling).
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent } from 'node:http'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openDatabase } from '../src/db/database.js'
import type { CommentRow } from '../src/db/schema.js'
import { demoArticles } from '../src/demo/demo-content.js'
import { hashIp } from '../src/modules/auth/auth.service.js'
import { formToken } from '../src/modules/comments/comments.service.js'
import { saveSiteSettings } from '../src/modules/settings/settings.service.js'
import { calibrate, commentIdOf, machineBusyMs, post, stats, timedGet, type Answer } from './comment-load.js'
import { treeMemory } from './process-memory.js'
import { seedBenchDatabase } from './seed.js'
import { get, startServer, type ServerProcess } from './server-process.js'

const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const seconds = envNumber('BENCH_SECONDS', 10)
const warmup = envNumber('BENCH_WARMUP', 2)
const connections = envNumber('BENCH_CONNECTIONS', 32)
const sequentialCount = envNumber('BENCH_SEQUENTIAL', 300)
const sequentialWarmup = 300
/** The concurrent phase posts as the island (JSON, 201) unless BENCH_CONCURRENT_AS=form (303). */
const floodAsJson = process.env.BENCH_CONCURRENT_AS !== 'form'
const workerSettings = process.env.BENCH_WORKERS ? process.env.BENCH_WORKERS.split(',').map((w) => w.trim()) : [undefined]

const articleCount = 50
/** The article read in the render phase; the floods post to the others. */
const renderArticleId = articleCount
const floodArticles = articleCount - 1
const renderComments = 2000
const secret = 'bench-secret-bench-secret-bench-secret-0123456789'
const reference = { wordpress: 40, ghost: 41 }

// Words no demo text contains, so only the posts meant to trip a filter do.
const blocklist = Array.from({ length: 60 }, (_, i) => `كازينو${'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'[i % 28]}${i}`).concat(['كازينو'])
const watchlist = Array.from({ length: 60 }, (_, i) => `مراهنة${'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'[i % 28]}${i}`).concat(['مراهنة'])

// ---------------------------------------------------------------------------------------------
// What a reader posts

const sentences = demoArticles.flatMap((a) => a.paragraphs.flatMap((p) => p.split(/(?<=[.؟!،])\s+/))).filter((s) => s.length > 20 && s.length < 200)

type Intent = 'clean' | 'watchlist' | 'blocklist' | 'links'

/** The n-th post of a run: text from the demo articles, a unique tag; a few meant to be filtered. */
function commentFields(run: string, n: number, token: string, parentId?: number): { fields: Record<string, string>; intent: Intent } {
  const intent: Intent = n % 100 === 37 ? 'blocklist' : n % 50 === 11 ? 'watchlist' : n % 40 === 23 ? 'links' : 'clean'
  const parts = [sentences[n % sentences.length]!, sentences[(n * 7 + 3) % sentences.length]!]
  if (n % 3 === 0) parts.push(sentences[(n * 13 + 5) % sentences.length]!)
  if (n % 7 === 0) parts.push(`التفاصيل في https://example.com/news/${n}`)
  if (intent === 'watchlist') parts.push('مراهنة')
  if (intent === 'blocklist') parts.push('كازينو')
  if (intent === 'links') parts.push('https://a.example/1 https://b.example/2 www.c.example/3')
  parts.push(`(${run}-${n})`)
  const reader = n % 2000
  const fields: Record<string, string> = {
    author: `قارئ ${reader}`,
    email: `reader${reader}@${run}.bench.example`,
    url: n % 5 === 0 ? `https://blog.example/${reader}` : '',
    comment: parts.join(' '),
    parent_id: parentId === undefined ? '' : String(parentId),
    hp_website: '',
    _t: token,
  }
  return { fields, intent }
}

/** Tracks what a run posted: answers by status, and what each 2xx comment was meant to become. */
class Tally {
  ok = 0
  statuses = new Map<number, number>()
  socketErrors = 0
  intents = new Map<Intent, number>()
  /** Last comment known approved, per article: replies go there. */
  lastClean = new Map<number, number>()
  record(answer: Answer, intent: Intent, articleId: number) {
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1)
    if (answer.status !== 201 && answer.status !== 303) return
    this.ok++
    this.intents.set(intent, (this.intents.get(intent) ?? 0) + 1)
    const id = commentIdOf(answer)
    if (intent === 'clean' && id !== undefined) this.lastClean.set(articleId, id)
  }
  get errors() {
    let n = this.socketErrors
    for (const [status, count] of this.statuses) if (status !== 303 && status !== 201) n += count
    return n
  }
  describeStatuses() {
    return [...this.statuses].map(([s, n]) => `${n}×${s}`).join(', ') + (this.socketErrors ? `, ${this.socketErrors} socket errors` : '')
  }
}

/**
 * Posts `count` comments one after another on `agent` (one keep-alive connection: with several
 * processes, the same one serves the warm-up and the timed posts); returns their latencies.
 */
async function sequential(agent: Agent, server: ServerProcess, run: string, count: number, json: boolean, tally: Tally): Promise<number[]> {
  const token = formToken(secret, new Date(Date.now() - 60_000))
  const latencies: number[] = []
  for (let n = 0; n < count; n++) {
    const articleId = 1 + (n % floodArticles)
    const parent = n % 10 === 9 ? tally.lastClean.get(articleId) : undefined
    const { fields, intent } = commentFields(run, n, token, parent)
    const answer = await post(agent, new URL(`/news/${articleId}/comments`, server.base), fields, json)
    tally.record(answer, intent, articleId)
    latencies.push(answer.ms)
  }
  return latencies
}

/** `clients` loops, each posting as soon as its previous answer came, until `ms` have passed. */
async function flood(server: ServerProcess, run: string, clients: number, ms: number, tally: Tally, firstN: number): Promise<{ latencies: number[]; elapsed: number; posted: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients })
  const token = formToken(secret, new Date(Date.now() - 60_000))
  const latencies: number[] = []
  let n = firstN
  const started = performance.now()
  const deadline = started + ms
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const i = n++
        const articleId = 1 + (i % floodArticles)
        const parent = i % 10 === 9 ? tally.lastClean.get(articleId) : undefined
        const { fields, intent } = commentFields(run, i, token, parent)
        try {
          const answer = await post(agent, new URL(`/news/${articleId}/comments`, server.base), fields, floodAsJson)
          tally.record(answer, intent, articleId)
          latencies.push(answer.ms)
        } catch {
          tally.socketErrors++
        }
      }
    }),
  )
  const elapsed = performance.now() - started
  agent.destroy()
  return { latencies, elapsed, posted: n - firstN }
}

// ---------------------------------------------------------------------------------------------
// Database

/** 2,000 approved comments on one article, a quarter of them replies, in one transaction. */
async function seedRenderComments(databaseUrl: string): Promise<{ threads: number; replies: number }> {
  const handle = openDatabase({ kind: 'sqlite', file: databaseUrl.replace(/^sqlite:/, '') })
  try {
    await saveSiteSettings(handle.db, { commentModeration: 'none', commentBlocklist: blocklist, commentWatchlist: watchlist })
    const start = Date.now() - 30 * 86_400_000
    const rows: CommentRow[] = []
    const firstId = 1
    let threads = 0
    for (let i = 0; i < renderComments; i++) {
      const id = firstId + i
      const at = new Date(start + i * 60_000).toISOString()
      // Every fourth comment replies to an earlier one (a thread or a reply: depth up to 2).
      const parent = i % 4 === 3 ? rows[((i * 2654435761) % 4294967296) % i] : undefined
      if (!parent) threads++
      const depth = parent ? Math.min(parent.depth + 1, 2) : 0
      rows.push({
        id,
        article_id: renderArticleId,
        parent_id: parent ? (parent.depth + 1 > 2 ? parent.parent_id : parent.id) : null,
        depth,
        author_name: `قارئ ${i % 700}`,
        author_email: `reader${i % 700}@render.bench.example`,
        author_url: i % 5 === 0 ? `https://blog.example/${i}` : '',
        body: `${sentences[i % sentences.length]} ${sentences[(i * 11 + 1) % sentences.length]}${i % 9 === 0 ? ` https://example.com/${i}` : ''}`,
        status: 'approved',
        user_id: null,
        ip_hash: hashIp(secret, `10.0.${i % 250}.${i % 7}`),
        user_agent: 'Mozilla/5.0 (bench)',
        hold_reason: '',
        created_at: at,
        updated_at: at,
      })
    }
    await handle.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto('comments').values(rows.slice(i, i + 200)).execute()
      await trx.updateTable('articles').set({ comment_count: renderComments }).where('id', '=', renderArticleId).execute()
    })
    return { threads, replies: renderComments - threads }
  } finally {
    await handle.close()
  }
}

function countRows(file: string, where = '1 = 1', ...params: string[]): number {
  const db = new Database(file)
  try {
    return (db.prepare(`SELECT count(*) AS n FROM comments WHERE ${where}`).get(...params) as { n: number }).n
  } finally {
    db.close()
  }
}

function statusesOf(file: string, run: string): Record<string, number> {
  const db = new Database(file)
  try {
    const rows = db.prepare(`SELECT status, count(*) AS n FROM comments WHERE author_email LIKE ? GROUP BY status`).all(`%@${run}.bench.example`) as Array<{ status: string; n: number }>
    return Object.fromEntries(rows.map((r) => [r.status, r.n]))
  } finally {
    db.close()
  }
}

// ---------------------------------------------------------------------------------------------

const out = (line = '') => process.stdout.write(`${line}\n`)
const progress = (line: string) => process.stderr.write(`  ${line}\n`)
const f = (ms: number) => ms.toFixed(2)

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-bench-comments-'))
  const file = join(dir, 'bench.db')
  const databaseUrl = `sqlite:${file}`
  const servers: ServerProcess[] = []
  const cleanup = () => {
    for (const s of servers) s.child.kill('SIGKILL')
    if (process.env.BENCH_KEEP_DB === '1') process.stderr.write(`database kept: ${file}\n`)
    else rmSync(dir, { recursive: true, force: true })
  }
  process.once('SIGINT', () => {
    cleanup()
    process.exit(130)
  })
  let failed = false
  try {
    const seed = await seedBenchDatabase(databaseUrl, { count: articleCount })
    const render = await seedRenderComments(databaseUrl)
    const limits = { SAHIFA_SECRET: secret, SAHIFA_COMMENT_LIMIT_PER_IP: '1000000', SAHIFA_COMMENT_LIMIT_PER_EMAIL: '1000000' }
    const total = new Tally()
    const calibrationBefore = calibrate()
    const loadBefore = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')

    out()
    out(`Sahifa comments benchmark — SQLite (WAL, synchronous=NORMAL), NODE_ENV=production, ${seed.articles} articles`)
    out(`machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; server: node bin/sahifa.js serve (dist/ bundle)`)
    out(`policy: hold none; checks on: validation, duplicates, blocklist ${blocklist.length} words, watchlist ${watchlist.length} words, link limit 2, honeypot, min fill 3 s (signed _t)`)
    out(`rate limits raised by config for the run: SAHIFA_COMMENT_LIMIT_PER_IP=SAHIFA_COMMENT_LIMIT_PER_EMAIL=1000000 (still counted on every POST)`)
    out(`load generator: this Node process (node:http keep-alive), on the same ${availableParallelism()} cores as the server`)
    out()

    // 1 + 2: posting, once per worker setting.
    for (const [index, workers] of workerSettings.entries()) {
      progress(`SAHIFA_WORKERS=${workers ?? '(default)'}: starting the server (render cache on) …`)
      const server = await startServer(databaseUrl, { ...limits, ...(workers === undefined ? {} : { SAHIFA_WORKERS: workers }) })
      servers.push(server)
      const processes = treeMemory(server.child.pid!).processes
      const label = `SAHIFA_WORKERS=${workers ?? 'unset'}: ${processes === 1 ? 'one process' : `${processes} processes, the first and ${processes - 1} worker${processes === 2 ? '' : 's'}`}`
      const run = `run${index}`

      if (index === 0) {
        progress('sequential …')
        const agent = new Agent({ keepAlive: true, maxSockets: 1 })
        await sequential(agent, server, `${run}w`, sequentialWarmup, false, total)
        const form = await sequential(agent, server, `${run}s`, sequentialCount, false, total)
        const island = await sequential(agent, server, `${run}j`, sequentialCount, true, total)
        agent.destroy()
        const a = stats(form)
        const b = stats(island)
        out(`Sequential: ${sequentialCount} comment POSTs one after another, one keep-alive connection (after ${sequentialWarmup} not timed)`)
        out(`  form (303):     median ${f(a.p50)} ms   p99 ${f(a.p99)} ms   max ${f(a.max)} ms   target: median < 2 ms ${a.p50 < 2 ? 'MET' : 'MISSED'}`)
        out(`  island (JSON):  median ${f(b.p50)} ms   p99 ${f(b.p99)} ms   max ${f(b.max)} ms`)
        out(`  for reference on this machine: WordPress median ${reference.wordpress} ms, Ghost median ${reference.ghost} ms (300 sequential posts each)`)
        out()
      }

      progress(`${label}: ${connections} clients, ${warmup} s warm-up + ${seconds} s …`)
      const tally = new Tally()
      const before = countRows(file, 'author_email LIKE ?', `%@${run}c.bench.example`)
      const warm = await flood(server, `${run}c`, connections, warmup * 1000, tally, 0)
      const okBeforeMeasure = tally.ok
      const errorsBefore = tally.errors
      const cpuServer = treeMemory(server.child.pid!).cpuMs
      const cpuClient = process.cpuUsage()
      const busyBefore = machineBusyMs()
      const measured = await flood(server, `${run}c`, connections, seconds * 1000, tally, warm.posted)
      const serverCpuMs = treeMemory(server.child.pid!).cpuMs - cpuServer
      const clientCpu = process.cpuUsage(cpuClient)
      const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000
      const otherCpuMs = machineBusyMs() - busyBefore - serverCpuMs - clientCpuMs
      const okMeasured = tally.ok - okBeforeMeasure
      const s = stats(measured.latencies)
      const rate = (okMeasured / measured.elapsed) * 1000
      const rows = countRows(file, 'author_email LIKE ?', `%@${run}c.bench.example`) - before
      const statuses = statusesOf(file, `${run}c`)
      const intents = Object.fromEntries(tally.intents)
      const expected = { approved: intents.clean ?? 0, pending: (intents.watchlist ?? 0) + (intents.links ?? 0), spam: intents.blocklist ?? 0 }
      const countsMatch = rows === tally.ok
      const filtersRight = (statuses.approved ?? 0) === expected.approved && (statuses.pending ?? 0) === expected.pending && (statuses.spam ?? 0) === expected.spam
      failed ||= !countsMatch || !filtersRight
      out(`Concurrent (${label}): ${connections} clients, one request in flight each, ${seconds} s after a ${warmup} s warm-up, posting as ${floodAsJson ? 'the island (JSON 201)' : 'the form (303)'}`)
      out(
        `  ${Math.round(rate).toLocaleString('en')} comments/s   p50 ${f(s.p50)} ms   p99 ${f(s.p99)} ms   max ${f(s.max)} ms   errors ${tally.errors - errorsBefore} (${okMeasured.toLocaleString('en')} comments in ${(measured.elapsed / 1000).toFixed(2)} s)   target ≥ 1,000/s ${rate >= 1000 ? 'MET' : 'MISSED'}`,
      )
      out(`  CPU: server ${(serverCpuMs / Math.max(1, okMeasured)).toFixed(3)} ms/comment (${((serverCpuMs / measured.elapsed) * 100).toFixed(0)}% of a core), load generator ${((clientCpuMs / measured.elapsed) * 100).toFixed(0)}% of a core, other processes on the machine ${Math.max(0, (otherCpuMs / measured.elapsed) * 100).toFixed(0)}% of a core`)
      out(`  answers (warm-up + measured): ${tally.describeStatuses()}`)
      out(`  comments in the database from this run: ${rows.toLocaleString('en')}; ${floodAsJson ? '2xx' : '303'} answers: ${tally.ok.toLocaleString('en')} — ${countsMatch ? 'PASS' : 'FAIL'}`)
      out(
        `  statuses stored: approved ${statuses.approved ?? 0}, pending ${statuses.pending ?? 0}, spam ${statuses.spam ?? 0}; expected from the posts: approved ${expected.approved}, pending ${expected.pending} (watchlist ${intents.watchlist ?? 0} + 3 links ${intents.links ?? 0}), spam ${expected.spam} (blocklist) — ${filtersRight ? 'PASS' : 'FAIL'}`,
      )
      out()
      for (const [status, n] of tally.statuses) total.statuses.set(status, (total.statuses.get(status) ?? 0) + n)
      total.ok += tally.ok

      if (index === workerSettings.length - 1) {
        const page = await get(`${server.base}/news/${renderArticleId}`)
        const agent = new Agent({ keepAlive: true, maxSockets: 1 })
        const ms: number[] = []
        for (let i = 0; i < 55; i++) {
          const answer = await timedGet(agent, server.base + page.location!)
          if (answer.status !== 200) throw new Error(`${page.location} answered ${answer.status}`)
          if (i >= 5) ms.push(answer.ms)
        }
        agent.destroy()
        const c = stats(ms)
        out(`Render, cache on (for reference): the article with ${renderComments.toLocaleString('en')} comments, 50 GETs: p50 ${f(c.p50)} ms   p99 ${f(c.p99)} ms`)
      }
      await server.stop()
      servers.pop()
    }

    // 3: the article with 2,000 comments, render cache off.
    progress('render, cache off …')
    const server = await startServer(databaseUrl, { ...limits, SAHIFA_RENDER_CACHE: '0' })
    servers.push(server)
    const redirect = await get(`${server.base}/news/${renderArticleId}`)
    if (redirect.status !== 301 || !redirect.location) throw new Error(`/news/${renderArticleId} answered ${redirect.status}`)
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const ms: number[] = []
    let html = ''
    for (let i = 0; i < 55; i++) {
      const answer = await timedGet(agent, server.base + redirect.location)
      if (answer.status !== 200) throw new Error(`${redirect.location} answered ${answer.status}`)
      if (i >= 5) ms.push(answer.ms)
      html = answer.body
    }
    agent.destroy()
    const shown = (html.match(/<li id="comment-\d+"/g) ?? []).length
    const r = stats(ms)
    out(
      `Render, cache off: the article with ${renderComments.toLocaleString('en')} approved comments (${render.threads} threads, ${render.replies} replies), first comment page (${shown} comments shown, ${Math.round(Buffer.byteLength(html) / 1024)} KB), 50 GETs after 5:`,
    )
    out(`  p50 ${f(r.p50)} ms   p99 ${f(r.p99)} ms   max ${f(r.max)} ms   target p99 < 50 ms ${r.p99 < 50 ? 'MET' : 'MISSED'}`)
    await server.stop()
    servers.pop()

    const all = countRows(file)
    const allMatch = all === renderComments + total.ok
    failed ||= !allMatch
    out()
    out(`All comments in the database: ${all.toLocaleString('en')} = ${renderComments.toLocaleString('en')} seeded + ${total.ok.toLocaleString('en')} accepted answers (303/201) in all phases — ${allMatch ? 'PASS' : 'FAIL'}`)
    out(
      `load average before/after: ${loadBefore} / ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; CPU speed check (fixed work, lower is faster) before/after: ${calibrationBefore.toFixed(1)} / ${calibrate().toFixed(1)} ms`,
    )
  } finally {
    cleanup()
  }
  if (failed) {
    process.stderr.write('FAIL: see above\n')
    process.exitCode = 1
  }
}

await main()
