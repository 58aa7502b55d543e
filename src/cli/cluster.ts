import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { availableParallelism } from 'node:os'
import { performance, type EventLoopUtilization } from 'node:perf_hooks'
import type { Config } from '../config.js'
import type { ContentEvents } from '../container.js'
import type { ChangeScope } from '../modules/changes/change-signals.js'

/**
 * Serving with several processes. The process `sahifa serve` starts is a whole server: it
 * migrates, seeds the demo, listens and answers alone, so it starts as fast and stays as small as a
 * single process. When it gets busy it starts workers (up to SAHIFA_WORKERS processes in all):
 * each is the same program, handed the listening socket at spawn, and accepts connections from it
 * beside the first process (the kernel gives each new connection to whichever accepts first). A
 * worker that has answered nothing for SAHIFA_WORKER_IDLE_S stops again. With
 * SAHIFA_WORKER_IDLE_S=0 every worker starts with the server and stays.
 *
 * The processes tell each other of content changes at once (each has its own render cache and
 * site frame): a worker tells the first process, which tells the others.
 */

/** IPC messages between the first process and its workers. */
export const clusterMessages = {
  /** Either way: content changed (ContentEvents), with its scope. */
  changed: 'sahifa:content-changed',
  /** first → worker: shut down gracefully (as on SIGTERM, but never "a second signal"). */
  shutdown: 'sahifa:shutdown',
  /** worker → first: listening. */
  ready: 'sahifa:ready',
  /** worker → first: idle, shutting down; do not count it as a crash. */
  retiring: 'sahifa:retiring',
} as const

/** Where a worker finds the shared listening socket: stdio slot 4 (slot 3 is the IPC channel). */
const SHARED_SOCKET_FD = 4

/**
 * How a worker listens: on the socket its first process handed it (Node's listen() takes the fd;
 * Fastify passes it through). The host is only for Fastify, which binds more addresses for 'localhost'.
 */
export const sharedSocket: { fd: number; host: string } = { fd: SHARED_SOCKET_FD, host: '127.0.0.1' }

type Stdio = Array<'ignore' | 'inherit' | 'ipc' | number>

interface Message {
  type?: string
  scope?: ChangeScope
}

export interface WorkerPoolOptions {
  /** Workers at most, besides this process. */
  max: number
  /** A worker stops after this long without a request; 0: start all now, keep them. */
  idleMs: number
  /** This process's listening socket. */
  server: Server
  events: Pick<ContentEvents, 'heard' | 'relayWith'>
  log?: (line: string) => void
  /** How busy (event loop utilisation, 0–1) this process must be, for a second, to start a worker. */
  busyAbove?: number
  /** How often load is sampled. */
  sampleMs?: number
  /** Starts one worker (tests replace the program); default: this program again. */
  spawn?: (stdio: Stdio, env: NodeJS.ProcessEnv) => ChildProcess
}

/** Three workers in a row that die before they listen: stop starting them (the first process serves on). */
const MAX_FAILED_STARTS = 3

/**
 * In the first process: starts workers when it is busy, relays content changes between all, and
 * stops them on shutdown.
 */
export class WorkerPool {
  readonly #options: Required<Omit<WorkerPoolOptions, 'spawn'>> & Pick<WorkerPoolOptions, 'spawn'>
  readonly #workers = new Map<ChildProcess, { ready: boolean; retiring: boolean; exited: Promise<number | null> }>()
  #timer: NodeJS.Timeout | undefined
  #failedStarts = 0
  #stopping = false

  constructor(options: WorkerPoolOptions) {
    this.#options = { busyAbove: 0.5, sampleMs: 250, log: (line) => process.stderr.write(`${line}\n`), ...options }
    options.events.relayWith((scope) => this.#tell(undefined, scope))
  }

  /** Workers running now (starting, serving or retiring). */
  get size(): number {
    return this.#workers.size
  }

  start(): void {
    if (this.#options.max <= 0) return
    if (this.#options.idleMs === 0) {
      for (let i = 0; i < this.#options.max; i++) this.#spawn()
      return
    }
    // Busy: serving requests with the event loop mostly occupied, for a whole second (not the
    // work of starting up, or a lone slow page).
    let last: EventLoopUtilization = performance.eventLoopUtilization()
    let requests = 0
    let busyTicks = 0
    this.#options.server.on('request', () => requests++)
    this.#timer = setInterval(() => {
      const now = performance.eventLoopUtilization()
      const busy = requests > 0 && performance.eventLoopUtilization(now, last).utilization >= this.#options.busyAbove
      busyTicks = busy ? busyTicks + 1 : 0
      last = now
      requests = 0
      const starting = [...this.#workers.values()].some((w) => !w.ready)
      if (busyTicks * this.#options.sampleMs >= 1000 && !starting && this.#serving() < this.#options.max && this.#failedStarts < MAX_FAILED_STARTS) {
        busyTicks = 0
        this.#spawn()
      }
    }, this.#options.sampleMs)
    this.#timer.unref()
  }

  /** Asks every worker to shut down gracefully; resolves true once all exited 0. */
  async stop(): Promise<boolean> {
    this.#stopping = true
    clearInterval(this.#timer)
    const exits = [...this.#workers.entries()].map(([child, worker]) => {
      if (child.connected) child.send({ type: clusterMessages.shutdown }, ignoreClosedChannel)
      else child.kill('SIGTERM')
      // Workers force-exit 10 s into a shutdown; this only catches one that ignored the request.
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000)
      return worker.exited.finally(() => clearTimeout(kill))
    })
    return (await Promise.all(exits)).every((code) => code === 0)
  }

  /** Workers serving or about to: not those retiring. */
  #serving(): number {
    return [...this.#workers.values()].filter((w) => !w.retiring).length
  }

  #spawn(): void {
    const { server, spawn = spawnThisProgram } = this.#options
    const fd = (server as unknown as { _handle?: { fd?: number } })._handle?.fd
    if (fd === undefined || fd < 0) {
      this.#options.log('workers: the listening socket has no file descriptor to share; serving with one process')
      this.#failedStarts = MAX_FAILED_STARTS
      return
    }
    const started = Date.now()
    // The listening socket goes in stdio slot SHARED_SOCKET_FD.
    const child = spawn(['ignore', 'inherit', 'inherit', 'ipc', fd], { ...process.env, SAHIFA_WORKER: '1' })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const worker = { ready: false, retiring: false, exited }
    this.#workers.set(child, worker)
    child.on('message', (message: Message) => {
      if (message?.type === clusterMessages.ready) {
        worker.ready = true
        this.#failedStarts = 0
      } else if (message?.type === clusterMessages.retiring) {
        worker.retiring = true
      } else if (message?.type === clusterMessages.changed) {
        const scope = scopeOf(message)
        this.#options.events.heard(scope)
        this.#tell(child, scope)
      }
    })
    child.on('error', (error) => this.#options.log(`worker ${child.pid}: ${error.message}`))
    void exited.then((code) => {
      this.#workers.delete(child)
      if (this.#stopping || (worker.retiring && code === 0)) return
      const lived = ((Date.now() - started) / 1000).toFixed(1)
      if (!worker.ready && ++this.#failedStarts >= MAX_FAILED_STARTS) {
        this.#options.log(`worker ${child.pid} exited (code ${code}) after ${lived} s; workers keep failing before they listen: serving with one process`)
      } else if (this.#options.idleMs === 0) {
        this.#options.log(`worker ${child.pid} exited (code ${code}) after ${lived} s; restarting it in 1 s`)
        setTimeout(() => this.#stopping || this.#spawn(), 1000).unref()
      } else {
        this.#options.log(`worker ${child.pid} exited (code ${code}) after ${lived} s; another starts when this process is busy again`)
      }
    })
  }

  /** Sends a content change to every worker but `from`. */
  #tell(from: ChildProcess | undefined, scope: ChangeScope): void {
    for (const child of this.#workers.keys()) {
      // A channel that closes meanwhile (a worker exiting) only loses a message that worker no longer needs.
      if (child !== from && child.connected) child.send({ type: clusterMessages.changed, scope }, ignoreClosedChannel)
    }
  }
}

/** The scope a change message names ('content' unless it says 'pages'). */
const scopeOf = (message: Message): ChangeScope => (message.scope === 'pages' ? 'pages' : 'content')

/** Without a callback, a send on a channel that closed meanwhile is an 'error' event (uncaught in a worker). */
const ignoreClosedChannel = () => undefined

/** This program (bin/sahifa.js or whatever ran this process), with its Node options and arguments. */
function spawnThisProgram(stdio: Stdio, env: NodeJS.ProcessEnv): ChildProcess {
  return fork(process.argv[1]!, process.argv.slice(2), { execArgv: process.execArgv, env, stdio })
}

/** True in a worker started by WorkerPool. */
export function isWorker(): boolean {
  return process.env.SAHIFA_WORKER === '1' && typeof process.send === 'function'
}

/**
 * In a worker, once it listens: tells the first process, relays content changes both ways, and
 * shuts down when asked, when the first process is gone, or after `idleMs` without a request.
 */
export function joinPool(server: Server, events: Pick<ContentEvents, 'heard' | 'relayWith'>, idleMs: number, shutdown: (reason: string) => void): void {
  const send = (message: Message) => {
    if (process.connected) process.send!(message, ignoreClosedChannel)
  }
  events.relayWith((scope) => send({ type: clusterMessages.changed, scope }))
  process.on('message', (message: Message) => {
    if (message?.type === clusterMessages.changed) events.heard(scopeOf(message))
    else if (message?.type === clusterMessages.shutdown) shutdown('asked by the first process')
  })
  // A worker left behind would keep accepting on the port (and a restarted server could not bind it).
  process.on('disconnect', () => shutdown('the first process is gone'))
  if (idleMs > 0) {
    let requests = 0
    let seen = 0
    let quietSince = Date.now()
    server.on('request', () => requests++)
    const timer = setInterval(
      () => {
        if (requests !== seen) {
          seen = requests
          quietSince = Date.now()
        } else if (Date.now() - quietSince >= idleMs) {
          clearInterval(timer)
          send({ type: clusterMessages.retiring })
          shutdown('idle')
        }
      },
      Math.max(100, Math.min(idleMs / 4, 15_000)),
    )
    timer.unref()
  }
  send({ type: clusterMessages.ready })
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
