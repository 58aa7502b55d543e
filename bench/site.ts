// `npm run bench`: the public site under load, on a fresh SQLite database of 10,000 articles.
//
// Seeds the database, then for each server configuration starts the real server as a child
// process (production mode, the same entry as `npm start`), loads the article page and the home
// page with 32 connections for 10 s after a warm-up, and prints requests/s, p50, p99, errors and
// the server's peak RSS (summed over the primary and its workers); then cold start (spawn → first
// 200 on /) and idle RSS. Figures go in the README and the issue note, not in a timed test.
//
// Environment: BENCH_ARTICLES (10000), BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONNECTIONS (32),
// BENCH_WORKERS (comma list of SAHIFA_WORKERS values to compare, default: the server's default),
// BENCH_LOADGEN (wrk | autocannon; default wrk when installed).
// `npm run bench -- --serve` seeds, starts one server and waits, for ../shared/tools/vs-static.sh.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pickLoadGenerator, type LoadResult } from './load.js'
import { sampleTreeRss, treeMemory } from './process-memory.js'
import { seedBenchDatabase } from './seed.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const envNumber = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback)
const articleCount = envNumber('BENCH_ARTICLES', 10_000)
const seconds = envNumber('BENCH_SECONDS', 10)
const warmup = envNumber('BENCH_WARMUP', 3)
const connections = envNumber('BENCH_CONNECTIONS', 32)
const workerCounts = process.env.BENCH_WORKERS ? process.env.BENCH_WORKERS.split(',').map((w) => w.trim()) : [undefined]
const serveOnly = process.argv.includes('--serve')
const MB = 1024 * 1024

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** One GET with node:http (no fetch: its lazy load would skew the cold-start clock). */
function get(url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { connection: 'close' } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }))
    })
    req.on('error', reject)
    req.end()
  })
}

interface RunningServer {
  child: ChildProcess
  base: string
  coldStartMs: number
  stderr: () => string
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>
}

/** The server as `npm start` runs it, in production mode on the bench database. */
async function startServer(databaseUrl: string, env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAHIFA_') && !['DATABASE_URL', 'PORT', 'HOST', 'NODE_ENV', 'LOG_LEVEL'].includes(k)))
  const started = performance.now()
  const child = spawn(process.execPath, [join(root, 'bin/sahifa.js'), 'serve'], {
    cwd: root,
    env: { ...inherited, NODE_ENV: 'production', DATABASE_URL: databaseUrl, SAHIFA_DEMO: '0', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  let exitedEarly = false
  void exited.then(() => (exitedEarly = true))
  for (;;) {
    if (exitedEarly) throw new Error(`server exited before answering:\n${stderr}`)
    if (performance.now() - started > 30_000) throw new Error(`server did not answer / within 30 s:\n${stderr}`)
    const status = await get(`${base}/`).then((r) => r.status, () => 0)
    if (status === 200) break
    if (status !== 0) throw new Error(`GET / answered ${status}:\n${stderr}`)
    await new Promise((r) => setTimeout(r, 5))
  }
  const coldStartMs = performance.now() - started
  return {
    child,
    base,
    coldStartMs,
    stderr: () => stderr,
    async stop() {
      const t = performance.now()
      child.kill('SIGTERM')
      const result = await exited
      return { ...result, ms: performance.now() - t }
    },
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pad = (s: string, n: number) => s.padEnd(n)
const lpad = (s: string, n: number) => s.padStart(n)

interface Row {
  server: string
  page: string
  result: LoadResult
  peakRss: number
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-bench-'))
  const databaseUrl = `sqlite:${join(dir, 'bench.db')}`
  const servers: RunningServer[] = []
  const cleanup = () => {
    for (const s of servers) s.child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('SIGINT', () => {
    cleanup()
    process.exit(130)
  })
  try {
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

    const load = pickLoadGenerator()
    const rows: Row[] = []
    const notes: string[] = []
    const describe = (cache: boolean, workers: string | undefined) =>
      `cache ${cache ? 'on' : 'off'}${workers === undefined ? '' : `, ${workers === '0' ? `${availableParallelism()} workers (0)` : `${workers} worker${workers === '1' ? '' : 's'}`}`}`
    process.stderr.write(`seeded ${seed.articles} articles in ${(seed.ms / 1000).toFixed(1)} s; load generator: ${load.name}\n`)

    for (const workers of workerCounts) {
      for (const cache of [true, false]) {
        const name = describe(cache, workers)
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
          await load.run(url, { connections, seconds: warmup })
          const sampler = sampleTreeRss(server.child.pid!)
          const result = await load.run(url, { connections, seconds })
          rows.push({ server: name, page, result, peakRss: sampler.stop() })
        }
        const memory = treeMemory(server.child.pid!)
        const stopped = await server.stop()
        servers.pop()
        notes.push(
          `${name}: ${memory.processes} process${memory.processes === 1 ? '' : 'es'}, ΣVmHWM ${(memory.hwm / MB).toFixed(0)} MB; ` +
            `SIGTERM → exit ${stopped.code ?? stopped.signal} in ${stopped.ms.toFixed(0)} ms`,
        )
      }
    }

    // Cold start and idle memory: fresh processes of the default configuration.
    const cold: number[] = []
    const idle: number[] = []
    let idleProcesses = 0
    for (let i = 0; i < 5; i++) {
      const server = await startServer(databaseUrl, {})
      servers.push(server)
      cold.push(server.coldStartMs)
      await new Promise((r) => setTimeout(r, 1000))
      const memory = treeMemory(server.child.pid!)
      idle.push(memory.rss)
      idleProcesses = memory.processes
      await server.stop()
      servers.pop()
    }

    const out = (line = '') => process.stdout.write(`${line}\n`)
    out()
    out(`Sahifa site benchmark — ${seed.articles.toLocaleString('en')} articles (~${seed.averageWords} words each), ${seed.categories} sections, ${seed.tags} tags, ${seed.authors} authors; SQLite; NODE_ENV=production`)
    out(`machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; seeded in ${(seed.ms / 1000).toFixed(1)} s`)
    out(`load: ${load.name}, ${connections} connections, ${seconds} s after a ${warmup} s warm-up${load.name === 'wrk' ? ' (wrk -t2)' : ''}; the load generator shares the cores with the server`)
    out()
    const header = `${pad('server', 24)} ${pad('page', 8)} ${lpad('req/s', 9)} ${lpad('p50 ms', 8)} ${lpad('p99 ms', 8)} ${lpad('errors', 7)} ${lpad('peak RSS MB', 12)}`
    out(header)
    out('-'.repeat(header.length))
    for (const r of rows) {
      const errors = r.result.non2xx + r.result.socketErrors
      out(
        `${pad(r.server, 24)} ${pad(r.page, 8)} ${lpad(Math.round(r.result.requestsPerSecond).toLocaleString('en'), 9)} ${lpad(r.result.p50.toFixed(2), 8)} ${lpad(r.result.p99.toFixed(2), 8)} ${lpad(String(errors), 7)} ${lpad((r.peakRss / MB).toFixed(0), 12)}`,
      )
    }
    out()
    out(`cold start (spawn → first 200 on /): median ${median(cold).toFixed(0)} ms of ${cold.length} (min ${Math.min(...cold).toFixed(0)}, max ${Math.max(...cold).toFixed(0)})`)
    out(`idle RSS (1 s after the first 200): median ${(median(idle) / MB).toFixed(0)} MB over ${idleProcesses} process${idleProcesses === 1 ? '' : 'es'}`)
    for (const note of notes) out(note)
    out(`errors = non-2xx responses + socket errors${load.name === 'wrk' ? ' (wrk counts 3xx as success; each URL is checked to answer 200 first)' : ''}`)
  } finally {
    cleanup()
  }
}

await main()
