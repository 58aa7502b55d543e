import { ConfigError } from './config.js'
import { buildCli, describeCliError } from './cli/commands.js'

/** Entry point: `sahifa [serve]`, `sahifa migrate`, `sahifa user …`. */
try {
  await buildCli().parseAsync(process.argv)
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `error: ${describeCliError(error)}`}\n`)
  process.exitCode = 1
}
