import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import { Command, Option } from 'commander'
import { loadConfig, type Config } from '../config.js'
import { createDeps } from '../container.js'
import { migrateToLatest } from '../db/migrate.js'
import { openDatabase } from '../db/database.js'
import { roles } from '../db/schema.js'
import { AppError } from '../lib/errors.js'
import { seedDemoNewsroom } from '../modules/demo/demo.service.js'
import { createUser, setUserPassword } from '../modules/users/users.service.js'
import { superviseWorkers } from './cluster.js'

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
 * Runs the server. This process migrates and, on an empty database, seeds the demo newsroom;
 * then with SAHIFA_WORKERS=1 (the default) it serves, otherwise it becomes the primary of
 * SAHIFA_WORKERS cluster workers (0 = one per core) that share the port (see cli/cluster.ts).
 */
async function serve(config: Readonly<Config>) {
  if (cluster.isWorker) {
    try {
      const { startServer } = await import('../http/server.js')
      await startServer(await createDeps(config))
    } catch (error) {
      // main.ts reports the error; the IPC channel to the primary would keep this process alive.
      setImmediate(() => process.exit(1))
      throw error
    }
    return
  }
  const workers = config.workers === 0 ? availableParallelism() : config.workers
  const deps = await createDeps(config)
  if (config.demo) {
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
  if (workers <= 1) {
    const { startServer } = await import('../http/server.js')
    await startServer(deps, (url) => out(`Sahifa is serving on ${url.replace('127.0.0.1', 'localhost')}`))
    return
  }
  await deps.close()
  const host = config.host === '127.0.0.1' ? 'localhost' : config.host
  superviseWorkers({ workers, onListening: (port) => out(`Sahifa is serving on http://${host}:${port} (${workers} workers)`) })
}
