import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { build, isBuildFresh } from '../scripts/build.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** One GET on a fresh connection: status, Location and body. */
export function get(url: string): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { connection: 'close' } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

export interface ServerProcess {
  child: ChildProcess
  base: string
  /** Process spawn → first 200 on `/`. */
  coldStartMs: number
  /** SIGTERM, then the exit status once the server has shut down gracefully, and how long that took. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>
}

/** How often a stale dist/ bundle was rebuilt before a start (a source edited during a run). */
export let rebuilds = 0

/**
 * The real server as `npm start` runs it (`node bin/sahifa.js serve`, the dist/ bundle, rebuilt
 * first when a source changed since the last build), in production mode without the demo, on
 * `databaseUrl`, with `env` added; resolves once GET / answers 200. Unlike bench/site.ts's own
 * starter it is exported, for benchmarks other than the site's. BENCH_SERVER_NODE_ARGS adds Node
 * options to the server's command line (`--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it:
 * NODE_OPTIONS refuses --cpu-prof).
 */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  if (!isBuildFresh()) {
    await build()
    rebuilds++
  }
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAHIFA_') && !['DATABASE_URL', 'PORT', 'HOST', 'NODE_ENV', 'LOG_LEVEL'].includes(k)))
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const started = performance.now()
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin/sahifa.js'), 'serve'], {
    cwd: root,
    env: { ...inherited, NODE_ENV: 'production', DATABASE_URL: databaseUrl, SAHIFA_DEMO: '0', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  let hasExited = false
  void exited.then(() => (hasExited = true))
  for (;;) {
    if (hasExited) throw new Error(`server exited before answering:\n${stderr}`)
    if (performance.now() - started > 30_000) {
      child.kill('SIGKILL')
      throw new Error(`server did not answer / within 30 s:\n${stderr}`)
    }
    const status = await get(`${base}/`).then(
      (r) => r.status,
      () => 0,
    )
    if (status === 200) break
    if (status !== 0) {
      child.kill('SIGKILL')
      throw new Error(`GET / answered ${status}:\n${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 10))
  }
  const coldStartMs = performance.now() - started
  return {
    child,
    base,
    coldStartMs,
    async stop() {
      const t = performance.now()
      if (!hasExited) child.kill('SIGTERM')
      return { ...(await exited), ms: performance.now() - t }
    },
  }
}
