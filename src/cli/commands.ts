import { Command, Option } from 'commander'
import { loadConfig, type Config } from '../config.js'
import { createDeps } from '../container.js'
import { migrateToLatest } from '../db/migrate.js'
import { openDatabase } from '../db/database.js'
import { roles } from '../db/schema.js'
import { AppError } from '../lib/errors.js'
import type { ExportFormat } from '../modules/export/export.run.js'
import type { ImportOptions, ImportSummary } from '../modules/import/wordpress.import.js'
import { PRIVACY_NOTICE } from '../modules/export/export.notice.js'
import { ensureSearchIndex, markSearchIndexBuilt, rebuildSearchIndex } from '../modules/search/search.index.js'
import { isWorker, workerCount } from './cluster.js'

// What only one command needs (importers, exporters, account services, the demo content) is
// imported by that command when it runs: `sahifa serve` starts without evaluating any of it.

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

  const importCommand = program.command('import').description('bring content in from another platform, or from a Sahifa export')
  importCommand
    .command('wordpress <file>')
    .description('import a WordPress export (WXR): authors, categories, tags, posts, pages, media, comments, old URLs as 301s (re-running updates)')
    .option('--uploads <dir>', "a copy of the old site's wp-content/uploads: copy attachments into the media library")
    .option('--timezone <zone>', 'time zone of dates exported without GMT (default: the site setting)')
    .option('--source <name>', 'name of the site imported from (default: wordpress:<blog URL>)')
    .option('--dry-run', 'run the whole import and print its summary, changing nothing')
    .action(async (file: string, opts: { uploads?: string; timezone?: string; source?: string; dryRun?: boolean }) => {
      await withDeps(async (deps) => {
        const summary = await importWithProgress(deps, file, { uploadsDir: opts.uploads, timeZone: opts.timezone, source: opts.source, dryRun: opts.dryRun })
        // Running servers drop their cached pages within SAHIFA_CHANGE_POLL_MS.
        if (!summary.dryRun) deps.events.changed()
        const { formatImportSummary } = await import('../modules/import/import.summary.js')
        for (const line of formatImportSummary(summary)) out(line)
      })
    })

  importCommand
    .command('sahifa <file>')
    .description('import a Sahifa export (sahifa export --format json) into an EMPTY database, keeping ids; accounts come without passwords')
    .action(async (file: string) => {
      await withDeps(async (deps) => {
        const { importSahifaExport } = await import('../modules/export/json.import.js')
        const bar = await progressBar('{what} [{bar}] {value}/{total}')
        const summary = await importSahifaExport(deps, file, { onProgress: (p) => bar.update(p.done, p.total, { what: (p.phase === 'index' ? 'search index' : p.section).padEnd(14) }) }).finally(() => bar.stop())
        deps.events.changed()
        out(`imported the export of ${summary.exportedAt} in ${summary.seconds.toFixed(1)} s`)
        for (const [section, n] of Object.entries(summary.counts)) out(`${section}: ${n}`)
        out(`search: ${summary.indexed} published articles indexed`)
        out('accounts have no password (exports hold none): set one with `sahifa user set-password --email E`')
      })
    })

  program
    .command('export')
    .description('write everything to one file: json (a full private backup; `sahifa import sahifa` reads it) or wxr (WordPress)')
    .addOption(new Option('--format <format>', 'json: every record, for backups and moves; wxr: WordPress eXtended RSS 1.2').choices(['json', 'wxr']).makeOptionMandatory())
    .option('--output <file>', 'write to this file (readable by its owner only; it appears once complete) instead of stdout')
    .option('--base-url <url>', 'wxr: the site address in links and media URLs (default: SAHIFA_PUBLIC_URL)')
    .addHelpText('after', `\n${PRIVACY_NOTICE}\n`)
    .action(async (opts: { format: ExportFormat; output?: string; baseUrl?: string }) => {
      await withDeps(async (deps) => {
        const { writeExport } = await import('../modules/export/export.run.js')
        const bar = await progressBar('{what} [{bar}] {value}/{total}')
        const run = { format: opts.format, output: opts.output, stdout: process.stdout, baseUrl: opts.baseUrl ?? deps.config.publicUrl, now: deps.clock.now() }
        const lines = await writeExport(deps.db, { ...run, onProgress: (p) => bar.update(p.done, p.total, { what: p.what.padEnd(14) }) }).finally(() => bar.stop())
        // On stdout the export itself is the output: the summary goes to stderr.
        for (const line of lines) (opts.output ? out : (l: string) => process.stderr.write(`${l}\n`))(line)
      })
    })

  program
    .command('backup <file>')
    .description('copy the SQLite database to FILE while the site keeps serving (online backup); on PostgreSQL, prints the pg_dump command')
    .option('--force', 'replace FILE when it exists')
    .action(async (file: string, opts: { force?: boolean }) => (await import('./backup.commands.js')).backupCommand(loadConfig(), file, opts))

  program
    .command('restore <file>')
    .description('replace the SQLite database with a backup (checked first; the replaced one is kept), then migrate; refused while a server has it open')
    .action(async (file: string) => (await import('./backup.commands.js')).restoreCommand(loadConfig(), file))

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
        const { createUser } = await import('../modules/users/users.service.js')
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
        const { setUserPassword } = await import('../modules/users/users.service.js')
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
        const { disableTotpByEmail } = await import('../modules/users/profile.service.js')
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

/**
 * `sahifa import wordpress`: the import with a progress bar on stderr (reading the file, then
 * posts and pages with items/s and ETA; shown when stderr is a terminal). Malformed XML stops with
 * the file, line and column, and nothing imported.
 */
async function importWithProgress(deps: Awaited<ReturnType<typeof createDeps>>, file: string, options: ImportOptions): Promise<ImportSummary> {
  const { default: progress } = await import('cli-progress')
  const bar = new progress.SingleBar(
    { stream: process.stderr, format: '{phase} [{bar}] {value}/{total} {unit} · {rate}/s · ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 },
    progress.Presets.shades_classic,
  )
  const { importWordpress, WxrSyntaxError } = await import('../modules/import/wordpress.import.js')
  let phase = ''
  let phaseStarted = performance.now()
  try {
    return await importWordpress({ db: deps.db, secret: deps.secret, media: deps.config.media }, file, {
      ...options,
      onProgress: (p) => {
        if (p.phase !== phase) {
          if (phase) bar.stop()
          phase = p.phase
          phaseStarted = performance.now()
          bar.start(p.phase === 'scan' ? Math.ceil(p.totalBytes / 1e6) : p.total, 0, { phase: p.phase === 'scan' ? 'reading  ' : 'importing', unit: p.phase === 'scan' ? 'MB' : 'posts and pages', rate: 0 })
        }
        const value = p.phase === 'scan' ? Math.floor(p.bytes / 1e6) : p.done
        bar.update(value, { rate: Math.round(value / Math.max(0.001, (performance.now() - phaseStarted) / 1000)) })
      },
    }, deps.clock.now())
  } catch (error) {
    if (error instanceof WxrSyntaxError) throw new Error(`${file}: ${error.message} — nothing was imported`)
    throw error
  } finally {
    bar.stop()
  }
}

/** A progress bar on stderr (drawn only when stderr is a terminal), started by its first update. */
async function progressBar(format: string) {
  const { default: progress } = await import('cli-progress')
  const bar = new progress.SingleBar({ stream: process.stderr, format, hideCursor: true }, progress.Presets.shades_classic)
  let started = false
  return {
    update(done: number, total: number, payload: Record<string, string>) {
      if (!started) bar.start(total, done, payload)
      else bar.setTotal(total)
      bar.update(done, payload)
      started = true
    },
    stop: () => started && bar.stop(),
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
 * Runs the server: migrates the database, indexes it for search when needed, seeds the demo
 * newsroom on an empty one, and serves. With SAHIFA_WORKERS≠1 it starts workers when busy
 * (cli/cluster.ts); a worker (SAHIFA_WORKER=1, started by its first process) only serves.
 */
async function serve(config: Readonly<Config>) {
  const worker = isWorker()
  try {
    const deps = await createDeps(config)
    // A database from before search, or indexed with an older analysis: index it before serving.
    const reindexed = worker ? undefined : await ensureSearchIndex(deps.db, deps.engine)
    if (reindexed?.indexed) out(`search index rebuilt: ${reindexed.indexed} published articles`)
    if (config.demo && !worker) {
      const { seedDemoNewsroom } = await import('../modules/demo/demo.service.js')
      const demo = await seedDemoNewsroom(deps.db, deps.clock.now())
      if (demo) {
        // The site frame (sections in the navigation, settings) was loaded before the seed.
        await deps.refreshFrame()
        out('')
        out('  Demo newsroom created — sign in at /newsroom/login')
        out(`  email:    ${demo.admin.email}`)
        out(`  password: ${demo.admin.password}`)
        out('  (shown once; change it with `sahifa user set-password --email admin@example.com`)')
        out('')
      }
    }
    const processes = worker ? 1 : workerCount(config)
    const { startServer } = await import('../http/server.js')
    await startServer(deps, {
      processes,
      onListening: worker ? undefined : (url) => out(`Sahifa is serving on ${url.replace('127.0.0.1', 'localhost')}${processes > 1 ? ` (up to ${processes} processes under load)` : ''}`),
    })
  } catch (error) {
    // main.ts reports the error; in a worker, the IPC channel to the first process would keep the
    // process alive, so it exits (its first process serves on).
    if (worker) setImmediate(() => process.exit(1))
    throw error
  }
}
