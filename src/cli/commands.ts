import cluster from 'node:cluster'
import { Command, Option } from 'commander'
import { loadConfig, type Config } from '../config.js'
import { createDeps } from '../container.js'
import { migrateToLatest } from '../db/migrate.js'
import { openDatabase } from '../db/database.js'
import { roles } from '../db/schema.js'
import { AppError } from '../lib/errors.js'
import { seedDemoNewsroom } from '../modules/demo/demo.service.js'
import { ensureSearchIndex, markSearchIndexBuilt, rebuildSearchIndex } from '../modules/search/search.index.js'
import { disableTotpByEmail } from '../modules/users/profile.service.js'
import { createUser, setUserPassword } from '../modules/users/users.service.js'
import { serveCluster, workerCount } from './cluster.js'

const out = (line = '') => process.stdout.write(`${line}\n`)

/** The one command table: every command calls the same services as the server. */
export function buildCli(): Command {
  const program = new Command('sahifa').description('Sahifa — Arabic-first news publishing').showHelpAfterError()

  program
    .command('serve', { isDefault: true })
    .description('run the web server (migrates, and seeds a demo newsroom on an empty database)')
    .action(async () => serve(loadConfig()))

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const config = loadConfig()
      const handle = openDatabase(config.database)
      try {
        const applied = await migrateToLatest(handle.db, handle.engine)
        out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
      } finally {
        await handle.close()
      }
    })

  program
    .command('reindex')
    .description('rebuild the search index from the articles (progress on stderr)')
    .option('--batch <size>', 'articles per transaction', '500')
    .action(async (opts: { batch: string }) => {
      const batchSize = Number(opts.batch)
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error('--batch must be a whole number from 1 to 10000')
      await withDeps(async (deps) => {
        const started = performance.now()
        const indexed = await reindexWithProgress(deps, batchSize)
        out(`indexed ${indexed} published articles in ${((performance.now() - started) / 1000).toFixed(1)} s`)
      })
    })

  const user = program.command('user').description('manage newsroom accounts')
  user
    .command('create')
    .description('create a newsroom account (prints a generated password when none is given)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name (Arabic welcome)')
    .addOption(new Option('--role <role>', 'role').choices([...roles]).makeOptionMandatory())
    .option('--password <password>', 'password (at least 10 characters)')
    .action(async (opts: { email: string; name: string; role: (typeof roles)[number]; password?: string }) => {
      await withDeps(async (deps) => {
        const created = await createUser(deps.db, opts, deps.clock.now())
        out(`created user #${created.id} <${opts.email.toLowerCase()}> (${opts.role})`)
        if (created.generated) out(`password: ${created.password}`)
      })
    })
  user
    .command('set-password')
    .description('set a new password (prints a generated one when none is given)')
    .requiredOption('--email <email>', 'account email')
    .option('--password <password>', 'new password (at least 10 characters)')
    .action(async (opts: { email: string; password?: string }) => {
      await withDeps(async (deps) => {
        const password = await setUserPassword(deps.db, opts.email, opts.password, deps.clock.now())
        out(`password updated for <${opts.email.toLowerCase()}>`)
        if (!opts.password) out(`password: ${password}`)
      })
    })
  user
    .command('disable-2fa')
    .description('turn off two-step sign-in for a locked-out account (they sign in with the password alone)')
    .requiredOption('--email <email>', 'account email')
    .action(async (opts: { email: string }) => {
      await withDeps(async (deps) => {
        const changed = await disableTotpByEmail(deps.db, opts.email, deps.clock.now())
        out(changed ? `two-step sign-in turned off for <${opts.email.toLowerCase()}>` : `two-step sign-in was not on for <${opts.email.toLowerCase()}>`)
      })
    })

  return program
}

async function withDeps(work: (deps: Awaited<ReturnType<typeof createDeps>>) => Promise<void>) {
  const deps = await createDeps(loadConfig())
  try {
    await work(deps)
  } finally {
    await deps.close()
  }
}

/**
 * `sahifa reindex`: rebuilds the search index in batches (one transaction each; on SQLite the FTS5
 * index is then rebuilt from its table too), with a progress bar on stderr (items/s, ETA) when
 * stderr is a terminal. Returns the number of searchable articles.
 */
async function reindexWithProgress(deps: Awaited<ReturnType<typeof createDeps>>, batchSize: number): Promise<number> {
  const { default: progress } = await import('cli-progress')
  const bar = new progress.SingleBar(
    { stream: process.stderr, format: 'indexing [{bar}] {value}/{total} articles · {rate}/s · ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 },
    progress.Presets.shades_classic,
  )
  const started = performance.now()
  try {
    const { indexed } = await rebuildSearchIndex(deps.db, deps.engine, {
      batchSize,
      repairFts: true,
      onProgress: ({ done, total }) => {
        if (done === 0) return bar.start(total, 0, { rate: 0 })
        bar.setTotal(total)
        bar.update(done, { rate: Math.round(done / Math.max(0.001, (performance.now() - started) / 1000)) })
      },
    })
    await markSearchIndexBuilt(deps.db)
    return indexed
  } finally {
    bar.stop()
  }
}

/** Human messages for contract errors raised by CLI commands. */
export function describeCliError(error: unknown): string {
  if (error instanceof AppError) {
    const hints: Record<string, string> = {
      USER_EXISTS: 'a user with this email already exists',
      USER_NOT_FOUND: 'no user with this email',
      PASSWORD_TOO_SHORT: 'password must be at least 10 characters',
    }
    return hints[error.code] ?? error.code
  }
  if (error && typeof error === 'object' && 'issues' in error) {
    return (error as { issues: Array<{ path: unknown[]; message: string }> }).issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * Runs the server. With SAHIFA_WORKERS=1 (the default) this process migrates the database, seeds
 * the demo newsroom on an empty one, and serves. Otherwise it becomes the primary of a cluster
 * (cli/cluster.ts; bin/sahifa.js starts primaries from the small cli/serve-primary.ts instead of
 * the whole application): the first worker migrates and seeds, then the others start.
 */
async function serve(config: Readonly<Config>) {
  const workers = workerCount(config)
  if (cluster.isPrimary && workers > 1) {
    serveCluster(config, workers)
    return
  }
  try {
    const deps = await createDeps(config)
    const first = cluster.isPrimary || process.env.SAHIFA_WORKER_FIRST === '1'
    // A database from before search, or indexed with an older analysis: index it before serving.
    const reindexed = first ? await ensureSearchIndex(deps.db, deps.engine) : undefined
    if (reindexed?.indexed) out(`search index rebuilt: ${reindexed.indexed} published articles`)
    if (config.demo && first) {
      const demo = await seedDemoNewsroom(deps.db, deps.clock.now())
      if (demo) {
        out('')
        out('  Demo newsroom created — sign in at /newsroom/login')
        out(`  email:    ${demo.admin.email}`)
        out(`  password: ${demo.admin.password}`)
        out('  (shown once; change it with `sahifa user set-password --email admin@example.com`)')
        out('')
      }
    }
    const { startServer } = await import('../http/server.js')
    await startServer(deps, cluster.isPrimary ? (url) => out(`Sahifa is serving on ${url.replace('127.0.0.1', 'localhost')}`) : undefined)
  } catch (error) {
    // main.ts reports the error; in a worker, the IPC channel to the primary would keep the
    // process alive, so it exits (and the primary restarts it or gives up).
    if (cluster.isWorker) setImmediate(() => process.exit(1))
    throw error
  }
}
