import assert from 'node:assert/strict'
import { type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { startHalfSentRequest } from '../support/half-sent-request.js'
import { spawnServer } from '../support/sahifa-process.js'


/** Spawns a server process and resolves with the port once `pattern` shows up on its stdout. */
function start(args: string[], env: Record<string, string>, pattern: RegExp): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null> }> {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), PORT: '0', SAHIFA_DEMO: '0', LOG_LEVEL: 'silent' }
  return spawnServer({ ...base, ...env }, { args, ready: pattern }).then((server) => ({ ...server, exited: server.exited.then(({ code }) => code) }))
}

/** Child processes of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false
      }
    })
    .map(Number)
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

function get(agent: Agent, port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
      .on('error', reject)
      .end()
  })
}

/**
 * The home page as served by each process: fresh connections until both have answered (the
 * kernel gives a new connection to whichever process accepts first), with the pid of each.
 */
async function homeOnEachProcess(port: number, processes = 2): Promise<Array<{ pid: number; body: string }>> {
  const seen = new Map<number, string>()
  // The worker may still be starting: up to 20 s.
  for (const deadline = Date.now() + 20_000; seen.size < processes && Date.now() < deadline; ) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const { pid } = JSON.parse((await get(agent, port, '/test/pid')).body) as { pid: number }
    const home = await get(agent, port, '/')
    assert.equal(home.status, 200)
    seen.set(pid, home.body)
    agent.destroy()
  }
  assert.equal(seen.size, processes, `${processes} processes answered`)
  return [...seen].map(([pid, body]) => ({ pid, body }))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('serving with workers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cluster-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('relays a content change made in one process to the other: none serves its stale cached page', async () => {
    const { child, port, exited } = await start(['--import', 'tsx', 'test/server/fixtures/cluster-site.ts'], { NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'relay.db')}` }, /listening on (\d+)/)
    try {
      const before = await homeOnEachProcess(port) // renders and caches / in both
      const title = 'خبر نُشر في عامل واحد'
      assert.ok(before.every((r) => !r.body.includes(title)))

      // Published by whichever process takes the connection: the first one or its worker.
      const published = await new Promise<{ pid: number }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/test/publish', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let body = ''
          res.setEncoding('utf8').on('data', (chunk) => (body += chunk))
          res.on('end', () => resolve(JSON.parse(body) as { pid: number }))
        })
        req.on('error', reject)
        req.end(JSON.stringify({ title }))
      })
      await sleep(200) // at most two IPC hops

      for (const r of await homeOnEachProcess(port)) assert.ok(r.body.includes(title), `process ${r.pid} (${r.pid === published.pid ? 'the one that published' : 'the other one'}) shows the new article`)
    } finally {
      child.kill('SIGTERM')
      assert.equal(await exited, 0)
    }
  })

  it('serves alone until busy, starts a worker that takes connections under load, and stops it when idle', async () => {
    const { child, port, exited } = await start(['--import', 'tsx', 'test/server/fixtures/cluster-site.ts'], { NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'demand.db')}`, FIXTURE_IDLE_MS: '1500' }, /listening on (\d+)/)
    try {
      await sleep(600)
      assert.deepEqual(childrenOf(child.pid!), [], 'one process while idle')

      // Busy requests on 8 connections until one is answered by another process.
      let worker: number | undefined
      const deadline = Date.now() + 20_000
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          const agent = new Agent({ keepAlive: false })
          while (worker === undefined && Date.now() < deadline) {
            const response = await get(agent, port, '/test/busy')
            assert.equal(response.status, 200)
            const { pid } = JSON.parse(response.body) as { pid: number }
            if (pid !== child.pid) worker = pid
          }
        }),
      )
      assert.ok(worker !== undefined, 'a worker answered under load')
      assert.deepEqual(childrenOf(child.pid!), [worker], 'the worker is a child of the first process')

      // Idle: the worker stops on its own (1.5 s without a request), the first process serves on.
      while (isAlive(worker) && Date.now() < deadline + 10_000) await sleep(100)
      assert.equal(isAlive(worker), false, 'the idle worker has stopped')
      const agent = new Agent({ keepAlive: false })
      assert.equal((JSON.parse((await get(agent, port, '/test/pid')).body) as { pid: number }).pid, child.pid)
    } finally {
      child.kill('SIGTERM')
      assert.equal(await exited, 0)
    }
  })

  it('a worker whose first process dies stops too, and frees the port', async () => {
    const { child, port, exited } = await start(['--import', 'tsx', 'test/server/fixtures/cluster-site.ts'], { NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'orphan.db')}` }, /listening on (\d+)/)
    const [worker] = (await homeOnEachProcess(port)).map((r) => r.pid).filter((pid) => pid !== child.pid)
    assert.ok(worker)
    child.kill('SIGKILL')
    await exited
    const deadline = Date.now() + 10_000
    while (isAlive(worker) && Date.now() < deadline) await sleep(50)
    assert.equal(isAlive(worker), false, 'the worker has exited')
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'nobody accepts on the port any more')
  })

  it('`sahifa serve` with SAHIFA_WORKERS=2 runs one process while nobody reads', async () => {
    const { child, port, exited } = await start(['bin/sahifa.js', 'serve'], { NODE_ENV: 'production', SAHIFA_WORKERS: '2', DATABASE_URL: `sqlite:${join(dir, 'idle.db')}` }, /serving on http:\/\/[^:]+:(\d+) \(up to 2 processes under load\)/)
    try {
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200)
      await sleep(500)
      assert.deepEqual(childrenOf(child.pid!), [])
    } finally {
      child.kill('SIGTERM')
      assert.equal(await exited, 0)
    }
  })

  it('shuts down gracefully even when the workers get SIGTERM too (systemd): in-flight requests finish, all exit 0', async () => {
    const { child, port, exited } = await start(
      ['bin/sahifa.js', 'serve'],
      { NODE_ENV: 'production', SAHIFA_WORKERS: '2', SAHIFA_WORKER_IDLE_S: '0', DATABASE_URL: `sqlite:${join(dir, 'site.db')}` },
      /serving on http:\/\/[^:]+:(\d+) \(up to 2 processes under load\)/,
    )
    const workers = childrenOf(child.pid!).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sahifa'))
    assert.equal(workers.length, 1, 'SAHIFA_WORKER_IDLE_S=0 starts the worker with the server')
    const processes = [child.pid!, ...workers]
    await sleep(1500) // the worker listens

    // A request whose body is only half sent when the signals arrive.
    const inFlight = await startHalfSentRequest(port)
    await sleep(150)
    // The first process's IPC request reaches the worker first, then its own signal: that signal
    // must not count as a second one (which exits at once and cuts the request).
    child.kill('SIGTERM')
    await sleep(50)
    for (const pid of workers.filter(isAlive)) process.kill(pid, 'SIGTERM') // the idle worker may be gone already
    await sleep(150)
    const response = await inFlight.finish()

    assert.match(response, /^HTTP\/1\.1 403/, 'the in-flight request got its real answer (CSRF refusal), not a reset')
    assert.equal(await exited, 0)
    await sleep(100)
    for (const pid of processes) assert.equal(isAlive(pid), false, `process ${pid} has exited`)
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`))
  })
})
