import cluster, { type Worker } from 'node:cluster'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import type { Config } from '../config.js'

/** IPC messages between the primary and its workers. */
export const clusterMessages = {
  /** worker → primary: this worker changed content (ContentEvents.changed). */
  changed: 'sahifa:content-changed',
  /** primary → other workers: drop what you cached. */
  relay: 'sahifa:content-changed-relay',
  /** primary → worker: shut down gracefully (as on SIGTERM, but never "a second signal"). */
  shutdown: 'sahifa:shutdown',
} as const

export interface SupervisorOptions {
  workers: number
  /** Environment added to each worker's. */
  env?: Record<string, string>
  /**
   * Environment added to the first worker only: it starts alone (to migrate the database and
   * seed the demo on an empty one, see `serve`), and the others are forked once it listens. The
   * site answers as soon as one worker would alone, and workers never migrate concurrently.
   */
  firstEnv?: Record<string, string>
  /** Called once, when every worker listens, with the port they share. */
  onListening?: (port: number) => void
  log?: (line: string) => void
}

/**
 * Runs `workers` copies of this program as cluster workers sharing the listening port (the first
 * alone until it listens, then the others), and keeps them running:
 * - relays content-change events from one worker to all the others (each has its own render
 *   cache and site frame);
 * - restarts a worker that dies, after 0.25 s doubling to 8 s while workers keep dying young;
 *   gives up (exit 1) when workers cannot start at all (three deaths before any listened);
 * - on SIGTERM/SIGINT asks every worker over IPC to shut down gracefully (finish in-flight
 *   requests, close the database), then exits 0 once all have, 1 if any failed. IPC rather than
 *   a signal because under systemd (or Ctrl-C in a terminal) the workers get the signal too, and
 *   a second signal tells a worker to exit at once.
 */
export function superviseWorkers({ workers, env = {}, firstEnv = {}, onListening, log = (line) => process.stderr.write(`${line}\n`) }: SupervisorOptions): void {
  let shuttingDown = false
  let listening = 0
  let everListened = false
  let failedStarts = 0
  let backoffMs = 250
  let exitCode = 0
  const started = new Map<Worker, number>()
  const restarts = new Set<NodeJS.Timeout>()

  const fork = (extra: Record<string, string> = {}) => {
    const worker = cluster.fork({ ...env, ...extra, SAHIFA_WORKER: '1' })
    started.set(worker, Date.now())
  }

  cluster.on('message', (sender, message: { type?: string; scope?: string }) => {
    if (message?.type !== clusterMessages.changed) return
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker && worker !== sender && worker.isConnected()) worker.send({ type: clusterMessages.relay, scope: message.scope })
    }
  })

  cluster.on('listening', (_worker, address) => {
    if (!everListened) {
      everListened = true
      for (let i = 1; i < workers; i++) fork()
    }
    failedStarts = 0
    if (++listening === workers) onListening?.(address.port)
  })

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker) ?? Date.now())
    started.delete(worker)
    if (shuttingDown) {
      if (code !== 0) exitCode = 1
      return
    }
    const died = `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}) after ${(lived / 1000).toFixed(1)} s`
    if (!everListened && ++failedStarts >= 3) {
      log(`${died}; workers keep failing before they listen, giving up`)
      exitCode = 1
      stop()
      return
    }
    // A worker that ran for a while gets restarted at once; one that keeps dying young, slower.
    backoffMs = lived > 30_000 ? 250 : Math.min(backoffMs * 2, 8000)
    log(`${died}; restarting in ${(backoffMs / 1000).toFixed(1)} s`)
    // Not unref'd: with every worker dead, this timer is what keeps the primary alive.
    const timer = setTimeout(() => {
      restarts.delete(timer)
      // Until one worker has listened, the replacement is again the first one, alone.
      if (!shuttingDown) fork(everListened ? {} : firstEnv)
    }, backoffMs)
    restarts.add(timer)
  })

  function stop() {
    if (shuttingDown) return
    shuttingDown = true
    for (const timer of restarts) clearTimeout(timer)
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker?.isConnected()) worker.send({ type: clusterMessages.shutdown })
      else worker?.process.kill('SIGTERM')
    }
    // Workers force-exit 10 s into a shutdown; this only catches one that ignored the request.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL')
    }, 15_000).unref()
  }

  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.on('exit', () => {
    process.exitCode = exitCode || process.exitCode
  })
  fork(firstEnv)
}

/**
 * SAHIFA_WORKERS resolved: 0 means one per core this process may use — the CPUs it may run on,
 * and no more than a cgroup CPU quota allows (a container limited to 2 CPUs on a 32-core host
 * gets 2 workers; Node 20's availableParallelism() does not look at quotas).
 */
export function workerCount(config: Pick<Config, 'workers'>, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): number {
  if (config.workers !== 0) return config.workers
  return Math.max(1, Math.min(availableParallelism(), cgroupCpuLimit(readFile) ?? Infinity))
}

/** CPUs allowed by the cgroup quota (v2 cpu.max, or v1 cfs quota/period), rounded up; undefined if unlimited. */
export function cgroupCpuLimit(readFile: (path: string) => string): number | undefined {
  const quota = (q: number, period: number) => (q > 0 && period > 0 ? Math.ceil(q / period) : undefined)
  try {
    const [max, period] = readFile('/sys/fs/cgroup/cpu.max').trim().split(/\s+/)
    return max === 'max' ? undefined : quota(Number(max), Number(period))
  } catch {
    try {
      return quota(Number(readFile('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')), Number(readFile('/sys/fs/cgroup/cpu/cpu.cfs_period_us')))
    } catch {
      return undefined
    }
  }
}

/**
 * `sahifa serve` as a cluster primary: supervises `workers` workers, the first of which migrates
 * the database and seeds the demo (SAHIFA_WORKER_FIRST), and prints where the site is served.
 */
export function serveCluster(config: Pick<Config, 'host'>, workers: number): void {
  const host = config.host === '127.0.0.1' ? 'localhost' : config.host
  superviseWorkers({
    workers,
    firstEnv: { SAHIFA_WORKER_FIRST: '1' },
    onListening: (port) => process.stdout.write(`Sahifa is serving on http://${host}:${port} (${workers} workers)\n`),
  })
}
