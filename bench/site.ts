// `npm run bench`: the public site under load, on a fresh SQLite database of 10,000 articles.
//
// Seeds the database, builds the bundle as `npm start` does, then for each server configuration
// starts the real server as a child process (`node bin/sahifa.js serve`, NODE_ENV=production),
// loads the article page and the home page with 32 connections for 10 s after a warm-up, and
// prints requests/s, p50, p99, errors, the server's CPU time per request and its peak RSS (summed
// over its processes); the same with the render cache off; then cold start (spawn →
// first 200 on /) and idle memory. Figures go in the README and the issue note, not in a timed test.
//
// Environment: BENCH_ARTICLES (10000), BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONNECTIONS (32),
// BENCH_WORKERS (comma list of SAHIFA_WORKERS values to compare; default "0,1": the production
// default, up to one process per core as load asks, and a single process), BENCH_LOADGEN (wrk | autocannon; default
// wrk when installed).
// Flags: --vs-static also runs ../shared/tools/vs-static.sh (nginx serving the cached article page
// as a static file) for each worker setting; --serve seeds, starts one server and waits.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from '../scripts/build.mjs'
import { pickLoadGenerator, type LoadResult } from './load.js'
import { sampleTreeRss, treeMemory } from './process-memory.js'
import { get, rebuilds, startServer, type ServerProcess } from './server-process.js'
import { seedBenchDatabase } from './seed.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const vsStaticTool = join(root, '../shared/tools/vs-static.sh')
const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const articleCount = envNumber('BENCH_ARTICLES', 10_000)
const seconds = envNumber('BENCH_SECONDS', 10)
const warmup = envNumber('BENCH_WARMUP', 3)
const connections = envNumber('BENCH_CONNECTIONS', 32)
/** SAHIFA_WORKERS values to compare: the production default (0, up to one process per core) and a single process. */
const workerSettings: Array<string | undefined> = process.env.BENCH_WORKERS ? process.env.BENCH_WORKERS.split(',').map((w) => w.trim()) : ['0', '1']
const serveOnly = process.argv.includes('--serve')
const vsStatic = process.argv.includes('--vs-static')
const MB = 1024 * 1024

function runVsStatic(url: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('bash', [vsStaticTool, url, String(seconds)], { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => resolve(error ? `vs-static.sh failed: ${stderr || error.message}` : stdout.trim()))
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pad = (s: string, n: number) => s.padEnd(n)
const lpad = (s: string, n: number) => s.padStart(n)
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

interface Row {
  server: string
  page: string
  result: LoadResult
  cpuMsPerRequest: number
  peakRss: number
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-bench-'))
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`
  const servers: ServerProcess[] = []
  const cleanup = () => {
    for (const s of servers) s.child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('SIGINT', () => {
    cleanup()
    process.exit(130)
  })
  try {
    const buildMs = await build()
    const seed = await seedBenchDatabase(databaseUrl, { count: articleCount })
    const articlePath = `/news/${Math.ceil(articleCount / 2)}`

    if (serveOnly) {
      const server = await startServer(databaseUrl, {})
      servers.push(server)
      const { location } = await get(server.base + articlePath)
      process.stdout.write(`seeded ${seed.articles} articles in ${(seed.ms / 1000).toFixed(1)} s; serving on ${server.base}\n`)
      process.stdout.write(`article: ${server.base}${location}\nhome:    ${server.base}/\n`)
      process.stdout.write(`try: ../shared/tools/vs-static.sh '${server.base}${location}'\n(Ctrl-C to stop)\n`)
      await new Promise(() => undefined)
    }

    const loadgen = pickLoadGenerator()
    const loadBefore = load()
    const rows: Row[] = []
    const notes: string[] = []
    const vsStaticOutputs: string[] = []
    const describeServer = (cache: boolean, workers: string | undefined) =>
      `cache ${cache ? 'on' : 'off'}${workers === undefined ? '' : `, ${workers === '0' ? `≤ ${availableParallelism()} processes (0, default)` : workers === '1' ? '1 process' : `≤ ${workers} processes`}`}`
    process.stderr.write(`built dist/ in ${buildMs} ms; seeded ${seed.articles} articles in ${(seed.ms / 1000).toFixed(1)} s; load generator: ${loadgen.name}\n`)

    for (const workers of workerSettings) {
      for (const cache of [true, false]) {
        const name = describeServer(cache, workers)
        const env: Record<string, string> = { SAHIFA_RENDER_CACHE: cache ? '1' : '0', ...(workers === undefined ? {} : { SAHIFA_WORKERS: workers }) }
        const server = await startServer(databaseUrl, env)
        servers.push(server)
        const redirect = await get(server.base + articlePath)
        if (redirect.status !== 301 || !redirect.location) throw new Error(`${articlePath} answered ${redirect.status}, expected 301 to the canonical URL`)
        const pages = { article: server.base + redirect.location, home: `${server.base}/` }
        for (const [page, url] of Object.entries(pages)) {
          const check = await get(url)
          if (check.status !== 200) throw new Error(`${url} answered ${check.status}`)
          process.stderr.write(`  ${name}: ${page} …\n`)
          await loadgen.run(url, { connections, seconds: warmup })
          const cpuBefore = treeMemory(server.child.pid!).cpuMs
          const sampler = sampleTreeRss(server.child.pid!)
          const result = await loadgen.run(url, { connections, seconds })
          const peakRss = sampler.stop()
          const cpuMs = treeMemory(server.child.pid!).cpuMs - cpuBefore
          rows.push({ server: name, page, result, cpuMsPerRequest: cpuMs / Math.max(1, result.requests), peakRss })
        }
        if (cache && vsStatic && existsSync(vsStaticTool)) {
          process.stderr.write(`  ${name}: vs-static.sh …\n`)
          vsStaticOutputs.push(`${name} — ../shared/tools/vs-static.sh ${pages.article.replace(server.base, 'http://127.0.0.1:PORT')} ${seconds}\n${await runVsStatic(pages.article)}`)
        }
        const memory = treeMemory(server.child.pid!)
        const stopped = await server.stop()
        servers.pop()
        notes.push(
          `${name}: ${memory.processes} process${memory.processes === 1 ? '' : 'es'}, ΣVmHWM ${(memory.hwm / MB).toFixed(0)} MB; ` +
            `SIGTERM → exit ${stopped.code ?? stopped.signal} in ${stopped.ms.toFixed(0)} ms`,
        )
      }

      // Cold start and idle memory: fresh processes of this setting, cache on.
      const cold: number[] = []
      const idle: Array<{ rss: number; pss: number; processes: number; largestRss: number }> = []
      for (let i = 0; i < 7; i++) {
        const server = await startServer(databaseUrl, workers === undefined ? {} : { SAHIFA_WORKERS: workers })
        servers.push(server)
        cold.push(server.coldStartMs)
        await new Promise((r) => setTimeout(r, 1000))
        idle.push(treeMemory(server.child.pid!))
        await server.stop()
        servers.pop()
      }
      const n = idle[0]!.processes
      notes.push(
        `${describeServer(true, workers).replace('cache on', 'start')}: cold start (spawn → first 200 on /) median ${median(cold).toFixed(0)} ms of ${cold.length} ` +
          `(min ${Math.min(...cold).toFixed(0)}, max ${Math.max(...cold).toFixed(0)}); idle 1 s after: ΣRSS ${(median(idle.map((m) => m.rss)) / MB).toFixed(0)} MB, ` +
          `ΣPSS ${(median(idle.map((m) => m.pss)) / MB).toFixed(0)} MB over ${n} process${n === 1 ? '' : 'es'} (largest ${(median(idle.map((m) => m.largestRss)) / MB).toFixed(0)} MB RSS)`,
      )
    }

    const out = (line = '') => process.stdout.write(`${line}\n`)
    out()
    out(`Sahifa site benchmark — ${seed.articles.toLocaleString('en')} articles (~${seed.averageWords} words each), ${seed.categories} sections, ${seed.tags} tags, ${seed.authors} authors; SQLite; NODE_ENV=production`)
    out(
      `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; seeded in ${(seed.ms / 1000).toFixed(1)} s; ` +
        `server: node bin/sahifa.js serve (dist/ bundle${rebuilds ? `, rebuilt ${rebuilds}× during the run as sources changed` : ''})`,
    )
    out(`load: ${loadgen.name}${loadgen.name === 'wrk' ? ' -t2' : ''}, ${connections} connections, ${seconds} s after a ${warmup} s warm-up; the load generator shares the cores with the server`)
    out(`load average before/after: ${loadBefore} / ${load()}`)
    out()
    const header = `${pad('server', 31)} ${pad('page', 8)} ${lpad('req/s', 9)} ${lpad('p50 ms', 8)} ${lpad('p99 ms', 8)} ${lpad('errors', 7)} ${lpad('CPU ms/req', 11)} ${lpad('peak RSS MB', 12)}`
    out(header)
    out('-'.repeat(header.length))
    for (const r of rows) {
      const errors = r.result.non2xx + r.result.socketErrors
      out(
        `${pad(r.server, 31)} ${pad(r.page, 8)} ${lpad(Math.round(r.result.requestsPerSecond).toLocaleString('en'), 9)} ${lpad(r.result.p50.toFixed(2), 8)} ${lpad(r.result.p99.toFixed(2), 8)} ` +
          `${lpad(String(errors), 7)} ${lpad(r.cpuMsPerRequest.toFixed(3), 11)} ${lpad((r.peakRss / MB).toFixed(0), 12)}`,
      )
    }
    out()
    for (const note of notes) out(note)
    out(`errors = non-2xx responses + socket errors${loadgen.name === 'wrk' ? ' (wrk counts 3xx as success; each URL is checked to answer 200 first)' : ''}; CPU ms/req = server CPU time (all its processes) / requests`)
    for (const o of vsStaticOutputs) out(`\n${o}`)
    if (vsStatic && !existsSync(vsStaticTool)) out(`\n(--vs-static: ${vsStaticTool} not found)`)
  } finally {
    cleanup()
  }
}

await main()
