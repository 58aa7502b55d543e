// `npm run bench:import`: the WordPress importer on a large Arabic export.
//
// 1. Writes a WXR of 100,000 Arabic posts with 300,000 threaded comments (bench/wxr-generate.ts:
//    streamed to a temp folder; words from a small list written for it; ~8 KB per post).
// 2. Builds dist/ as `npm start` does (scripts/build.mjs), so the import runs as in production.
// 3. For SQLite, and PostgreSQL when TEST_DATABASE_URL is set (in a schema of its own): migrates a
//    fresh database (`sahifa migrate`, not timed), then runs the real command in a child process,
//    `node bin/sahifa.js import wordpress FILE` (NODE_ENV=production), sampling its peak resident
//    memory (VmHWM, /proc) and CPU time every 100 ms, and checks the summary's counts against the
//    generated ones (exit code 1 on a mismatch or a peak RSS over the 300 MB budget).
//    With --rerun it imports the same file again (everything updated, nothing added).
//
// Rates: posts/s (posts and pages), and records/s (posts, pages and comments). The machine is
// shared: its load average before and after is printed with the figures.
//
//   npm run bench:import                               # 100,000 posts, 300,000 comments
//   npm run bench:import -- --posts 10000 --rerun      # smaller, and a second run
//   BENCH_KEEP=1 npm run bench:import                  # keep the temp folder (file, database)
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { build, isBuildFresh } from '../scripts/build.mjs'
import { cpuMsOf, memoryOf, processTree } from './process-memory.js'
import { generateWxr, type GeneratedCounts } from './wxr-generate.js'

const RSS_BUDGET_MB = 300
const root = fileURLToPath(new URL('..', import.meta.url))
const { values: args } = parseArgs({
  options: { posts: { type: 'string', default: '100000' }, comments: { type: 'string' }, rerun: { type: 'boolean', default: false }, 'from-source': { type: 'boolean', default: false } },
})
const posts = Number(args.posts)
const comments = args.comments === undefined ? posts * 3 : Number(args.comments)

interface Run {
  code: number
  stdout: string
  stderr: string
  seconds: number
  cpuSeconds: number
  peakRssMb: number
}

/** Runs `node bin/sahifa.js …args` and samples its memory and CPU until it exits. */
function sahifa(cliArgs: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [join(root, 'bin/sahifa.js'), ...cliArgs], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NODE_ENV: 'production', SAHIFA_DEMO: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    let peak = 0
    let cpuMs = 0
    const sample = () => {
      // The importer and any helper it starts (tsx's esbuild service when run from source).
      const tree = processTree(child.pid!)
      peak = Math.max(peak, memoryOf(child.pid!).hwm)
      cpuMs = Math.max(cpuMs, tree.reduce((sum, pid) => sum + cpuMsOf(pid), 0))
    }
    const timer = setInterval(sample, 100)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearInterval(timer)
      resolve({ code: code ?? 1, stdout, stderr, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuMs / 1000, peakRssMb: peak / 1048576 })
    })
  })
}

/** A number from the summary's table: `posts  100,000  0  0` → column. */
function countOf(stdout: string, kind: string, column: 0 | 1 | 2): number | undefined {
  const m = new RegExp(`^${kind}\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)$`, 'm').exec(stdout)
  return m ? Number(m[column + 1]!.replace(/,/g, '')) : undefined
}

function statusesOf(stdout: string): Record<string, number> {
  const m = /^comments by status: approved ([\d,]+), pending ([\d,]+), spam ([\d,]+), trash ([\d,]+)$/m.exec(stdout)
  const n = (i: number) => Number(m?.[i]?.replace(/,/g, '') ?? NaN)
  return { '1': n(1), '0': n(2), spam: n(3), trash: n(4) }
}

/** The generated counts the summary must show (imported on a first run, updated on a second). */
function check(run: Run, expected: GeneratedCounts, column: 0 | 1): string[] {
  const problems: string[] = []
  if (run.code !== 0) return [`exit code ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`]
  const want: Array<[string, number]> = [
    ['posts', expected.posts],
    ['pages', expected.pages],
    ['comments', expected.comments],
  ]
  for (const [kind, n] of want) if (countOf(run.stdout, kind, column) !== n) problems.push(`${kind}: expected ${n}, summary says ${countOf(run.stdout, kind, column)}`)
  const statuses = statusesOf(run.stdout)
  for (const [status, n] of Object.entries(expected.commentsByStatus)) if (statuses[status] !== n) problems.push(`comments with status ${status}: expected ${n}, got ${statuses[status]}`)
  if (run.peakRssMb > RSS_BUDGET_MB) problems.push(`peak RSS ${run.peakRssMb.toFixed(0)} MB is over the ${RSS_BUDGET_MB} MB budget`)
  return problems
}

async function postgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const base = process.env.TEST_DATABASE_URL
  if (!base) return undefined
  const schema = `bench_import_${process.pid}`
  const client = new pg.Client({ connectionString: base })
  await client.connect()
  await client.query(`create schema ${schema}`)
  await client.end()
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`drop schema if exists ${schema} cascade`)
      await c.end()
    },
  }
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-bench-import-'))
  const file = join(dir, 'export.xml')
  const failures: string[] = []
  try {
    let t = performance.now()
    const expected = await generateWxr(file, { posts, comments })
    process.stderr.write(`generated ${file}: ${(statSync(file).size / 1e6).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s\n`)
    let how = 'from source (tsx)'
    if (!args['from-source']) {
      t = performance.now()
      try {
        await build()
        how = isBuildFresh() ? 'dist/ bundle' : how
      } catch (error) {
        process.stderr.write(`build failed, running from source: ${(error as Error).message.split('\n')[0]}\n`)
      }
    }
    const engines: Array<{ name: string; url: string; drop?: () => Promise<void> }> = [{ name: 'SQLite', url: `sqlite:${join(dir, 'bench.db')}` }]
    const postgres = await postgresDatabase()
    if (postgres) engines.push({ name: 'PostgreSQL', url: postgres.url, drop: postgres.drop })

    const loadBefore = load()
    const rows: string[] = []
    for (const engine of engines) {
      const env = { DATABASE_URL: engine.url, SAHIFA_MEDIA_DIR: join(dir, 'media'), ...(args['from-source'] ? { SAHIFA_FROM_SOURCE: '1' } : {}) }
      try {
        const migrated = await sahifa(['migrate'], env)
        if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}`)
        for (const [i, label] of (args.rerun ? ['first run', 're-run'] : ['first run']).entries()) {
          process.stderr.write(`${engine.name}, ${label}…\n`)
          const run = await sahifa(['import', 'wordpress', file], env)
          const problems = check(run, expected, i === 0 ? 0 : 1)
          failures.push(...problems.map((p) => `${engine.name} ${label}: ${p}`))
          const items = expected.posts + expected.pages
          rows.push(
            `${`${engine.name}, ${label}`.padEnd(24)}${run.seconds.toFixed(1).padStart(9)}${Math.round(items / run.seconds).toLocaleString('en-US').padStart(10)}` +
              `${Math.round((items + expected.comments) / run.seconds).toLocaleString('en-US').padStart(12)}${run.cpuSeconds.toFixed(1).padStart(9)}${run.peakRssMb.toFixed(0).padStart(13)}   ${problems.length ? 'FAIL' : 'ok'}`,
          )
        }
      } finally {
        await engine.drop?.()
      }
    }

    const out = (line = '') => process.stdout.write(`${line}\n`)
    out(`Sahifa WordPress import benchmark — ${expected.posts.toLocaleString('en-US')} posts + ${expected.pages} pages, ${expected.comments.toLocaleString('en-US')} comments (a third replies), ` +
      `${expected.authors} authors, ${expected.categories} categories, ${expected.tags} tags; ${(expected.bytes / 1e6).toFixed(0)} MB WXR`)
    out(`machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; importer: node bin/sahifa.js import wordpress (${how}), NODE_ENV=production`)
    out(`load average before/after: ${loadBefore} / ${load()}`)
    out()
    out(`${'engine'.padEnd(24)}${'total s'.padStart(9)}${'posts/s'.padStart(10)}${'records/s'.padStart(12)}${'CPU s'.padStart(9)}${'peak RSS MB'.padStart(13)}`)
    out('-'.repeat(80))
    for (const row of rows) out(row)
    out()
    out('total s = the import command from spawn to exit (two passes over the file, one transaction, search index included); records = posts, pages and comments;')
    out(`CPU s = the importer's CPU time (user + system); peak RSS = its VmHWM (budget ${RSS_BUDGET_MB} MB). Counts checked against the generated file.`)
    for (const f of failures) out(`FAIL ${f}`)
    if (failures.length) process.exitCode = 1
  } finally {
    if (process.env.BENCH_KEEP === '1') process.stderr.write(`kept ${dir}\n`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

await main()
