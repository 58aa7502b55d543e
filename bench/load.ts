import { execFile, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** One load run against one URL. Latencies in milliseconds. */
export interface LoadResult {
  requestsPerSecond: number
  p50: number
  p99: number
  /** Responses that were not 2xx (wrk: not 2xx or 3xx — every URL is checked to answer 200 first). */
  non2xx: number
  /** Connection, read, write errors and timeouts. */
  socketErrors: number
  requests: number
}

export interface LoadGenerator {
  name: string
  run(url: string, options: { connections: number; seconds: number }): Promise<LoadResult>
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`${command} failed: ${stderr || error.message}`)) : resolve(stdout)))
  })
}

/** "812.00us" | "1.20ms" | "1.01s" → milliseconds. */
function wrkDuration(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim())
  if (!match) return Number.NaN
  const n = Number(match[1])
  return match[2] === 'us' ? n / 1000 : match[2] === 'ms' ? n : match[2] === 's' ? n * 1000 : n * 60_000
}

/** Parses `wrk --latency` output. */
export function parseWrk(output: string): LoadResult {
  const number = (re: RegExp) => Number(re.exec(output)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p50: wrkDuration(/^\s+50%\s+(\S+)/m.exec(output)?.[1] ?? ''),
    p99: wrkDuration(/^\s+99%\s+(\S+)/m.exec(output)?.[1] ?? ''),
    non2xx: number(/Non-2xx or 3xx responses:\s+(\d+)/),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    requests: number(/(\d+) requests in/),
  }
}

/** wrk (C, two threads): the lighter load generator, so more of the two cores go to the server. */
const wrk: LoadGenerator = {
  name: 'wrk',
  async run(url, { connections, seconds }) {
    return parseWrk(await run('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', url]))
  },
}

/** autocannon (Node) in its own process: heavier than wrk, used when wrk is not installed. */
const autocannon: LoadGenerator = {
  name: 'autocannon',
  async run(url, { connections, seconds }) {
    const require = createRequire(import.meta.url)
    const cli = join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js')
    const json = JSON.parse(await run(process.execPath, [cli, '-c', String(connections), '-d', String(seconds), '-j', url])) as {
      requests: { average: number; total: number }
      latency: { p50: number; p99: number }
      non2xx: number
      errors: number
      timeouts: number
    }
    return {
      requestsPerSecond: json.requests.average,
      p50: json.latency.p50,
      p99: json.latency.p99,
      non2xx: json.non2xx,
      socketErrors: json.errors + json.timeouts,
      requests: json.requests.total,
    }
  },
}

/** wrk when it is on the PATH (or BENCH_LOADGEN=wrk), else autocannon; BENCH_LOADGEN=autocannon forces it. */
export function pickLoadGenerator(preference = process.env.BENCH_LOADGEN): LoadGenerator {
  if (preference === 'autocannon') return autocannon
  const hasWrk = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined
  if (preference === 'wrk' && !hasWrk) throw new Error('BENCH_LOADGEN=wrk but wrk is not installed (apt-get install wrk)')
  return hasWrk ? wrk : autocannon
}
