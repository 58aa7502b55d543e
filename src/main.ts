import { ConfigError } from './config.js'
import { buildCli, describeCliError } from './cli/commands.js'

/**
 * Entry point: `sahifa [serve]`, `sahifa migrate`, `sahifa user …`. No top-level await: the
 * build bundles this as CommonJS (scripts/build.mjs), which V8 can load from a code cache.
 */
buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `error: ${describeCliError(error)}`}\n`)
    process.exitCode = 1
  })
