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
 * The home page as served on `connections` fresh connections (the cluster hands each new
 * connection to the next worker), with the pid of the worker that served each.
 */
async function homeOnEachWorker(port: number, connections: number): Promise<Array<{ pid: number; body: string }>> {
  const seen: Array<{ pid: number; body: string }> = []
  for (let i = 0; i < connections; i++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const { pid } = JSON.parse((await get(agent, port, '/test/pid')).body) as { pid: number }
    const home = await get(agent, port, '/')
    assert.equal(home.status, 200)
    seen.push({ pid, body: home.body })
    agent.destroy()
  }
  return seen
}

describe('cluster (SAHIFA_WORKERS=2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahifa-cluster-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('relays a content change made in one worker to the other: no worker serves its stale cached page', async () => {
    const { child, port, exited } = await start(['--import', 'tsx', 'test/server/fixtures/cluster-site.ts'], { NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'relay.db')}` }, /listening on (\d+)/)
    try {
      const before = await homeOnEachWorker(port, 4) // renders and caches / in both workers
      assert.equal(new Set(before.map((r) => r.pid)).size, 2, 'both workers served the home page')
      const title = 'خبر نُشر في عامل واحد'
      assert.ok(before.every((r) => !r.body.includes(title)))

      const published = await new Promise<{ pid: number }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/test/publish', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let body = ''
          res.setEncoding('utf8').on('data', (chunk) => (body += chunk))
          res.on('end', () => resolve(JSON.parse(body) as { pid: number }))
        })
        req.on('error', reject)
        req.end(JSON.stringify({ title }))
      })
      await new Promise((resolve) => setTimeout(resolve, 200)) // the relay is one IPC hop via the primary

      const afterChange = await homeOnEachWorker(port, 4)
      assert.equal(new Set(afterChange.map((r) => r.pid)).size, 2)
      for (const r of afterChange) assert.ok(r.body.includes(title), `worker ${r.pid} (${r.pid === published.pid ? 'the one that published' : 'the other one'}) shows the new article`)
    } finally {
      child.kill('SIGTERM')
      assert.equal(await exited, 0)
    }
  })

  it('shuts down gracefully even when the workers get SIGTERM too (systemd): in-flight requests finish, all exit 0', async () => {
    const { child, port, exited } = await start(['bin/sahifa.js', 'serve'], { NODE_ENV: 'production', SAHIFA_WORKERS: '2', DATABASE_URL: `sqlite:${join(dir, 'site.db')}` }, /serving on http:\/\/[^:]+:(\d+) \(2 workers\)/)
    const workers = childrenOf(child.pid!).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sahifa'))
    assert.equal(workers.length, 2)

    // A request whose body is only half sent when the signals arrive.
    const inFlight = await startHalfSentRequest(port)
    await new Promise((resolve) => setTimeout(resolve, 150))
    // The primary's IPC request reaches the workers first, then their own signal: that signal
    // must not count as a second one (which exits at once and cuts the request).
    child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 50))
    for (const pid of workers.filter(isAlive)) process.kill(pid, 'SIGTERM') // the idle worker may be gone already
    await new Promise((resolve) => setTimeout(resolve, 150))
    const response = await inFlight.finish()

    assert.match(response, /^HTTP\/1\.1 403/, 'the in-flight request got its real answer (CSRF refusal), not a reset')
    assert.equal(await exited, 0)
    await new Promise((resolve) => setTimeout(resolve, 100))
    for (const pid of workers) assert.equal(isAlive(pid), false, `worker ${pid} has exited`)
    await assert.rejects(fetch(`http://127.0.0.1:${port}/`))
  })
})
